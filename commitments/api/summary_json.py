"""GET /api/summary/'s body, shaped by PostgreSQL: what summary_representation(progress_summary(…)) gives.

The all-reports summary has 3,600 groups. Built in Python (a GroupTally each, then a dict each, then
JSON) they cost more than the statement that counts them; here PostgreSQL writes each group's JSON object
and the two lists around them while it reads the grouped rows (selectors.summary_rows_query, the same
statement progress_summary adds up), and the renderer embeds the lists as they are (orjson.Fragment).
tests/test_api_summary_json.py holds the two equal, scope by scope. Other databases take the Python path.
"""

from __future__ import annotations

import datetime

import orjson
from django.db import connection

from ..choices import CommitmentStatus, Rag
from ..selectors import progress_summary, summary_rows_query
from .serializers.reporting import summary_representation

STATUSES, RAGS = tuple(CommitmentStatus.values), tuple(Rag.values)


def summary_data(*, as_of: datetime.date | None = None, **scope) -> dict:
    """The summary's representation for the scope (progress_summary's arguments)."""
    if connection.vendor != "postgresql":
        return summary_representation(progress_summary(as_of=as_of, **scope))
    rows, params = summary_rows_query(as_of=as_of, **scope)
    with connection.cursor() as cursor:
        cursor.execute(_json_statement(rows), params)
        totals, chapters, departments = cursor.fetchone()
    return {
        **orjson.loads(totals),
        "as_of": None if as_of is None else as_of.isoformat(),
        "by_chapter": orjson.Fragment(chapters),
        "by_department": orjson.Fragment(departments),
    }


def _totals() -> str:
    """json_build_object arguments for the totals: the sums of the chapters' rows (every commitment has one
    chapter), for the one row this is (json_build_object's cost does not matter here)."""

    def total(name: str) -> str:
        return f"COALESCE(SUM({name}), 0)"

    by_status = ", ".join(f"'{status}', {total(f's_{status}')}" for status in STATUSES)
    by_rag = ", ".join([*(f"'{value}', {total(f'r_{value}')}" for value in RAGS), f"'unrated', {total('r_blank')}"])
    active, cents = total("active"), total("cents")
    mean = f"CASE WHEN {active} > 0 THEN ROUND({cents} / 100 / {active}, 2)::text END"
    return (
        f"'count', {total('n')}, 'by_status', json_build_object({by_status}), "
        f"'by_rag', json_build_object({by_rag}), 'mean_progress', {mean}, 'overdue', {total('late')}"
    )


def _object_text(fields: list[tuple[str, str]]) -> str:
    """SQL that writes a JSON object by concatenating text: each (key, SQL of a JSON value as text)."""
    pieces = [f"""'{"{" if index == 0 else ","}"{key}":' || {value}""" for index, (key, value) in enumerate(fields)]
    return "(" + " || ".join(pieces) + " || '}')"


def _group_text() -> str:
    """One group's JSON object, concatenated: json_build_object looks up the type of each of its twenty
    arguments on every call, which made writing 3,600 objects cost more than counting them. Every column is
    non-null by construction (counts, ids, titles); the label is quoted by to_json."""
    by_status = _object_text([(status, f"s_{status}") for status in STATUSES])
    by_rag = _object_text([*((value, f"r_{value}") for value in RAGS), ("unrated", "r_blank")])
    # rules.round_percent (half up; every mean is positive) to the API's two places, a string like DRF's.
    mean = """CASE WHEN active > 0 THEN '"' || ROUND(cents / 100 / active, 2)::text || '"' ELSE 'null' END"""
    return _object_text(
        [
            ("count", "n"),
            ("by_status", by_status),
            ("by_rag", by_rag),
            ("mean_progress", mean),
            ("overdue", "late"),
            ("id", "id"),
            ("label", "to_json(label_shown)::text"),
        ]
    )


def _json_statement(rows: str) -> str:
    """The totals as a JSON object, then the chapters and the departments as JSON arrays, in the orders
    progress_summary sorts them (chapter number then id; department name by code point, as Python)."""
    group = _group_text()
    return f"""
        WITH g AS (
            SELECT r.*, CASE WHEN grouping = 'chapter' THEN number || '. ' || label ELSE label END AS label_shown
            FROM ({rows}) r
        )
        SELECT
            (SELECT json_build_object({_totals()}) FROM g WHERE grouping = 'chapter')::text,
            (SELECT '[' || COALESCE(string_agg({group}, ',' ORDER BY number, id), '') || ']'
                FROM g WHERE grouping = 'chapter'),
            (SELECT '[' || COALESCE(string_agg({group}, ',' ORDER BY label COLLATE "C", id), '') || ']'
                FROM g WHERE grouping = 'department')
    """
