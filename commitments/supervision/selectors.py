"""Reads of the supervision workflow: pace, forecasts and colours beside RAG, the targets behind 序时进度,
the office's queue of contested tasks; the expected reports and completeness are in completeness.py and
importable from here too. Each runs a fixed number of queries whatever the number of commitments
(tests/test_supervision_figures.py and tests/test_supervision_completeness.py count them).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from ..choices import CLOSED_STATUSES, AcceptanceState, Colour, CommitmentKind, Rag, ReportStatus, UpdateState
from ..models import Acceptance, Commitment, Department, Milestone, ReportedValue, Target
from ..selectors import evaluate_commitments, rules
from ..selectors.evaluation import Evaluation, TargetEvaluation, target_met, target_progress, tolerance
from ..selectors.facts import FEW
from ..selectors.figures_cache import remembered
from . import colours
from .completeness import (
    CompletenessRow,
    ExpectedReport,
    completeness_total,
    expected_reports,
    plan_of,
    remembered_completeness,
    reporting_commitments,
    reporting_completeness,
)
from .computed import computation_of
from .forecast import Forecast, forecast
from .lifecycle_selectors import overdue_reply_counts
from .pace import Pace, achieved_share, elapsed_share, pace
from .periods import DEFAULT_DUE_DAY

HUNDRED = Decimal(100)


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
    overdue_replies: int = 0  # 督办单 whose reply is overdue (lifecycle_selectors.overdue_reply_counts)

    @property
    def shortfall(self) -> bool:
        return any(item.forecast and item.forecast.shortfall for item in self.targets)


def _tolerance() -> int:
    return settings.TRACKER_RAG_TOLERANCE


def approved_series(commitments: QuerySet[Commitment] | list[int], *, on: datetime.date) -> dict[int, list]:
    """Per target, its approved (as_of, value) points up to `on`, in as-of then review order (one query).
    `commitments` may be the commitments' ids (see supervision_figures)."""
    rows = (
        ReportedValue.objects.filter(
            target__commitment__in=commitments, update__state=UpdateState.APPROVED, update__as_of__lte=on
        )
        # No inherited Meta.ordering: it joined the update's commitment and report for a sort redone below.
        .order_by()
        .values_list("target_id", "update__as_of", "update__reviewed_at", "update_id", "value")
    )
    earliest = datetime.datetime.min.replace(tzinfo=datetime.UTC)
    series: dict[int, list] = defaultdict(list)
    # Sorted in Python: SQLite and PostgreSQL order NULL review times differently.
    for target_id, as_of, _reviewed_at, _update_id, value in sorted(
        rows, key=lambda row: (row[1], row[2] or earliest, row[3])
    ):
        series[target_id].append((as_of, value))
    return series


def stored_evaluations(rows: list[Commitment], *, on: datetime.date) -> dict[int, Evaluation]:
    """Today's evaluation of the commitments read from their stored figures (progress, status, RAG, each
    target's current value, each milestone's completion day), which services/tracking.py keeps equal to
    the engine's evaluation of the history; the expected progress and RAG are the rules' for `on`. Two
    queries."""
    targets: dict[int, dict[int, TargetEvaluation]] = defaultdict(dict)
    for target in Target.objects.filter(commitment__in=[row.pk for row in rows]).order_by():
        targets[target.commitment_id][target.pk] = TargetEvaluation(
            target_id=target.pk,
            current_value=target.current_value,
            progress=target_progress(target, target.current_value),
            met=target_met(target, target.current_value),
        )
    done: dict[int, dict[int, datetime.date]] = defaultdict(dict)
    milestones = Milestone.objects.filter(commitment__in=[row.pk for row in rows], completed_on__lte=on).order_by()
    for pk, commitment_id, completed_on in milestones.values_list("pk", "commitment_id", "completed_on"):
        done[commitment_id][pk] = completed_on
    evaluations = {}
    for row in rows:
        start = row.clock_start_day()
        expected = rules.expected_progress(start, row.due_date, on)
        # RAG moves with the calendar, so it is the rule's on the day, not the stored copy of the last change.
        rag = rules.rag(
            status=row.status,
            progress=row.progress,
            expected=expected,
            start=start,
            due=row.due_date,
            on=on,
            tolerance=tolerance(),
        )
        evaluations[row.pk] = Evaluation(
            commitment_id=row.pk,
            as_of=on,
            progress=row.progress,
            status=row.status,
            rag=rag,
            expected_progress=expected,
            overdue=row.is_overdue(on),
            targets=targets[row.pk],
            milestones_done=done[row.pk],
            due_date=row.due_date,
        )
    return evaluations


