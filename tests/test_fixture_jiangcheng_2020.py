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
from commitments.selectors import rules

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
    ("力争年内引进15个投资超亿元中高端制造产业项目", "15", "个", "at_least"),
    ("力争引进2个硅胶龙头项目", "2", "个", "at_least"),
    ("扩园1平方公里以上", "1", "平方公里", "at_least"),
    ("80%以上村庄达到干净整洁村标准", "80", "%", "at_least"),
    ("40%以上行政村达到美丽宜居村标准", "40", "%", "at_least"),
    ("完成50多公里“四好农村路”建设任务", "50", "公里", "at_least"),
    ("25个村级集体经济发展试点项目", "25", "个", "at_least"),
]


# Arabic numbers in quoted sentences that are not promises, with the reason. Information figures are kept
# in the commitment's note (never counted in progress).
NOT_TARGETS = {
    ("2.3.1", "11"): "the 11 reserve projects are part of the 53, not a separate promise",
    ("2.2.1", "20"): "the centre's design capacity (年交易量20万吨); the 2020 promise is 力争下半年开工建设",
    ("2.3.2", "350"): "the total investment of a pool of projects, many of them reserves",
    ("2.3.2", "64"): "the number of projects in the pool (马上干、准备干、储备干)",
}
INFORMATION_FIGURES = {"2.2.1": ["20万吨"], "2.3.2": ["350亿元", "64个"]}


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
        assert first["Commitment"] == 108
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


# The report as it means it (issue 18): each test quotes the report verbatim and checks the fixture reads it so.


class ReportAsItMeansItTests(TestCase):
    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.report = Report.objects.get(government="阳江市江城区人民政府", year=2020)
        cls.text = squeeze(cls.report.source_text)

    def quoted(self, phrase: str) -> str:
        assert squeeze(phrase) in self.text, f"not in the report: {phrase}"
        return squeeze(phrase)

    def commitment_quoting(self, phrase: str) -> Commitment:
        phrase = self.quoted(phrase)
        found = [c for c in Commitment.objects.filter(report=self.report) if phrase in squeeze(c.source_text)]
        assert len(found) == 1, (phrase, [c.code for c in found])
        return found[0]

    def test_the_seafood_centre_is_a_second_half_start_not_a_2020_tonnage(self):
        commitment = self.commitment_quoting("培育年交易量达20万吨大型海鲜交易中心")
        assert self.quoted("产业集聚发展，力争下半年开工建设。") in squeeze(commitment.source_text)
        assert not commitment.targets.exists(), "20万吨 is the centre's capacity, not a 2020 target"
        assert commitment.kind == "milestone"
        (milestone,) = commitment.milestones.all()
        assert "开工" in milestone.title
        assert datetime.date(2020, 7, 1) <= milestone.due_date <= datetime.date(2020, 12, 31)
        assert "20万吨" in commitment.note

    def test_the_350_yi_pool_is_information_not_a_2020_target(self):
        commitment = self.commitment_quoting("力促投资总额350亿元共64个马上干、准备干、储备干“三个一批项目”上马建设")
        assert not commitment.targets.exists()
        assert commitment.kind == "ongoing"
        for figure in INFORMATION_FIGURES[commitment.code]:
            assert figure in commitment.note

    def test_information_figures_do_not_count_in_progress(self):
        from commitments.selectors import commitment_evaluation

        for code in INFORMATION_FIGURES:
            commitment = Commitment.objects.get(report=self.report, code=code)
            evaluation = commitment_evaluation(commitment, as_of=datetime.date(2020, 12, 31))
            assert evaluation.targets == {}, code

    def test_the_missing_commitments_are_tracked(self):
        for phrase, lead in [
            ("科学谋划“十四五”规划工作", "区发改局"),
            ("严厉惩治重点领域、关键环节及群众身边的腐败和作风问题", "区府办"),
            ("争取更多项目纳入上级重点项目笼子", "区发改局"),
            ("继续补齐学校教学设施短板", "区教育局"),
        ]:
            with self.subTest(phrase=phrase):
                phrase = self.quoted(phrase)
                found = Commitment.objects.filter(report=self.report).select_related("lead_department")
                matching = [c for c in found if phrase in squeeze(c.title) and phrase in squeeze(c.source_text)]
                assert len(matching) == 1, phrase
                assert matching[0].lead_department.short_name == lead

    def test_the_curly_quotes_are_the_reports_own(self):
        commitment = self.commitment_quoting("科学谋划“十四五”规划工作")
        assert "\u201c十四五\u201d" in commitment.source_text

    def test_jianjue_and_quebao_sentences_are_binding(self):
        # The extraction's rule (commitments/extraction/classify.py, docs/rules.md): 坚决/确保 bind, unless an
        # aspirational marker (力争, 争取 …) sits on the clause holding the target or the dated deliverable.
        for phrase in [
            "坚决打好污染防治攻坚战",
            "坚决打赢脱贫攻坚战。",
            "确保接得稳、管得住、用得好",
            "坚决打赢防范化解重大金融风险攻坚战",
            "坚决破除形式主义、官僚主义",
        ]:
            with self.subTest(phrase=phrase):
                assert self.commitment_quoting(phrase).firmness == "binding"
        for commitment in Commitment.objects.filter(report=self.report):
            if re.search("坚决|确保", commitment.source_text):
                assert commitment.firmness == "binding", commitment.code

    def test_the_village_shares_carry_their_base(self):
        commitment = self.commitment_quoting("年底全区80%以上村庄达到干净整洁村标准，40%以上行政村达到美丽宜居村标准")
        self.quoted("全域推进64条行政村638个自然村农村人居环境整治")
        clean = commitment.targets.get(target_value=80)
        beautiful = commitment.targets.get(target_value=40)
        for target in (clean, beautiful):
            assert (target.base_quantity, target.base_unit, target.unit) == (Decimal(64), "行政村", "%")

    def test_reporting_52_of_64_villages_reads_81_percent_and_met(self):
        from commitments.selectors.evaluation import target_met, target_progress

        clean = Target.objects.get(commitment__report=self.report, commitment__code="4.3.3", target_value=80)
        assert rules.share_of_base(Decimal(52), clean.base_quantity).quantize(Decimal("0.01")) == Decimal("81.25")
        assert target_progress(clean, Decimal(52)) == Decimal("100.00")
        assert target_met(clean, Decimal(52))
        assert not target_met(clean, Decimal(51))  # 79.69% < 80%
        assert target_progress(clean, Decimal(32)) == Decimal("62.50")  # 50% of the way to 80%
