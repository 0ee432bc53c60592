"""Baselines for the benchmark (bench/run.py), routed only by bench/urls.py under bench/settings.py.

- `raw_commitment_page`: the commitment list page of the API (same fields, same order, same filters) built
  by ONE SQL query on PostgreSQL and serialised with orjson: the limit of this machine for that page
  (`?baseline=earlier`: the earlier, slower statement, measured beside it).
- `bare_json`: a constant JSON payload of a list page's size through Django's request cycle, no database:
  the ceiling of the stack itself.
They are yardsticks for the measured views, never linked from the product.
"""

from __future__ import annotations

import datetime
import json

from django.db import connection
from django.http import Http404, HttpResponse
from django.utils import timezone

try:  # orjson is the baseline's serialiser; it comes with the bench extra.
    import orjson
except ImportError:  # pragma: no cover - the views answer 404 without it
    orjson = None

PAGE_SIZE = 50
# The page is chosen first (ids only, walking the list's order index and stopping after the page), then its
# 50 rows are built as JSON; the total is counted apart. A CTE of the whole scope read twice (for the page
# and the count) would be materialised, so every matching row was sorted: that baseline ran slower than
# the app's own list for a filter matching a third of the table, and measured nothing.
PAGE_SQL = """
WITH page AS (
  SELECT c.id FROM commitments_commitment c
  JOIN commitments_report r ON r.id = c.report_id
  WHERE {where}
  ORDER BY c.report_id, c.sort_key, c.id LIMIT %s OFFSET %s
)
SELECT c.id, c.code, c.title, c.section, c.source_text, c.kind, c.firmness,
  json_build_object('id', r.id, 'year', r.year, 'title', r.title) AS report,
  json_build_object('id', ch.id, 'number', ch.number, 'title', ch.title) AS chapter,
  json_build_object('id', d.id, 'name', d.name) AS lead_department,
  COALESCE((SELECT json_agg(json_build_object('id', d2.id, 'name', d2.name) ORDER BY d2.name)
            FROM commitments_coresponsibility cr JOIN commitments_department d2 ON d2.id = cr.department_id
            WHERE cr.commitment_id = c.id), '[]'::json) AS co_departments,
  CASE WHEN l.id IS NULL THEN NULL
       ELSE json_build_object('id', l.id, 'name', l.name, 'position', l.position) END AS responsible_leader,
  c.parent_id AS parent, c.start_date, c.due_date, c.status, c.progress, c.rag,
  COALESCE((SELECT json_agg(json_build_object('id', t.id, 'metric', t.metric, 'unit', t.unit,
              'comparator', t.comparator, 'baseline_value', t.baseline_value, 'target_value', t.target_value,
              'current_value', t.current_value, 'weight', t.weight) ORDER BY t.id)
            FROM commitments_target t WHERE t.commitment_id = c.id), '[]'::json) AS targets,
  COALESCE((SELECT json_agg(json_build_object('id', m.id, 'title', m.title, 'due_date', m.due_date,
              'completed_on', m.completed_on) ORDER BY m.due_date, m.id)
            FROM commitments_milestone m WHERE m.commitment_id = c.id), '[]'::json) AS milestones,
  (SELECT json_build_object('as_of', u.as_of, 'narrative', u.narrative)
     FROM commitments_progressupdate u
    WHERE u.commitment_id = c.id AND u.state = 'approved'
    ORDER BY u.as_of DESC, u.reviewed_at DESC NULLS LAST, u.id DESC LIMIT 1) AS latest_update,
  c.version, c.updated_at,
  (SELECT count(*) FROM commitments_commitment c JOIN commitments_report r ON r.id = c.report_id
    WHERE {where}) AS total
FROM page
JOIN commitments_commitment c ON c.id = page.id
JOIN commitments_report r ON r.id = c.report_id
JOIN commitments_chapter ch ON ch.id = c.chapter_id
JOIN commitments_department d ON d.id = c.lead_department_id
LEFT JOIN commitments_leader l ON l.id = c.responsible_leader_id
ORDER BY c.report_id, c.sort_key, c.id
"""
# The earlier baseline, kept to be measured beside the fair one: the whole scope in a CTE read twice (for
# the page and the count), which PostgreSQL materialises and sorts whole.
EARLIER_PAGE_SQL = PAGE_SQL.replace(
    """WITH page AS (
  SELECT c.id FROM commitments_commitment c
  JOIN commitments_report r ON r.id = c.report_id
  WHERE {where}
  ORDER BY c.report_id, c.sort_key, c.id LIMIT %s OFFSET %s
)""",
    """WITH scope AS (
  SELECT c.id, c.report_id, c.sort_key FROM commitments_commitment c
  JOIN commitments_report r ON r.id = c.report_id
  WHERE {where}
), page AS (
  SELECT id FROM scope ORDER BY report_id, sort_key, id LIMIT %s OFFSET %s
)""",
).replace(
    """  (SELECT count(*) FROM commitments_commitment c JOIN commitments_report r ON r.id = c.report_id
    WHERE {where}) AS total""",
    "  (SELECT count(*) FROM scope) AS total",
)
assert EARLIER_PAGE_SQL.count("scope") == 3, "the earlier baseline's statement no longer matches PAGE_SQL"
COLUMNS = [
    "id", "code", "title", "section", "source_text", "kind", "firmness", "report", "chapter", "lead_department",
    "co_departments", "responsible_leader", "parent", "start_date", "due_date", "status", "progress", "rag",
    "targets", "milestones", "latest_update", "version", "updated_at",
]  # fmt: skip


