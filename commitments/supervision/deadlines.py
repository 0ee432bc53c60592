"""A source kind's default deadline (docs/rules.md, "A source's reply period").

人大代表建议 and 政协提案 are answered within three months of their assignment (代表法 and the CPPCC's rules
on proposals): a commitment created in such a source without a due date is due three months after its
start date, the day it was assigned (the source's assignment day when the start is not given either).
Other kinds carry no default: their deadline is set with the task.
"""

from __future__ import annotations

import calendar
import datetime

from ..choices import SourceKind

REPLY_MONTHS: dict[str, int] = {
    SourceKind.NPC_SUGGESTION: 3,
    SourceKind.CPPCC_PROPOSAL: 3,
}


def reply_months(kind: str) -> int | None:
    """The source kind's reply period in months, or None when the kind has no default deadline."""
    return REPLY_MONTHS.get(kind)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, on the month's last day when that month is shorter (30 Nov + 3 → 28/29 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def default_due_date(kind: str, assigned_on: datetime.date | None) -> datetime.date | None:
    """The due date a commitment of the kind gets when none is given: the assignment day plus the kind's
    reply period; None when the kind has none or the assignment day is unknown."""
    months = reply_months(kind)
    if months is None or assigned_on is None:
        return None
    return add_months(assigned_on, months)
