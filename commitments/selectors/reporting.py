"""Report views of the as-of evaluation: a department's scorecard and a commitment's timeline.

Both are read from the engine's evaluation (evaluation.py), never recomputed here: the scorecard
evaluates all its commitments in one bulk call, the timeline evaluates its one commitment on each
date that matters.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from ..choices import UpdateState
from ..models import Commitment, Department, ProgressUpdate, ReportedValue
from .evaluation import Evaluation, evaluate_commitments, evaluate_on_days
from .summary import summary_queryset


@dataclass(frozen=True, kw_only=True)
class ScorecardRow:
    commitment: Commitment
    role: str  # "lead" or "co"
    due_date: datetime.date
    status: str
    progress: Decimal
    expected_progress: Decimal
    rag: str
    overdue: bool
    last_approved_update: datetime.date | None
    days_since_last_update: int | None


@dataclass(frozen=True, kw_only=True)
class Scorecard:
    department: Department
    as_of: datetime.date
    commitments: list[ScorecardRow]
    overdue: list[ScorecardRow]

    @property
    def count(self) -> int:
        return len(self.commitments)

    @property
    def overdue_count(self) -> int:
        return len(self.overdue)


def department_scorecard(
    department: Department, *, as_of: datetime.date | None = None, queryset: QuerySet[Commitment] | None = None
) -> Scorecard:
    """The commitments the department leads or co-owns (within `queryset`), each as of the date (today by
    default), with its lateness and the days since its last approved update; a fixed number of queries."""
    as_of = as_of or timezone.localdate()
    scope = summary_queryset(department=department, queryset=queryset)
    evaluations = evaluate_commitments(scope, as_of=as_of)
    rows = [
        _scorecard_row(commitment, department, evaluations[commitment.pk])
        for commitment in Commitment.objects.filter(pk__in=scope.values("pk")).order_by("report", "sort_key", "pk")
    ]
    overdue = sorted((row for row in rows if row.overdue), key=lambda row: (row.due_date, row.commitment.sort_key))
    return Scorecard(department=department, as_of=as_of, commitments=rows, overdue=overdue)


def _scorecard_row(commitment: Commitment, department: Department, evaluation: Evaluation) -> ScorecardRow:
    latest = evaluation.latest_update.as_of if evaluation.latest_update else None
    return ScorecardRow(
        commitment=commitment,
        role="lead" if commitment.lead_department_id == department.pk else "co",
        # The deadline in force on the scorecard's date, which its RAG and lateness were read against.
        due_date=evaluation.due_date,
        status=evaluation.status,
        progress=evaluation.progress,
        expected_progress=evaluation.expected_progress,
        rag=evaluation.rag,
        overdue=evaluation.overdue,
        last_approved_update=latest,
        days_since_last_update=(evaluation.as_of - latest).days if latest else None,
    )


@dataclass(frozen=True, kw_only=True)
class TimelinePoint:
    date: datetime.date
    expected_progress: Decimal
    actual_progress: Decimal
    status: str
    rag: str


@dataclass(frozen=True, kw_only=True)
class Timeline:
    commitment: Commitment
    start_date: datetime.date
    clock_start: datetime.date
    due_date: datetime.date
    points: list[TimelinePoint]
    updates: list[ProgressUpdate]


def commitment_timeline(commitment: Commitment, *, today: datetime.date | None = None) -> Timeline:
    """Expected against actual progress on the start date, the day the clock starts, each approved update's
    as-of date, the due date and today (those not after today), with the approved updates in date order."""
    today = today or timezone.localdate()
    updates = list(
        ProgressUpdate.objects.filter(commitment=commitment, state=UpdateState.APPROVED)
        .order_by("as_of", "reviewed_at", "pk")
        .prefetch_related(Prefetch("values", queryset=ReportedValue.objects.order_by("target_id")))
    )
    # The day the clock starts (rules.clock_start) is a point too: the expected line rises from there.
    clock_start = commitment.clock_start_day()
    dates = {
        commitment.start_date,
        clock_start,
        commitment.due_date,
        today,
        *(update.as_of for update in updates),
    }
    points = []
    days = sorted(d for d in dates if d <= today)
    by_day = evaluate_on_days(Commitment.objects.filter(pk=commitment.pk), days)
    for day in days:
        evaluation = by_day[day][commitment.pk]
        points.append(
            TimelinePoint(
                date=day,
                expected_progress=evaluation.expected_progress,
                actual_progress=evaluation.progress,
                status=evaluation.status,
                rag=evaluation.rag,
            )
        )
    return Timeline(
        commitment=commitment,
        start_date=commitment.start_date,
        clock_start=clock_start,
        due_date=commitment.due_date,
        points=points,
        updates=updates,
    )
