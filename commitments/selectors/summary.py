"""Report figures: how many commitments stand where, overall, by chapter and by lead department.

Read through the ORM, aggregated in the database: one grouped query by chapter, one by lead department
(the totals are the sum of the chapters, as every commitment has exactly one), and the groups' labels.
Today's figures come from the stored fields, which the tracking service alone writes. A past date's come
from the progress snapshots (models.ProgressSnapshot: for each commitment, the one in force on the date),
which the tracking service wrote from the engine's own evaluation, and the deadline in force on the date
(rules.extension_in_force, rules.due_date_in_force_expression: extensions approved later do not count); RAG
and lateness on that date are the rules' own query expressions (rules.rag_expression,
rules.overdue_condition). A commitment with no snapshot at all (loaded around the services, e.g. by a
fixture, and not yet recomputed) counts as not started with no progress, as it has no history.

Every commitment in scope is counted, parents and children alike (each is a row of the task table).
Cancelled commitments are counted under their status and RAG but left out of the mean progress.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from django.db.models import Case, Count, DecimalField, F, FilteredRelation, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..choices import CommitmentStatus, Rag
from ..models import PERCENT_DIGITS, Chapter, Commitment, Department, Report
from ..supervision.lifecycle_selectors import extensions_approved_by
from . import rules
from .evaluation import tolerance
from .expressions import Hundredths
from .figures_cache import remembered

T = TypeVar("T")

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
    # What the mean is made of: the non-cancelled count and their progress in whole hundredths.
    active: int = field(default=0, repr=False, compare=False)
    cents: int = field(default=0, repr=False, compare=False)


@dataclass(kw_only=True)
class GroupTally(Tally):
    id: int
    label: str
    # A chapter's number, for the order of the chapters.
    number: int = field(default=0, repr=False, compare=False)


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
    shown_as: Callable[[Summary], T] | None = None,
) -> Summary | T:
    """Counts by status and RAG, mean progress and overdue count, overall, by chapter and by lead department;
    from the stored fields when as_of is None, else as of that date. `queryset` narrows the scope (e.g. to
    what a user may see).

    With `shown_as` (a module-level function, such as the API's serialization), its result over the summary
    is returned and remembered beside the summary: for every report at once (3,600 groups at 100,000
    commitments) serializing cost three times what reading the remembered summary did."""
    scope = summary_queryset(report=report, chapter=chapter, department=department, queryset=queryset)
    # The scope's statement names the report, chapter, department and what the caller may see; today's
    # date decides lateness (and, from the stored figures, nothing else moves with the calendar).
    sql, params = scope.order_by().values("pk").query.sql_with_params()
    key = ("summary", sql, tuple(params), as_of, timezone.localdate())

    def summary() -> Summary:
        return remembered(key, lambda: _summarise(scope, as_of))

    if shown_as is None:
        return summary()
    return remembered((*key, shown_as.__module__, shown_as.__qualname__), lambda: shown_as(summary()))


def _summarise(scope: QuerySet[Commitment], as_of: datetime.date | None) -> Summary:
    figures = figures_on(scope, as_of).order_by()
    # Grouped by the figures as well, so each commitment's RAG is computed once (a count filtered on it
    # would repeat the whole expression per count); the few rows per group are added up here.
    measures = {"n": Count("pk"), "cents": Sum(Hundredths(F("f_progress")))}
    chapter_rows = figures.values("chapter_id", "chapter__number", "chapter__title", *FIGURES).annotate(**measures)
    department_rows = figures.values("lead_department_id", "lead_department__name", *FIGURES).annotate(**measures)
    chapters: dict[int, GroupTally] = {}
    for row in chapter_rows:
        group = chapters.get(row["chapter_id"])
        if group is None:
            label = f"{row['chapter__number']}. {row['chapter__title']}"
            group = chapters[row["chapter_id"]] = _empty(GroupTally, id=row["chapter_id"], label=label)
            group.number = row["chapter__number"]
        _add(group, row)
    departments: dict[int, GroupTally] = {}
    for row in department_rows:
        group = departments.get(row["lead_department_id"])
        if group is None:
            label = row["lead_department__name"]
            group = departments[row["lead_department_id"]] = _empty(
                GroupTally, id=row["lead_department_id"], label=label
            )
        _add(group, row)
    by_chapter = sorted(chapters.values(), key=lambda group: (group.number, group.id))
    # The totals are the sum of the chapters' (every commitment has exactly one chapter).
    summary = _empty(
        Summary,
        as_of=as_of,
        by_chapter=by_chapter,
        by_department=sorted(departments.values(), key=lambda group: group.label),
    )
    for group in by_chapter:
        _merge(summary, group)
    for tally in (summary, *by_chapter, *departments.values()):
        _finish(tally)
    return summary


# The figures each commitment is counted by: its status, RAG and lateness (1 or 0) on the day.
FIGURES = ("f_status", "f_rag", "f_late")


def figures_on(scope: QuerySet[Commitment], as_of: datetime.date | None) -> QuerySet[Commitment]:
    """The scope with each commitment's figures as the summary counts them: f_status, f_progress, f_due, f_rag
    and f_late, from the stored fields (today) or from the progress snapshot in force on as_of (a commitment
    with no snapshot yet counts as not started with no progress) and the deadline in force on it (an extension
    approved later does not move a past day's figures), RAG and lateness by the rules' own expressions."""
    if as_of is None:
        day = timezone.localdate()
        figures = scope.annotate(f_status=F("status"), f_progress=F("progress"), f_due=F("due_date"), f_rag=F("rag"))
    else:
        day = as_of
        in_force = Q(snapshots__effective_on__lte=day) & (
            Q(snapshots__effective_until__isnull=True) | Q(snapshots__effective_until__gt=day)
        )
        figures = scope.annotate(
            in_force=FilteredRelation("snapshots", condition=in_force),
            extension=rules.extension_in_force(extensions_approved_by(day)),
        ).annotate(
            f_status=Coalesce(F("in_force__status"), Value(CommitmentStatus.NOT_STARTED)),
            f_progress=Coalesce(F("in_force__progress"), Value(rules.ZERO, output_field=PERCENT_FIELD)),
            f_due=rules.due_date_in_force_expression("extension"),
        )
        figures = figures.annotate(
            f_rag=rules.rag_expression(
                status=F("f_status"),
                progress=F("f_progress"),
                on=day,
                tolerance=tolerance(),
                start=rules.clock_start_expression(),
                due=F("f_due"),
            )
        )
    late = Case(When(rules.overdue_condition(day, status="f_status", due="f_due"), then=Value(1)), default=Value(0))
    return figures.annotate(f_late=late)


def _empty(kind: type[Tally], **fields) -> Tally:
    return kind(
        count=0,
        by_status=dict.fromkeys(STATUSES, 0),
        by_rag=dict.fromkeys(RAGS, 0),
        mean_progress=None,
        overdue=0,
        **fields,
    )


def _add(tally: Tally, row: dict) -> None:
    """Counts one grouped row (commitments sharing a status, RAG and lateness) into the tally. A stored RAG
    never computed (a fixture not yet recomputed) is counted as it is, under ""."""
    n = row["n"]
    tally.count += n
    tally.by_status[row["f_status"]] += n
    tally.by_rag[row["f_rag"]] = tally.by_rag.get(row["f_rag"], 0) + n
    tally.overdue += n * row["f_late"]
    if row["f_status"] != CommitmentStatus.CANCELLED:
        tally.active += n
        tally.cents += int(row["cents"] or 0)


def _merge(total: Tally, group: Tally) -> None:
    total.count += group.count
    total.overdue += group.overdue
    total.active += group.active
    total.cents += group.cents
    for key, n in group.by_status.items():
        total.by_status[key] += n
    for key, n in group.by_rag.items():
        total.by_rag[key] = total.by_rag.get(key, 0) + n


def _finish(tally: Tally) -> None:
    """The mean progress of the non-cancelled commitments, from their progress summed in whole hundredths
    (integers, so SQLite's float sums cannot move the rounding)."""
    if tally.active:
        tally.mean_progress = rules.round_percent(Decimal(tally.cents) / 100 / tally.active)
