"""Paragraph joining, plan heading, chapters, sections and sentences."""

import pytest

from commitments.extraction import extract
from commitments.extraction.structure import is_plan_heading, paragraphs, sentences, split_lead

from ._extraction_helpers import SAMPLE_PATH

# ------------------------------------------------------------------ paragraphs


def test_page_break_inside_a_word_is_joined():
    text = "住宿、餐饮等传统服务业持续繁\n\n荣，网络订餐等新业态快速发展。\n"
    assert paragraphs(text) == ["住宿、餐饮等传统服务业持续繁荣，网络订餐等新业态快速发展。"]


def test_page_break_after_a_comma_and_a_single_newline_are_joined():
    text = "加快推进创建生态宜居美丽乡村，\n\n全域推进农村人居环境整治。提升应急管理能\n力。\n"
    assert paragraphs(text) == ["加快推进创建生态宜居美丽乡村，全域推进农村人居环境整治。提升应急管理能力。"]


def test_paragraph_ends_at_a_sentence_end():
    text = "提升应急救援水平。\n\n落实安全生产责任制，坚决遏制重特大安全事故。\n"
    assert len(paragraphs(text)) == 2


def test_headings_are_not_joined():
    text = (
        "在肯定成绩的同时，我们也清醒地认识到问题\n\n2020 年工作安排\n\n2020 年是收官之年，做好今年工作至关重要。\n\n"
        "一、坚定克服困难的信心决心，统筹推进疫情防控和经济社会发展\n\n坚定不移做好疫情防控。疫情就是命令。\n"
    )
    paras = paragraphs(text)
    assert paras[1] == "2020 年工作安排"
    assert paras[3].startswith("一、")
    assert paras[4].startswith("坚定不移")


def test_hard_wrapped_text_is_rejoined():
    body = "加快建设路网污水管网供水供电等基础设施推进学校市场等生产生活配套设施建设推进道路绿化亮化美化工程。" * 12
    width = 30
    lines = [body[i : i + width] for i in range(0, len(body), width)]
    text = "\n".join(lines) + "\n　　第二段开始，继续推进。\n"
    paras = paragraphs(text)
    assert paras[0] == body
    assert paras[1] == "第二段开始，继续推进。"


def test_whitespace_removed_paragraphs_are_substrings():
    text = open(SAMPLE_PATH, encoding="utf-8").read()
    flat = "".join(text.split())
    for p in paragraphs(text):
        assert "".join(p.split()) in flat


# ------------------------------------------------------------------ plan heading


@pytest.mark.parametrize(
    "line, year, expected",
    [
        ("2020 年工作安排", 2020, 2020),
        ("2021年工作安排", 2021, 2021),
        ("二〇二一年工作安排", 2021, 2021),
        ("二、2021年工作安排", 2021, 2021),
        ("（二）2021年主要工作", 2021, 2021),
        ("2022年主要工作", 2022, 2022),
        ("2021年政府工作的总体要求和主要任务", 2021, 2021),
        ("2021 年 工 作 任 务", 2021, 2021),
        ("今年重点做好以下七方面工作：", 2020, 2020),
        ("今年的主要工作", 2020, 2020),
        ("今年政府工作的总体要求和目标任务", 2023, 2023),
        ("第二部分　2021年工作安排", 2021, 2021),
        ("关于2021年工作安排", 2021, 2021),
        ("今后五年和2021年工作安排", 2021, 2021),
    ],
)
def test_plan_headings(line, year, expected):
    assert is_plan_heading(line, year) == expected


@pytest.mark.parametrize(
    "line, year",
    [
        ("2019 年工作回顾", 2020),
        ("2020年工作回顾", 2021),
        ("2020年工作安排", 2021),  # last year's plan, quoted in this year's review
        ("2020年是全面建成小康社会和“十三五”规划收官之年，做好今年工作至关重要。", 2020),
        ("今年以来，我们做了大量工作。", 2020),
        ("政府工作报告", 2020),
        ("各位代表：", 2020),
    ],
)
def test_not_plan_headings(line, year):
    assert is_plan_heading(line, year) is None


def test_no_plan_heading_means_no_candidates_and_a_warning():
    text = "2019年工作回顾\n一、抓项目\n加快推进53个重点项目建设。\n"
    ex = extract(text, year=2020)
    assert ex.plan_found is False
    assert ex.candidates == [] and ex.chapters == []
    assert any("工作安排" in w for w in ex.warnings)


# ------------------------------------------------------------------ chapters and sections

REPORT_L1 = """政府工作报告
2020年工作回顾
一、经济平稳增长
全年实现地区生产总值301亿元，增长4.3%。
二〇二一年工作安排
2021年是“十四五”开局之年。今年重点做好以下三方面工作：
一、聚焦产业发展，实现更高质量的发展
抓好项目“牛鼻子”。全力推动53个重点项目建设，年度计划投资32亿元。健全重点项目工作台账。
强化招商“动力源”。力争年内引进15个超亿元项目落户。
二、建设更有品质的城区
（一）城市扩容提质
推进高铁站、本科大学等重点项目建设征地拆迁工作，加快城市向西北片区拓展。加强道路建设。
（二）生态文明建设
确保顺利通过国家卫生城市复审。
三、打造更为高效的政府
依法行政弘法治。加强法治政府建设。
各位代表！新征程催人奋进，让我们加快建设美好家园而努力奋斗！
"""


