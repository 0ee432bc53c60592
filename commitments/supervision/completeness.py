"""Reads of the reports each commitment owes: which periodic reports were expected between two days, which
were handed in on time, late or not at all, and the completeness per lead department. Each runs a fixed
number of queries whatever the number of commitments (tests/test_supervision_completeness.py counts them).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Exists, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..choices import CLOSED_STATUSES, Cadence, ReportStatus, UpdateState
from ..models import Commitment, Department, ProgressUpdate
from ..selectors import rules
from ..selectors.figures_cache import queryset_key, remembered
from .periods import Period, period_of, periods_between, report_status

SUBMITTED_STATES = (UpdateState.SUBMITTED, UpdateState.APPROVED, UpdateState.RETURNED)
HUNDRED = Decimal(100)


def _local_date(moment: datetime.datetime | None) -> datetime.date | None:
    return timezone.localdate(moment) if moment else None


def plan_of(commitment: Commitment) -> tuple[str, int]:
    """(cadence, due day) of the commitment: its reporting plan, or monthly by the default due day."""
    try:
        plan = commitment.reporting_plan
    except Commitment.reporting_plan.RelatedObjectDoesNotExist:
        return Cadence.MONTHLY, settings.SUPERVISION_REPORT_DUE_DAY
    return plan.cadence, plan.due_day


@dataclass(frozen=True)
class ExpectedReport:
    """One periodic report a commitment owes, and where it stands on the evaluation day."""

    commitment: Commitment
    period: Period
    due_date: datetime.date
    status: ReportStatus
    first_submitted_on: datetime.date | None
    approved: bool

    @property
    def submitted(self) -> bool:
        return self.status in (ReportStatus.ON_TIME, ReportStatus.LATE)


def reporting_commitments(queryset: QuerySet[Commitment] | None = None) -> QuerySet[Commitment]:
    """The commitments that owe periodic reports: leaves (a parent rolls up from its sub-items, which report),
    with their plan, lead department and the as-of date of their latest approved update."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    latest_approved = ProgressUpdate.objects.filter(commitment=OuterRef("pk"), state=UpdateState.APPROVED)
    return (
        queryset.filter(~Exists(Commitment.objects.filter(parent=OuterRef("pk"))))
        .select_related("reporting_plan", "lead_department", "report", "responsible_leader")
        .annotate(last_approved_as_of=Subquery(latest_approved.order_by("-as_of").values("as_of")[:1]))
    )


def _reporting_window(commitment: Commitment) -> tuple[datetime.date, datetime.date | None] | None:
    """[first, last] days the commitment reports for; last None while it is open (overdue items keep
    reporting until closed). Reports start when the clock does (rules.clock_start: the later of the start date
    and the assignment, by default the report's delivery); a
    completed or cancelled commitment reported until its latest approved update, and never without one."""
    first = rules.clock_start(
        start=commitment.start_date, assigned=commitment.assigned_on, delivered=commitment.report.delivered_on
    )
    if commitment.status in CLOSED_STATUSES:
        last = commitment.last_approved_as_of
        return (first, last) if last and last >= first else None
    return first, None


def _first_submissions(scope: QuerySet[Commitment], as_of_from: datetime.date, as_of_to: datetime.date):
    """(commitment id, as_of, first submission day, approval day or None) of every update ever submitted in the
    range, for the commitments in scope (a subquery, so that any number of commitments is one query).

    The first submission time comes from the audit history: a returned update that is resubmitted gets a
    new submitted_at, but the report was first handed in when it was first submitted."""
    in_range = {"commitment_id__in": scope.values("pk"), "as_of__gte": as_of_from, "as_of__lte": as_of_to}
    updates = list(
        ProgressUpdate.objects.filter(state__in=SUBMITTED_STATES, **in_range).values_list(
            "pk", "commitment_id", "as_of", "state", "submitted_at", "reviewed_at", "created_at"
        )
    )
    history = dict(
        ProgressUpdate.history.filter(state=UpdateState.SUBMITTED, **in_range)
        .exclude(submitted_at=None)
        .values("id")
        .annotate(first=Min("submitted_at"))
        .values_list("id", "first")
    )
    rows = []
    for pk, commitment_id, as_of, state, submitted_at, reviewed_at, created_at in updates:
        # Rows written without the workflow (imports, fixtures) may lack a submission time.
        moments = [moment for moment in (history.get(pk), submitted_at) if moment] or [reviewed_at or created_at]
        first_day = _local_date(min(moments))
        approved_on = (_local_date(reviewed_at) or first_day) if state == UpdateState.APPROVED else None
        rows.append((commitment_id, as_of, first_day, approved_on))
    return rows


