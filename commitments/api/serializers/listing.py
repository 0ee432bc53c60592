"""The commitment list's JSON, built from the plain rows of `selectors.listing` instead of model instances.

The shape is CommitmentSerializer's, field for field (tests compare the two on every row); dates, times
and decimals are formatted by that serializer's own field objects (decimals that arrive at their field's
places take a short-cut that gives the same text), so the two cannot drift apart in format. Only the walk
over 50 nested objects through DRF's generic machinery is skipped.
"""

from __future__ import annotations

from functools import cache
from types import SimpleNamespace

from django.urls import reverse

from ...selectors.listing import CommitmentParts
from .commitments import CommitmentSerializer, NestedTargetSerializer
from .fields import datetime_formatter, decimal_formatter


@cache
def _formatters() -> SimpleNamespace:
    commitment, target = CommitmentSerializer().fields, NestedTargetSerializer().fields
    return SimpleNamespace(
        progress=decimal_formatter(commitment["progress"]),
        date=commitment["due_date"].to_representation,
        updated_at=commitment["updated_at"],
        value=decimal_formatter(target["target_value"]),
        weight=decimal_formatter(target["weight"]),
        target_progress=target["progress"].to_representation,
    )


def _or_none(format_value, value):
    return None if value is None else format_value(value)


def _target(row: dict, f: SimpleNamespace) -> dict:
    return {
        "id": row["id"],
        "metric": row["metric"],
        "unit": row["unit"],
        "comparator": row["comparator"],
        "baseline_value": _or_none(f.value, row["baseline_value"]),
        "target_value": f.value(row["target_value"]),
        "base_quantity": _or_none(f.value, row["base_quantity"]),
        "base_unit": row["base_unit"],
        "current_value": _or_none(f.value, row["current_value"]),
        # The same engine rule as the detail view: progress at the stored current value.
        "progress": f.target_progress(SimpleNamespace(**row)),
        "weight": f.weight(row["weight"]),
        "allows_negative": row["allows_negative"],
    }


def _milestone(row: dict, f: SimpleNamespace) -> dict:
    return {
        "id": row["id"],
        "title": row["title"],
        "due_date": f.date(row["due_date"]),
        "completed_on": _or_none(f.date, row["completed_on"]),
    }


def commitment_list_representation(rows: list[dict], parts: CommitmentParts, request) -> list[dict]:
    """Each row as CommitmentSerializer would render it."""
    f = _formatters()
    updated_at = datetime_formatter(f.updated_at)  # the current time zone, once for the page
    # One reverse() for the page: every detail URL differs only in the id.
    url_prefix, url_suffix = request.build_absolute_uri(reverse("api:commitment-detail", args=[0])).rsplit("0", 1)
    result = []
    for row in rows:
        pk = row["id"]
        leader_id = row["responsible_leader_id"]
        latest_as_of = row["latest_update_as_of"]
        result.append(
            {
                "id": pk,
                "url": f"{url_prefix}{pk}{url_suffix}",
                "code": row["code"],
                "title": row["title"],
                "section": row["section"],
                "source_text": row["source_text"],
                "kind": row["kind"],
                "firmness": row["firmness"],
                "report": {
                    "id": row["report_id"],
                    "year": row["report__year"],
                    "title": row["report__title"],
                    "kind": row["report__kind"],
                },
                "chapter": {
                    "id": row["chapter_id"],
                    "number": row["chapter__number"],
                    "title": row["chapter__title"],
                },
                "lead_department": {"id": row["lead_department_id"], "name": row["lead_department__name"]},
                "co_departments": [
                    {"id": co["department_id"], "name": co["department__name"]}
                    for co in parts.co_departments.get(pk, ())
                ],
                "responsible_leader": None
                if leader_id is None
                else {
                    "id": leader_id,
                    "name": row["responsible_leader__name"],
                    "position": row["responsible_leader__position"],
                },
                "parent": row["parent_id"],
                "start_date": f.date(row["start_date"]),
                "assigned_on": _or_none(f.date, row["assigned_on"]),
                "due_date": f.date(row["due_date"]),
                "original_due_date": _or_none(f.date, row["original_due_date"]),
                "note": row["note"],
                "status": row["status"],
                "closeout_state": row["closeout_state"],
                "progress": f.progress(row["progress"]),
                "rag": row["rag"],
                "targets": [_target(target, f) for target in parts.targets.get(pk, ())],
                "milestones": [_milestone(milestone, f) for milestone in parts.milestones.get(pk, ())],
                "latest_update": None
                if latest_as_of is None
                else {"as_of": latest_as_of.isoformat(), "narrative": row["latest_update_narrative"]},
                "version": row["version"],
                "updated_at": updated_at(row["updated_at"]),
            }
        )
    return result
