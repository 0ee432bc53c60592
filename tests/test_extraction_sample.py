"""Facts about the 2020 Jiangcheng report that can be checked by reading it."""

import datetime as dt
import json
import time
from decimal import Decimal

import pytest

from commitments.extraction import extract, read_report_text, to_fixture

from ._extraction_helpers import SAMPLE_PATH, check_invariants, flat

SAMPLE = SAMPLE_PATH


@pytest.fixture(scope="module")
def text():
    with open(SAMPLE, "rb") as f:
        return read_report_text(f.read())


@pytest.fixture(scope="module")
def ex(text):
    return extract(text, year=2020)


def find(ex, fragment):
    hits = [c for c in ex.candidates if fragment in flat(c.source_text)]
    assert hits, fragment
    return hits[0]


def test_invariants(ex, text):
    check_invariants(ex, text)
    assert ex.warnings == []


def test_seven_chapters(ex):
    assert ex.plan_found
    assert [c.number for c in ex.chapters] == [1, 2, 3, 4, 5, 6, 7]
    assert ex.chapters[0].title == "坚定克服困难的信心决心，统筹推进疫情防控和经济社会发展"
    assert ex.chapters[6].title == "切实加强自身建设，打造更为高效的政府"


def test_sections_are_the_lead_phrases(ex):
    sections = {c.section for c in ex.candidates}
    assert {"夯实园区“主战场”", "抓好项目“牛鼻子”", "打造生态宜居美丽乡村", "廉洁从政强作风"} <= sections
    # the page-broken paragraph after "…应急管理能力。" continues its section
    assert find(ex, "落实安全生产责任制").section == "创新推动社会治理"


def test_key_projects_sentence(ex):
    c = find(ex, "53个重点项目")
    got = {(t.value, t.unit) for t in c.targets}
    assert (Decimal(53), "个") in got and (Decimal(32), "亿元") in got
    assert {t.metric for t in c.targets} >= {"重点项目", "年度计划投资"}
    assert c.kind == "quantitative"
    assert c.code.startswith("2.")
    assert c.suggested_lead == "区发展和改革局"


def test_village_percentages(ex):
    c = find(ex, "80%以上村庄达到干净整洁村标准")
    t = next(t for t in c.targets if t.value == 80)
    assert (t.unit, t.comparator, t.metric) == ("%", "at_least", "干净整洁村比例")
    assert c.due_date == dt.date(2020, 12, 31) and c.deadline_hint == "年底"


def test_rural_roads(ex):
    c = find(ex, "50多公里")
    t = c.targets[0]
    assert (t.value, t.unit, t.comparator) == (Decimal(50), "公里", "at_least")
    assert c.firmness == "binding"


def test_people_hospital_milestone(ex):
    c = find(ex, "年底动工建设区人民医院")
    assert c.kind == "milestone"
    assert c.due_date == dt.date(2020, 12, 31)
    assert [(m.title, m.due_date) for m in c.milestones] == [
        ("动工建设区人民医院", dt.date(2020, 12, 31)),
        ("完成村公建规范化卫生站建设", dt.date(2020, 12, 31)),
    ]
    assert c.suggested_lead == "区卫生健康局"


def test_fishing_port_starts_in_the_second_half(ex):
    c = find(ex, "力争下半年开工建设")
    assert c.firmness == "aspirational"
    assert c.due_date == dt.date(2020, 12, 31) and c.deadline_hint == "下半年"
    assert any(m.title.endswith("开工建设") and m.due_date == dt.date(2020, 12, 31) for m in c.milestones)


@pytest.mark.parametrize(
    "fragment, title",
    [
        ("确保顺利通过国家卫生城市复审", "通过国家卫生城市复审"),
        ("顺利通过国家脱贫攻坚普查", "通过国家脱贫攻坚普查"),
    ],
)
def test_inspections_are_implicit_year_end_milestones(ex, fragment, title):
    c = find(ex, fragment)
    assert c.kind == "milestone" and c.firmness == "binding"
    assert [(m.title, m.due_date) for m in c.milestones] == [(title, dt.date(2020, 12, 31))]
    assert c.due_date == dt.date(2020, 12, 31) and c.deadline_hint == "（隐含年底）"


