"""序时进度: achieved share of the target against elapsed share of the period."""

import datetime
from decimal import Decimal

from commitments.choices import Comparator
from commitments.selectors import rules
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


# One truth: the pace measures targets and time with the engine's own rules (selectors/rules.py).


def test_an_about_target_met_by_the_engine_is_fully_achieved_in_the_pace():
    # "About 100" counts from 90 (TRACKER_ABOUT_TOLERANCE 10%): 92 is met, so the pace may not say 0.92.
    progress, met = rules.target_state(Comparator.ABOUT, None, Decimal(100), Decimal(92))
    assert (progress, met) == (Decimal(100), True)
    assert achieved_share(comparator=Comparator.ABOUT, target=Decimal(100), current=Decimal(92)) == 1


def test_overshooting_an_exact_target_loses_the_same_share_in_the_engine_and_the_pace():
    progress, met = rules.target_state(Comparator.EXACTLY, None, Decimal(100), Decimal(120))
    assert (progress, met) == (Decimal(80), False)
    assert achieved_share(comparator=Comparator.EXACTLY, target=Decimal(100), current=Decimal(120)) == Decimal("0.8")


def test_elapsed_share_rounds_as_the_engine_expected_progress_does():
    start = D(2020, 1, 1)
    # 1 day of 160 is 0.625%: half up to 0.63%, as the engine and RAG read it (half-even would give 0.62%).
    assert elapsed_share(
        start=start, due=start + datetime.timedelta(days=160), on=start + datetime.timedelta(days=1)
    ) == (Decimal("0.0063"))
    for span in (1, 7, 80, 160, 365, 366, 1000):
        due = start + datetime.timedelta(days=span)
        for elapsed in range(-2, span + 3, max(1, span // 40)):
            on = start + datetime.timedelta(days=elapsed)
            assert elapsed_share(start=start, due=due, on=on) * 100 == rules.expected_progress(start, due, on)
