"""The tracking rules as pure functions: no queries, so the stored fields, the as-of evaluation and the
recompute command cannot disagree.

Percentages are exact Decimals while they are combined; a commitment's progress and its expected
progress are rounded half up to two places (the stored precision), and RAG compares those rounded figures,
the ones people see.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

from ..choices import CommitmentKind, CommitmentStatus, Comparator, Rag

ZERO = Decimal(0)
HUNDRED = Decimal(100)
CENT = Decimal("0.01")


def round_percent(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def clamp_percent(value: Decimal) -> Decimal:
    return min(max(value, ZERO), HUNDRED)


def target_state(
    comparator: str, baseline: Decimal | None, target: Decimal, current: Decimal | None
) -> tuple[Decimal, bool]:
    """(progress 0–100, exact; met) of one target given its current value (None: nothing reported yet).

    Progress is (current − baseline) / (target − baseline), clamped to 0–100; for at_most targets the
    same formula measures the way down. A missing baseline counts as 0 (at_least, exactly); an at_most
    target without a baseline can only be met or not. A target whose baseline already meets it is met
    (100) until a reported value fails it (0). An `exactly` target measures the distance from the target,
    so overshooting it also loses progress.
    """
    if comparator == Comparator.AT_MOST:
        value = current if current is not None else baseline
        met = value is not None and value <= target
        if baseline is None or baseline <= target:
            return (HUNDRED if met else ZERO), met
        return clamp_percent((baseline - value) / (baseline - target) * HUNDRED), met
    base = baseline if baseline is not None else ZERO
    value = current if current is not None else base
    if comparator == Comparator.EXACTLY:
        met = value == target
        if base == target:
            return (HUNDRED if met else ZERO), met
        return clamp_percent(HUNDRED - abs(target - value) / abs(target - base) * HUNDRED), met
    met = value >= target
    if base >= target:
        return (HUNDRED if met else ZERO), met
    return clamp_percent((value - base) / (target - base) * HUNDRED), met


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


def rolled_up_status(child_statuses: list[str]) -> str:
    """A parent's derived status from its non-cancelled children."""
    if all(status == CommitmentStatus.COMPLETED for status in child_statuses):
        return CommitmentStatus.COMPLETED
    if all(status == CommitmentStatus.NOT_STARTED for status in child_statuses):
        return CommitmentStatus.NOT_STARTED
    return CommitmentStatus.IN_PROGRESS


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
