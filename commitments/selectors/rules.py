"""The tracking rules, each defined once (docs/rules.md lists them): pure functions, and where a rule must
run inside a query, the ORM expression built here from the same definition (tests hold the two equal).
The stored fields, the as-of evaluation, the pace (序时), the summaries and the recompute command all call
these, so they cannot disagree.

Percentages are exact Decimals while they are combined; a commitment's progress and its expected
progress are rounded half up to two places (the stored precision), and RAG compares those rounded figures,
the ones people see.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FilteredRelation,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.expressions import Expression
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import Exact, GreaterThan, LessThan, LessThanOrEqual

from ..choices import CLOSED_STATUSES, CommitmentKind, CommitmentStatus, Comparator, OverrideStatus, Rag
from .expressions import DaysBetween, Hundredths

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def about_tolerance() -> Decimal:
    return Decimal(getattr(settings, "TRACKER_ABOUT_TOLERANCE", 10))


def round_percent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp_percent(value: Decimal) -> Decimal:
    return min(max(value, ZERO), HUNDRED)


def share_of_base(value: Decimal | None, base: Decimal | None) -> Decimal | None:
    """A reported count as the percentage of its target's base (52 of 64 行政村: 81.25%), exact; without a
    base (or a value) the value as it is."""
    if value is None or base is None:
        return value
    return value / base * HUNDRED


def count_for_share(percent: Decimal, base: Decimal | None) -> Decimal:
    """share_of_base the other way: a percentage of the base as a count (80% of 64: 51.2); without a base the
    percentage as it is. A forecast of reported counts is read against this."""
    return percent if base is None else percent * base / HUNDRED


def target_state(
    comparator: str,
    baseline: Decimal | None,
    target: Decimal,
    current: Decimal | None,
    base: Decimal | None = None,
) -> tuple[Decimal, bool]:
    """(progress 0–100, exact; met) of one target given its current value (None: nothing reported yet).

    A target with a base (a denominator: "80% of 64 行政村") reads its current value and baseline as counts of
    that base, as percentages (share_of_base), before anything else.

    Progress is (current − baseline) / (target − baseline), clamped to 0–100; for at_most targets the
    same formula measures the way down. A missing baseline counts as 0 (at_least, exactly); an at_most
    target without a baseline can only be met or not. A target whose baseline already meets it is met
    (100) until a reported value fails it (0). An `exactly` target measures the distance from the target,
    so overshooting it also loses progress. An `about` target counts as at_least its value less
    settings.TRACKER_ABOUT_TOLERANCE percent.
    """
    current, baseline = share_of_base(current, base), share_of_base(baseline, base)
    if comparator == Comparator.AT_MOST:
        value = current if current is not None else baseline
        met = value is not None and value <= target
        if baseline is None or baseline <= target:
            return (HUNDRED if met else ZERO), met
        return clamp_percent((baseline - value) / (baseline - target) * HUNDRED), met
    base = baseline if baseline is not None else ZERO
    value = current if current is not None else base
    if comparator == Comparator.ABOUT:
        # "About X" (约/近/左右) is met from X less the tolerance; overshooting it is no failure.
        target = target * (HUNDRED - about_tolerance()) / HUNDRED
    if comparator == Comparator.EXACTLY:
        met = value == target
        if base == target:
            return (HUNDRED if met else ZERO), met
        return clamp_percent(HUNDRED - abs(target - value) / abs(target - base) * HUNDRED), met
    met = value >= target
    if base >= target:
        return (HUNDRED if met else ZERO), met
    return clamp_percent((value - base) / (target - base) * HUNDRED), met


def attained_share(
    comparator: str,
    baseline: Decimal | None,
    target: Decimal,
    current: Decimal | None,
    base: Decimal | None = None,
) -> Decimal | None:
    """The share (0–1) of a target attained, as target_state measures it; None before any value is reported.
    The pace (序时进度) reads this, so a target is never "met" in one place and 92% in another."""
    if current is None:
        return None
    progress, _ = target_state(comparator, baseline, target, current, base)
    return progress / HUNDRED


# The latest approved update as of a day: the greatest as_of on or before it; on the same as_of the one
# approved last (a back-dated correction wins its day), then the newer row. latest_update_key sorts in
# Python (oldest first); LATEST_UPDATE_FIRST orders a query (newest first), NULLs (never approved) last on
# both databases, where they sort first in latest_update_key.
EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)
LATEST_UPDATE_FIRST = (F("as_of").desc(), F("reviewed_at").desc(nulls_last=True), F("id").desc())


def latest_update_key(update) -> tuple:
    return (update.as_of, update.reviewed_at or EARLIEST, update.pk)


def weighted_mean(pairs: Iterable[tuple[Decimal, Decimal]]) -> Decimal:
    """Mean of (value, weight) pairs; the weights are positive (a database constraint)."""
    pairs = list(pairs)
    total = sum((weight for _, weight in pairs), ZERO)
    return sum((value * weight for value, weight in pairs), ZERO) / total


def leaf_progress(
    *,
    kind: str,
    target_progress: list[tuple[Decimal, Decimal]],
    milestones_done: int,
    milestones_total: int,
    percent: Decimal | None,
) -> Decimal:
    """A commitment's own progress (exact) from its parts, each part weighing the same:

    - targets: their weighted mean (target_progress holds (progress, weight) pairs);
    - milestones: the share completed;
    - the latest approved percent, for ongoing commitments and for any commitment with neither
      targets nor milestones (0 before the first percent is reported).
    So a commitment with both targets and milestones is half its targets, half its milestones.
    """
    parts = []
    if target_progress:
        parts.append(weighted_mean(target_progress))
    if milestones_total:
        parts.append(Decimal(milestones_done) / Decimal(milestones_total) * HUNDRED)
    if uses_percent(kind=kind, has_targets=bool(target_progress), has_milestones=bool(milestones_total)):
        parts.append(percent if percent is not None else ZERO)
    return sum(parts, ZERO) / len(parts)


def uses_percent(*, kind: str, has_targets: bool, has_milestones: bool) -> bool:
    return kind == CommitmentKind.ONGOING or not (has_targets or has_milestones)


def derived_status(*, has_update: bool, complete: bool) -> str:
    """Not started until the first approved update; completed when every part is done."""
    if not has_update:
        return CommitmentStatus.NOT_STARTED
    return CommitmentStatus.COMPLETED if complete else CommitmentStatus.IN_PROGRESS


def parent_progress(*, own: Decimal | None, children: list[Decimal]) -> Decimal:
    """A parent's progress (exact): the mean of its parts, each weighing the same: every non-cancelled
    sub-item, and its own work (its own targets and milestones, measured by leaf_progress) when it has any.
    So "53 key projects" with its own two targets and five sub-items is one sixth its own targets."""
    parts = [*children, *([own] if own is not None else [])]
    return sum(parts, ZERO) / len(parts)


def rolled_up_status(part_statuses: list[str]) -> str:
    """A parent's derived status from its parts' (its non-cancelled children and, when it has targets or
    milestones, its own work): completed when all are, not started while none has started."""
    if all(status == CommitmentStatus.COMPLETED for status in part_statuses):
        return CommitmentStatus.COMPLETED
    if all(status == CommitmentStatus.NOT_STARTED for status in part_statuses):
        return CommitmentStatus.NOT_STARTED
    return CommitmentStatus.IN_PROGRESS


def past_due(due: datetime.date, on: datetime.date) -> bool:
    """The day after the due date and later (the due date itself is still in time)."""
    return on > due


def is_overdue(*, status: str, due: datetime.date, on: datetime.date) -> bool:
    """Overdue (逾期) on a day: past its due date and neither completed nor cancelled."""
    return past_due(due, on) and status not in CLOSED_STATUSES


def overdue_condition(on: datetime.date, *, status: str = "status", due: str = "due_date") -> Q:
    """is_overdue as a query condition over a status and a due date (field names or annotations; a related
    commitment's as e.g. "commitment__status")."""
    return Q(**{f"{due}__lt": on}) & ~Q(**{f"{status}__in": CLOSED_STATUSES})


def effective_due_date(*, original: datetime.date, approved_extensions: Iterable[datetime.date]) -> datetime.date:
    """The effective deadline: the new date of the last extension approved (oldest first), else the deadline
    as first assigned. Commitment.due_date stores it (written by services/tracking.py, the original kept in
    original_due_date), so overdue, 序时 pace, RAG, colours, the dashboard and reminders all read this one."""
    new_dates = list(approved_extensions)
    return new_dates[-1] if new_dates else original


def due_date_in_force(
    *,
    due: datetime.date,
    original: datetime.date | None,
    approved: Iterable[tuple[datetime.date, datetime.date]],
    on: datetime.date,
) -> datetime.date:
    """The deadline in force on a day, which figures as of that day read: effective_due_date over the
    extensions approved by its end, given as (day of the decision, new date) pairs, oldest decision first:
    the new date of the last of them, else the original deadline, else due_date (never extended)."""
    return effective_due_date(original=original or due, approved_extensions=[new for day, new in approved if day <= on])


def extension_in_force(approved: QuerySet, *, relation: str = "extension_requests") -> FilteredRelation:
    """The extension in force on a day as a join from a commitment (`relation`: its extension requests'
    relation, e.g. "commitment__extension_requests" from a snapshot), at most one row per commitment: of
    `approved`, the extension requests approved by the end of that day (supervision/lifecycle_selectors.py:
    extensions_approved_by), the one no later decision supersedes (by decision time, then id, as
    deadline_sync orders them). A join, read once per row, rather than a correlated subquery: a RAG reads the
    deadline four times, and a subquery would be compiled and run at each (docs/performance.md)."""
    later = approved.filter(commitment_id=OuterRef("commitment_id")).filter(
        Q(decided_at__gt=OuterRef("decided_at")) | Q(decided_at=OuterRef("decided_at"), pk__gt=OuterRef("pk"))
    )
    last = approved.filter(~Exists(later)).order_by().values("pk")
    return FilteredRelation(relation, condition=Q(**{f"{relation}__in": Subquery(last)}))


def due_date_in_force_expression(
    extension: str, *, due: str = "due_date", original: str = "original_due_date"
) -> Coalesce:
    """due_date_in_force as a query expression over a commitment's fields (names relative to the query's
    model: "commitment__due_date" from a snapshot) and the extension_in_force join annotated as
    `extension`: its new date, else the original deadline, else due_date. tests/test_deadline_in_force.py
    holds it equal to due_date_in_force (through effective_due_dates and the engine) on both databases."""
    return Coalesce(F(f"{extension}__requested_due_date"), F(original), F(due), output_field=DateField())


def deadline_text(*, due: datetime.date, original: datetime.date | None) -> str:
    """The deadline as shown: the date, or '原定 <original>，延期至 <due>' once extended."""
    from django.utils.translation import gettext

    from ..display import date_text  # how every page writes a date (2020年12月31日)

    if original is None or original == due:
        return date_text(due)
    return gettext("originally %(original)s, extended to %(due)s") % {
        "original": date_text(original),
        "due": date_text(due),
    }


def clock_start(
    *, start: datetime.date, assigned: datetime.date | None, delivered: datetime.date | None
) -> datetime.date:
    """The day a task's clock starts (序时进度 and RAG count from it): when it was assigned, i.e. the day the
    office set (assigned_on: the day it was handed out or signed for, 签收), else the report's delivery
    date; never before the task's own start date. Without either, the start date."""
    assigned_day = assigned or delivered
    return max(start, assigned_day) if assigned_day else start


def clock_start_expression(
    *, start: str = "start_date", assigned: str = "assigned_on", delivered: str = "report__delivered_on"
) -> Greatest:
    """clock_start as a query expression over a commitment's fields (names relative to the commitment)."""
    return Greatest(
        F(start), Coalesce(F(assigned), F(delivered), F(start), output_field=DateField()), output_field=DateField()
    )


def expected_progress(start: datetime.date, due: datetime.date, on: datetime.date) -> Decimal:
    """The elapsed share of [start, due] on a date, rounded: 0 before the start, 100 from the due date on."""
    if on < start:
        return ZERO.quantize(CENT)
    if on >= due:
        return HUNDRED.quantize(CENT)
    return round_percent(Decimal((on - start).days) / Decimal((due - start).days) * HUNDRED)


def rag(
    *,
    status: str,
    progress: Decimal,
    expected: Decimal,
    start: datetime.date,
    due: datetime.date,
    on: datetime.date,
    tolerance: Decimal,
) -> str:
    """Cancelled and completed first; not_due before the start; red once past due; else how far behind plan."""
    if status == CommitmentStatus.CANCELLED:
        return Rag.CANCELLED
    if status == CommitmentStatus.COMPLETED:
        return Rag.COMPLETED
    if on < start:
        return Rag.NOT_DUE
    if on > due:
        return Rag.RED
    behind = expected - progress
    if behind > 2 * tolerance:
        return Rag.RED
    if behind > tolerance:
        return Rag.AMBER
    return Rag.GREEN


def rag_expression(
    *,
    status: Expression | F,
    progress: Expression | F,
    on: datetime.date,
    tolerance: Decimal,
    start: Expression | F | None = None,
    due: Expression | F | None = None,
) -> Case:
    """rag() as one ORM expression over a status and a progress (columns or any expressions, e.g. a
    snapshot's) and the start and due dates (default: the commitment's), for a fixed day and tolerance: one
    definition for SQLite and PostgreSQL. Exact like rag(): the expected progress is rounded half up to
    whole hundredths in integer arithmetic, round_half_up(10000 × elapsed / span) =
    (20000 × elapsed + span) // (2 × span) for elapsed ≥ 0, and compared with the progress in hundredths,
    so no float rounding moves a boundary. tests/test_rules_expression.py holds it equal to rag()."""
    start = F("start_date") if start is None else start
    due = F("due_date") if due is None else due
    day = Value(on)
    elapsed, span = DaysBetween(day, start), DaysBetween(due, start)
    expected = Case(
        When(LessThanOrEqual(due, day), then=Value(10000)),
        default=(Value(20000) * elapsed + span) / (Value(2) * span),
        output_field=IntegerField(),
    )
    behind = ExpressionWrapper(expected - Hundredths(progress), output_field=IntegerField())
    # behind is a whole number of hundredths, so "behind > t" equals "behind > floor(t)".
    amber, red = math.floor(tolerance * 100), math.floor(2 * tolerance * 100)
    return Case(
        When(Exact(status, Value(CommitmentStatus.CANCELLED)), then=Value(Rag.CANCELLED)),
        When(Exact(status, Value(CommitmentStatus.COMPLETED)), then=Value(Rag.COMPLETED)),
        When(GreaterThan(start, day), then=Value(Rag.NOT_DUE)),
        When(LessThan(due, day), then=Value(Rag.RED)),
        When(GreaterThan(behind, Value(red)), then=Value(Rag.RED)),
        When(GreaterThan(behind, Value(amber)), then=Value(Rag.AMBER)),
        default=Value(Rag.GREEN),
        output_field=CharField(),
    )


def decision_in_force(decisions_oldest_first: Iterable, as_of: datetime.date):
    """The office's status decision in force on a date (completed or cancelled), or None: the last one taking
    effect on or before it wins, and a "cleared" decision ends an earlier one. Decisions are taken oldest
    first (by effective date, then decision time and id)."""
    in_force = None
    for decision in decisions_oldest_first:
        if decision.effective_on <= as_of:
            in_force = None if decision.status == OverrideStatus.CLEARED else decision
    return in_force
