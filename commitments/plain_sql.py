"""The app's hand-written SQL, all of it (docs/rules.md: reads go through the ORM): what the ORM cannot
write, and the commitment list's rows, where the ORM measured three times the cost. Each statement says
why it is here. No rule is decided here: the list's statements read stored columns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db import connection

from .choices import UpdateState
from .models import Commitment, Milestone, ProgressUpdate, Target


def subtree_rows(ids: list[int]) -> list[tuple[int, int | None]]:
    """(id, parent id) of the commitments `ids` and all their descendants.

    A recursive common table expression, which the ORM cannot write (PostgreSQL and SQLite both read it).
    Without it, evaluating a department's few commitments spread over many reports would load those
    reports' whole trees (hundreds of commitments each) or walk the tree one query per level."""
    marks = ", ".join("%s" for _ in ids)
    sql = f"""
        WITH RECURSIVE subtree(id) AS (
            SELECT id FROM commitments_commitment WHERE id IN ({marks})
            UNION
            SELECT c.id FROM commitments_commitment c JOIN subtree s ON c.parent_id = s.id
        )
        SELECT c.id, c.parent_id FROM commitments_commitment c WHERE c.id IN (SELECT id FROM subtree)"""
    with connection.cursor() as cursor:
        cursor.execute(sql, ids)
        return cursor.fetchall()