def test_l1_chapters_with_subsections():
    ex = extract(REPORT_L1, year=2021)
    assert ex.plan_found
    assert [(c.number, c.title) for c in ex.chapters] == [
        (1, "聚焦产业发展，实现更高质量的发展"),
        (2, "建设更有品质的城区"),
        (3, "打造更为高效的政府"),
    ]
    codes = {c.code: c for c in ex.candidates}
    assert codes["1.1.1"].section == "抓好项目“牛鼻子”"
    assert codes["1.1.2"].source_text == "健全重点项目工作台账。"
    assert codes["1.2.1"].section == "强化招商“动力源”"
    assert codes["2.1.1"].section == "城市扩容提质"
    assert codes["2.2.1"].section == "生态文明建设"
    assert codes["3.1.1"].source_text == "加强法治政府建设。"
    # the review and the closing address are not candidates
    assert all("地区生产总值" not in c.source_text and "奋斗" not in c.source_text for c in ex.candidates)
    assert all(c.source_text != "依法行政弘法治" for c in ex.candidates)


REPORT_L2 = """一、2020年工作回顾
（一）经济平稳增长。全年实现地区生产总值301亿元。
二、2021年主要工作
（一）坚持稳中求进，推动经济高质量发展
1.抓好项目建设。全力推动53个重点项目建设。
2.强化招商引资。力争引进15个项目。
（二）坚持以人民为中心，办好民生实事
加快推进区人民医院建设，年底前建成投入使用。
三、全面加强政府自身建设
严格落实全面从严治党主体责任。
"""


def test_plan_heading_numbered_as_a_chapter_makes_subsections_the_chapters():
    ex = extract(REPORT_L2, year=2021)
    assert [c.title for c in ex.chapters] == [
        "坚持稳中求进，推动经济高质量发展",
        "坚持以人民为中心，办好民生实事",
        "全面加强政府自身建设",
    ]
    codes = {c.code: c for c in ex.candidates}
    assert codes["1.1.1"].section == "抓好项目建设"
    assert codes["1.2.1"].section == "强化招商引资"
    assert codes["2.1.1"].kind == "milestone"
    assert codes["2.1.1"].milestones[0].due_date.isoformat() == "2021-12-31"
    assert codes["3.1.1"].chapter == 3


def test_subsections_alone_are_chapters():
    text = "2022年工作安排\n（一）抓项目。全力推动53个重点项目建设。\n（二）惠民生。加快推进区人民医院建设。\n"
    ex = extract(text, year=2022)
    assert [c.title for c in ex.chapters] == ["抓项目", "惠民生"]
    assert [c.code for c in ex.candidates] == ["1.1.1", "2.1.1"]


def test_plan_without_chapters_goes_to_chapter_one_with_a_warning():
    text = "2021年工作安排\n抓好项目建设。全力推动53个重点项目建设。\n"
    ex = extract(text, year=2021)
    assert ex.chapters[0].number == 1
    assert ex.candidates[0].code == "1.1.1"
    assert any("章节" in w for w in ex.warnings)


def test_misnumbered_chapters_are_renumbered_with_a_warning():
    text = "2021年工作安排\n二、抓项目\n全力推动53个重点项目建设。\n五、惠民生\n加快推进医院建设。\n"
    ex = extract(text, year=2021)
    assert [c.number for c in ex.chapters] == [1, 2]
    assert any("重新编号" in w for w in ex.warnings)


def test_heading_year_different_from_report_year_warns():
    ex = extract("2021年工作安排\n一、抓项目\n全力推动53个重点项目建设。\n", year=2020)
    assert ex.plan_found and any("2021" in w for w in ex.warnings)


# ------------------------------------------------------------------ lead phrases and sentences


@pytest.mark.parametrize(
    "paragraph, lead",
    [
        ("夯实园区“主战场”。着力完善三大园区功能配套。", "夯实园区“主战场”"),
        ("坚定不移做好疫情防控。疫情就是命令。", "坚定不移做好疫情防控"),
        ("聚焦园区建设，推动工业提质。加快建设路网。", "聚焦园区建设，推动工业提质"),
        ("落实安全生产责任制，强化消防安全隐患排查治理，坚决遏制重特大安全事故。", ""),
        ("力争引进2个项目。加快建设。", ""),
        ("没有句号的段落", ""),
    ],
)
def test_lead_phrase(paragraph, lead):
    assert split_lead(paragraph)[0] == lead


def test_one_sentence_paragraph_is_a_work_item_unless_it_heads_text():
    text = (
        "2021年工作安排\n一、抓项目\n抓好项目建设。\n全力推动53个重点项目建设，年度计划投资32亿元。\n"
        "严格落实安全生产责任。\n"
    )
    ex = extract(text, year=2021)
    assert [(c.code, c.section, c.source_text[:6]) for c in ex.candidates] == [
        ("1.1.1", "抓好项目建设", "全力推动53"),
        ("1.1.2", "抓好项目建设", "严格落实安全"),
    ]


def test_sentences_keep_their_delimiters():
    assert sentences("甲要推进。乙要加快；丙要落实！丁呢？“戊。”己") == [
        "甲要推进。",
        "乙要加快；",
        "丙要落实！",
        "丁呢？",
        "“戊。”",
        "己",
    ]
