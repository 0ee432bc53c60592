"""The leaders' dashboard: login, figures as of a date, charts, lists and a bounded query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.choices import UpdateState
from commitments.models import Commitment, ProgressUpdate, Report
from commitments.selectors import progress_summary
from commitments.services import recompute_all

from .base import make_user
from .factories import (
    ChapterFactory,
    CommitmentFactory,
    DepartmentFactory,
    ProgressUpdateFactory,
    ReportFactory,
    UserFactory,
)

URL = reverse("pages:dashboard")


@pytest.mark.django_db
def test_dashboard_needs_a_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.django_db
def test_dashboard_without_a_report_says_so(admin_client):
    response = admin_client.get(URL)
    assert response.status_code == 200
    assert response.context["report"] is None


@pytest.mark.django_db
def test_admin_links_to_the_dashboard(admin_client):
    assert f'href="{URL}"' in admin_client.get(reverse("admin:index")).content.decode()


class DashboardOnTheFixture(TestCase):
    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.report = Report.objects.get(year=2020)
        cls.user = UserFactory(username="office", is_staff=True, is_superuser=True)
        plain = Commitment.objects.filter(report=cls.report, targets=None, milestones=None, children=None)
        cls.first, cls.second = plain.order_by("sort_key")[:2]
        ProgressUpdate.objects.create(
            commitment=cls.first, as_of=datetime.date(2020, 3, 31), percent=40, state=UpdateState.APPROVED
        )
        ProgressUpdate.objects.create(
            commitment=cls.first, as_of=datetime.date(2020, 9, 30), percent=100, state=UpdateState.APPROVED
        )
        ProgressUpdate.objects.create(
            commitment=cls.second, as_of=datetime.date(2020, 9, 30), percent=90, state=UpdateState.DRAFT
        )
        # The history was written around the services: derive the stored figures and snapshots from it.
        recompute_all(report=cls.report)

    def setUp(self):
        self.client.force_login(self.user)

    def get(self, as_of: str):
        response = self.client.get(URL, {"report": self.report.pk, "as_of": as_of})
        assert response.status_code == 200
        return response

    def test_figures_are_the_summarys_as_of_the_chosen_date(self):
        for as_of in ["2020-04-30", "2020-10-31"]:
            response = self.get(as_of)
            expected = progress_summary(report=self.report, as_of=datetime.date.fromisoformat(as_of))
            assert response.context["summary"] == expected

    def test_the_as_of_picker_changes_the_figures(self):
        early, late = self.get("2020-04-30"), self.get("2020-10-31")
        assert early.context["summary"].mean_progress < late.context["summary"].mean_progress
        assert len(early.context["standing"].completed) == 0
        assert [line.id for line in late.context["standing"].completed] == [self.first.pk]
        assert 'value="2020-04-30"' in early.content.decode()
        assert early.context["monthly_chart"].rows != late.context["monthly_chart"].rows

    def test_draws_every_chart_with_its_table(self):
        html = self.get("2020-10-31").content.decode()
        assert html.count("<svg") == 6
        assert html.count('<details class="chart-data">') == 6, "each chart has its data table"
        response = self.get("2020-10-31")
        for chart in ["status_chart", "rag_chart", "chapter_chart", "department_chart", "monthly_chart"]:
            assert "<desc" in str(response.context[chart].svg)

    def test_monthly_series_runs_to_the_chosen_date(self):
        response = self.get("2020-10-15")
        months = response.context["monthly_chart"].rows
        assert len(months) == 10
        assert response.context["burn_up_chart"].rows[-1][1:] == ("108", "1")

    def test_overdue_and_at_risk_lists_link_to_their_commitments(self):
        response = self.get("2021-01-15")
        standing = response.context["standing"]
        assert len(standing.overdue) == 107, "all but the completed one are past their 2020-12-31 due date"
        html = response.content.decode()
        line = standing.overdue[0]
        assert reverse("admin:commitments_commitment_change", args=[line.id]) in html

    def test_a_bad_date_falls_back_to_the_default_date_and_says_so(self):
        response = self.client.get(URL, {"report": self.report.pk, "as_of": "2020-02-30"})
        assert response.status_code == 200
        assert response.context["params"].errors
        # The default: today, or the end of the report's year once that is past.
        assert response.context["as_of"] == min(timezone.localdate(), datetime.date(self.report.year, 12, 31))

    def test_links_to_the_bulletin_for_the_same_date(self):
        html = self.get("2020-10-31").content.decode()
        assert f"{reverse('pages:dashboard_bulletin')}?report={self.report.pk}&amp;as_of=2020-10-31" in html


def build(size: int) -> Report:
    report = ReportFactory()
    chapters = [ChapterFactory(report=report, number=n + 1) for n in range(3)]
    departments = [DepartmentFactory() for _ in range(3)]
    for n in range(size):
        commitment = CommitmentFactory(
            chapter=chapters[n % 3], code=f"{n % 3 + 1}.1.{n + 1}", lead_department=departments[n % 3]
        )
        ProgressUpdateFactory(commitment=commitment, state=UpdateState.APPROVED, percent=Decimal(n % 100))
    return report


@pytest.mark.django_db
def test_dashboard_costs_the_same_queries_for_5_and_50_commitments(admin_client, django_assert_max_num_queries):
    def count(report: Report) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(URL, {"report": report.pk, "as_of": "2020-12-31"}).status_code == 200
        return len(queries)

    small, big = build(5), build(50)
    assert count(small) == count(big)
    # Thirteen as-of summaries (the date and each month end of the year), the lines, the supervision section.
    with django_assert_max_num_queries(45):
        admin_client.get(URL, {"report": big.pk, "as_of": "2020-12-31"})


@pytest.mark.django_db
def test_a_viewer_sees_only_published_reports_on_the_dashboard(client):
    published = build(3)
    hidden = build(4)
    Report.objects.filter(pk=hidden.pk).update(published=False)
    client.force_login(make_user("viewer"))
    response = client.get(URL)
    assert list(response.context["params"].fields["report"].queryset) == [published]
    assert response.context["summary"].count == 3
    assert client.get(URL, {"report": hidden.pk}).context["report"] == published, "not a choice: the default"
    assert client.get(reverse("bulletin_api"), {"report": hidden.pk}).status_code == 400


@pytest.mark.django_db
def test_a_leader_sees_unpublished_reports_on_the_dashboard(client):
    hidden = build(4)
    Report.objects.filter(pk=hidden.pk).update(published=False)
    client.force_login(make_user("leader"))
    assert client.get(URL).context["summary"].count == 4
