"""Escalation colours: red overdue, yellow behind or missing, blue a deadline near."""

import datetime

from commitments.choices import Colour
from commitments.supervision.colours import escalation_colour, red_days

D = datetime.date
DUE = D(2020, 12, 31)


def test_an_open_commitment_past_its_due_date_is_red():
    assert escalation_colour(on=D(2021, 1, 1), due_date=DUE) == Colour.RED


def test_red_outranks_yellow():
    assert escalation_colour(on=D(2021, 1, 1), due_date=DUE, behind_pace=True, missing_reports=2) == Colour.RED


def test_behind_pace_or_a_missing_report_or_a_late_milestone_is_yellow():
    on = D(2020, 6, 1)
    assert escalation_colour(on=on, due_date=DUE, behind_pace=True) == Colour.YELLOW
    assert escalation_colour(on=on, due_date=DUE, missing_reports=1) == Colour.YELLOW
    assert escalation_colour(on=on, due_date=DUE, overdue_milestones=1) == Colour.YELLOW


def test_a_due_date_within_the_window_is_blue():
    assert escalation_colour(on=D(2020, 12, 28), due_date=DUE, days=3) == Colour.BLUE
    assert escalation_colour(on=D(2020, 12, 27), due_date=DUE, days=3) == Colour.NONE
    assert escalation_colour(on=DUE, due_date=DUE, days=3) == Colour.BLUE


def test_a_milestone_deadline_within_the_window_is_blue():
    colour = escalation_colour(on=D(2020, 6, 1), due_date=DUE, nearest_deadline=D(2020, 6, 3))
    assert colour == Colour.BLUE


def test_closed_commitments_have_no_colour():
    assert escalation_colour(on=D(2021, 1, 1), due_date=DUE, closed=True) == Colour.NONE


def test_red_days_count_from_the_day_after_the_due_date():
    assert red_days(on=DUE, due_date=DUE) == 0
    assert red_days(on=D(2021, 1, 1), due_date=DUE) == 1
    assert red_days(on=D(2021, 1, 7), due_date=DUE) == 7
    assert red_days(on=D(2021, 1, 7), due_date=DUE, closed=True) == 0
