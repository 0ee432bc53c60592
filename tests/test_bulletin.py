"""The progress bulletin (通报): a Word document whose figures equal progress_summary's."""

import datetime
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from commitments import display
from commitments.bulletin import DOCX_CONTENT_TYPE
from commitments.choices import CommitmentStatus, Rag, UpdateState
from commitments.models import Commitment, ProgressUpdate, Report
from commitments.selectors import progress_summary, report_standing
from commitments.services import recompute_all

from .factories import UserFactory
from .test_dashboard import build

API_URL = reverse("bulletin_api")
DASHBOARD_URL = reverse("pages:dashboard_bulletin")
EARLY, LATE = datetime.date(2020, 6, 30), datetime.date(2020, 11, 30)


def percent(value) -> str:
    return display.percent(value)


def open_docx(response) -> Document:
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == DOCX_CONTENT_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    return Document(io.BytesIO(response.content))


class BulletinOnTheFixture(TestCase):
    """The 2020 Jiangcheng report with a little history: two dates must give two different bulletins."""

    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.report = Report.objects.get(year=2020)
        cls.user = UserFactory(username="office", is_staff=True, is_superuser=True)
        # Plain commitments, whose progress is the reported percent: no targets, milestones or children.
        plain = Commitment.objects.filter(report=cls.report, targets=None, milestones=None, children=None)
        commitments = list(plain.order_by("sort_key"))
        # Some done by the early date, some only later, one half way.
        for commitment in commitments[:3]:
            ProgressUpdate.objects.create(
                commitment=commitment, as_of=EARLY, percent=100, state=UpdateState.APPROVED, narrative="完成"
            )
        for commitment in commitments[3:8]:
            ProgressUpdate.objects.create(
                commitment=commitment, as_of=LATE, percent=100, state=UpdateState.APPROVED, narrative="完成"
            )
        ProgressUpdate.objects.create(
            commitment=commitments[10], as_of=EARLY, percent=Decimal("50"), state=UpdateState.APPROVED
        )
        # Not approved: counts nowhere.
        ProgressUpdate.objects.create(commitment=commitments[11], as_of=EARLY, percent=90, state=UpdateState.DRAFT)
        # The history was written around the services: derive the stored figures and snapshots from it.
        recompute_all(report=cls.report)

    def setUp(self):
        self.client.force_login(self.user)

    def bulletin(self, as_of: datetime.date, url: str = API_URL) -> Document:
        return open_docx(self.client.get(url, {"report": self.report.pk, "as_of": as_of.isoformat()}))

    def assert_figures_equal_summary(self, document: Document, as_of: datetime.date) -> None:
        summary = progress_summary(report=self.report, as_of=as_of)
        rows = [[cell.text for cell in row.cells] for row in document.tables[0].rows[1:]]
        assert rows[0][0] == "任务总数"
        assert len({label for label, _ in rows}) == len(rows), "status and RAG rows say which scale they count"
        assert [value for _, value in rows] == [
            str(summary.count),
            *(str(summary.by_status.get(value, 0)) for value in CommitmentStatus.values),
            *(str(summary.by_rag.get(value, 0)) for value in Rag.values),
            percent(summary.mean_progress),
            str(summary.overdue),
        ]
        chapters = [[cell.text for cell in row.cells] for row in document.tables[1].rows[1:]]
        assert chapters == [
            [
                group.label,
                str(group.count),
                str(group.by_status.get(CommitmentStatus.COMPLETED, 0)),
                percent(group.mean_progress),
                str(group.overdue),
            ]
            for group in summary.by_chapter
        ]
        # One table per chapter, listing each of its commitments once.
        assert len(document.tables) == 2 + len(summary.by_chapter)
        assert sum(len(table.rows) - 1 for table in document.tables[2:]) == summary.count

    def test_bulletin_figures_equal_the_summary_on_two_dates(self):
        early, late = self.bulletin(EARLY), self.bulletin(LATE)
        self.assert_figures_equal_summary(early, EARLY)
        self.assert_figures_equal_summary(late, LATE)
        completed_row = 1 + CommitmentStatus.values.index(CommitmentStatus.COMPLETED)
        assert early.tables[0].rows[1 + completed_row].cells[1].text == "3"
        assert late.tables[0].rows[1 + completed_row].cells[1].text == "8"

    def test_bulletin_lists_each_commitment_once_with_its_lead_department(self):
        standing = report_standing(report=self.report, as_of=LATE)
        document = self.bulletin(LATE)
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        for heading, lines in [
            ("已完成的任务", standing.completed),
            ("按进度推进的任务", standing.on_pace),
            ("进度滞后的任务", standing.behind),
            ("逾期未完成的任务", standing.overdue),
        ]:
            assert f"{heading}（{len(lines)}项）" in text
        for line in standing.completed:
            assert f"{line.code} {line.title}（牵头单位：{line.lead_department}" in text
        counted = len(standing.completed) + len(standing.on_pace) + len(standing.behind) + len(standing.overdue)
        assert counted + standing.summary.by_status.get(CommitmentStatus.CANCELLED, 0) == standing.summary.count

    def test_bulletin_from_the_dashboard_is_the_same_document(self):
        api = self.bulletin(LATE)
        dashboard = self.bulletin(LATE, DASHBOARD_URL)
        assert [p.text for p in api.paragraphs] == [p.text for p in dashboard.paragraphs]

    def test_bulletin_is_chinese_whatever_the_users_language(self):
        self.client.cookies["django_language"] = "en"
        document = self.bulletin(LATE)
        texts = [paragraph.text for paragraph in document.paragraphs]
        title = next(index for index, text in enumerate(texts) if text.startswith("2020年江城区政府工作报告"))
        assert "截至2020年11月30日" in texts[title + 1]

    def test_bulletin_is_laid_out_as_an_office_files_it(self):
        """A4 with the official margins, 仿宋 body in 三号, black headings, dates in Chinese (issue 17)."""
        from docx.oxml.ns import qn
        from docx.shared import Pt

        document = self.bulletin(LATE)
        section = document.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
        assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
        normal = document.styles["Normal"]
        assert normal.element.rPr.rFonts.get(qn("w:eastAsia")) == "仿宋_GB2312" and normal.font.size == Pt(16)
        assert str(document.styles["Heading 1"].font.color.rgb) == "000000"
        assert all("-11-30" not in paragraph.text for paragraph in document.paragraphs)

    def test_bulletin_has_the_gbt_9704_page_and_fonts_with_fallbacks(self):
        from docx.oxml.ns import qn

        document = self.bulletin(LATE)
        section = document.sections[0]
        margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
        assert [round(margin.mm) for margin in margins] == [37, 35, 28, 26]
        assert document.styles["Title"].element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体"
        font_table = next(p for p in document.part.package.iter_parts() if p.partname == "/word/fontTable.xml")
        xml = font_table.blob.decode()
        for name, alternative in [("仿宋_GB2312", "仿宋"), ("方正小标宋简体", "宋体"), ("楷体_GB2312", "楷体")]:
            assert f'w:name="{name}"><w:altName w:val="{alternative}"/>' in xml

    def test_bulletin_masthead_gives_the_office_issue_and_date(self):
        texts = [paragraph.text for paragraph in self.bulletin(LATE).paragraphs]
        assert texts[:3] == ["督查通报", "第11期", "阳江市江城区人民政府督查室\t2020年11月30日"]
        assert self.bulletin(EARLY).paragraphs[1].text == "第6期"  # counted: a bulletin a month
        chosen = self.client.get(API_URL, {"report": self.report.pk, "as_of": LATE.isoformat(), "issue": "23"})
        assert open_docx(chosen).paragraphs[1].text == "第23期"
        refused = self.client.get(API_URL, {"report": self.report.pk, "issue": "0"})
        assert refused.status_code == 400 and "issue" in refused.json()

    def test_bulletin_names_the_lagging_departments_and_the_next_steps(self):
        standing = report_standing(report=self.report, as_of=LATE)
        lagging = standing.lagging_departments
        assert lagging and lagging[0].overdue >= lagging[-1].overdue
        text = "\n".join(paragraph.text for paragraph in self.bulletin(LATE).paragraphs)
        for heading in ("一、总体情况", "二、分章节情况", "三、进度滞后的单位", "四、任务推进情况", "五、下一步工作"):
            assert heading in text, heading
        first = lagging[0]
        counts = [f"逾期{first.overdue}项"] * bool(first.overdue) + [f"滞后{first.behind}项"] * bool(first.behind)
        assert f"{first.name}（{'、'.join(counts)}）" in text
        named = text[text.index("三、进度滞后的单位") : text.index("四、任务推进情况")]
        assert "逾期0项" not in named and "滞后0项" not in named
        steps = text[text.index("五、下一步工作") :]
        assert "（一）请" in steps and first.name in steps and "督查室" in steps