def _filters(params) -> tuple[str, list]:
    clauses, args = ["r.published"], []
    if params.get("report", "").isdigit():
        clauses.append("c.report_id = %s")
        args.append(int(params["report"]))
    if params.get("department", "").isdigit():
        clauses.append(
            "c.id IN (SELECT id FROM commitments_commitment WHERE lead_department_id = %s "
            "UNION SELECT commitment_id FROM commitments_coresponsibility WHERE department_id = %s)"
        )
        args += [int(params["department"])] * 2
    if params.get("status"):
        clauses.append("c.status = %s")
        args.append(params["status"])
    if params.get("overdue") in ("true", "1"):
        clauses.append("c.due_date < %s AND c.status NOT IN ('completed', 'cancelled')")
        args.append(timezone.localdate())
    if params.get("q"):
        clauses.append("UPPER(c.code || ' ' || c.title || ' ' || c.source_text) LIKE %s")
        term = params["q"].upper().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        args.append(f"%{term}%")
    return " AND ".join(clauses), args


def _default(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return str(value)


def raw_commitment_page(request) -> HttpResponse:
    if orjson is None or connection.vendor != "postgresql":
        raise Http404("The raw baseline needs PostgreSQL and orjson.")
    page = int(request.GET["page"]) if request.GET.get("page", "").isdigit() else 1
    where, args = _filters(request.GET)
    with connection.cursor() as cursor:
        if request.GET.get("baseline") == "earlier":
            cursor.execute(EARLIER_PAGE_SQL.format(where=where), [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE])
        else:
            cursor.execute(PAGE_SQL.format(where=where), [*args, PAGE_SIZE, (page - 1) * PAGE_SIZE, *args])
        rows = cursor.fetchall()
    total = rows[0][-1] if rows else 0
    results = []
    for row in rows:
        item = dict(zip(COLUMNS, row[:-1], strict=True))
        item["url"] = f"/api/commitments/{item['id']}/"
        results.append(item)
    body = orjson.dumps({"count": total, "next": None, "previous": None, "results": results}, default=_default)
    return HttpResponse(body, content_type="application/json")


# About the size of a real list page (50 commitments with their quotes, owners and targets).
_BARE_PAYLOAD = json.dumps(
    {
        "count": PAGE_SIZE,
        "results": [
            {"id": i, "code": f"1.1.{i}", "title": "推进重点项目建设", "source_text": "确保完成重点项目建设。" * 40}
            for i in range(PAGE_SIZE)
        ],
    },
    ensure_ascii=False,
).encode()


def bare_json(request) -> HttpResponse:
    return HttpResponse(_BARE_PAYLOAD, content_type="application/json")
