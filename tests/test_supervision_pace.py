"""序时进度: achieved share of the target against elapsed share of the period."""

import datetime
from decimal import Decimal

from commitments.choices import Comparator
from commitments.supervision.pace import achieved_share, elapsed_share, pace

D = datetime.date


def test_elapsed_share_is_days_since_start_over_days_from_start_to_due():
    # 1 January to 31 December 2020 is 365 days apart; 30 June is 181 days after the start.
    assert elapsed_share(start=D(2020, 1, 1), due=D(2020, 12, 31), on=D(2020, 6, 30)) == Decimal("0.4959")


def test_elapsed_share_is_zero_before_start_and_one_from_due():
    assert elapsed_share(start=D(2020, 1, 1), due=D(2020, 12, 31), on=D(2019, 12, 31)) == 0
    assert elapsed_share(start=D(2020, 1, 1), due=D(2020, 12, 31), on=D(2021, 3, 1)) == 1


def test_achieved_share_of_an_at_least_target_runs_from_the_baseline():
    share = achieved_share(comparator=Comparator.AT_LEAST, target=Decimal(32), current=Decimal(16))
    assert share == Decimal("0.5")
    share = achieved_share(comparator=Comparator.AT_LEAST, baseline=Decimal(10), target=Decimal(30), current=15)
    assert share == Decimal("0.25")


def test_achieved_share_of_an_at_most_target_counts_the_reduction():
    # PM2.5 from 40 down to at most 30: at 35 half the way is done.
    share = achieved_share(comparator=Comparator.AT_MOST, baseline=Decimal(40), target=Decimal(30), current=35)
    assert share == Decimal("0.5")


def test_no_current_value_means_no_share():
    assert achieved_share(comparator=Comparator.AT_LEAST, target=Decimal(5), current=None) is None


def test_behind_pace_only_beyond_the_tolerance():
    assert pace(achieved=Decimal("0.40"), expected=Decimal("0.50"), tolerance_points=10).behind is False
    behind = pace(achieved=Decimal("0.39"), expected=Decimal("0.50"), tolerance_points=10)
    assert behind.behind is True
    assert behind.gap_points == Decimal("-11.00")
