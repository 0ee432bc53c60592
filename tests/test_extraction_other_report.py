"""A report phrased differently from the sample: numbered plan heading, （一） chapters, numbered
items, expected targets before the first chapter, full-width digits."""

import datetime as dt
from decimal import Decimal

import pytest

from commitments.extraction import extract

from ._extraction_helpers import check_invariants, flat

REPORT = """政府工作报告
一、2020年工作回顾
过去一年，全区地区生产总值增长3.1%，城镇新增就业5200人。
二、2021年工作安排
2021年是“十四五”开局之年。今年经济社会发展的主要预期目标是：地区生产总值增长6%左右；一般公共预算收入增长5%；城镇登记失业率控制在3.5%以内。
（一）坚持项目带动，推动经济高质量发展
1．全力抓项目扩投资。全年安排重点项目120个，年度计划投资150亿元以上。力争一季度新开工项目30个以上，6月底前完成征地拆迁1200亩。
2．全力抓招商引资。全年引进亿元以上项目15个，其中10亿元以上项目3个。
（二）坚持民生优先，增进人民福祉
新建改扩建公办幼儿园５所，新增学位2700个。第二季度建成区图书馆新馆并投入使用。
新增城镇就业４５００人，城镇调查失业率控制在5.5%左右。
三、全面加强政府自身建设
深入贯彻中央八项规定精神，坚决反对“四风”。
各位代表，新征程已经开启，让我们奋力谱写新篇章！
"""


@pytest.fixture(scope="module")
def ex():
    return extract(REPORT, year=2021)


def target(ex, metric):
    for c in ex.candidates:
        for t in c.targets:
            if t.metric == metric:
                return c, t
    raise AssertionError(metric)


def test_invariants(ex):
    check_invariants(ex, REPORT)


def test_chapters(ex):
    assert [(c.number, c.title) for c in ex.chapters] == [
        (0, "2021年工作安排"),
        (1, "坚持项目带动，推动经济高质量发展"),
        (2, "坚持民生优先，增进人民福祉"),
        (3, "全面加强政府自身建设"),
    ]
    assert any("第0章" in w for w in ex.warnings)


def test_expected_targets_before_the_first_chapter(ex):
    c, t = target(ex, "地区生产总值增长")
    assert (c.code, t.value, t.unit, t.comparator) == ("0.1.1", Decimal(6), "%", "about")
    c, t = target(ex, "城镇登记失业率")
    assert (t.value, t.comparator) == (Decimal("3.5"), "at_most")


def test_numbered_items_are_sections(ex):
    c, t = target(ex, "重点项目")
    assert (c.code, c.section, t.value, c.due_date) == (
        "1.1.1",
        "全力抓项目扩投资",
        Decimal(120),
        dt.date(2021, 12, 31),
    )
    assert target(ex, "年度计划投资")[1].comparator == "at_least"


def test_differently_owned_items_with_their_own_deadline_are_split(ex):
    c, t = target(ex, "新开工项目")
    assert (t.value, t.comparator, c.firmness) == (Decimal(30), "at_least", "aspirational")
    assert c.due_date == dt.date(2021, 3, 31)
    c2, t2 = target(ex, "征地拆迁")
    assert c2 is not c and (t2.value, t2.unit, t2.comparator) == (Decimal(1200), "亩", "at_least")
    assert c2.due_date == dt.date(2021, 6, 30) and c2.deadline_hint == "6月底前"


def test_threshold_is_a_qualifier_not_a_target(ex):
    c, _ = target(ex, "亿元以上项目")
    assert [(t.value, t.unit) for t in c.targets] == [(Decimal(15), "个"), (Decimal(3), "个")]


def test_fullwidth_digits_and_quarter_milestone(ex):
    assert target(ex, "公办幼儿园")[1].value == Decimal(5)
    c, t = target(ex, "城镇就业")
    assert t.value == Decimal(4500)
    assert target(ex, "城镇调查失业率")[1].comparator == "at_most"  # 控制在…左右
    lib = next(c for c in ex.candidates if "图书馆" in c.source_text)
    assert lib.kind == "milestone" and lib.milestones[0].due_date == dt.date(2021, 6, 30)


def test_review_and_closing_are_left_out(ex):
    texts = [flat(c.source_text) for c in ex.candidates]
    assert not any("3.1%" in t or "5200人" in t or "新篇章" in t for t in texts)
    assert any("八项规定" in t for t in texts)
    assert all(not c.targets for c in ex.candidates if "八项规定" in c.source_text)
