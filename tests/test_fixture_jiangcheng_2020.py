"""The curated 2020 report: loads idempotently, quotes the report verbatim, carries every promise."""

import datetime
import importlib.util
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

from django.core.management import call_command
from django.test import TestCase

from commitments.choices import CommitmentStatus
from commitments.models import (
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Indicator,
    Milestone,
    ProgressUpdate,
    Report,
    Target,
)

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
SHARED_SEED = ROOT.parent / "shared" / "seeds" / "000_3436f1030f17e6bd.txt"
MODELS = [Department, Report, Chapter, Indicator, Commitment, CoResponsibility, Target, Milestone]


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def load_build_module():
    spec = importlib.util.spec_from_file_location("fixture_build", SOURCES / "build.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# (a phrase of the source sentence, value, unit, comparator): the plan's numeric promises, read off the report.
PROMISED_TARGETS = [
    ("53个重点项目", "53", "个", "at_least"),
    ("年度计划投资32亿元", "32", "亿元", "at_least"),
    ("28个在建项目", "28", "个", "at_least"),
    ("30个新动工项目", "30", "个", "at_least"),
    ("25个新投产项目", "25", "个", "at_least"),
    ("25个基础及配套设施项目", "25", "个", "at_least"),
    ("投资总额350亿元共64个", "350", "亿元", "at_least"),
    ("投资总额350亿元共64个", "64", "个", "at_least"),
    ("力争年内引进15个投资超亿元中高端制造产业项目", "15", "个", "at_least"),
    ("力争引进2个硅胶龙头项目", "2", "个", "at_least"),
    ("扩园1平方公里以上", "1", "平方公里", "at_least"),
    ("年交易量达20万吨", "20", "万吨", "at_least"),
    ("80%以上村庄达到干净整洁村标准", "80", "%", "at_least"),
    ("40%以上行政村达到美丽宜居村标准", "40", "%", "at_least"),
    ("完成50多公里“四好农村路”建设任务", "50", "公里", "at_least"),
    ("25个村级集体经济发展试点项目", "25", "个", "at_least"),
]


# Arabic numbers in quoted sentences that are not promises, with the reason.
NOT_TARGETS = {
    ("2.3.1", "11"): "the 11 reserve projects are part of the 53, not a separate promise",
}


DEADLINE_WORDS = ("年底", "年内", "全年", "下半年", "上半年")


class JiangchengFixtureTests(TestCase):
    """The fixture is loaded once for the class (TestCase.fixtures), each test rolls back."""

    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.report = Report.objects.get(government="阳江市江城区人民政府", year=2020)

    def test_fixture_file_is_built_from_the_curated_source(self):
        build = load_build_module()
        assert (ROOT / "fixtures" / "jiangcheng_2020.json").read_text(encoding="utf-8") == build.render(
            "jiangcheng_2020"
        ), "fixtures/jiangcheng_2020.json is stale: run `make fixtures`"

    def test_report_text_is_the_seed_text(self):
        copy = (SOURCES / "jiangcheng_2020.txt").read_text(encoding="utf-8")
        assert self.report.source_text == copy
        if SHARED_SEED.exists():
            assert copy == SHARED_SEED.read_text(encoding="utf-8")
        assert self.report.published
        assert self.report.delivered_on == datetime.date(2020, 6, 16)

    def test_loading_twice_creates_no_duplicates(self):
        first = counts()
        call_command("loaddata", "jiangcheng_2020", verbosity=0)
        assert counts() == first
        assert 60 <= first["Commitment"] <= 120
        assert first["Chapter"] == 7

    def test_reloading_keeps_progress_recorded_since(self):
        commitment = Commitment.objects.get(report=self.report, code="2.3.1")
        Commitment.objects.filter(pk=commitment.pk).update(
            status=CommitmentStatus.IN_PROGRESS, progress=Decimal("42.5"), rag="amber", version=3
        )
        target = commitment.targets.get(metric="重点项目数")
        Target.objects.filter(pk=target.pk).update(current_value=Decimal("20"))
        milestone = Milestone.objects.get(commitment__code="6.2.4")
        Milestone.objects.filter(pk=milestone.pk).update(completed_on=datetime.date(2020, 11, 30))
        ProgressUpdate.objects.create(commitment=commitment, as_of=datetime.date(2020, 9, 30), narrative="已开工20个")

        call_command("loaddata", "jiangcheng_2020", verbosity=0)

        commitment.refresh_from_db()
        assert (commitment.status, commitment.progress, commitment.rag, commitment.version) == (
            CommitmentStatus.IN_PROGRESS,
            Decimal("42.5"),
            "amber",
            3,
        )
        target.refresh_from_db()
        assert target.current_value == Decimal("20")
        milestone.refresh_from_db()
        assert milestone.completed_on == datetime.date(2020, 11, 30)
        assert commitment.updates.count() == 1

    def test_every_source_text_is_a_verbatim_quote_of_the_plan(self):
        report_text = squeeze(self.report.source_text)
        plan_start = report_text.index("2020年工作安排")
        for commitment in Commitment.objects.filter(report=self.report):
            quote = squeeze(commitment.source_text)
            assert quote, commitment.code
            position = report_text.find(quote)
            assert position >= 0, f"{commitment.code} does not quote the report: {commitment.source_text}"
            assert position > plan_start, f"{commitment.code} quotes the 2019 review, not the 2020 plan"

    def test_chapters_are_the_seven_of_the_plan_and_each_has_commitments(self):
        report_text = squeeze(self.report.source_text)
        plan = report_text[report_text.index("2020年工作安排") :]
        numerals = "一二三四五六七"
        chapters = list(Chapter.objects.filter(report=self.report).order_by("number"))
        assert [chapter.number for chapter in chapters] == [1, 2, 3, 4, 5, 6, 7]
        for chapter in chapters:
            assert f"{numerals[chapter.number - 1]}、{squeeze(chapter.title)}" in plan
            assert chapter.commitments.exists()

    def test_counts_per_chapter_match_the_curated_source(self):
        spec = importlib.util.spec_from_file_location("source", SOURCES / "jiangcheng_2020.py")
        source = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(source)
        expected = Counter(item["chapter"] for item in source.COMMITMENTS)
        loaded = Counter(Commitment.objects.filter(report=self.report).values_list("chapter__number", flat=True))
        assert loaded == expected

    def test_every_numeric_promise_is_a_target(self):
        for phrase, value, unit, comparator in PROMISED_TARGETS:
            with self.subTest(phrase=phrase, value=value):
                candidates = Target.objects.filter(
                    commitment__report=self.report, target_value=Decimal(value), unit=unit, comparator=comparator
                ).select_related("commitment")
                assert any(phrase in squeeze(target.commitment.source_text) for target in candidates), (
                    f"no target {comparator} {value}{unit} on a commitment quoting {phrase!r}"
                )

    def test_every_arabic_number_in_a_quote_has_a_target(self):
        missing = []
        for commitment in Commitment.objects.filter(report=self.report).prefetch_related("targets"):
            values = {target.target_value for target in commitment.targets.all()}
            for number in re.findall(r"\d+(?:\.\d+)?", squeeze(commitment.source_text)):
                if Decimal(number) not in values and (commitment.code, number) not in NOT_TARGETS:
                    missing.append(f"{commitment.code}: {number}")
        assert not missing, missing

    def test_dated_promises_carry_2020_due_dates(self):
        commitments = Commitment.objects.filter(report=self.report).prefetch_related("milestones")
        for commitment in commitments:
            assert commitment.start_date.year == 2020
            assert commitment.due_date.year == 2020, commitment.code
            if any(word in commitment.source_text for word in DEADLINE_WORDS):
                expected = (
                    datetime.date(2020, 6, 30) if "上半年" in commitment.source_text else datetime.date(2020, 12, 31)
                )
                assert commitment.due_date == expected, commitment.code
            for milestone in commitment.milestones.all():
                assert milestone.due_date is not None and milestone.due_date.year == 2020

    def test_dated_deliverables_are_milestones_due_at_year_end(self):
        milestones = list(Milestone.objects.filter(commitment__report=self.report).select_related("commitment"))
        for phrase, title_word in [
            ("年底动工建设区人民医院", "医院"),
            ("力争下半年开工建设", "开工"),
            ("年底进入大开发大建设阶段", "阶段"),
            ("确保顺利通过国家卫生城市复审", "复审"),
            ("顺利通过国家脱贫攻坚普查", "普查"),
        ]:
            with self.subTest(phrase=phrase):
                found = [m for m in milestones if phrase in squeeze(m.commitment.source_text) and title_word in m.title]
                assert found, phrase
                assert all(m.due_date == datetime.date(2020, 12, 31) for m in found)

    def test_sub_items_hang_under_the_53_key_projects(self):
        parent = Commitment.objects.get(report=self.report, code="2.3.1")
        children = list(parent.children.all())
        assert len(children) >= 4
        assert all(child.chapter_id == parent.chapter_id for child in children)

    def test_indicators_are_the_2019_headline_figures(self):
        review = squeeze(self.report.source_text).split("2020年工作安排")[0]
        gdp = Indicator.objects.get(report=self.report, name="地区生产总值")
        assert (gdp.value, gdp.unit, gdp.growth_percent) == (Decimal("301.48"), "亿元", Decimal("4.3"))
        for indicator in Indicator.objects.filter(report=self.report):
            assert f"{indicator.value.normalize():f}" in review, indicator.name

    def test_every_commitment_has_an_owner_and_a_kind(self):
        for commitment in Commitment.objects.filter(report=self.report).select_related("lead_department"):
            assert commitment.lead_department.name.startswith("江城区")
            if commitment.kind == "quantitative":
                assert commitment.targets.exists(), commitment.code
            assert commitment.firmness in {"binding", "aspirational", "directional"}
