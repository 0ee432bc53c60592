"""Reads of the supervision workflow: expected reports and completeness, pace, forecasts and colours,
the office's queue of contested tasks. Each runs a fixed number of queries whatever the number of
commitments (tests/test_supervision_selectors.py holds the budgets).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, Min, OuterRef, QuerySet, Subquery
from django.utils import timezone

from ..choices import (
    CLOSED_STATUSES,
    AcceptanceState,
    Cadence,
    Colour,
    CommitmentKind,
    Rag,
    ReportStatus,
    UpdateState,
)
from ..models import Acceptance, Commitment, Department, Milestone, ProgressUpdate, ReportedValue, Target
from ..selectors import evaluate_commitments
from . import colours
from .computed import computation_of
from .forecast import Forecast, forecast
from .pace import Pace, achieved_share, elapsed_share, pace
from .periods import DEFAULT_DUE_DAY, Period, period_of, periods_between, report_status

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


# Expected reports and completeness ----------------------------------------------------------------------


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
    reporting until closed). Reports start with the later of the start date and the report's delivery; a
    completed or cancelled commitment reported until its latest approved update, and never without one."""
    first = max(day for day in (commitment.start_date, commitment.report.delivered_on) if day)
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


# Pace, forecast and colour ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetFigures:
    target: Target
    current_value: Decimal | None
    achieved: Decimal | None
    pace: Pace | None
    forecast: Forecast | None
    computed: bool


@dataclass(frozen=True)
class CommitmentFigures:
    """Everything the office reads beside RAG: 序时 pace, forecasts, the escalation colour and why."""

    commitment_id: int
    rag: str
    progress: Decimal
    pace: Pace
    colour: Colour
    red_days: int
    missing_reports: int
    overdue_milestones: int
    nearest_deadline: datetime.date | None
    targets: list[TargetFigures] = field(default_factory=list)

    @property
    def shortfall(self) -> bool:
        return any(item.forecast and item.forecast.shortfall for item in self.targets)


def _tolerance() -> int:
    return settings.TRACKER_RAG_TOLERANCE


def approved_series(commitments: QuerySet[Commitment], *, on: datetime.date) -> dict[int, list]:
    """Per target, its approved (as_of, value) points up to `on`, in as-of then review order (one query)."""
    rows = ReportedValue.objects.filter(
        target__commitment__in=commitments, update__state=UpdateState.APPROVED, update__as_of__lte=on
    ).values_list("target_id", "update__as_of", "update__reviewed_at", "update_id", "value")
    earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    series: dict[int, list] = defaultdict(list)
    # Sorted in Python: SQLite and PostgreSQL order NULL review times differently.
    for target_id, as_of, _reviewed_at, _update_id, value in sorted(
        rows, key=lambda row: (row[1], row[2] or earliest, row[3])
    ):
        series[target_id].append((as_of, value))
    return series


def supervision_figures(
    commitments: QuerySet[Commitment],
    *,
    on: datetime.date | None = None,
    days: int | None = None,
) -> dict[int, CommitmentFigures]:
    """Pace, forecasts, colour, red days and missing reports of every commitment in the queryset on `on`,
    by id, in a fixed number of queries (the engine's evaluation, the approved series, the milestones,
    the expected reports)."""
    on = on or timezone.localdate()
    days = settings.SUPERVISION_REMINDER_DAYS if days is None else days
    evaluations = evaluate_commitments(commitments, as_of=on)
    rows = list(commitments.select_related(None).prefetch_related(None).order_by())
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(commitment__in=commitments).select_related("computation").order_by("id"):
        targets[target.commitment_id].append(target)
    series = approved_series(commitments, on=on)
    open_milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(commitment__in=commitments, due_date__isnull=False):
        open_milestones[milestone.commitment_id].append(milestone)
    year_ago = on - datetime.timedelta(days=366)
    missing: dict[int, int] = defaultdict(int)
    for item in expected_reports(commitments, start=year_ago, end=on, on=on):
        missing[item.commitment.pk] += item.status == ReportStatus.MISSING

    figures = {}
    for commitment in rows:
        evaluation = evaluations[commitment.pk]
        closed = evaluation.status in CLOSED_STATUSES
        commitment_pace = pace(
            achieved=evaluation.progress / HUNDRED,
            expected=evaluation.expected_progress / HUNDRED,
            tolerance_points=_tolerance(),
        )
        elapsed = elapsed_share(start=commitment.start_date, due=commitment.due_date, on=on)
        target_figures = []
        for target in targets[commitment.pk]:
            target_eval = evaluation.targets.get(target.pk)
            current = target_eval.current_value if target_eval else None
            share = achieved_share(
                comparator=target.comparator,
                target=target.target_value,
                current=current,
                baseline=target.baseline_value,
            )
            computed = computation_of(target) is not None
            target_figures.append(
                TargetFigures(
                    target=target,
                    current_value=current,
                    achieved=share,
                    pace=None
                    if share is None
                    else pace(achieved=share, expected=elapsed, tolerance_points=_tolerance()),
                    # Computed targets have no reported series of their own.
                    forecast=None
                    if computed or commitment.kind != CommitmentKind.QUANTITATIVE
                    else forecast(
                        series.get(target.pk, []),
                        due_date=commitment.due_date,
                        target_value=target.target_value,
                        comparator=target.comparator,
                    ),
                    computed=computed,
                )
            )
        pending_milestones = [m for m in open_milestones[commitment.pk] if m.pk not in evaluation.milestones_done]
        overdue_milestones = sum(1 for m in pending_milestones if m.due_date < on)
        upcoming = [m.due_date for m in pending_milestones if m.due_date >= on]
        nearest = min(upcoming, default=None)
        colour = colours.escalation_colour(
            on=on,
            due_date=commitment.due_date,
            closed=closed,
            behind_pace=commitment_pace.behind,
            missing_reports=missing[commitment.pk],
            overdue_milestones=overdue_milestones,
            nearest_deadline=nearest,
            days=days,
        )
        figures[commitment.pk] = CommitmentFigures(
            commitment_id=commitment.pk,
            rag=evaluation.rag,
            progress=evaluation.progress,
            pace=commitment_pace,
            colour=colour,
            red_days=colours.red_days(on=on, due_date=commitment.due_date, closed=closed),
            missing_reports=missing[commitment.pk],
            overdue_milestones=overdue_milestones,
            nearest_deadline=nearest,
            targets=target_figures,
        )
    return figures