def chunks(items: list, per_item: int) -> Iterator[list]:
    """The items in chunks within the database's limit on parameters per statement: SQLite's 999, and the
    65,535 of PostgreSQL's protocol, which binds them on the server here (settings: server_side_binding)."""
    size = max(1, (connection.features.max_query_params or 65535) // per_item)
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The commitment list (selectors/listing.py).

ROW_COLUMNS = (
    "id",
    "code",
    "title",
    "section",
    "source_text",
    "kind",
    "firmness",
    "report_id",
    "report__year",
    "report__title",
    "report__kind",
    "chapter_id",
    "chapter__number",
    "chapter__title",
    "lead_department_id",
    "lead_department__name",
    "responsible_leader_id",
    "responsible_leader__name",
    "responsible_leader__position",
    "parent_id",
    "start_date",
    "assigned_on",
    "due_date",
    "original_due_date",
    "note",
    "status",
    "closeout_state",
    "progress",
    "rag",
    "version",
    "updated_at",
    "latest_update_as_of",
    "latest_update_narrative",
)
TARGET_COLUMNS = (
    "commitment_id",
    "id",
    "metric",
    "unit",
    "comparator",
    "baseline_value",
    "target_value",
    "base_quantity",
    "base_unit",
    "current_value",
    "weight",
    "allows_negative",
)
MILESTONE_COLUMNS = ("commitment_id", "id", "title", "due_date", "completed_on")
TARGET_FIELDS = {
    name: (Target, name)
    for name in ("baseline_value", "target_value", "base_quantity", "current_value", "weight", "allows_negative")
}
MILESTONE_FIELDS = {name: (Milestone, name) for name in ("due_date", "completed_on")}


LATEST = """(SELECT u.{column} FROM commitments_progressupdate u
    WHERE u.commitment_id = c.id AND u.state = '{state}'
    ORDER BY u.as_of DESC, u.reviewed_at DESC NULLS LAST, u.id DESC LIMIT 1)"""  # rules.LATEST_UPDATE_FIRST
ROWS_SQL = f"""
SELECT c.id, c.code, c.title, c.section, c.source_text, c.kind, c.firmness,
       c.report_id, r.year, r.title, r.kind, c.chapter_id, ch.number, ch.title,
       c.lead_department_id, d.name, c.responsible_leader_id, l.name, l.position,
       c.parent_id, c.start_date, c.assigned_on, c.due_date, c.original_due_date, c.note, c.status,
       c.closeout_state, c.progress, c.rag, c.version, c.updated_at,
       {LATEST.format(column="as_of", state=UpdateState.APPROVED.value)},
       {LATEST.format(column="narrative", state=UpdateState.APPROVED.value)}
FROM commitments_commitment c
JOIN commitments_report r ON r.id = c.report_id
JOIN commitments_chapter ch ON ch.id = c.chapter_id
JOIN commitments_department d ON d.id = c.lead_department_id
LEFT JOIN commitments_leader l ON l.id = c.responsible_leader_id
WHERE c.id IN ({{ids}})
"""
# The columns SQLite returns as text or floats, with the model field that reads them.
ROW_FIELDS = {
    "start_date": (Commitment, "start_date"),
    "assigned_on": (Commitment, "assigned_on"),
    "due_date": (Commitment, "due_date"),
    "original_due_date": (Commitment, "original_due_date"),
    "progress": (Commitment, "progress"),
    "updated_at": (Commitment, "updated_at"),
    "latest_update_as_of": (ProgressUpdate, "as_of"),
}


def commitment_list_rows(ids: list[int]) -> list[dict]:
    """The list's columns of the commitments `ids`, in that order, with the latest approved update
    (two correlated subqueries on the (commitment, state, as_of) index, in rules.LATEST_UPDATE_FIRST's
    order; tests/test_one_truth.py holds it to the engine's).

    Measured on the bench's 100,000 commitments, a page of 50 in-process: these rows 1.2 ms and the parts
    below 0.7 ms; the same through the ORM's `.values()` (with the latest update as Subquery annotations)
    4.2 ms and 2.6 ms, which took the list from about half of the raw-SQL page's speed to under 30%."""
    if not ids:
        return []
    with connection.cursor() as cursor:
        cursor.execute(ROWS_SQL.format(ids=_placeholders(ids)), ids)
        rows = {row[0]: row for row in cursor.fetchall()}
    converters = _converters(ROW_FIELDS)
    result = []
    for pk in ids:
        row = dict(zip(ROW_COLUMNS, rows[pk], strict=True))
        for column, convert in converters:
            row[column] = convert(row[column])
        result.append(row)
    return result


def _placeholders(values: list) -> str:
    return ", ".join(["%s"] * len(values))


@dataclass(frozen=True)
class CommitmentParts:
    """The nested collections of a page of commitments, by commitment id, each in display order."""

    co_departments: dict[int, list[dict]]
    targets: dict[int, list[dict]]
    milestones: dict[int, list[dict]]


# These three run on every list page; plain SQL that PostgreSQL and SQLite both read.
CO_DEPARTMENTS_SQL = """
SELECT cr.commitment_id, d.id, d.name FROM commitments_coresponsibility cr
JOIN commitments_department d ON d.id = cr.department_id
WHERE cr.commitment_id IN ({ids}) ORDER BY d.name, d.id
"""
TARGETS_SQL = """
SELECT commitment_id, id, metric, unit, comparator, baseline_value, target_value, base_quantity, base_unit,
       current_value, weight, allows_negative
FROM commitments_target WHERE commitment_id IN ({ids}) ORDER BY id
"""
MILESTONES_SQL = """
SELECT commitment_id, id, title, due_date, completed_on
FROM commitments_milestone WHERE commitment_id IN ({ids}) ORDER BY due_date, id
"""


def _grouped(cursor, sql: str, ids: list[int], columns: tuple[str, ...], fields: dict) -> dict[int, list[dict]]:
    """Rows by commitment id, as dicts of `columns`."""
    cursor.execute(sql.format(ids=_placeholders(ids)), ids)
    converters = _converters(fields)
    groups: dict[int, list[dict]] = defaultdict(list)
    for commitment_id, *values in cursor.fetchall():
        row = dict(zip(columns, values, strict=True))
        for column, convert in converters:
            row[column] = convert(row[column])
        groups[commitment_id].append(row)
    return groups


def _converters(fields: dict) -> list[tuple[str, object]]:
    """For each column SQLite hands back raw (dates as text, decimals as floats, booleans as 0/1), the
    conversion the ORM would apply; none on PostgreSQL, whose driver returns Python values already."""
    if connection.vendor == "postgresql":
        return []
    return [(column, _db_converter(model._meta.get_field(name))) for column, (model, name) in fields.items()]


def _db_converter(field):
    column = field.get_col(field.model._meta.db_table)
    steps = connection.ops.get_db_converters(column) + field.get_db_converters(connection)

    def convert(value):
        for step in steps:
            value = step(value, column, connection)
        return value

    return convert


def commitment_list_parts(ids: list[int]) -> CommitmentParts:
    """Co-responsible departments (by name), targets (by id) and milestones (by due date): three queries."""
    if not ids:
        return CommitmentParts({}, {}, {})
    with connection.cursor() as cursor:
        return CommitmentParts(
            co_departments=_grouped(cursor, CO_DEPARTMENTS_SQL, ids, ("department_id", "department__name"), {}),
            targets=_grouped(cursor, TARGETS_SQL, ids, TARGET_COLUMNS[1:], TARGET_FIELDS),
            milestones=_grouped(cursor, MILESTONES_SQL, ids, MILESTONE_COLUMNS[1:], MILESTONE_FIELDS),
        )
