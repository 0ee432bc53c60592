"""Rules added for reports written elsewhere (issue 20): how the plan starts, annexes, tables,
information figures, baselines, directional targets and more deadline forms."""

import datetime as dt
from decimal import Decimal

import pytest

from commitments.extraction import extract
from commitments.extraction.deadlines import find_deadlines
from commitments.extraction.numbers import find_figures, find_targets

from ._extraction_helpers import check_invariants


def targets(sentence):
    return [(t.value, t.unit, t.comparator) for t in find_targets(sentence)]


def figures(sentence):
    return [(f.kind, f.text) for f in find_figures(sentence)]


YEAR_PARAGRAPH_REPORT = """政府工作报告
一、2020年工作回顾
2020年是极不平凡的一年，全市地区生产总值增长3%。
凝心聚力做好今年各项工作 确保“十四五”开好局起好步
今年是“十四五”开局之年。全市经济社会发展主要预期目标是：地区生产总值增长7%，城镇登记失业率控制在4%以内，全体居民人均可支配收入增长与经济增长基本同步。
一、坚持产业招商
力争全年建设工业平台25个，新引进项目1000个以上。
二、办好民生实事
新建扩建改建义务教育学校33所、新增学位3万个以上。
各位代表！让我们团结奋斗！
附件1
2021年十件民生实事
一、促进学前教育扩学位。全市新增公办幼儿园学位6000个，生均经费由每生每年400元提高至500元。
二、公共文化惠民。为基层送100场展览、100场讲座。
附件2
名词解释
1.“双千计划”：建设科技企业孵化器1000家。
"""


@pytest.fixture(scope="module")
def ex():
    return extract(YEAR_PARAGRAPH_REPORT, year=2021)


def test_the_plan_starts_at_the_year_paragraph_under_its_title_line(ex):
    check_invariants(ex, YEAR_PARAGRAPH_REPORT)
    assert [c.title for c in ex.chapters] == [
        "凝心聚力做好今年各项工作确保“十四五”开好局起好步",
        "坚持产业招商",
        "办好民生实事",
        "2021年十件民生实事",
    ]
    values = {(t.value, t.unit) for c in ex.candidates for t in c.targets}
    assert (Decimal(3), "%") not in values  # last year's result, before the plan
    assert (Decimal(1000), "家") not in values  # the glossary after 附件2


def test_an_annex_of_the_years_projects_is_a_chapter_whose_items_are_sections(ex):
    annex = [c for c in ex.candidates if c.chapter == 3]
    assert [c.section for c in annex] == ["促进学前教育扩学位", "公共文化惠民"]
    places, fee = annex[0].targets
    assert (places.value, places.unit, places.baseline) == (Decimal(6000), "个", None)
    assert (fee.value, fee.unit, fee.baseline) == (Decimal(500), "元", Decimal(400))
    # no work verb ("送"): in an annex of the year's projects a sentence with targets is a promise
    assert [(t.value, t.unit) for t in annex[1].targets] == [(Decimal(100), "场"), (Decimal(100), "场")]


def test_expected_targets_and_a_directional_one(ex):
    (zero,) = [c for c in ex.candidates if c.chapter == 0]
    assert [(t.value, t.comparator) for t in zero.targets] == [(Decimal(7), "at_least"), (Decimal(4), "at_most")]
    assert [f.kind for f in zero.figures] == ["directional"]
    assert "与经济增长基本同步" in zero.figures[0].text


def test_a_year_paragraph_alone_starts_the_plan():
    text = "过去一年，我们完成了各项任务。\n2021年是开局之年，做好今年工作意义重大。\n全年新建5G基站2000个。\n"
    result = extract(text, year=2021)
    assert result.plan_found
    assert [(t.value, t.unit) for c in result.candidates for t in c.targets] == [(Decimal(2000), "个")]


def test_an_annex_of_another_year_or_a_glossary_ends_the_plan():
    text = "2021年工作安排\n一、抓项目\n全市新建5G基站2000个。\n附件\n2022年重点项目\n一、全市新建学校10所。\n"
    assert [t.value for c in extract(text, year=2021).candidates for t in c.targets] == [Decimal(2000)]


def test_rows_of_a_table_are_sentences_of_their_own():
    text = (
        "2021年工作安排\n一、民生实事\n"
        "| 序号 | 项目 | 目标 | 完成时限 |\n|---|---|---|---|\n"
        "| 1 | 新建公办幼儿园 | 5所 | 9月底前 |\n| 2 | 新增城镇就业 | 4500人以上 | 年底前 |\n"
    )
    result = extract(text, year=2021)
    check_invariants(result, text)
    assert [(c.targets[0].value, c.due_date) for c in result.candidates] == [
        (Decimal(5), dt.date(2021, 9, 30)),
        (Decimal(4500), dt.date(2021, 12, 31)),
    ]


