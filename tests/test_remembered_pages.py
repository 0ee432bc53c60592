"""The pages remembered per figure generation (the dashboard's figures, reporting completeness, the admin's
supervision columns) show a committed change at once, including the ones that move no stored figure
(a submission changes completeness, not progress).

Transactional tests: the cache is used only outside a transaction, so these commit like a live server."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone

from commitments import services
from commitments.models import Commitment

from .base import approved, day, make_user, submitted
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=True)

COMPLETENESS = "/admin/commitments/reportingcompleteness/"


@pytest.fixture
def office_world(client, role_groups):
    cache.clear()
    department = DepartmentFactory(name="江城区交通运输局")
    chapter = ChapterFactory(report__delivered_on=day(1, 10))
    commitments = [CommitmentFactory(chapter=chapter, lead_department=department) for _ in range(3)]
    # A superuser is the office (permissions.user_role) and keeps the admin's model permissions, which a
    # transactional test's flush takes from the roles' groups.
    office = make_user("superuser")
    client.force_login(office)
    return chapter.report, office, commitments


def completeness_totals(client, query: str = "") -> dict:
    response = client.get(COMPLETENESS + query)
    assert response.status_code == 200
    return response.context["totals"]


def test_a_submission_shows_at_once_on_the_completeness_page(client, office_world):
    report, office, commitments = office_world
    before = completeness_totals(client)
    assert completeness_totals(client) == before  # remembered: the same answer
    submitted(office, commitments[0], day(3, 31))
    after = completeness_totals(client)
    assert after["submitted"] == before["submitted"] + 1
    assert after["missing"] == before["missing"] - 1


def test_an_approval_shows_at_once_on_the_dashboard(client, office_world):
    report, office, commitments = office_world
    url = f"/dashboard/?report={report.pk}&as_of=2020-12-31"
    before = client.get(url).context["summary"]
    approved(office, commitments[0], day(9, 30), percent=Decimal(50))
    after = client.get(url).context["summary"]
    assert after.mean_progress > (before.mean_progress or 0)


def test_a_submission_shows_at_once_in_the_supervision_section(client, office_world):
    report, office, commitments = office_world
    # The section counts as seen on the dashboard's date: a report handed in today counts on today's page.
    today = timezone.localdate()
    chapter = ChapterFactory(report__year=today.year, report__delivered_on=today.replace(month=1, day=1))
    current = CommitmentFactory(
        chapter=chapter, start_date=today.replace(month=1, day=1), due_date=today.replace(month=12, day=31)
    )
    url = f"/dashboard/?report={chapter.report.pk}&as_of={today.isoformat()}"
    before = client.get(url).context["supervision"]["completeness"]["total"]
    submitted(office, current, today)
    after = client.get(url).context["supervision"]["completeness"]["total"]
    assert after.submitted == before.submitted + 1
    assert after.expected == before.expected


def test_a_submitted_report_leaves_the_missing_count_of_the_admin_list(client, office_world):
    report, office, commitments = office_world
    url = f"/admin/commitments/commitment/?report__id__exact={report.pk}"

    def missing(response) -> int:
        rows = {row.pk: row for row in response.context["cl"].result_list}
        return rows[commitments[2].pk]._supervision.missing_reports

    before = missing(client.get(url))
    assert before > 0  # still open past its deadline, it owed a report every month of the last year
    submitted(office, commitments[2], timezone.localdate() - datetime.timedelta(days=40))
    assert missing(client.get(url)) == before - 1


def test_a_changed_reporting_plan_shows_at_once(client, office_world):
    report, office, commitments = office_world
    before = completeness_totals(client)
    from commitments.supervision import services as supervision

    for commitment in commitments:
        supervision.reporting_plan_set(user=office, commitment=commitment, cadence="quarterly", due_day=25)
    after = completeness_totals(client)
    assert after["expected"] < before["expected"]  # four quarters owed, not twelve months


def test_a_cancelled_commitment_stops_owing_reports_at_once(client, office_world):
    report, office, commitments = office_world
    before = completeness_totals(client)
    services.commitment_override_status(
        user=office, commitment=Commitment.objects.get(pk=commitments[0].pk), status="cancelled", reason="并入他项"
    )
    assert completeness_totals(client)["expected"] < before["expected"]


def test_the_completeness_page_reads_one_report_the_newest_by_default(client, office_world):
    report, office, commitments = office_world
    later = ChapterFactory(report__year=2021, report__delivered_on=day(1, 10, 2021))
    CommitmentFactory(chapter=later, lead_department=commitments[0].lead_department, due_date=day(12, 31, 2021))
    response = client.get(COMPLETENESS)
    assert response.context["report"] == later.report
    assert response.context["totals"]["expected"] == 12  # one commitment, 2021's twelve months
    # The date inputs show the period in force, as an <input type="date"> takes it.
    assert 'value="2021-01-01"' in response.content.decode()
    assert 'value="2021-12-31"' in response.content.decode()
    chosen = client.get(f"{COMPLETENESS}?report={report.pk}")
    assert chosen.context["report"] == report
    assert chosen.context["totals"]["expected"] == 36  # three commitments, 2020's twelve months


def test_the_remembered_task_table_shows_a_new_co_department_at_once(client, office_world):
    import io

    from openpyxl import load_workbook

    from .factories import CoResponsibilityFactory

    report, office, commitments = office_world

    def co_departments() -> list[str]:
        response = client.get(f"/api/commitments/export.xlsx?report={report.pk}")
        assert response.status_code == 200
        sheet = load_workbook(io.BytesIO(response.content)).active
        header = [cell.value for cell in next(row for row in sheet.iter_rows() if row[0].value == "序号")]
        column = header.index("配合单位")
        return [row[column] or "" for row in sheet.iter_rows(min_row=3, values_only=True) if row[0]]

    assert co_departments() == ["", "", ""]
    CoResponsibilityFactory(commitment=commitments[1], department=DepartmentFactory(name="江城区财政局"))
    assert co_departments() == ["", "江城区财政局", ""]
