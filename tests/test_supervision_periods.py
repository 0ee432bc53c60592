"""Reporting periods, due dates, and missing versus late across month and quarter boundaries."""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from commitments.choices import Cadence, ReportStatus
from commitments.supervision.periods import period_of, periods_between, report_status

D = datetime.date


def test_an_update_belongs_to_the_month_of_its_as_of_date():
    assert period_of(D(2020, 3, 31)).key == "2020-03"
    assert period_of(D(2020, 4, 1)).key == "2020-04"


def test_an_update_belongs_to_the_quarter_of_its_as_of_date():
    assert period_of(D(2020, 3, 31), Cadence.QUARTERLY).key == "2020-Q1"
    assert period_of(D(2020, 4, 1), Cadence.QUARTERLY).key == "2020-Q2"
    q4 = period_of(D(2020, 11, 15), Cadence.QUARTERLY)
    assert (q4.start, q4.end) == (D(2020, 10, 1), D(2020, 12, 31))


def test_the_report_is_due_on_the_due_day_of_the_periods_last_month():
    assert period_of(D(2020, 3, 2)).due_date(25) == D(2020, 3, 25)
    assert period_of(D(2020, 2, 2), Cadence.QUARTERLY).due_date(25) == D(2020, 3, 25)


def test_a_due_day_past_a_short_month_falls_on_its_last_day():
    assert period_of(D(2020, 2, 1)).due_date(31) == D(2020, 2, 29)
    assert period_of(D(2021, 2, 1)).due_date(30) == D(2021, 2, 28)
    assert period_of(D(2020, 4, 1)).due_date(31) == D(2020, 4, 30)


def test_a_due_day_outside_1_to_31_is_refused():
    with pytest.raises(ValueError):
        period_of(D(2020, 2, 1)).due_date(0)


def test_periods_between_cover_the_months_that_overlap_the_range():
    keys = [p.key for p in periods_between(D(2020, 11, 20), D(2021, 2, 1))]
    assert keys == ["2020-11", "2020-12", "2021-01", "2021-02"]


def test_periods_between_cover_the_quarters_that_overlap_the_range():
    keys = [p.key for p in periods_between(D(2020, 6, 16), D(2020, 12, 31), Cadence.QUARTERLY)]
    assert keys == ["2020-Q2", "2020-Q3", "2020-Q4"]


def test_periods_between_an_empty_range_is_empty():
    assert list(periods_between(D(2020, 2, 1), D(2020, 1, 1))) == []


# Missing versus late: March's monthly report is due on 25 March.
MARCH_DUE = D(2020, 3, 25)


def test_a_report_submitted_by_the_due_day_is_on_time():
    assert report_status(due_date=MARCH_DUE, first_submitted_on=D(2020, 3, 25), on=D(2020, 4, 30)) == "on_time"


def test_no_report_before_the_due_day_is_pending_not_missing():
    assert report_status(due_date=MARCH_DUE, first_submitted_on=None, on=D(2020, 3, 25)) == ReportStatus.PENDING


def test_no_report_after_the_due_day_is_missing():
    assert report_status(due_date=MARCH_DUE, first_submitted_on=None, on=D(2020, 3, 26)) == ReportStatus.MISSING


def test_a_missing_report_becomes_late_when_submitted_across_the_month_boundary():
    assert report_status(due_date=MARCH_DUE, first_submitted_on=D(2020, 4, 2), on=D(2020, 4, 1)) == "missing"
    assert report_status(due_date=MARCH_DUE, first_submitted_on=D(2020, 4, 2), on=D(2020, 4, 2)) == "late"


def test_a_quarterly_report_submitted_after_the_quarter_is_late():
    q1_due = period_of(D(2020, 1, 1), Cadence.QUARTERLY).due_date(25)
    assert report_status(due_date=q1_due, first_submitted_on=D(2020, 2, 10), on=D(2020, 4, 1)) == "on_time"
    assert report_status(due_date=q1_due, first_submitted_on=D(2020, 4, 3), on=D(2020, 4, 3)) == "late"


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2099, 12, 31)), st.sampled_from(list(Cadence)))
def test_every_day_lies_in_exactly_one_period_and_periods_tile(day, cadence):
    period = period_of(day, cadence)
    assert period.contains(day)
    assert period.next().start == period.end + datetime.timedelta(days=1)
    assert period_of(period.start, cadence) == period == period_of(period.end, cadence)
