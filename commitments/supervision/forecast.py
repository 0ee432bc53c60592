"""Year-end forecast of a quantitative target from its approved history.

Method (docs/supervision.md, "Forecast"): ordinary least squares on the approved values.

- The points are (as-of date, value) of the target's *approved* reported values, which are cumulative
  ("investment completed so far"). One point per as-of date: when several approved updates share a date,
  the caller passes the one reviewed last. With fewer than three distinct dates there is no forecast:
  two points always fit a line exactly and say nothing about its reliability.
- x is the day number of the as-of date (days since the first point), y the value. The fitted line is
  y = ȳ + b (x − x̄) with slope b = Σ(x − x̄)(y − ȳ) / Σ(x − x̄)².
- The projected value is the line at the due date. It is computed exactly (fractions) and rounded to four
  decimal places, as the values are stored.
- Shortfall: an "at least" target is projected short when the projection is below the target value, an
  "at most" target when it is above; an "exactly" target in the direction it has to travel from the
  first value.

Worked example (tests/test_supervision_forecast.py): values 2, 4, 9 on 1, 11 and 21 January, due
31 January. x = 0, 10, 20; x̄ = 10, ȳ = 5; b = ((−10)(−3) + 0·(−1) + 10·4) / (100 + 0 + 100) = 0.35 per
day; projection = 5 + 0.35 × (30 − 10) = 12, short of a target of 15.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from ..choices import Comparator

MIN_POINTS = 3
VALUE_PLACES = Decimal("0.0001")


@dataclass(frozen=True)
class Forecast:
    projected: Decimal
    target: Decimal
    due_date: datetime.date
    slope_per_day: Decimal
    points: int
    shortfall: bool

    def __str__(self) -> str:
        return f"{self.projected.normalize():f}"


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(VALUE_PLACES)


def forecast(
    points: Iterable[tuple[datetime.date, Decimal]],
    *,
    due_date: datetime.date,
    target_value: Decimal,
    comparator: str = Comparator.AT_LEAST,
) -> Forecast | None:
    """The least-squares projection at ``due_date``; None with fewer than three distinct as-of dates."""
    by_date: dict[datetime.date, Decimal] = {}
    for as_of, value in points:
        by_date[as_of] = value  # the last one given for a date wins
    if len(by_date) < MIN_POINTS:
        return None
    origin = min(by_date)
    xs = [Fraction((day - origin).days) for day in by_date]
    ys = [Fraction(value) for value in by_date.values()]
    n = len(xs)
    x_mean, y_mean = sum(xs) / n, sum(ys) / n
    sxx = sum((x - x_mean) ** 2 for x in xs)
    sxy = sum((x - x_mean) * (y - y_mean) for x, y in zip(xs, ys, strict=True))
    slope = sxy / sxx  # sxx > 0: at least three distinct dates
    projected = y_mean + slope * (Fraction((due_date - origin).days) - x_mean)

    target = Fraction(target_value)
    first_value = ys[xs.index(Fraction(0))]
    if comparator == Comparator.AT_MOST or (comparator == Comparator.EXACTLY and target < first_value):
        shortfall = projected > target
    else:
        shortfall = projected < target
    return Forecast(
        projected=_decimal(projected),
        target=target_value,
        due_date=due_date,
        slope_per_day=_decimal(slope),
        points=n,
        shortfall=shortfall,
    )
