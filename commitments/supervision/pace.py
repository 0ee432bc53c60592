"""序时进度 (pace): the share of the target achieved against the share of the time elapsed.

The office's rule: by a given day a commitment should have achieved at least the share of its target that
the share of its period (start date → due date) already elapsed; an item whose achieved share trails the
elapsed share by more than the tolerance (``TRACKER_RAG_TOLERANCE`` points, the same tolerance as RAG) is
behind pace (滞后于序时进度).

Shares are fractions (0.5 = half). The achieved share of a target runs from its baseline (0 when unset)
to its target value: for "at least" targets (current − baseline) / (target − baseline); for "at most"
targets, which shrink, (baseline − current) / (baseline − target). It is not clamped: 1.2 reports
over-achievement, a negative share a move the wrong way.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from ..choices import Comparator

ONE = Decimal(1)
SHARE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Pace:
    """Achieved against expected share; ``gap_points`` is achieved − expected in percentage points."""

    achieved: Decimal
    expected: Decimal
    behind: bool

    @property
    def achieved_percent(self) -> Decimal:
        return (self.achieved * 100).quantize(Decimal("0.01"))

    @property
    def expected_percent(self) -> Decimal:
        return (self.expected * 100).quantize(Decimal("0.01"))

    @property
    def gap_points(self) -> Decimal:
        return ((self.achieved - self.expected) * 100).quantize(Decimal("0.01"))

    def __str__(self) -> str:
        return f"{self.achieved * 100:.0f}% / {self.expected * 100:.0f}%"


def elapsed_share(*, start: datetime.date, due: datetime.date, on: datetime.date) -> Decimal:
    """The share of [start, due] elapsed on ``on``, between 0 and 1 (序时): (on − start) / (due − start).

    The same formula as the tracking engine's expected progress, so that 序时 and RAG never disagree.
    """
    if on < start:
        return Decimal(0)
    if on >= due:
        return ONE
    return (Decimal((on - start).days) / Decimal((due - start).days)).quantize(SHARE_PLACES)


def achieved_share(
    *, comparator: str, target: Decimal, current: Decimal | None, baseline: Decimal | None = None
) -> Decimal | None:
    """The share of the way from baseline to target that ``current`` has come; None without a current value."""
    if current is None:
        return None
    base = baseline if baseline is not None else Decimal(0)
    shrinking = comparator == Comparator.AT_MOST or (comparator == Comparator.EXACTLY and target < base)
    distance = (base - target) if shrinking else (target - base)
    moved = (base - current) if shrinking else (current - base)
    if distance <= 0:
        # Nothing to cover (target at or behind the baseline): met or not.
        return ONE if moved >= distance else Decimal(0)
    return (moved / distance).quantize(SHARE_PLACES)


def pace(*, achieved: Decimal, expected: Decimal, tolerance_points: int | Decimal) -> Pace:
    """Behind pace when the achieved share trails the elapsed share by more than the tolerance."""
    behind = (expected - achieved) * 100 > Decimal(tolerance_points)
    return Pace(achieved=achieved, expected=expected, behind=behind)
