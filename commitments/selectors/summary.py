"""Report figures: how many commitments stand where, overall, by chapter and by lead department.

Read through the ORM, aggregated in the database: one grouped query by chapter, one by lead department
(the totals are the sum of the chapters, as every commitment has exactly one), and the groups' labels.
Today's figures come from the stored fields, which the tracking service alone writes. A past date's come
from the progress snapshots (models.ProgressSnapshot: for each commitment, the one in force on the date),
which the tracking service wrote from the engine's own evaluation; RAG and lateness on that date are the
rules' own query expressions (rules.rag_expression, rules.overdue_condition). A commitment with no
snapshot at all (loaded around the services, e.g. by a fixture, and not yet recomputed) counts as not
started with no progress, as it has no history.

Every commitment in scope is counted, parents and children alike (each is a row of the task table).
Cancelled commitments are counted under their status and RAG but left out of the mean progress.
"""

from __future__ import annotations

import datetime
import operator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Case, Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import CommitmentStatus, Rag
from ..models import PERCENT_DIGITS, Chapter, Commitment, Department, Report
from . import rules
from .evaluation import tolerance
from .expressions import Hundredths

# Computed once: TextChoices.values builds a new list on every access, which shows at 3,600 groups.
STATUSES, RAGS = tuple(CommitmentStatus.values), tuple(Rag.values)
PERCENT_FIELD = DecimalField(**PERCENT_DIGITS)


# Not frozen: 3,600 frozen instances (one per chapter and department) cost milliseconds to build.
@dataclass(kw_only=True)
class Tally:
    count: int
    by_status: dict[str, int]
    by_rag: dict[str, int]
    # Mean progress of the non-cancelled commitments, or None when there are none.
    mean_progress: Decimal | None
    overdue: int


@dataclass(kw_only=True)
class GroupTally(Tally):
    id: int
    label: str


@dataclass(kw_only=True)
class Summary(Tally):
    # None for today's stored figures.
    as_of: datetime.date | None
    by_chapter: list[GroupTally]
    by_department: list[GroupTally]


def summary_queryset(
    *,
    report: Report | None = None,
    chapter: Chapter | None = None,
    department: Department | None = None,
    queryset: QuerySet[Commitment] | None = None,
) -> QuerySet[Commitment]:
    """The commitments a summary covers; `department` matches the lead or a co-responsible department."""
    # A given queryset may join (e.g. for_department()); counting over its ids keeps every row single.
    if queryset is None or not queryset.query.where:
        queryset = Commitment.objects.all()  # every commitment: no subquery of all ids to join against
    else:
        queryset = Commitment.objects.filter(pk__in=queryset.order_by().values("pk"))
    if report is not None:
        queryset = queryset.filter(report=report)
    if chapter is not None:
        queryset = queryset.filter(chapter=chapter)
    if department is not None:
        queryset = queryset.for_department(department)  # a subquery: no commitment is counted twice
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
    figures = _figures(scope, as_of).order_by()
    chapter_rows = figures.values("chapter_id", "chapter__number", "chapter__title").annotate(**_counters())
    department_rows = figures.values("lead_department_id", "lead_department__name").annotate(**_counters())
    return _tally(list(chapter_rows), list(department_rows), as_of)


def _figures(scope: QuerySet[Commitment], as_of: datetime.date | None) -> QuerySet[Commitment]:
    """The scope with each commitment's figures as the summary counts them: f_status, f_progress, f_rag and
    f_late, from the stored fields (today) or from the progress snapshot in force on as_of (a commitment with
    no snapshot yet counts as not started with no progress), RAG and lateness by the rules' own expressions."""
    if as_of is None:
        day = timezone.localdate()
        figures = scope.annotate(f_status=F("status"), f_progress=F("progress"), f_rag=F("rag"))
    else:
        day = as_of
        in_force = Q(snapshots__effective_on__lte=day) & (
            Q(snapshots__effective_until__isnull=True) | Q(snapshots__effective_until__gt=day)
        )
        figures = scope.annotate(in_force=FilteredRelation("snapshots", condition=in_force)).annotate(
            f_status=Coalesce(F("in_force__status"), Value(CommitmentStatus.NOT_STARTED)),
            f_progress=Coalesce(F("in_force__progress"), Value(rules.ZERO, output_field=PERCENT_FIELD)),
        )
        figures = figures.annotate(
            f_rag=rules.rag_expression(status=F("f_status"), progress=F("f_progress"), on=day, tolerance=tolerance())
        )
    late = Case(When(rules.overdue_condition(day, status="f_status"), then=Value(1)), default=Value(0))
    return figures.annotate(f_late=late)


def _counters() -> dict:
    """Per group: the count, by status, by RAG (and unrated), overdue, the non-cancelled count and the sum of
    their progress in whole hundredths (exact on SQLite too, which sums floats)."""
    counting = ~Q(f_status=CommitmentStatus.CANCELLED)
    return {
        "n": Count("pk"),
        **{f"s_{status}": Count("pk", filter=Q(f_status=status)) for status in STATUSES},
        **{f"r_{value}": Count("pk", filter=Q(f_rag=value)) for value in RAGS},
        "r_blank": Count("pk", filter=Q(f_rag="")),
        "late": Count("pk", filter=Q(f_late=1)),
        "active": Count("pk", filter=counting),
        "cents": Sum(Hundredths(F("f_progress")), filter=counting),
    }


def _tally(chapter_rows: list[dict], department_rows: list[dict], as_of: datetime.date | None) -> Summary:
    by_chapter = [
        GroupTally(id=row["chapter_id"], label=f"{row['chapter__number']}. {row['chapter__title']}", **_fields(row))
        for row in sorted(chapter_rows, key=lambda row: (row["chapter__number"], row["chapter_id"]))
    ]
    by_department = sorted(
        (
            GroupTally(id=row["lead_department_id"], label=row["lead_department__name"], **_fields(row))
            for row in department_rows
        ),
        key=lambda group: group.label,
    )
    # The totals are the sum of the chapters' (every commitment has exactly one chapter).
    totals = {column: sum(row[column] or 0 for row in chapter_rows) for column in COUNTER_COLUMNS}
    return Summary(as_of=as_of, by_chapter=by_chapter, by_department=by_department, **_fields(totals))


STATUS_COLUMNS = tuple((status, f"s_{status}") for status in STATUSES)
RAG_COLUMNS = tuple((value, f"r_{value}") for value in RAGS)
COUNTER_COLUMNS = ("n", "late", "active", "cents", "r_blank", *(c for _, c in STATUS_COLUMNS + RAG_COLUMNS))


# Each reads its counters off a row at once: 3,600 groups make the per-key loops show.
_status_counts = operator.itemgetter(*(column for _, column in STATUS_COLUMNS))
_rag_counts = operator.itemgetter(*(column for _, column in RAG_COLUMNS))


def _fields(row: dict) -> dict:
    """A group's figures (or the totals') from its counters."""
    by_rag = dict(zip(RAGS, _rag_counts(row), strict=True))
    if row["r_blank"]:  # a stored RAG never computed (a fixture not yet recomputed): counted as it is
        by_rag[""] = row["r_blank"]
    active = row["active"]
    # Summed in whole hundredths (integers), so SQLite's float sums cannot move the rounding.
    mean = rules.round_percent(Decimal(int(row["cents"] or 0)) / 100 / active) if active else None
    return {
        "count": row["n"],
        "by_status": dict(zip(STATUSES, _status_counts(row), strict=True)),
        "by_rag": by_rag,
        "mean_progress": mean,
        "overdue": row["late"],
    }