def commitment_figures(commitment: Commitment, *, on: datetime.date | None = None) -> CommitmentFigures:
    """supervision_figures for one commitment."""
    return supervision_figures(Commitment.objects.filter(pk=commitment.pk), on=on)[commitment.pk]


@dataclass(frozen=True)
class BehindPaceTarget:
    """A target behind 序时进度, with its commitment's RAG beside it and what its forecast says."""

    commitment: Commitment
    figures: CommitmentFigures
    target: TargetFigures

    @property
    def rag_label(self) -> str:
        return Rag(self.figures.rag).label if self.figures.rag else ""

    @property
    def forecast_gap(self) -> Decimal | None:
        """How far the projection falls short of the target value (positive), None without a shortfall."""
        forecast = self.target.forecast
        if forecast is None or not forecast.shortfall:
            return None
        return abs(forecast.target - forecast.projected)


def behind_pace_targets(
    commitments: QuerySet[Commitment], *, on: datetime.date | None = None
) -> list[BehindPaceTarget]:
    """The targets whose achieved share trails the elapsed share (序时) by more than the tolerance on `on`, of
    the commitments in the queryset still open on that day, furthest behind first. supervision_figures' fixed
    number of queries (over the commitments that have targets only) and one for their codes and titles."""
    with_targets = commitments.filter(Exists(Target.objects.filter(commitment=OuterRef("pk"))))
    figures = supervision_figures(with_targets, on=on)
    behind = [
        (commitment_figures, target)
        for commitment_figures in figures.values()
        if commitment_figures.rag not in (Rag.COMPLETED, Rag.CANCELLED)
        for target in commitment_figures.targets
        if target.pace is not None and target.pace.behind
    ]
    rows = Commitment.objects.select_related("lead_department").in_bulk(
        {commitment_figures.commitment_id for commitment_figures, _target in behind}
    )
    result = [
        BehindPaceTarget(commitment=rows[commitment_figures.commitment_id], figures=commitment_figures, target=target)
        for commitment_figures, target in behind
    ]
    result.sort(key=lambda item: (item.target.pace.gap_points, item.commitment.sort_key, item.target.target.pk))
    return result


# Acceptance ---------------------------------------------------------------------------------------------


def contested_queue() -> QuerySet[Acceptance]:
    """The office's queue: contested tasks, oldest answer first, with what a list shows."""
    return (
        Acceptance.objects.filter(state=AcceptanceState.CONTESTED)
        .select_related("commitment", "department", "responded_by")
        .order_by("responded_at", "pk")
    )


def acceptances_for(departments: Iterable[Department] | Department) -> QuerySet[Acceptance]:
    """Open and answered acceptances of the department(s), newest first."""
    if isinstance(departments, Department):
        departments = [departments]
    return (
        Acceptance.objects.filter(department__in=list(departments))
        .select_related("commitment", "department")
        .order_by("-issued_at", "pk")
    )


def acceptance_summary(commitments: QuerySet[Commitment] | None = None) -> dict[str, int]:
    """How many acceptances stand in each state (for the commitments given), all states present."""
    queryset = Acceptance.objects.all()
    if commitments is not None:
        queryset = queryset.filter(commitment__in=commitments)
    counts = dict.fromkeys(AcceptanceState.values, 0)
    counts.update(queryset.order_by().values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return counts


__all__ = [
    "DEFAULT_DUE_DAY",
    "BehindPaceTarget",
    "CommitmentFigures",
    "CompletenessRow",
    "ExpectedReport",
    "TargetFigures",
    "acceptance_summary",
    "acceptances_for",
    "approved_series",
    "behind_pace_targets",
    "commitment_figures",
    "completeness_total",
    "contested_queue",
    "expected_reports",
    "plan_of",
    "reporting_commitments",
    "reporting_completeness",
    "supervision_figures",
]
