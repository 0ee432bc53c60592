"""Report figures: how many commitments stand where, overall, by chapter and by lead department.

Today's figures come from the stored fields, grouped in the database in one query. A past date's come
from the as-of evaluation of every commitment in scope (a fixed number of queries too). Both feed the
same tally, so the two paths cannot count differently.

Every commitment in scope is counted, parents and children alike (each is a row of the task table).
Cancelled commitments are counted under their status and RAG but left out of the mean progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import BooleanField, Case, Count, DecimalField, Q, QuerySet, Sum, Value, When
from django.utils import timezone

from ..choices import CLOSED_STATUSES, CommitmentStatus, Rag
from ..models import Chapter, Commitment, CoResponsibility, Department, Report
from . import rules
from .evaluation import evaluate_commitments


@dataclass(frozen=True, kw_only=True)
class Tally:
    count: int
    by_status: dict[str, int]
    by_rag: dict[str, int]
    # Mean progress of the non-cancelled commitments, or None when there are none.
    mean_progress: Decimal | None
    overdue: int


@dataclass(frozen=True, kw_only=True)
class GroupTally(Tally):
    id: int
    label: str


@dataclass(frozen=True, kw_only=True)
class Summary(Tally):
    # None for today's stored figures.
    as_of: datetime.date | None
    by_chapter: list[GroupTally]
    by_department: list[GroupTally]


@dataclass(frozen=True)
class _Row:
    """A group of commitments alike in chapter, lead department, status, RAG and lateness."""

    chapter: tuple[int, str, int]  # id, label, number
    department: tuple[int, str]
    status: str
    rag: str
    overdue: bool
    count: int
    progress_sum: Decimal


class _Accumulator:
    def __init__(self) -> None:
        self.count = self.overdue = self.active = 0
        self.progress_sum = Decimal(0)
        self.by_status = {status: 0 for status in CommitmentStatus.values}
        self.by_rag = {value: 0 for value in Rag.values}

    def add(self, row: _Row) -> None:
        self.count += row.count
        self.by_status[row.status] = self.by_status.get(row.status, 0) + row.count
        self.by_rag[row.rag] = self.by_rag.get(row.rag, 0) + row.count
        self.overdue += row.count if row.overdue else 0
        if row.status != CommitmentStatus.CANCELLED:
            self.active += row.count
            self.progress_sum += row.progress_sum

    def fields(self) -> dict:
        mean = rules.round_percent(self.progress_sum / self.active) if self.active else None
        return {
            "count": self.count,
            "by_status": self.by_status,
            "by_rag": self.by_rag,
            "mean_progress": mean,
            "overdue": self.overdue,
        }


def summary_queryset(
    *,
    report: Report | None = None,
    chapter: Chapter | None = None,
    department: Department | None = None,
    queryset: QuerySet[Commitment] | None = None,
) -> QuerySet[Commitment]:
    """The commitments a summary covers; `department` matches the lead or a co-responsible department."""
    # A given queryset may join (e.g. for_department()); counting over its ids keeps every row single.
    queryset = Commitment.objects.all() if queryset is None else Commitment.objects.filter(pk__in=queryset.values("pk"))
    if report is not None:
        queryset = queryset.filter(report=report)
    if chapter is not None:
        queryset = queryset.filter(chapter=chapter)
    if department is not None:
        # A subquery rather than a join, so no commitment is counted twice.
        co_owned = CoResponsibility.objects.filter(department=department).values("commitment")
        queryset = queryset.filter(Q(lead_department=department) | Q(pk__in=co_owned))
    return queryset


def progress_summary(
    *,
    report: Report | None = None,
    as_of: datetime.date | None = None,
    chapter: Chapter | None = None,
    department: Department | None = None,
    queryset: QuerySet[Commitment] | None = None,
) -> Summary:
    """Counts by status and RAG, mean progress and overdue count, overall, by chapter and by lead department;
    from the stored fields when as_of is None, else as of that date. `queryset` narrows the scope (e.g. to
    what a user may see)."""
    scope = summary_queryset(report=report, chapter=chapter, department=department, queryset=queryset)
    rows = _stored_rows(scope) if as_of is None else _evaluated_rows(scope, as_of)
    return _tally(rows, as_of)


def _stored_rows(scope: QuerySet[Commitment]) -> Iterable[_Row]:
    overdue = Q(due_date__lt=timezone.localdate()) & ~Q(status__in=CLOSED_STATUSES)
    grouped = (
        scope.annotate(late=Case(When(overdue, then=Value(True)), default=Value(False), output_field=BooleanField()))
        .values(
            "chapter_id",
            "chapter__number",
            "chapter__title",
            "lead_department_id",
            "lead_department__name",
            "status",
            "rag",
            "late",
        )
        .annotate(
            n=Count("id"),
            # Wide enough for the sum of many percentages.
            progress_sum=Sum("progress", output_field=DecimalField(max_digits=20, decimal_places=2)),
        )
        .order_by()
    )
    for row in grouped:
        yield _Row(
            chapter=(
                row["chapter_id"],
                f"{row['chapter__number']}. {row['chapter__title']}",
                row["chapter__number"],
            ),
            department=(row["lead_department_id"], row["lead_department__name"]),
            status=row["status"],
            rag=row["rag"],
            overdue=row["late"],
            count=row["n"],
            progress_sum=Decimal(row["progress_sum"] or 0),
        )


def _evaluated_rows(scope: QuerySet[Commitment], as_of: datetime.date) -> Iterable[_Row]:
    evaluations = evaluate_commitments(scope, as_of=as_of)
    commitments = Commitment.objects.filter(pk__in=scope.values("pk")).select_related("chapter", "lead_department")
    for commitment in commitments.order_by():
        evaluation = evaluations[commitment.pk]
        yield _Row(
            chapter=(commitment.chapter_id, str(commitment.chapter), commitment.chapter.number),
            department=(commitment.lead_department_id, commitment.lead_department.name),
            status=evaluation.status,
            rag=evaluation.rag,
            overdue=evaluation.overdue,
            count=1,
            progress_sum=evaluation.progress,
        )


def _tally(rows: Iterable[_Row], as_of: datetime.date | None) -> Summary:
    total = _Accumulator()
    chapters: dict[tuple[int, str, int], _Accumulator] = {}
    departments: dict[tuple[int, str], _Accumulator] = {}
    for row in rows:
        total.add(row)
        chapters.setdefault(row.chapter, _Accumulator()).add(row)
        departments.setdefault(row.department, _Accumulator()).add(row)
    return Summary(
        as_of=as_of,
        by_chapter=[
            GroupTally(id=key[0], label=key[1], **acc.fields())
            for key, acc in sorted(chapters.items(), key=lambda item: (item[0][2], item[0][0]))
        ],
        by_department=[
            GroupTally(id=key[0], label=key[1], **acc.fields())
            for key, acc in sorted(departments.items(), key=lambda item: item[0][1])
        ],
        **total.fields(),
    )
