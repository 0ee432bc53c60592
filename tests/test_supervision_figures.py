"""Pace, forecast and colour through the selectors: approved values only, a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.choices import Colour, CommitmentKind
from commitments.models import Commitment
from commitments.supervision.selectors import commitment_figures, supervision_figures

from .factories import CommitmentFactory, TargetFactory
from .supervision_world import build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world():
    world = build_world()
    world.investment = CommitmentFactory(
        chapter=world.key_projects.chapter,
        code="2.4.1",
        title="完成固定资产投资",
        kind=CommitmentKind.QUANTITATIVE,
        lead_department=world.fagai,
        start_date=D(2020, 1, 1),
        due_date=D(2020, 12, 31),
    )
    world.target = TargetFactory(commitment=world.investment, metric="完成投资", unit="亿元", target_value=Decimal(32))
    return world


def approve(world, day, value, **kwargs):
    return report(
        world, world.investment, as_of=day, submitted_on=day, approved_on=day, values=[(world.target, value)], **kwargs
    )


def test_forecast_from_three_approved_values_matches_the_hand_computation(world):
    approve(world, D(2020, 3, 31), Decimal(5))
    approve(world, D(2020, 6, 30), Decimal(12))
    approve(world, D(2020, 9, 30), Decimal(22))
    (item,) = commitment_figures(world.investment, on=D(2020, 10, 1)).targets
    # see tests/test_supervision_forecast.py: 13 + (4668/50234) × (275 − 274/3) = 30.0672
    assert item.forecast.projected == Decimal("30.0672")
    assert item.forecast.shortfall is True
    assert commitment_figures(world.investment, on=D(2020, 10, 1)).shortfall is True


def test_no_forecast_from_two_approved_values_and_a_draft(world):
    approve(world, D(2020, 3, 31), Decimal(5))
    approve(world, D(2020, 6, 30), Decimal(12))
    report(world, world.investment, as_of=D(2020, 9, 30), values=[(world.target, Decimal(22))])  # draft
    (item,) = commitment_figures(world.investment, on=D(2020, 10, 1)).targets
    assert item.forecast is None
    assert item.current_value == Decimal(12)


def test_the_forecast_as_of_a_date_uses_only_values_up_to_it(world):
    approve(world, D(2020, 3, 31), Decimal(5))
    approve(world, D(2020, 6, 30), Decimal(12))
    approve(world, D(2020, 9, 30), Decimal(22))
    (item,) = commitment_figures(world.investment, on=D(2020, 9, 29)).targets
    assert item.forecast is None


def test_pace_compares_achieved_with_elapsed_share(world):
    approve(world, D(2020, 6, 30), Decimal(8))  # a quarter of 32 by the end of June: behind 序时
    figures = commitment_figures(world.investment, on=D(2020, 7, 1))
    (item,) = figures.targets
    assert item.achieved == Decimal("0.25")
    assert item.pace.expected == Decimal("0.486")  # 173 of 356 days from the delivery on 10 January
    assert item.pace.behind is True
    assert figures.colour == Colour.YELLOW


def test_colour_is_red_when_overdue_and_counts_red_days(world):
    figures = commitment_figures(world.investment, on=D(2021, 1, 5))
    assert (figures.colour, figures.red_days) == (Colour.RED, 5)


def test_a_missing_report_turns_an_item_yellow(world):
    approve(world, D(2020, 1, 20), Decimal(1))
    # February's report (due 25 February) is missing on the 26th; progress is not behind yet.
    world.target.target_value = Decimal(2)
    world.target.save()
    figures = commitment_figures(world.investment, on=D(2020, 2, 26))
    assert figures.missing_reports == 1
    assert figures.colour == Colour.YELLOW


def test_figures_query_count_does_not_grow_with_the_commitments(world):
    def run():
        supervision_figures(Commitment.objects.all(), on=D(2020, 10, 1))

    approve(world, D(2020, 3, 31), Decimal(5))
    few = Commitment.objects.count()
    before = CaptureQueriesContext(connection)
    with before:
        run()
    for n in range(30):
        extra = CommitmentFactory(chapter=world.key_projects.chapter, code=f"8.{n}", lead_department=world.gongxin)
        TargetFactory(commitment=extra, metric="完成投资")
    after = CaptureQueriesContext(connection)
    with after:
        run()
    assert Commitment.objects.count() > few + 25
    assert len(before.captured_queries) == len(after.captured_queries)


def test_todays_figures_read_from_the_stored_standing_equal_the_engines_evaluation(world):
    from django.utils import timezone

    from commitments.selectors import evaluate_commitments
    from commitments.supervision.selectors import stored_evaluations

    approve(world, D(2020, 3, 31), Decimal(5))
    approve(world, D(2020, 6, 30), Decimal(12))
    today = timezone.localdate()
    scope = Commitment.objects.all()
    engine = evaluate_commitments(scope, as_of=today)
    stored = stored_evaluations(list(scope), on=today)
    assert stored.keys() == engine.keys() and len(stored) > 3

    def seen(evaluation):
        return (
            evaluation.progress,
            evaluation.status,
            evaluation.rag,
            evaluation.expected_progress,
            evaluation.overdue,
            evaluation.current_values,
            set(evaluation.milestones_done),
        )

    assert {pk: seen(item) for pk, item in stored.items()} == {pk: seen(item) for pk, item in engine.items()}
