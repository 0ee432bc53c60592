"""Reporting periods: which period an update belongs to, when its report is due, missing versus late.

The rules (docs/supervision.md, "Reporting cadence"):

- A commitment reports monthly (the default) or quarterly. Periods are calendar months or calendar
  quarters (Q1 = January–March).
- An update belongs to the period that contains its ``as_of`` date.
- The report for a period is due on the commitment's due day of the period's *last* month (a monthly
  report for March is due on 25 March, the Q1 report too): "每月25日前报送当月进展". A due day past the
  end of a short month falls on the month's last day (31 → 30 April, 28/29 February).
- On a given day a period's report is *on time* when an update for the period was first submitted on or
  before the due date, *late* when it was first submitted after it, *missing* when the due date has
  passed and nothing was submitted, and *pending* before that. A missing report becomes late once
  submitted: late is permanent, missing is not.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from ..choices import Cadence, ReportStatus

DEFAULT_DUE_DAY = 25


@dataclass(frozen=True, order=True)
class Period:
    """One calendar month or quarter; ``key`` reads '2020-03' or '2020-Q1'."""

    start: datetime.date
    end: datetime.date
    cadence: str

    @property
    def key(self) -> str:
        if self.cadence == Cadence.QUARTERLY:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start:%Y-%m}"

    def __str__(self) -> str:
        return self.key

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def due_date(self, due_day: int = DEFAULT_DUE_DAY) -> datetime.date:
        """The due day of the period's last month, clamped to that month's length."""
        if not 1 <= due_day <= 31:
            raise ValueError(f"A due day is between 1 and 31, not {due_day}.")
        last_day = calendar.monthrange(self.end.year, self.end.month)[1]
        return self.end.replace(day=min(due_day, last_day))

    def next(self) -> Period:
        return period_of(self.end + datetime.timedelta(days=1), self.cadence)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_of(day: datetime.date, cadence: str = Cadence.MONTHLY) -> Period:
    """The period containing ``day``: the period an update with this as-of date reports for."""
    if cadence == Cadence.MONTHLY:
        return Period(day.replace(day=1), _month_end(day.year, day.month), Cadence.MONTHLY)
    if cadence == Cadence.QUARTERLY:
        first_month = (day.month - 1) // 3 * 3 + 1
        return Period(datetime.date(day.year, first_month, 1), _month_end(day.year, first_month + 2), Cadence.QUARTERLY)
    raise ValueError(f"Unknown cadence {cadence!r}.")


def periods_between(start: datetime.date, end: datetime.date, cadence: str = Cadence.MONTHLY) -> Iterator[Period]:
    """Every period that overlaps [start, end], in order."""
    if end < start:
        return
    period = period_of(start, cadence)
    while period.start <= end:
        yield period
        period = period.next()


def report_status(
    *, due_date: datetime.date, first_submitted_on: datetime.date | None, on: datetime.date
) -> ReportStatus:
    """On time, late, missing or pending, for one period's report as seen on ``on``."""
    if first_submitted_on is not None and first_submitted_on <= on:
        return ReportStatus.ON_TIME if first_submitted_on <= due_date else ReportStatus.LATE
    return ReportStatus.MISSING if on > due_date else ReportStatus.PENDING


def quarter_ends(start: datetime.date, due: datetime.date) -> list[datetime.date]:
    """The quarterly nodes (季度节点) of a task whose clock runs from `start` to `due`: the last day of each
    calendar quarter after `start`, up to the quarter of `due`, whose node falls on `due` itself when the
    task ends before its quarter does."""
    return [
        min(period.end, due)
        for period in periods_between(start, due, Cadence.QUARTERLY)
        if min(period.end, due) > start
    ]
