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
        assert document.paragraphs[0].text.startswith("2020年江城区政府工作报告")
        assert "截至2020年11月30日" in document.paragraphs[1].text

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
    assert jiangcheng_2020.title in document.paragraphs[0].text
    assert "截至2020年12月31日" in document.paragraphs[1].text


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
