"""The tracking rules as pure functions: target progress, expected progress, RAG."""

import datetime
from decimal import Decimal

import pytest

from commitments.choices import CommitmentKind, CommitmentStatus, Comparator, Rag
from commitments.models import Target
from commitments.selectors import expected_progress, target_met, target_progress
from commitments.selectors.rules import leaf_progress, rag, target_state

D = Decimal


def target(comparator=Comparator.AT_LEAST, baseline=None, goal="50") -> Target:
    return Target(comparator=comparator, baseline_value=None if baseline is None else D(baseline), target_value=D(goal))


@pytest.mark.parametrize(
    "baseline, current, expected",
    [
        (None, None, "0.00"),  # nothing reported, baseline None counts as 0
        (None, "10", "20.00"),
        ("10", "30", "50.00"),  # (30 − 10) / (50 − 10)
        ("10", "5", "0.00"),  # below the baseline clamps to 0
        ("10", "80", "100.00"),  # beyond the target clamps to 100
        (None, "50", "100.00"),
    ],
)
def test_at_least_target_progress_is_the_share_of_the_way_from_baseline(baseline, current, expected):
    subject = target(baseline=baseline)
    assert target_progress(subject, None if current is None else D(current)) == D(expected)


@pytest.mark.parametrize(
    "current, expected",
    [
        (None, "0.00"),  # still at the baseline
        ("95", "25.00"),  # (100 − 95) / (100 − 80)
        ("80", "100.00"),
        ("60", "100.00"),  # better than the target clamps to 100
        ("120", "0.00"),  # worse than the baseline clamps to 0
    ],
)
def test_at_most_target_progress_is_measured_on_the_way_down(current, expected):
    subject = target(Comparator.AT_MOST, baseline="100", goal="80")
    assert target_progress(subject, None if current is None else D(current)) == D(expected)


def test_at_most_target_is_met_at_or_below_the_target():
    subject = target(Comparator.AT_MOST, baseline="100", goal="80")
    assert target_met(subject, D("80")) and target_met(subject, D("79"))
    assert not target_met(subject, D("80.01"))


def test_at_most_target_without_baseline_is_met_or_not():
    subject = target(Comparator.AT_MOST, baseline=None, goal="80")
    assert target_progress(subject, None) == D("0.00")
    assert target_progress(subject, D("81")) == D("0.00")
    assert target_progress(subject, D("80")) == D("100.00")


@pytest.mark.parametrize("comparator", [Comparator.AT_LEAST, Comparator.AT_MOST, Comparator.EXACTLY])
def test_target_equal_to_baseline_counts_as_met_without_dividing_by_zero(comparator):
    subject = target(comparator, baseline="53", goal="53")
    assert target_progress(subject, None) == D("100.00")
    assert target_met(subject, None)
    assert target_progress(subject, D("53")) == D("100.00")


def test_target_the_baseline_already_beats_counts_as_met():
    assert target_progress(target(baseline="60", goal="53"), None) == D("100.00")
    assert target_progress(target(Comparator.AT_MOST, baseline="70", goal="80"), None) == D("100.00")


def test_met_baseline_target_fails_when_a_reported_value_falls_short():
    subject = target(baseline="60", goal="53")
    assert target_progress(subject, D("50")) == D("0.00")
    assert not target_met(subject, D("50"))


def test_exactly_target_loses_progress_when_overshot():
    subject = target(Comparator.EXACTLY, baseline="0", goal="10")
    assert target_progress(subject, D("5")) == D("50.00")
    assert target_progress(subject, D("10")) == D("100.00")
    assert target_progress(subject, D("12")) == D("80.00")  # 2 past the target of a 10-long way
    assert target_met(subject, D("10")) and not target_met(subject, D("12"))


def test_target_progress_rounds_half_up_to_two_places():
    assert target_progress(target(goal="3"), D("1")) == D("33.33")
    assert target_progress(target(goal="3"), D("2")) == D("66.67")


