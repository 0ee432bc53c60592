"""The public site, the feeds, the dashboard, the bulletin and the export cost the same number of queries for a
report of 5 commitments or 40 (the data size never shows in the count), for each role that reads them; the
dashboard's lines are the engine's evaluations; the bulletin is remembered until a figure changes."""

from __future__ import annotations

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from commitments.choices import UpdateState
from commitments.models import Commitment, ProgressUpdate, Report
from commitments.selectors import evaluate_commitments, public_report_departments, report_standing
from commitments.services import recompute_all

from .base import approved, day, make_user
from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    ProgressUpdateFactory,
)
from .test_pages import build_report

DASHBOARD = reverse("pages:dashboard")
BULLETIN = reverse("pages:dashboard_bulletin")
API_BULLETIN = reverse("bulletin_api")
EXPORT = "/api/commitments/export.xlsx"


def queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
        assert response.status_code == 200, response.content[:300]
    return len(captured)


def more_updates(report: Report, per_commitment: int) -> None:
    """Approved updates on every commitment of the report: a longer history must cost no more queries."""
    for commitment in report.commitments.all():
        for n in range(per_commitment):
            ProgressUpdateFactory(
                commitment=commitment,
                state=UpdateState.APPROVED,
                as_of=datetime.date(2020, 1 + n, 28),
                percent=Decimal(5 * n),
            )


@pytest.fixture
def sizes():
    small, big = build_report(5), build_report(40)
    more_updates(big, 3)
    return small, big


def pages_of(report: Report) -> list[tuple[str, dict]]:
    commitment = report.commitments.order_by("sort_key").first()
    return [
        (reverse("pages:commitment_list"), {"report": report.pk}),
        (reverse("pages:commitment_list"), {"report": report.pk, "department": commitment.lead_department_id}),
        (reverse("pages:commitment_list"), {"report": report.pk, "q": "推进", "status": "in_progress"}),
        (reverse("pages:commitment_detail", args=[commitment.pk]), {}),
        (reverse("pages:report_feed", args=[report.pk]), {}),
        (reverse("pages:department_feed", args=[commitment.lead_department_id]), {}),
    ]


@pytest.mark.django_db
def test_public_pages_and_feeds_cost_the_same_queries_at_two_sizes(client, sizes):
    small, big = sizes
    for (url, params), (big_url, big_params) in zip(pages_of(small), pages_of(big), strict=True):
        assert queries(client, url, params) == queries(client, big_url, big_params), url


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["leader", "supervisor"])
@pytest.mark.parametrize("url", [DASHBOARD, BULLETIN, API_BULLETIN, EXPORT])
def test_dashboard_bulletin_and_export_cost_the_same_queries_at_two_sizes(client, sizes, role, url):
    small, big = sizes
    client.force_login(make_user(role))
    for dated in ({}, {"as_of": "2020-06-30"}):
        if url == EXPORT and dated:
            continue
        assert queries(client, url, {"report": small.pk, **dated}) == queries(client, url, {"report": big.pk, **dated})


@pytest.mark.django_db
def test_the_dashboard_default_costs_the_same_queries_at_two_sizes(client):
    client.force_login(make_user("leader"))
    build_report(5)
    small = queries(client, DASHBOARD)
    more_updates(build_report(40), 3)  # the newest report now: the default
    assert queries(client, DASHBOARD) == small


@pytest.mark.django_db
def test_the_public_filter_offers_the_lead_and_co_responsible_departments_once_by_name():
    report = ChapterFactory().report
    lead, partner, outsider = (DepartmentFactory(name=name) for name in ("乙局", "甲局", "丙局"))
    for code in ("1.1.1", "1.1.2"):
        commitment = CommitmentFactory(chapter=report.chapters.get(), code=code, lead_department=lead)
        CoResponsibilityFactory(commitment=commitment, department=partner)
    CommitmentFactory(lead_department=outsider)  # another report's
    CoResponsibilityFactory(department=outsider)
    assert list(public_report_departments(report)) == sorted([lead, partner], key=lambda d: d.name)


class StandingOnTheFixture(TestCase):
    """The dashboard's and the bulletin's lines read the stored snapshots: they are the engine's figures."""

    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.report = Report.objects.get(year=2020)
        plain = Commitment.objects.filter(report=cls.report, targets=None, milestones=None, children=None)
        first, second = plain.order_by("sort_key")[:2]
        for commitment, as_of, percent in [(first, day(3, 31), 40), (first, day(9, 30), 100), (second, day(5, 31), 5)]:
            ProgressUpdate.objects.create(commitment=commitment, as_of=as_of, percent=percent, state="approved")
        recompute_all(report=cls.report)

    def test_every_line_is_the_engines_evaluation_on_three_dates(self):
        for as_of in (day(1, 31), day(6, 30), day(12, 31)):
            standing = report_standing(report=self.report, as_of=as_of)
            evaluations = evaluate_commitments(Commitment.objects.filter(report=self.report), as_of=as_of)
            assert len(standing.lines) == len(evaluations)
            for line in standing.lines:
                evaluation = evaluations[line.id]
                assert (line.progress, line.status, line.rag, line.overdue, line.expected_progress) == (
                    evaluation.progress,
                    evaluation.status,
                    evaluation.rag,
                    evaluation.overdue,
                    evaluation.expected_progress,
                ), (as_of, line.code)
            # The chapters of the lines, in the lines' (chapter number) order.
            assert [chapter.pk for chapter in standing.chapters] == list(
                dict.fromkeys(line.chapter_id for line in standing.lines)
            )


@pytest.mark.django_db(transaction=True)
def test_the_bulletin_is_remembered_until_a_figure_changes(client):
    cache.clear()
    Group.objects.get_or_create(name="supervisor")  # a transactional test's flush removes the roles' groups
    office = make_user("supervisor")
    chapter = ChapterFactory(report__year=2020)
    commitment = CommitmentFactory(chapter=chapter, start_date=day(1, 1), due_date=day(12, 31))
    approved(office, commitment, day(3, 31), percent=Decimal(10))
    client.force_login(office)
    params = {"report": commitment.report_id, "as_of": "2020-12-31"}

    def download() -> tuple[bytes, int]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(BULLETIN, params)
        assert response.status_code == 200
        return response.content, len(captured)

    first, afresh = download()
    again, remembered = download()
    assert again == first and remembered < afresh
    approved(office, commitment, day(6, 30), percent=Decimal(60))
    changed, _ = download()
    text = "\n".join(paragraph.text for paragraph in Document(io.BytesIO(changed)).paragraphs)
    assert "进度60%" in text, "the approval retired the remembered document"