@pytest.mark.django_db
def test_api_bulletin_needs_a_login(client):
    assert client.get(API_URL).status_code in (401, 403)


@pytest.mark.django_db
def test_dashboard_bulletin_needs_a_login(client):
    response = client.get(DASHBOARD_URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_api_bulletin_rejects_a_bad_date_or_report(admin_client, jiangcheng_2020):
    response = admin_client.get(API_URL, {"report": jiangcheng_2020.pk, "as_of": "2020-13-45"})
    assert response.status_code == 400
    assert "as_of" in response.json()
    response = admin_client.get(API_URL, {"report": 999999})
    assert response.status_code == 400
    assert "report" in response.json()


@pytest.mark.django_db
def test_api_bulletin_defaults_to_the_newest_report_as_of_its_years_end(admin_client, jiangcheng_2020):
    """Today, or the end of the report's year once that is past (dashboard.default_as_of)."""
    document = open_docx(admin_client.get(API_URL))
    assert jiangcheng_2020.title in document.paragraphs[3].text  # under the masthead
    assert "截至2020年12月31日" in document.paragraphs[4].text


@pytest.mark.django_db
def test_bulletin_costs_the_same_queries_for_5_and_50_commitments(admin_client, django_assert_max_num_queries):
    def count(report: Report) -> int:
        with CaptureQueriesContext(connection) as queries:
            open_docx(admin_client.get(API_URL, {"report": report.pk, "as_of": "2020-12-31"}))
        return len(queries)

    small, big = build(5), build(50)
    assert count(small) == count(big)
    # session and user, the report choices and the report, the summary and the lines (the figures it counts),
    # the chapters; inside the test's transaction nothing is remembered
    with django_assert_max_num_queries(12):
        admin_client.get(API_URL, {"report": big.pk, "as_of": "2020-12-31"})
