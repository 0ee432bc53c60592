"""rules.rag_expression, rules.rag inside a query (the as-of summary), gives the same RAG on generated cases."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db.models import DecimalField, Value

from commitments.choices import CommitmentStatus
from commitments.models import Department
from commitments.selectors import rules

D = Decimal


def cases(count: int, seed: int = 7):
    """Random cases, a third of them on or next to the amber and red boundaries (where rounding matters)."""
    rng = random.Random(seed)
    for _ in range(count):
        start = datetime.date(2020, 1, 1) + datetime.timedelta(days=rng.randint(0, 400))
        due = start + datetime.timedelta(days=rng.choice([0, 1, 3, 7, 40, 160, 365, 4000, rng.randint(0, 900)]))
        on = start + datetime.timedelta(days=rng.randint(-30, (due - start).days + 30))
        tolerance = rng.choice([D(10), D(0), D("7.5"), D("12.345"), D(5)])
        expected = rules.expected_progress(start, due, on)
        status = rng.choice([*CommitmentStatus.values, CommitmentStatus.IN_PROGRESS, CommitmentStatus.NOT_STARTED])
        if rng.random() < 0.35:
            edge = rng.choice([tolerance, 2 * tolerance]) + rng.choice([D("-0.01"), D(0), D("0.01")])
            progress = rules.clamp_percent(rules.round_percent(expected - edge))
        else:
            progress = D(rng.randint(0, 10000)) / 100
        yield status, progress, start, due, on, tolerance


def sql_rag(status, progress, start, due, on, tolerance) -> str:
    """The RAG the database computes with rules.rag_expression for one case."""
    expression = rules.rag_expression(
        status=Value(status),
        progress=Value(progress, output_field=DecimalField(max_digits=5, decimal_places=2)),
        start=Value(start),
        due=Value(due),
        on=on,
        tolerance=tolerance,
    )
    return Department.objects.annotate(rag=expression).values_list("rag", flat=True).get()


@pytest.fixture(autouse=True)
def one_row(db):
    Department.objects.create(name="一行")


def test_rag_expression_agrees_with_rag_on_generated_cases():
    disagreements = []
    for status, progress, start, due, on, tolerance in cases(600):
        expected = rules.expected_progress(start, due, on)
        python = rules.rag(
            status=status, progress=progress, expected=expected, start=start, due=due, on=on, tolerance=tolerance
        )
        sql = sql_rag(status, progress, start, due, on, tolerance)
        if sql != python:
            disagreements.append((status, progress, start, due, on, tolerance, python, sql))
    assert disagreements == []


@pytest.mark.parametrize(
    ("progress", "rag"),
    [(D("74.79"), "green"), (D("64.79"), "green"), (D("64.78"), "amber"), (D("54.79"), "amber"), (D("54.78"), "red")],
)
def test_rag_expression_boundaries_on_2020_09_30(progress, rag):
    # Expected on 2020-09-30: 273 of 365 days = 74.79; amber beyond 10 behind, red beyond 20.
    start, due, on = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), datetime.date(2020, 9, 30)
    assert sql_rag(CommitmentStatus.IN_PROGRESS, progress, start, due, on, D(10)) == rag