def test_year_end_project_milestone(ex):
    c = find(ex, "年底进入大开发大建设阶段")
    assert [(m.title, m.due_date) for m in c.milestones] == [("银岭东区进入大开发大建设阶段", dt.date(2020, 12, 31))]


def test_investment_attraction(ex):
    c = find(ex, "力争年内引进15个")
    t = c.targets[0]
    assert (t.value, t.unit, t.comparator) == (Decimal(15), "个", "at_least")
    assert c.firmness == "aspirational" and c.due_date == dt.date(2020, 12, 31)
    assert c.suggested_lead == "区投资促进局"


def test_multi_item_sentence_is_split(ex):
    parts = [c for c in ex.candidates if "项目" in c.source_text and c.section == "抓好项目“牛鼻子”"]
    values = [tuple(t.value for t in c.targets) for c in parts]
    assert (Decimal(28),) in values and (Decimal(30),) in values and (Decimal(25),) in values


def test_past_facts_and_rhetoric_are_not_candidates(ex):
    texts = [flat(c.source_text) for c in ex.candidates]
    for fragment in [
        "至目前止",
        "全区工业企业1798家",
        "疫情就是命令",
        "打响了疫情防控的人民战争",
        "风劲潮涌",
        "301.48亿元",
        "2019年是新中国成立70周年",
        "奋力谱写江城新时代",
        "众多企业家、社会人士、志愿者踊跃参与",
        "当前，疫情防控向好态势",
    ]:
        assert not any(fragment in t for t in texts), fragment


def test_no_target_from_names_and_slogans(ex):
    all_targets = [t for c in ex.candidates for t in c.targets]
    assert len(all_targets) >= 12
    for t in all_targets:
        assert not any(s in t.text for s in ("第", "级", "期", "五", "九条", "2020"))
        assert t.metric not in ("六稳", "六保", "四个意识", "两个维护")


def test_fast_enough(text):
    extract(text, year=2020)
    best = min(_timed(text) for _ in range(5))
    assert best < 0.1, best


def _timed(text):
    t0 = time.perf_counter()
    extract(text, year=2020)
    return time.perf_counter() - t0


def test_fixture_of_the_sample(ex, text):
    fx = to_fixture(
        ex, government="阳江市江城区人民政府", year=2020, title="2020年江城区政府工作报告", report_text=text
    )
    json.dumps(fx, ensure_ascii=False)  # serialisable as it is
    models = [o["model"] for o in fx]
    assert models[0] == "commitments.report"
    assert models.count("commitments.chapter") == 7
    assert models.count("commitments.commitment") == len(ex.candidates)
    assert models.count("commitments.target") == sum(len(c.targets) for c in ex.candidates)
    assert models.count("commitments.milestone") == sum(len(c.milestones) for c in ex.candidates)
    assert all("pk" not in o for o in fx)


def test_same_result_from_gb18030_and_crlf(text, ex):
    again = extract(read_report_text(text.replace("\n", "\r\n").encode("gb18030")), year=2020)
    assert [c.code for c in again.candidates] == [c.code for c in ex.candidates]
    assert [c.source_text for c in again.candidates] == [c.source_text for c in ex.candidates]


def test_other_heading_phrasing_finds_the_same_plan(text, ex):
    for heading in ("2020年主要工作", "二〇二〇年工作安排", "三、2020年工作安排"):
        variant = extract(text.replace("2020 年工作安排", heading), year=2020)
        assert [c.source_text for c in variant.candidates] == [c.source_text for c in ex.candidates], heading
    # without the year heading, "今年重点做好以下七方面工作：" starts the plan
    variant = extract(text.replace("2020 年工作安排", ""), year=2020)
    assert [c.code for c in variant.candidates] == [c.code for c in ex.candidates]


def test_fullwidth_digits_in_the_report(text, ex):
    fullwidth = text.translate({ord(c): 0xFF10 + int(c) for c in "0123456789"})
    variant = extract(fullwidth, year=2020)
    assert [[(t.value, t.unit) for t in c.targets] for c in variant.candidates] == [
        [(t.value, t.unit) for t in c.targets] for c in ex.candidates
    ]