def supervision_figures(
    commitments: QuerySet[Commitment],
    *,
    on: datetime.date | None = None,
    days: int | None = None,
) -> dict[int, CommitmentFigures]:
    """Pace, forecasts, colour, red days and missing reports of every commitment in the queryset on `on`,
    by id, in a fixed number of queries (the engine's evaluation, the approved series, the milestones,
    the expected reports)."""
    today = timezone.localdate()
    on = on or today
    days = settings.SUPERVISION_REMINDER_DAYS if days is None else days
    rows = list(commitments.select_related(None).prefetch_related(None).with_clock_start().order_by())
    # Today's standing is stored (the tracking service writes it with every change): evaluating the history
    # again was most of a page of the admin's commitment list (about 25 of 50 ms for 50 commitments).
    evaluations = stored_evaluations(rows, on=on) if on == today else evaluate_commitments(commitments, as_of=on)
    # A few commitments are named by their ids: given the queryset as a subquery, PostgreSQL misjudged its
    # size (a report's hundred commitments with targets as 50,000 targets) and hash-joined every reported
    # value (1.3 s at 1M updates, 6 ms by the ids).
    scope = [row.pk for row in rows] if len(rows) <= FEW else commitments
    targets: dict[int, list[Target]] = defaultdict(list)
    for target in Target.objects.filter(commitment__in=scope).select_related("computation").order_by("id"):
        targets[target.commitment_id].append(target)
    series = approved_series(scope, on=on)
    open_milestones: dict[int, list[Milestone]] = defaultdict(list)
    for milestone in Milestone.objects.filter(commitment__in=scope, due_date__isnull=False).order_by():
        open_milestones[milestone.commitment_id].append(milestone)
    year_ago = on - datetime.timedelta(days=366)
    missing: dict[int, int] = defaultdict(int)
    for item in expected_reports(commitments, start=year_ago, end=on, on=on):
        missing[item.commitment.pk] += item.status == ReportStatus.MISSING

    replies_overdue = overdue_reply_counts(scope, on=on)

    figures = {}
    for commitment in rows:
        evaluation = evaluations[commitment.pk]
        closed = evaluation.status in CLOSED_STATUSES
        commitment_pace = pace(
            achieved=evaluation.progress / HUNDRED,
            expected=evaluation.expected_progress / HUNDRED,
            tolerance_points=_tolerance(),
        )
        # The deadline in force on `on` (an extension approved later does not move an earlier day's pace).
        due = evaluation.due_date
        elapsed = elapsed_share(start=commitment.clock_start_day(), due=due, on=on)
        target_figures = []
        for target in targets[commitment.pk]:
            target_eval = evaluation.targets.get(target.pk)
            current = target_eval.current_value if target_eval else None
            share = achieved_share(
                comparator=target.comparator,
                target=target.target_value,
                current=current,
                baseline=target.baseline_value,
                base=target.base_quantity,
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
                        due_date=due,
                        # A target with a base is reported in counts: so is the value the forecast reads.
                        target_value=rules.count_for_share(target.target_value, target.base_quantity),
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
            due_date=due,
            closed=closed,
            behind_pace=commitment_pace.behind,
            missing_reports=missing[commitment.pk],
            overdue_milestones=overdue_milestones,
            overdue_replies=replies_overdue[commitment.pk],
            nearest_deadline=nearest,
            days=days,
        )
        figures[commitment.pk] = CommitmentFigures(
            commitment_id=commitment.pk,
            rag=evaluation.rag,
            progress=evaluation.progress,
            pace=commitment_pace,
            colour=colour,
            red_days=colours.red_days(on=on, due_date=due, closed=closed),
            missing_reports=missing[commitment.pk],
            overdue_milestones=overdue_milestones,
            nearest_deadline=nearest,
            targets=target_figures,
            overdue_replies=replies_overdue[commitment.pk],
        )
    return figures


def remembered_figures(ids: list[int], *, on: datetime.date | None = None) -> dict[int, CommitmentFigures]:
    """supervision_figures of the commitments with these ids, remembered per figure generation (an approval,
    a submission, a target or milestone edited, a plan changed: each retires it, see signals.py): the admin
    list's supervision columns, about 40 ms a page counted afresh at 100,000 commitments."""
    on = on or timezone.localdate()
    key = ("supervision_figures", tuple(sorted(ids)), on, settings.SUPERVISION_REMINDER_DAYS, _tolerance())
    return remembered(key, lambda: supervision_figures(Commitment.objects.filter(pk__in=ids), on=on))


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
    "remembered_completeness",
    "remembered_figures",
    "reporting_completeness",
    "supervision_figures",
]
