"""Reports expected, submitted, approved, missing and late, across a month boundary and a quarter."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments import services as engine
from commitments.choices import Cadence, ReportStatus
from commitments.supervision import services
from commitments.supervision.selectors import expected_reports, reporting_completeness

from .factories import CommitmentFactory
from .supervision_world import at, build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world():
    return build_world()


def statuses(commitment, *, start, end, on):
    from commitments.models import Commitment

    items = expected_reports(Commitment.objects.filter(pk=commitment.pk), start=start, end=end, on=on)
    return {item.period.key: item.status for item in items}


def script_month_boundary(world, commitment):
    # February: nothing. March (due 25 March): an update as of 31 March, submitted 1 April — late.
    # April (due 25 April): an update as of 1 April, submitted the same day — on time; it does not fill March.
    report(world, commitment, as_of=D(2020, 3, 31), submitted_on=D(2020, 4, 1), approved_on=D(2020, 4, 2))
    report(world, commitment, as_of=D(2020, 4, 1), submitted_on=D(2020, 4, 1))


def test_monthly_reports_missing_and_late_across_a_month_boundary(world):
    project = world.project_a
    script_month_boundary(world, project)
    seen = statuses(project, start=D(2020, 2, 1), end=D(2020, 4, 30), on=D(2020, 4, 26))
    assert seen == {
        "2020-02": ReportStatus.MISSING,
        "2020-03": ReportStatus.LATE,
        "2020-04": ReportStatus.ON_TIME,
    }


def test_before_the_late_submission_the_report_was_missing(world):
    project = world.project_a
    script_month_boundary(world, project)
    # Seen on 31 March (the due day passed, nothing submitted yet) March is missing, April not yet due.
    seen = statuses(project, start=D(2020, 3, 1), end=D(2020, 4, 30), on=D(2020, 3, 31))
    assert seen == {"2020-03": ReportStatus.MISSING, "2020-04": ReportStatus.PENDING}


def test_quarterly_reports_across_a_quarter(world):
    project = world.project_a
    services.reporting_plan_set(user=world.office, commitment=project, cadence=Cadence.QUARTERLY, due_day=25)
    script_month_boundary(world, project)
    seen = statuses(project, start=D(2020, 1, 1), end=D(2020, 9, 30), on=D(2020, 9, 26))
    # Q1 (due 25 March) was first reported on 1 April: late. Q2 (due 25 June) on 1 April: on time.
    # Q3 (due 25 September): nothing — missing.
    assert seen == {"2020-Q1": ReportStatus.LATE, "2020-Q2": ReportStatus.ON_TIME, "2020-Q3": ReportStatus.MISSING}


def test_a_february_update_covers_the_quarter_but_not_march(world):
    project = world.project_b
    report(world, project, as_of=D(2020, 2, 10), submitted_on=D(2020, 2, 10))
    monthly = statuses(project, start=D(2020, 2, 1), end=D(2020, 3, 31), on=D(2020, 4, 1))
    assert monthly == {"2020-02": ReportStatus.ON_TIME, "2020-03": ReportStatus.MISSING}
    services.reporting_plan_set(user=world.office, commitment=project, cadence=Cadence.QUARTERLY, due_day=25)
    assert statuses(project, start=D(2020, 1, 1), end=D(2020, 3, 31), on=D(2020, 4, 1)) == {"2020-Q1": "on_time"}


def test_a_returned_and_resubmitted_update_keeps_its_first_submission_date(world):
    project = world.project_a
    update = report(world, project, as_of=D(2020, 3, 20), submitted_on=D(2020, 3, 20))
    with at(D(2020, 3, 21)):
        update = engine.update_return(user=world.office, update=update, note="请补充数据。")
    with at(D(2020, 3, 30)):
        update = engine.update_submit(user=world.fagai_reporter, update=update)
    assert statuses(project, start=D(2020, 3, 1), end=D(2020, 3, 31), on=D(2020, 4, 1)) == {"2020-03": "on_time"}


def test_drafts_do_not_count_as_submitted(world):
    project = world.project_a
    report(world, project, as_of=D(2020, 3, 20))  # a draft, never submitted
    assert statuses(project, start=D(2020, 3, 1), end=D(2020, 3, 31), on=D(2020, 3, 26)) == {"2020-03": "missing"}


def test_a_due_day_of_31_falls_on_the_last_day_of_a_short_month(world):
    project = world.project_a
    services.reporting_plan_set(user=world.office, commitment=project, cadence=Cadence.MONTHLY, due_day=31)
    report(world, project, as_of=D(2020, 2, 29), submitted_on=D(2020, 2, 29))
    items = expected_reports(type(project).objects.filter(pk=project.pk), start=D(2020, 2, 1), end=D(2020, 2, 29))
    assert [(item.due_date, item.status) for item in items] == [(D(2020, 2, 29), "on_time")]


def test_parents_do_not_owe_reports_their_sub_items_do(world):
    assert statuses(world.key_projects, start=D(2020, 2, 1), end=D(2020, 2, 29), on=D(2020, 3, 1)) == {}


def test_completeness_per_department_and_period(world):
    script_month_boundary(world, world.project_a)
    world.project_b.lead_department = world.zhujian
    world.project_b.save()
    report(world, world.project_b, as_of=D(2020, 2, 20), submitted_on=D(2020, 2, 20), user=world.zhujian_reporter)

    rows = reporting_completeness(start=D(2020, 2, 1), end=D(2020, 4, 30), on=D(2020, 4, 26))
    figures = {
        row.department.name: (
            row.expected,
            row.submitted,
            row.on_time,
            row.late,
            row.missing,
            row.pending,
            row.approved,
        )
        for row in rows
    }
    assert figures == {
        # February missing, March late (approved), April on time (not yet approved).
        world.fagai.name: (3, 2, 1, 1, 1, 0, 1),
        # February on time, March and April missing.
        world.zhujian.name: (3, 1, 1, 0, 2, 0, 0),
    }
    by_period = reporting_completeness(start=D(2020, 2, 1), end=D(2020, 4, 30), on=D(2020, 4, 26), by_period=True)
    fagai = {row.period: (row.on_time, row.late, row.missing) for row in by_period if row.department == world.fagai}
    assert fagai == {"2020-02": (0, 0, 1), "2020-03": (0, 1, 0), "2020-04": (1, 0, 0)}
    rates = {row.department.name: row.rate for row in rows}
    assert str(rates[world.fagai.name]) == "66.7"


def test_a_commitment_reports_from_the_delivery_of_its_report(world):
    # The report was delivered on 10 January: January's report is the first one owed.
    seen = statuses(world.project_a, start=D(2019, 12, 1), end=D(2020, 1, 31), on=D(2020, 2, 1))
    assert seen == {"2020-01": ReportStatus.MISSING}


def count_queries(function) -> int:
    with CaptureQueriesContext(connection) as context:
        function()
    return len(context.captured_queries)


def test_completeness_query_count_does_not_grow_with_the_commitments(world):
    def run():
        reporting_completeness(start=D(2020, 1, 1), end=D(2020, 12, 31), on=D(2020, 12, 31))

    for project in (world.project_a, world.project_b):
        report(world, project, as_of=D(2020, 3, 20), submitted_on=D(2020, 3, 20), approved_on=D(2020, 3, 21))
    few = count_queries(run)
    for n in range(40):
        extra = CommitmentFactory(chapter=world.key_projects.chapter, code=f"9.{n}", lead_department=world.gongxin)
        if n % 3 == 0:
            services.reporting_plan_set(user=world.office, commitment=extra, cadence=Cadence.QUARTERLY, due_day=20)
        report(world, extra, as_of=D(2020, 5, 5), submitted_on=D(2020, 5, 6), user=world.gongxin_reporter)
    many = count_queries(run)
    # 1 the reporting commitments with plan, department and latest approval; 2 their submitted updates;
    # 3 the first submission times from the history.
    assert few == many == 3


def test_an_approval_counts_only_from_the_day_it_was_given(world):
    from commitments.models import Commitment

    report(world, world.project_a, as_of=D(2020, 3, 20), submitted_on=D(2020, 3, 20), approved_on=D(2020, 4, 2))
    scope = Commitment.objects.filter(pk=world.project_a.pk)
    (before,) = reporting_completeness(scope, start=D(2020, 3, 1), end=D(2020, 3, 31), on=D(2020, 4, 1))
    (after,) = reporting_completeness(scope, start=D(2020, 3, 1), end=D(2020, 3, 31), on=D(2020, 4, 2))
    assert (before.on_time, before.approved) == (1, 0)
    assert (after.on_time, after.approved) == (1, 1)
