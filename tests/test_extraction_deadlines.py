"""Deadline hints and milestones."""

import datetime as dt

import pytest

from commitments.extraction.deadlines import find_deadlines, find_milestones


def dates(text, year=2020):
    return [(d.hint, d.date) for d in find_deadlines(text, year)]


@pytest.mark.parametrize(
    "text, hint, date",
    [
        ("年底动工建设区人民医院", "年底", dt.date(2020, 12, 31)),
        ("年底前完成整改", "年底前", dt.date(2020, 12, 31)),
        ("年内引进15个项目", "年内", dt.date(2020, 12, 31)),
        ("力争全年实现扩园", "全年", dt.date(2020, 12, 31)),
        ("今年安排的53个重点项目", "今年", dt.date(2020, 12, 31)),
        ("本年度完成", "本年度", dt.date(2020, 12, 31)),
        ("年末建成", "年末", dt.date(2020, 12, 31)),
        ("上半年开工", "上半年", dt.date(2020, 6, 30)),
        ("力争下半年开工建设", "下半年", dt.date(2020, 12, 31)),
        ("6月底前完成", "6月底前", dt.date(2020, 6, 30)),
        ("2月底完成", "2月底", dt.date(2020, 2, 29)),
        ("9月份完成", "9月份", dt.date(2020, 9, 30)),
        ("十一月底建成", "十一月底", dt.date(2020, 11, 30)),
        ("６月底完成", "６月底", dt.date(2020, 6, 30)),
        ("6月30日前完成", "6月30日前", dt.date(2020, 6, 30)),
        ("第三季度完成", "第三季度", dt.date(2020, 9, 30)),
        ("一季度开工", "一季度", dt.date(2020, 3, 31)),
        ("第2季度开工", "第2季度", dt.date(2020, 6, 30)),
        ("前三季度完成", "前三季度", dt.date(2020, 9, 30)),
        ("2021年底建成", "2021年底", dt.date(2021, 12, 31)),
        ("二〇二一年底前建成", "二〇二一年底前", dt.date(2021, 12, 31)),
        ("明年底建成", "明年底", dt.date(2021, 12, 31)),
        ("今年底建成", "今年底", dt.date(2020, 12, 31)),
    ],
)
def test_deadline_forms(text, hint, date):
    assert dates(text) == [(hint, date)]


def test_deadlines_follow_the_report_year():
    assert dates("年底建成", 2023) == [("年底", dt.date(2023, 12, 31))]


@pytest.mark.parametrize("text", ["三年内完成", "去年底已完成", "今年以来", "12个月内完成", "每年底考核", "力争建成"])
def test_not_deadlines(text):
    assert dates(text) == []


@pytest.mark.parametrize(
    "text, title, date",
    [
        ("年底动工建设区人民医院", "动工建设区人民医院", dt.date(2020, 12, 31)),
        ("推进对岸渔港功能区建设，力争下半年开工建设", "对岸渔港功能区开工建设", dt.date(2020, 12, 31)),
        ("银岭东区要完善前期手续，年底进入大开发大建设阶段", "银岭东区进入大开发大建设阶段", dt.date(2020, 12, 31)),
        ("确保年底前顺利通过国家卫生城市复审", "通过国家卫生城市复审", dt.date(2020, 12, 31)),
        ("6月底前通过国家脱贫攻坚普查", "通过国家脱贫攻坚普查", dt.date(2020, 6, 30)),
        ("上半年建成区图书馆", "建成区图书馆", dt.date(2020, 6, 30)),
        ("第三季度竣工", "竣工", dt.date(2020, 9, 30)),
        ("年底前，完成老旧小区改造", "完成老旧小区改造", dt.date(2020, 12, 31)),
        ("二季度投产", "投产", dt.date(2020, 6, 30)),
    ],
)
def test_milestones(text, title, date):
    found = find_milestones(text, 2020)
    assert [(m.title, m.date) for m in found] == [(title, date)]


def test_bare_deliverable_gets_the_section_as_object():
    found = find_milestones("第三季度竣工", 2020, section="建设江城大桥")
    assert found[0].title == "建设江城大桥：竣工"


@pytest.mark.parametrize(
    "text",
    [
        "年底全区80%以上村庄达到干净整洁村标准",  # deadline, but no deliverable verb
        "加快推进学校建设",
        "抢抓阳江应用型本科大学动工建设的机遇",  # a deliverable verb, but no deadline
        "加快建成区图书馆，年底前完善管理制度",  # the deadline is not on the deliverable's clause
    ],
)
def test_no_milestone(text):
    assert find_milestones(text, 2020) == []


def test_a_deadline_opening_the_sentence_scopes_all_its_clauses():
    found = find_milestones("年底动工建设区人民医院，完成村公建规范化卫生站建设，提升服务能力", 2020)
    assert [(m.title, m.date) for m in found] == [
        ("动工建设区人民医院", dt.date(2020, 12, 31)),
        ("完成村公建规范化卫生站建设", dt.date(2020, 12, 31)),
    ]


@pytest.mark.parametrize(
    "text, title",
    [
        ("确保顺利通过国家卫生城市复审", "通过国家卫生城市复审"),
        ("确保全面小康路上不落一人，顺利通过国家脱贫攻坚普查", "通过国家脱贫攻坚普查"),
        ("项目通过竣工验收", "项目通过竣工验收"),
    ],
)
def test_passing_an_inspection_is_due_at_year_end_without_a_written_deadline(text, title):
    found = find_milestones(text, 2021)
    assert [(m.title, m.date, m.implicit) for m in found] == [(title, dt.date(2021, 12, 31), True)]


def test_invalid_year_gives_no_deadline():
    assert find_deadlines("年底完成", 0) == []
    assert find_deadlines("2月30日前完成", 2020) == []
