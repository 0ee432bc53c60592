"""Scoring an extraction against hand labels (tests/extraction_labels/, see its README).

A labelled target is found when a candidate quoting the same sentence carries a target with the same
value, unit and comparator. "The same sentence": the report's sentence (cut at 。；！？) that holds the
label's quote and the candidate's text contain one another, whitespace removed (a candidate may be a
part of a long sentence cut at its comma clauses). Values are compared after moving a 万/亿 prefix of
the unit into the value ("1.2万人" = "12000人"), because either way of writing is right.

Each label is matched to at most one candidate target and each candidate target to at most one label,
so "100场展览、100场讲座" needs two targets.

- recall: found labels / labels;
- precision: candidate targets matched to a label / candidate targets (every target the extractor
  reports counts, wherever in the report it is);
- deadline recall: among labels with a deadline, those found on a candidate with that due date;
- deadline precision: among found labels whose candidate has a due date, those where it is the
  label's deadline (null when the text names none).
"""

from __future__ import annotations

import datetime
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from .models import Extraction
from .textutil import compact

_SENTENCE_RE = re.compile(r"[^。；！？]+[。；！？]?")
_PREFIX = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


@dataclass(frozen=True)
class LabelledTarget:
    quote: str
    value: Decimal
    unit: str
    comparator: str
    deadline: datetime.date | None
    value_high: Decimal | None = None
    baseline: Decimal | None = None


@dataclass(frozen=True)
class Labels:
    report: str
    year: int
    targets: list[LabelledTarget]
    directional: list[str] = field(default_factory=list)
    information: list[dict] = field(default_factory=list)


@dataclass
class Score:
    labels: int
    candidates: int
    found: int
    right: int
    deadlines: int
    deadlines_found: int
    dated: int
    dated_right: int
    missed: list[LabelledTarget] = field(default_factory=list)
    wrong: list[tuple[str, str]] = field(default_factory=list)  # (candidate code, target text)
    wrong_dates: list[tuple[str, str, datetime.date | None]] = field(default_factory=list)
    missed_dates: list[LabelledTarget] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.labels if self.labels else 1.0

    @property
    def precision(self) -> float:
        return self.right / self.candidates if self.candidates else 1.0

    @property
    def deadline_recall(self) -> float:
        return self.deadlines_found / self.deadlines if self.deadlines else 1.0

    @property
    def deadline_precision(self) -> float:
        return self.dated_right / self.dated if self.dated else 1.0


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def load_labels(path: Path) -> Labels:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    targets = [
        LabelledTarget(
            quote=t["quote"],
            value=Decimal(t["value"]),
            unit=t["unit"],
            comparator=t["comparator"],
            deadline=datetime.date.fromisoformat(t["deadline"]) if t.get("deadline") else None,
            value_high=_decimal(t.get("value_high")),
            baseline=_decimal(t.get("baseline")),
        )
        for t in data["targets"]
    ]
    return Labels(
        report=data["report"],
        year=int(data["year"]),
        targets=targets,
        directional=[d["quote"] for d in data.get("directional", [])],
        information=list(data.get("information", [])),
    )


def normal(value: Decimal, unit: str) -> tuple[Decimal, str]:
    """(value, unit) with a 万/亿 prefix of the unit moved into the value."""
    if unit[:1] in _PREFIX and unit not in ("万", "亿") or unit in ("万", "亿"):
        return value * _PREFIX[unit[0]], unit[1:]
    return value, unit


def sentence_of(quote: str, sentences: list[str]) -> str | None:
    """The report sentence (whitespace removed) holding ``quote``."""
    q = compact(quote)
    for s in sentences:
        if q in s:
            return s
    return None


def report_sentences(report_text: str) -> list[str]:
    return _SENTENCE_RE.findall(compact(report_text))


def _same_sentence(candidate_text: str, sentence: str) -> bool:
    return candidate_text in sentence or sentence in candidate_text


def score(extraction: Extraction, labels: Labels, report_text: str) -> Score:
    sentences = report_sentences(report_text)
    pool = []  # (candidate, target, compact source) still unmatched
    for c in extraction.candidates:
        text = compact(c.source_text)
        for t in c.targets:
            pool.append((c, t, text))
    total_candidates = len(pool)
    result = Score(len(labels.targets), total_candidates, 0, 0, 0, 0, 0, 0)
    for label in labels.targets:
        sentence = sentence_of(label.quote, sentences)
        key = (*normal(label.value, label.unit), label.comparator)
        if label.deadline is not None:
            result.deadlines += 1
        match = None
        if sentence is not None:
            for i, (_c, t, text) in enumerate(pool):
                if (*normal(t.value, t.unit), t.comparator) == key and _same_sentence(text, sentence):
                    match = i
                    break
        if match is None:
            result.missed.append(label)
            continue
        c, t, _text = pool.pop(match)
        result.found += 1
        if label.deadline is not None:
            if c.due_date == label.deadline:
                result.deadlines_found += 1
            else:
                result.missed_dates.append(label)
        if c.due_date is not None:
            result.dated += 1
            if c.due_date == label.deadline:
                result.dated_right += 1
            else:
                result.wrong_dates.append((c.code, t.text, c.due_date))
    result.right = result.found
    result.wrong = [(c.code, t.text) for c, t, _ in pool]
    return result


def quotes_not_in_report(labels: Labels, report_text: str) -> list[str]:
    """Quotes that are no sentence's substring (a typo in the labels), or more than one's (ambiguous:
    "固定资产投资增长7%左右" may be last year's result as well as this year's target)."""
    sentences = report_sentences(report_text)
    quotes = [t.quote for t in labels.targets] + labels.directional + [i["quote"] for i in labels.information]
    return [q for q in quotes if sum(compact(q) in s for s in sentences) != 1]
