"""序时进度 (pace): the share of the target achieved against the share of the time elapsed.

The office's rule: by a given day a commitment should have achieved at least the share of its target that
the share of its period (start date → due date) already elapsed; an item whose achieved share trails the
elapsed share by more than the tolerance (``TRACKER_RAG_TOLERANCE`` points, the same tolerance as RAG) is
behind pace (滞后于序时进度).

Shares are fractions (0.5 = half). Both come from the tracking rules (selectors/rules.py), so 序时 and
RAG never disagree: the achieved share of a target is its progress as the engine measures it (attainment
per comparator, from its baseline, clamped to 0–1), the elapsed share the engine's expected progress.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from .. import display
from ..selectors import rules

HUNDRED = Decimal(100)


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
        return f"{display.percent(self.achieved * 100)} / {display.percent(self.expected * 100)}"


def elapsed_share(*, start: datetime.date, due: datetime.date, on: datetime.date) -> Decimal:
    """The share of [start, due] elapsed on ``on`` (序时): the engine's expected progress, as a share. `start`
    is the day the clock starts (rules.clock_start: the assignment, not the start of the year)."""
    return rules.expected_progress(start, due, on) / HUNDRED


def achieved_share(
    *,
    comparator: str,
    target: Decimal,
    current: Decimal | None,
    baseline: Decimal | None = None,
    base: Decimal | None = None,
) -> Decimal | None:
    """The share of a target attained, as the engine measures it (rules.attained_share, a count read against
    the target's base when it has one); None without a current value."""
    return rules.attained_share(comparator, baseline, target, current, base)


def pace(*, achieved: Decimal, expected: Decimal, tolerance_points: int | Decimal) -> Pace:
    """Behind pace when the achieved share trails the elapsed share by more than the tolerance."""
    behind = (expected - achieved) * 100 > Decimal(tolerance_points)
    return Pace(achieved=achieved, expected=expected, behind=behind)
