"""rules.rag_sql, the SQL twin of rules.rag the as-of summary uses, gives the same RAG on generated cases."""

import datetime
import random
from decimal import Decimal

import pytest
from django.db import connection

from commitments.choices import CommitmentStatus
from commitments.selectors import rules

pytestmark = pytest.mark.django_db

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
    postgres = connection.vendor == "postgresql"
    # Typed on PostgreSQL; SQLite compares ISO date strings and converts the decimal text by itself.
    if postgres:
        columns = "CAST(%s AS VARCHAR), CAST(%s AS NUMERIC), CAST(%s AS DATE), CAST(%s AS DATE)"
    else:
        columns = "%s, %s, %s, %s"
    expression = rules.rag_sql(
        status="t.status",
        progress="t.progress",
        start="t.start_date",
        due="t.due_date",
        on=on,
        tolerance=tolerance,
        vendor=connection.vendor,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {expression} FROM (SELECT {_named(columns)}) t",
            [status, progress, start.isoformat(), due.isoformat()],
        )
        return cursor.fetchone()[0]


def _named(columns: str) -> str:
    parts = [part.strip() for part in columns.split(", ")]
    names = ["status", "progress", "start_date", "due_date"]
    return ", ".join(f"{part} AS {name}" for part, name in zip(parts, names, strict=True))


def test_rag_sql_agrees_with_rag_on_generated_cases():
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
def test_rag_sql_boundaries_on_2020_09_30(progress, rag):
    # Expected on 2020-09-30: 273 of 365 days = 74.79; amber beyond 10 behind, red beyond 20.
    start, due, on = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31), datetime.date(2020, 9, 30)
    assert sql_rag(CommitmentStatus.IN_PROGRESS, progress, start, due, on, D(10)) == rag
