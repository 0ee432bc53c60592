"""Escalation colours (督办等级), the order the office applies them in.

- red: the commitment is overdue (open past its due date), or a 督办单's reply is overdue;
- yellow: behind pace (序时进度), a periodic report missing, or a milestone past its due date;
- blue: a deadline is near, the commitment's or an open milestone's due date within ``days`` days;
- none: otherwise, and always for completed or cancelled commitments.

The worst colour wins. Red starts the day after the due date, so an item has been red for
(day − due date) days: no history is needed to know how long, and extending the due date clears it.
"""

from __future__ import annotations

import datetime

from ..choices import Colour
from ..selectors import rules

COLOUR_RANK = {Colour.NONE: 0, Colour.BLUE: 1, Colour.YELLOW: 2, Colour.RED: 3}


def escalation_colour(
    *,
    on: datetime.date,
    due_date: datetime.date,
    closed: bool = False,
    behind_pace: bool = False,
    missing_reports: int = 0,
    overdue_milestones: int = 0,
    overdue_replies: int = 0,
    nearest_deadline: datetime.date | None = None,
    days: int = 3,
) -> Colour:
    """The colour of one commitment on ``on``; ``nearest_deadline`` defaults to its due date."""
    if closed:
        return Colour.NONE
    if rules.past_due(due_date, on):  # open and past due: overdue (rules.is_overdue)
        return Colour.RED
    if overdue_replies:  # a 督办单's reply overdue (notice_colour) escalates its task
        return Colour.RED
    if behind_pace or missing_reports or overdue_milestones:
        return Colour.YELLOW
    deadline = min(due_date, nearest_deadline) if nearest_deadline else due_date
    if on <= deadline <= on + datetime.timedelta(days=days):
        return Colour.BLUE
    return Colour.NONE


def red_days(*, on: datetime.date, due_date: datetime.date, closed: bool = False) -> int:
    """How many days an item has been red: 1 on the day after its due date, 0 when not red."""
    if closed or due_date >= on:
        return 0
    return (on - due_date).days


def notice_colour(*, on: datetime.date, reply_due: datetime.date, answered: bool, days: int = 3) -> Colour:
    """The colour of a 督办单 awaiting its reply, by the same scale: red once the reply is overdue (the day
    after its deadline), blue when the deadline is within ``days`` days, none once answered."""
    if answered:
        return Colour.NONE
    if rules.past_due(reply_due, on):
        return Colour.RED
    if on <= reply_due <= on + datetime.timedelta(days=days):
        return Colour.BLUE
    return Colour.NONE
