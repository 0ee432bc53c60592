"""to_fixture(): a draft Django fixture (natural keys, no pks) for review before loading.

The draft follows the models of ``commitments``: report natural key [government, year], chapter
[government, year, number], commitment [government, year, code]. It cannot be loaded as it is:
``lead_department`` is null (a reviewer picks the department; the suggestion is not written, see
``Candidate.suggested_lead``), some ``due_date`` values may be null, and a comparator may be
"about". A range target keeps only its lower bound; a target's baseline ("从609元提高到631元") is
its baseline_value. Information figures (capacities, pool totals …) have no model: they are notes.
"""

from __future__ import annotations

from decimal import Decimal

from .models import Extraction


def _decimal_str(value: Decimal) -> str:
    text = format(value, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def to_fixture(extraction: Extraction, *, government: str, year: int, title: str, report_text: str) -> list[dict]:
    report_key = [government, year]
    out: list[dict] = [
        {
            "model": "commitments.report",
            "fields": {"government": government, "year": year, "title": title, "source_text": report_text},
        }
    ]
    for ch in extraction.chapters:
        out.append(
            {"model": "commitments.chapter", "fields": {"report": report_key, "number": ch.number, "title": ch.title}}
        )
    for c in extraction.candidates:
        out.append(
            {
                "model": "commitments.commitment",
                "fields": {
                    "report": report_key,
                    "chapter": [government, year, c.chapter],
                    "code": c.code,
                    "section": c.section,
                    "title": c.title,
                    "source_text": c.source_text,
                    "kind": c.kind,
                    "firmness": c.firmness,
                    "due_date": c.due_date.isoformat() if c.due_date else None,
                    "start_date": f"{year}-01-01",
                    "lead_department": None,
                    "status": "not_started",
                    "progress": 0,
                },
            }
        )
        key = [government, year, c.code]
        for t in c.targets:
            out.append(
                {
                    "model": "commitments.target",
                    "fields": {
                        "commitment": key,
                        "metric": t.metric,
                        "unit": t.unit,
                        "comparator": t.comparator,
                        "target_value": _decimal_str(t.value),
                        "baseline_value": _decimal_str(t.baseline) if t.baseline is not None else None,
                    },
                }
            )
        for m in c.milestones:
            out.append(
                {
                    "model": "commitments.milestone",
                    "fields": {
                        "commitment": key,
                        "title": m.title,
                        "due_date": m.due_date.isoformat(),
                    },
                }
            )
    return out
