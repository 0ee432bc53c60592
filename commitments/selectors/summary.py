"""Report figures: how many commitments stand where, overall, by chapter and by lead department.

One query either way, aggregated in the database (grouped by chapter and by lead department; the totals
are the sum of the chapters, as every commitment has exactly one). Today's figures come from the stored
fields; on PostgreSQL, when the scope is every commitment, from the running tally a
trigger keeps of them (models.SummaryTally), which tests hold equal to aggregating the commitments. A
past date's come from the progress snapshots (models.ProgressSnapshot: for each commitment, the one in
force on the date), which the engine wrote from its own evaluation; RAG and lateness on that date are
derived in SQL by rules.rag_sql, the twin of rules.rag that tests hold equal to it. A commitment with no
snapshot at all (created around the services, e.g. by a fixture, and not yet recomputed) counts as not
started with no progress, as it has no history.

Every commitment in scope is counted, parents and children alike (each is a row of the task table).
Cancelled commitments are counted under their status and RAG but left out of the mean progress.
"""

from __future__ import annotations

import datetime
import operator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

from ..choices import CLOSED_STATUSES, CommitmentStatus, Rag
from ..models import Chapter, Commitment, Department, ProgressSnapshot, Report, SummaryTally
from . import rules
from .evaluation import tolerance

