"""Work items vs rhetoric and past facts; firmness; kind; splitting; titles."""

import pytest

from commitments.extraction import extract
from commitments.extraction.classify import firmness, is_past_group, is_work_item, kind, make_title, split_points
from commitments.extraction.numbers import find_targets_with_spans


@pytest.mark.parametrize(
    "sentence",
    [
        "我们将继续打好“外防输入、内防反弹”持久战，全面落实科学防控。",
        "加快建设路网、污水管网、供水供电等基础设施。",
        "力争引进2个硅胶龙头项目。",
        "年底动工建设区人民医院。",
        "当前，要抓紧推进复工复产。",  # a current-state opening with a future marker
    ],
)
def test_work_items(sentence):
    assert is_work_item(sentence) == (True, "")


@pytest.mark.parametrize(
    "sentence, reason",
    [
        ("疫情就是命令，防控就是责任。", "rhetoric"),
        ("2020年是全面建成小康社会和“十三五”规划收官之年。", "rhetoric"),
        ("各位代表，挑战与机遇并存，压力与动力共生。", "rhetoric"),
        ("至目前止，全区仅确诊1例输入性病例。", "current state"),
        ("当前，疫情防控向好态势进一步巩固，经济社会运行秩序稳步恢复。", "current state"),
        ("全区工业企业1798家，复工1785家，复工率为99.3%。", "no work verb"),
        ("全区工业企业 1798 家，复工 1785 家，复工率为 99.3%。", "no work verb"),
        ("疫情发生以来，区委、区政府果断应对，迅速启动一级响应。", "past"),
        ("全年新引进项目15个，投资总额124.96亿元，实现了零突破。", "past"),
        ("去年完成固定资产投资93.6亿元。", "current state"),
        ("累计完成投资7845万元。", "past"),
        ("风劲潮涌，自当扬帆破浪。", "no work verb"),
        ("好。", "too short"),
    ],
)
def test_not_work_items(sentence, reason):
    assert is_work_item(sentence) == (False, reason)


def test_semicolon_parts_share_the_tense_of_their_sentence():
    assert is_past_group("疫情发生以来，区委果断应对；各部门闻令而动；志愿者踊跃参与、倾情奉献；打响了阻击战。")
    assert not is_past_group("上半年已完成50%；下半年要全面完成。")


# ------------------------------------------------------------------ firmness


@pytest.mark.parametrize(
    "text, measurable_clauses, measurable, expected",
    [
        ("确保顺利通过国家卫生城市复审。", [], False, "binding"),
        ("必须坚持目标导向。", [], False, "binding"),
        ("完成村公建规范化卫生站建设。", [], False, "binding"),
        ("坚决打赢脱贫攻坚战。", [], False, "binding"),
        ("力争实现群众办事“最多跑一次”。", [], False, "aspirational"),
        ("争取更多项目纳入上级笼子。", [], False, "aspirational"),
        ("努力创建省级高新技术产业开发区。", [], False, "aspirational"),
        ("加快推进污水处理厂建设。", [], False, "directional"),
        ("深化“放管服”改革。", [], False, "directional"),
        ("年度计划投资32亿元。", ["年度计划投资32亿元"], True, "binding"),
        # aspirational marker on the measurable clause beats a binding marker elsewhere
        ("确保接得稳，力争下半年开工建设。", ["力争下半年开工建设"], True, "aspirational"),
        # binding beats an aspirational marker that is not on the measurable clause
        ("努力做好服务，确保年底建成。", ["确保年底建成"], True, "binding"),
    ],
)
def test_firmness(text, measurable_clauses, measurable, expected):
    assert firmness(text, measurable_clauses, measurable) == expected


def test_kind():
    assert kind(True, True) == "quantitative"
    assert kind(False, True) == "milestone"
    assert kind(False, False) == "ongoing"


# ------------------------------------------------------------------ splitting


def _parts(sentence):
    found = find_targets_with_spans(sentence)
    return [sentence[a:b] for a, b in split_points(sentence, [f.start for f in found])]


def test_split_separately_assignable_numeric_items():
    s = (
        "大力扶持张小泉刀剪智能制造中心等28个在建项目加快建设，力促万洋众创城等30个新动工项目尽快建设，"
        "力促景田纯净水等25个新投产项目达产达效，推动银岭东区基础设施一期等25个基础及配套设施项目建设。"
    )
    parts = _parts(s)
    assert len(parts) == 4
    assert parts[1] == "力促万洋众创城等30个新动工项目尽快建设"
    assert parts[-1].endswith("项目建设。")


def test_no_split_when_the_second_number_has_no_verb_of_its_own():
    s = "年底全区80%以上村庄达到干净整洁村标准，40%以上行政村达到美丽宜居村标准。"
    assert _parts(s) == [s]
    s = "全力推动今年安排的53个重点项目（含11个预备项目）建设，年度计划投资32亿元。"
    assert _parts(s) == [s]


def test_split_parts_become_separate_candidates():
    text = "2020年工作安排\n一、抓项目\n抓好项目建设。新建3所学校，改造5所幼儿园，铺设12公里污水管网，提升管理水平。\n"
    ex = extract(text, year=2020)
    assert [c.source_text for c in ex.candidates] == [
        "新建3所学校",
        "改造5所幼儿园",
        "铺设12公里污水管网，提升管理水平。",
    ]
    assert [c.code for c in ex.candidates] == ["1.1.1", "1.1.2", "1.1.3"]
    assert ex.candidates[1].suggested_lead == "区教育局"


# ------------------------------------------------------------------ titles


def test_title_is_the_measurable_clause_with_the_subject():
    s = "奕垌园要瞄准硅胶产业开展招商，力争引进2个硅胶龙头项目，力促在建项目加快投产。"
    found = find_targets_with_spans(s)
    assert make_title(s, found[0].start, "奕垌园") == "奕垌园：力争引进2个硅胶龙头项目"


def test_title_is_short():
    s = "着力" + "完善基础设施" * 20 + "。"
    assert len(make_title(s, None)) <= 40