@pytest.mark.parametrize(
    ("sentence", "expected", "information"),
    [
        ("推动650万千瓦海上风电项目加快建设。", [], [("capacity", "650万千瓦")]),
        ("培育年交易量达20万吨大型海鲜交易中心。", [], [("capacity", "20万吨")]),
        ("狠抓总投资3002亿元的125个市重点项目。", [(Decimal(125), "个", "at_least")], [("total", "3002亿元")]),
        ("力促投资总额350亿元共64个项目上马建设。", [(Decimal(64), "个", "at_least")], [("total", "350亿元")]),
        (
            "实施年度投资25亿元的62个园区基础设施项目建设。",
            [(Decimal(25), "亿元", "at_least"), (Decimal(62), "个", "at_least")],
            [],
        ),
        ("加快城市更新三年行动计划108个项目建设。", [], [("multi-year", "108个")]),
        ("巩固18万公里“四好农村路”建设攻坚成果。", [], [("past", "18万公里")]),
        (
            "全力推动53个重点项目（含11个预备项目）建设。",
            [(Decimal(53), "个", "at_least")],
            [("sub-count", "11个")],
        ),
        (
            "对全省343座公路桥梁进行改造（三类桥136座，四类桥173座）。",
            [(Decimal(343), "座", "at_least")],
            [("sub-count", "136座"), ("sub-count", "173座")],
        ),
        ("签约50亿元以上项目10个。", [(Decimal(10), "个", "at_least")], []),
        ("力争引进超10亿元或1亿美元的重大产业项目60个。", [(Decimal(60), "个", "at_least")], []),
        ("全力实施“三优三安四提升”100项民生实事项目。", [], []),
        ("在每个县区建成运营1所区域医疗卫生中心。", [], []),
        ("重点抓好八个方面工作，纵深推进“粤菜师傅”“广东技工”“南粤家政”三项工程。", [], []),
    ],
)
def test_information_is_told_apart_from_targets(sentence, expected, information):
    assert targets(sentence) == expected
    assert figures(sentence) == information


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("城镇登记失业率控制在3.5%以内。", [(Decimal("3.5"), "%", "at_most")]),
        ("居民消费价格涨幅控制在3%左右。", [(Decimal(3), "%", "at_most")]),
        ("城镇调查失业率5.5%左右。", [(Decimal("5.5"), "%", "about")]),
        ("研发经费支出占地区生产总值比重达2.75%。", [(Decimal("2.75"), "%", "at_least")]),
        ("不动产抵押登记1小时内办结。", [(Decimal(1), "小时", "at_most")]),
        ("PM2.5控制在24微克/立方米以下。", [(Decimal(24), "微克/立方米", "at_most")]),
        ("水稻由800元/亩提高至1000元/亩。", [(Decimal(1000), "元/亩", "at_least")]),
        ("培育1～2家亿元电子商务标杆企业。", [(Decimal(1), "家", "at_least")]),
        ("特困人员基本生活标准不低于当地最低生活保障标准的1.6倍。", [(Decimal("1.6"), "倍", "at_least")]),
        ("确保10大滨水节点全面动工。", [(Decimal(10), "大", "at_least")]),
        ("年内优质稻米产业产值突破百亿元。", [(Decimal(100), "亿元", "at_least")]),
        ("培育百亿元级产业集群。", []),
    ],
)
def test_level_and_growth_indicators(sentence, expected):
    assert targets(sentence) == expected


def test_baselines_pair_in_order():
    found = find_targets("城乡低保对象人均补差水平分别从每月609元、276元提高到631元、286元。")
    assert [(t.value, t.baseline) for t in found] == [(Decimal(631), Decimal(609)), (Decimal(286), Decimal(276))]


def test_a_range_keeps_its_upper_bound():
    (target,) = find_targets("培育1～2家亿元电子商务标杆企业。")
    assert target.value_high == Decimal(2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("6月底前完成征地拆迁", dt.date(2021, 6, 30)),
        ("上半年所有行政村基本完成治理任务", dt.date(2021, 6, 30)),
        ("年内建成150个收集点", dt.date(2021, 12, 31)),
        ("第三季度开工建设", dt.date(2021, 9, 30)),
        ("2022年底前建成投用", dt.date(2022, 12, 31)),
        ("秋季开学前8所学校投用", dt.date(2021, 8, 31)),
        ("确保秋季19所学校建成投用", dt.date(2021, 8, 31)),
        ("长期坚持房住不炒定位", None),
        ("持续推进城市更新", None),
    ],
)
def test_deadline_forms(text, expected):
    dates = [d.date for d in find_deadlines(text, 2021)]
    assert (dates[-1] if dates else None) == expected


def test_the_lead_in_deadline_covers_the_enumeration_and_a_part_the_parts_after_it():
    text = (
        "2022年工作安排\n一、主要目标\n今年的主要预期目标是：地区生产总值增长7%；城镇登记失业率控制在3.5%以内。\n"
        "加快实施26条道路新建工程，年内改造老旧小区21个，完成棚户区改造190万平方米。\n"
    )
    due = {t.value: c.due_date for c in extract(text, year=2022).candidates for t in c.targets}
    end = dt.date(2022, 12, 31)
    assert due == {Decimal(7): end, Decimal("3.5"): end, Decimal(26): None, Decimal(21): end, Decimal(190): end}


def test_five_year_and_later_figures_are_told_apart_from_this_years():
    assert figures("到2025年建成5G基站1万个。") == []  # without the report's year nothing is assumed
    assert find_figures("到2025年建成5G基站1万个。", 2021)[0].kind == "multi-year"
    assert targets("到2021年底建成5G基站1万个。") == [(Decimal(10000), "个", "at_least")]
    assert find_targets("到2021年底建成5G基站1万个。", 2021)[0].value == Decimal(10000)
    text = (
        "今后五年和2021年工作安排\n今后五年，全市新增城镇就业50万人以上，地区生产总值年均增长6%。\n"
        "2021年是开局之年。今年全市新增城镇就业11万人。\n"
    )
    result = extract(text, year=2021)
    assert [(t.value, t.unit) for c in result.candidates for t in c.targets] == [(Decimal(11), "万人")]
    assert {f.text for c in result.candidates for f in c.figures} >= {"50万人", "6%"}