# Computed once: TextChoices.values builds a new list on every access, which shows at 3,600 groups.
STATUSES, RAGS = tuple(CommitmentStatus.values), tuple(Rag.values)


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
    sql, params = summary_rows_query(
        report=report, as_of=as_of, chapter=chapter, department=department, queryset=queryset
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        rows = [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]
    return _tally(rows, as_of)


def summary_rows_query(
    *,
    report: Report | None = None,
    as_of: datetime.date | None = None,
    chapter: Chapter | None = None,
    department: Department | None = None,
    queryset: QuerySet[Commitment] | None = None,
) -> tuple[str, list]:
    """The statement progress_summary adds up, and its parameters: one row per chapter and one per lead
    department with columns grouping ("chapter" or "department"), id, number (a chapter's) and label,
    n, late, active, cents (the non-cancelled progress in hundredths), r_blank and s_<status> and r_<RAG>
    for every status and RAG. For callers that shape the figures in the database (the API's summary).
    Reading the tally inside a transaction first applies what that transaction wrote (settle_summary_tally),
    which also makes the tally's triggers fire at once for the rest of it."""
    everything = queryset is None or not queryset.query.where
    unscoped = everything and report is None and chapter is None and department is None
    if connection.vendor == "postgresql" and as_of is None and unscoped:
        return _tallied_query()
    scope = summary_queryset(report=report, chapter=chapter, department=department, queryset=queryset)
    return _grouped_query(scope, as_of)


# The deferred triggers that keep models.SummaryTally (migration 0013).
TALLY_TRIGGERS = ("commitments_summary_tally", "commitments_summary_tally_update")


def settle_summary_tally() -> None:
    """Applies to the tally what this transaction has written so far (its triggers wait for the commit),
    so that it reads its own writes; outside a transaction there is nothing pending."""
    if connection.vendor == "postgresql" and connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute(f"SET CONSTRAINTS {', '.join(TALLY_TRIGGERS)} IMMEDIATE")


def _tallied_query() -> tuple[str, list]:
    """Today's figures of every commitment from the running tally (models.SummaryTally) that PostgreSQL
    keeps per chapter and per lead department: each group's row of counters as it is, and the overdue count
    from its open commitments' due dates."""
    settle_summary_tally()
    counters = [*(f"s_{status}" for status in STATUSES), *(f"r_{value}" for value in RAGS), "r_blank", "active"]
    table = SummaryTally._meta.db_table
    grouped = f"""
        SELECT c.grouping, c.group_id AS id, {", ".join(f"c.{name}" for name in counters)},
            c.progress_sum * 100 AS cents, COALESCE(l.late, 0) AS late, c.n
        FROM {table} c
        LEFT JOIN (
            SELECT grouping, group_id, SUM(n) AS late FROM {table} WHERE open_due < %s GROUP BY grouping, group_id
        ) l ON l.grouping = c.grouping AND l.group_id = c.group_id
        WHERE c.open_due IS NULL
    """
    return _labelled(grouped, [timezone.localdate()])


def _grouped_query(scope: QuerySet[Commitment], as_of: datetime.date | None) -> tuple[str, list]:
    """One query: per chapter and per lead department, the counts by status, RAG and lateness, and the sum
    of the non-cancelled progress in hundredths."""
    vendor = connection.vendor
    commitments = Commitment._meta.db_table
    where, params = "", []
    if scope.query.where:
        # Unordered: the model's default order would sort the whole scope inside the subquery for nothing.
        sql, params = scope.order_by().values("pk").query.sql_with_params()
        where, params = f"WHERE c.id IN ({sql})", list(params)
    if as_of is None:
        today = timezone.localdate()
        day = f"DATE '{today.isoformat()}'" if vendor == "postgresql" else f"'{today.isoformat()}'"
        status, progress, rag, join = "c.status", "c.progress", "c.rag", ""
    else:
        day = f"DATE '{as_of.isoformat()}'" if vendor == "postgresql" else f"'{as_of.isoformat()}'"
        snapshots = ProgressSnapshot._meta.db_table
        # The one snapshot in force on the day: from effective_on until (not including) effective_until.
        # PostgreSQL hash-joins the snapshots in force with the commitments in one pass; SQLite walks the
        # (commitment_id, effective_on) index per commitment.
        join = (
            f"LEFT JOIN {snapshots} s ON s.commitment_id = c.id AND s.effective_on <= {day} "
            f"AND (s.effective_until IS NULL OR s.effective_until > {day})"
        )
        status = f"COALESCE(s.status, '{CommitmentStatus.NOT_STARTED}')"
        progress = "COALESCE(s.progress, 0)"
        rag = rules.rag_sql(
            status=status,
            progress=progress,
            start="c.start_date",
            due="c.due_date",
            on=as_of,
            tolerance=tolerance(),
            vendor=vendor,
        )
    closed = ", ".join(f"'{value}'" for value in CLOSED_STATUSES)
    late = f"CASE WHEN {day} > c.due_date AND {status} NOT IN ({closed}) THEN 1 ELSE 0 END"
    # Each commitment's figures once (OFFSET 0 keeps PostgreSQL from copying the RAG expression into
    # every aggregate below), then counted per chapter and per lead department.
    rows = f"""
        SELECT c.chapter_id, c.lead_department_id, {status} AS status, {rag} AS rag, {progress} AS progress,
            {late} AS late
        FROM {commitments} c {join} {where}
    """
    if vendor == "postgresql":
        # One pass over the rows for both groupings.
        grouped = f"""
            SELECT CASE WHEN GROUPING(chapter_id) = 0 THEN 'chapter' ELSE 'department' END AS grouping,
                COALESCE(chapter_id, lead_department_id) AS id, {_aggregates(vendor)}
            FROM ({rows} OFFSET 0) r
            GROUP BY GROUPING SETS ((chapter_id), (lead_department_id))
        """
    else:
        # No GROUPING SETS in SQLite: the rows once in a CTE, grouped twice.
        grouped = f"""
            SELECT 'chapter' AS grouping, chapter_id AS id, {_aggregates(vendor)} FROM r GROUP BY chapter_id
            UNION ALL
            SELECT 'department', lead_department_id, {_aggregates(vendor)} FROM r GROUP BY lead_department_id
        """
        grouped = f"WITH r AS ({rows}) {grouped}"
    return _labelled(grouped, params)


def _labelled(grouped: str, params: list) -> tuple[str, list]:
    """The grouped rows (grouping, id, counters) with each group's chapter number and label."""
    sql = f"""
        SELECT g.*, ch.number AS number, COALESCE(ch.title, d.name) AS label
        FROM ({grouped}) g
        LEFT JOIN {Chapter._meta.db_table} ch ON g.grouping = 'chapter' AND ch.id = g.id
        LEFT JOIN {Department._meta.db_table} d ON g.grouping = 'department' AND d.id = g.id
    """
    return sql, params


def _aggregates(vendor: str) -> str:
    """Counts by status and RAG, lateness, the non-cancelled count and their progress in hundredths."""
    if vendor == "postgresql":

        def count(condition: str) -> str:
            return f"COUNT(*) FILTER (WHERE {condition})"

        # numeric sums exactly; SQLite sums floats, so there the hundredths are made integers first.
        cents = f"SUM(progress) FILTER (WHERE status <> '{CommitmentStatus.CANCELLED}') * 100"
    else:

        def count(condition: str) -> str:
            return f"SUM(CASE WHEN {condition} THEN 1 ELSE 0 END)"

        cents = (
            f"SUM(CASE WHEN status <> '{CommitmentStatus.CANCELLED}' "
            "THEN CAST(ROUND(progress * 100) AS INTEGER) ELSE 0 END)"
        )
    return ", ".join(
        [
            *(f"{count(f'status = {value!r}')} AS s_{value}" for value in STATUSES),
            *(f"{count(f'rag = {value!r}')} AS r_{value}" for value in RAGS),
            count("rag = ''") + " AS r_blank",
            f"{count(f'status <> {CommitmentStatus.CANCELLED.value!r}')} AS active",
            f"{cents} AS cents",
            f"{count('late = 1')} AS late",
            "COUNT(*) AS n",
        ]
    )


def _tally(rows: list[dict], as_of: datetime.date | None) -> Summary:
    # The grouping sets give each chapter and each department exactly one row; the totals are the sum of
    # the chapters' (every commitment has one chapter).
    chapter_rows = [row for row in rows if row["grouping"] == "chapter"]
    chapters = sorted(
        (GroupTally(id=row["id"], label=f"{row['number']}. {row['label']}", **_fields(row)) for row in chapter_rows),
        key=lambda group, numbers={row["id"]: row["number"] for row in chapter_rows}: (numbers[group.id], group.id),
    )
    departments = sorted(
        (GroupTally(id=row["id"], label=row["label"], **_fields(row)) for row in rows if row["grouping"] != "chapter"),
        key=lambda group: group.label,
    )
    totals = {column: sum(row[column] or 0 for row in chapter_rows) for column in COUNTER_COLUMNS}
    return Summary(as_of=as_of, by_chapter=chapters, by_department=departments, **_fields(totals))


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