def expected_reports(
    commitments: QuerySet[Commitment] | None = None,
    *,
    start: datetime.date,
    end: datetime.date,
    on: datetime.date | None = None,
) -> list[ExpectedReport]:
    """Every periodic report due between start and end (inclusive) of the reporting commitments in the
    queryset, with its status as seen on `on` (today if None). Four queries."""
    on = on or timezone.localdate()
    scope = reporting_commitments(commitments)
    commitments = list(scope)
    # An update reports for the period containing its as-of date; periods due in [start, end] end in a
    # month of that range, so they start at the earliest on the first day of start's quarter.
    as_of_from = period_of(start, Cadence.QUARTERLY).start
    as_of_to = period_of(end, Cadence.MONTHLY).end
    submissions: dict[int, list[tuple[datetime.date, datetime.date, datetime.date | None]]] = defaultdict(list)
    for commitment_id, as_of, first_day, approved_on in _first_submissions(scope, as_of_from, as_of_to):
        submissions[commitment_id].append((as_of, first_day, approved_on))

    expected = []
    for commitment in commitments:
        window = _reporting_window(commitment)
        if window is None:
            continue
        first, last = window
        cadence, due_day = plan_of(commitment)
        for period in periods_between(max(first, as_of_from), min(last or as_of_to, as_of_to), cadence):
            due = period.due_date(due_day)
            if not start <= due <= end:
                continue
            mine = [row for row in submissions[commitment.pk] if period.contains(row[0])]
            first_day = min((row[1] for row in mine), default=None)
            expected.append(
                ExpectedReport(
                    commitment=commitment,
                    period=period,
                    due_date=due,
                    status=report_status(due_date=due, first_submitted_on=first_day, on=on),
                    first_submitted_on=first_day,
                    # Seen on `on`: an approval given later does not count yet.
                    approved=any(row[2] is not None and row[2] <= on for row in mine),
                )
            )
    expected.sort(key=lambda item: (item.due_date, item.commitment.sort_key))
    return expected


def reports_owed(
    commitments: QuerySet[Commitment] | None = None, *, on: datetime.date, days: int
) -> list[ExpectedReport]:
    """The reports the commitments owe on `on`: missing (due within the last year, nothing submitted) or not yet
    due but due within `days` days. What the reminders list and a department's to-do counts. Four queries."""
    horizon = on + datetime.timedelta(days=days)
    return [
        report
        for report in expected_reports(commitments, start=on - datetime.timedelta(days=366), end=horizon, on=on)
        if report.status in (ReportStatus.MISSING, ReportStatus.PENDING)
    ]


@dataclass
class CompletenessRow:
    """Reports expected of one department (in one reporting month, when grouped by period)."""

    department: Department | None  # None on a total row
    period: str = ""
    expected: int = 0
    on_time: int = 0
    late: int = 0
    missing: int = 0
    pending: int = 0
    approved: int = 0

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def rate(self) -> Decimal | None:
        """Submitted ÷ reports already due, in percent; None when nothing was due yet."""
        due = self.expected - self.pending
        return (Decimal(self.submitted) * HUNDRED / due).quantize(Decimal("0.1")) if due else None


def reporting_completeness(
    commitments: QuerySet[Commitment] | None = None,
    *,
    start: datetime.date,
    end: datetime.date,
    on: datetime.date | None = None,
    by_period: bool = False,
) -> list[CompletenessRow]:
    """Per lead department (and per reporting month if by_period), the reports due between start and end:
    expected, submitted on time, late, missing, not yet due, approved. Four queries, in department order."""
    rows: dict[tuple, CompletenessRow] = {}
    for item in expected_reports(commitments, start=start, end=end, on=on):
        department = item.commitment.lead_department
        period = f"{item.due_date:%Y-%m}" if by_period else ""
        row = rows.setdefault((department.pk, period), CompletenessRow(department=department, period=period))
        row.expected += 1
        row.approved += item.approved
        if item.status == ReportStatus.ON_TIME:
            row.on_time += 1
        elif item.status == ReportStatus.LATE:
            row.late += 1
        elif item.status == ReportStatus.MISSING:
            row.missing += 1
        else:
            row.pending += 1
    return sorted(rows.values(), key=lambda row: (row.department.name, row.period))


COMPLETENESS_COUNTS = ("expected", "on_time", "late", "missing", "pending", "approved")


def completeness_total(rows: Iterable[CompletenessRow]) -> CompletenessRow:
    """The rows added up (department None): the whole scope's expected, submitted, missing… reports."""
    total = CompletenessRow(department=None)
    for row in rows:
        for name in COMPLETENESS_COUNTS:
            setattr(total, name, getattr(total, name) + getattr(row, name))
    return total


def remembered_completeness(
    commitments: QuerySet[Commitment], *, start: datetime.date, end: datetime.date, on: datetime.date, by_period: bool
) -> list[CompletenessRow]:
    """reporting_completeness, remembered per figure generation (selectors/figures_cache.py): an update
    saved, a plan or an acceptance changed retires it (signals.py), as a change of a tracked figure does.
    The key names the scope (as its statement), the days and the grouping."""
    key = ("completeness", queryset_key(commitments), start, end, on, by_period)
    return remembered(
        key, lambda: reporting_completeness(commitments, start=start, end=end, on=on, by_period=by_period)
    )
