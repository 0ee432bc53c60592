"""The least-squares forecast on a scripted series, computed by hand in the docstring."""

import datetime
from decimal import Decimal

from commitments.choices import Comparator
from commitments.supervision.forecast import forecast

D = datetime.date


def test_forecast_on_a_scripted_series_matches_the_hand_computation():
    # x = 0, 10, 20; y = 2, 4, 9. x̄ = 10, ȳ = 5, Sxy = 30 + 0 + 40 = 70, Sxx = 200, slope 0.35 per day.
    # At the due date (x = 30): 5 + 0.35 × 20 = 12.
    points = [(D(2020, 1, 1), Decimal(2)), (D(2020, 1, 11), Decimal(4)), (D(2020, 1, 21), Decimal(9))]
    result = forecast(points, due_date=D(2020, 1, 31), target_value=Decimal(15))
    assert result.projected == Decimal("12.0000")
    assert result.slope_per_day == Decimal("0.3500")
    assert result.points == 3
    assert result.shortfall is True


def test_a_forecast_reaching_the_target_is_no_shortfall():
    points = [(D(2020, 1, 1), Decimal(2)), (D(2020, 1, 11), Decimal(4)), (D(2020, 1, 21), Decimal(9))]
    assert forecast(points, due_date=D(2020, 1, 31), target_value=Decimal(12)).shortfall is False


def test_a_quarterly_investment_series_projects_to_year_end():
    # 亿元 invested by 31 Mar, 30 Jun, 30 Sep 2020 (days 0, 91, 183 from 31 Mar); due 31 Dec (day 275).
    # x̄ = 274/3, ȳ = 13; Sxy = Σxy − n·x̄·ȳ = 5118 − 3562 = 1556; Sxx = Σx² − n·x̄² = 41770 − 75076/3 = 50234/3;
    # slope = 4668/50234 ≈ 0.0929 per day; projection = 13 + slope × (275 − 274/3) = 13 + 17.0672 = 30.0672 < 32.
    points = [(D(2020, 3, 31), Decimal(5)), (D(2020, 6, 30), Decimal(12)), (D(2020, 9, 30), Decimal(22))]
    result = forecast(points, due_date=D(2020, 12, 31), target_value=Decimal(32))
    assert result.projected == Decimal("30.0672")
    assert result.slope_per_day == Decimal("0.0929")
    assert result.shortfall is True


def test_no_forecast_with_fewer_than_three_values():
    assert forecast([], due_date=D(2020, 12, 31), target_value=Decimal(1)) is None
    two = [(D(2020, 3, 31), Decimal(5)), (D(2020, 6, 30), Decimal(12))]
    assert forecast(two, due_date=D(2020, 12, 31), target_value=Decimal(32)) is None


def test_values_on_the_same_date_count_once():
    same_day = [(D(2020, 3, 31), Decimal(5)), (D(2020, 3, 31), Decimal(6)), (D(2020, 6, 30), Decimal(12))]
    assert forecast(same_day, due_date=D(2020, 12, 31), target_value=Decimal(32)) is None


def test_an_at_most_target_is_short_when_projected_above_it():
    # 40, 38, 36 every 10 days: slope −0.2/day, at day 30 → 34, above a ceiling of 30.
    points = [(D(2020, 1, 1), Decimal(40)), (D(2020, 1, 11), Decimal(38)), (D(2020, 1, 21), Decimal(36))]
    result = forecast(points, due_date=D(2020, 1, 31), target_value=Decimal(30), comparator=Comparator.AT_MOST)
    assert result.projected == Decimal("34.0000")
    assert result.shortfall is True