def test_leaf_progress_of_targets_is_their_weighted_mean():
    progress = leaf_progress(
        kind=CommitmentKind.QUANTITATIVE,
        target_progress=[(D(20), D(3)), (D(60), D(1))],
        milestones_done=0,
        milestones_total=0,
        percent=None,
    )
    assert progress == D(30)  # (20×3 + 60×1) / 4


def test_leaf_progress_of_milestones_is_the_share_done():
    progress = leaf_progress(
        kind=CommitmentKind.MILESTONE, target_progress=[], milestones_done=1, milestones_total=4, percent=None
    )
    assert progress == D(25)


def test_leaf_progress_with_targets_and_milestones_weighs_each_half():
    progress = leaf_progress(
        kind=CommitmentKind.QUANTITATIVE,
        target_progress=[(D(80), D(1))],
        milestones_done=1,
        milestones_total=2,
        percent=None,
    )
    assert progress == D(65)  # (80 + 50) / 2


def test_ongoing_progress_is_the_latest_percent_and_zero_before_any():
    kwargs = {"kind": CommitmentKind.ONGOING, "target_progress": [], "milestones_done": 0, "milestones_total": 0}
    assert leaf_progress(percent=D("42.5"), **kwargs) == D("42.5")
    assert leaf_progress(percent=None, **kwargs) == 0


def test_target_state_keeps_exact_fractions_for_combining():
    progress, met = target_state(Comparator.AT_LEAST, None, D(3), D(1))
    assert progress * 3 == pytest.approx(D(100))
    assert not met


START, DUE = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)


@pytest.mark.parametrize(
    "on, expected",
    [
        (datetime.date(2019, 12, 31), "0.00"),
        (START, "0.00"),
        (datetime.date(2020, 7, 2), "50.14"),  # 183 of 365 days
        (DUE, "100.00"),
        (datetime.date(2021, 3, 1), "100.00"),
    ],
)
def test_expected_progress_is_the_elapsed_share_of_the_schedule(on, expected):
    assert expected_progress(START, DUE, on) == D(expected)


def test_expected_progress_when_start_equals_due_is_0_before_and_100_from_that_day():
    the_day = datetime.date(2020, 6, 30)
    assert expected_progress(the_day, the_day, datetime.date(2020, 6, 29)) == D(0)
    assert expected_progress(the_day, the_day, the_day) == D(100)
    assert expected_progress(the_day, the_day, datetime.date(2020, 7, 1)) == D(100)


def rag_on(progress, expected, on=datetime.date(2020, 7, 1), status=CommitmentStatus.IN_PROGRESS):
    return rag(status=status, progress=D(progress), expected=D(expected), start=START, due=DUE, on=on, tolerance=D(10))


@pytest.mark.parametrize(
    "progress, expected, label",
    [
        ("50", "50", Rag.GREEN),
        ("40", "50", Rag.GREEN),  # exactly the tolerance behind is still green
        ("39.99", "50", Rag.AMBER),
        ("30", "50", Rag.AMBER),  # exactly twice the tolerance behind is amber
        ("29.99", "50", Rag.RED),
        ("90", "50", Rag.GREEN),  # ahead of plan
    ],
)
def test_rag_compares_progress_with_expected_within_the_tolerance(progress, expected, label):
    assert rag_on(progress, expected) == label


def test_rag_is_red_past_the_due_date_unless_completed():
    after = datetime.date(2021, 1, 1)
    assert rag_on("99", "100", on=after) == Rag.RED
    assert rag_on("100", "100", on=after, status=CommitmentStatus.COMPLETED) == Rag.COMPLETED


def test_rag_labels_cancelled_and_not_yet_due():
    assert rag_on("0", "0", status=CommitmentStatus.CANCELLED) == Rag.CANCELLED
    assert rag_on("0", "0", on=datetime.date(2019, 12, 1)) == Rag.NOT_DUE


def test_tolerance_comes_from_the_setting(settings, db):
    from commitments.selectors.evaluation import tolerance

    settings.TRACKER_RAG_TOLERANCE = 5
    assert tolerance() == D(5)
