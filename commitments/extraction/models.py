"""Result types of the extraction (frozen dataclasses, standard library only)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

KINDS = ("quantitative", "milestone", "ongoing")
FIRMNESSES = ("binding", "aspirational", "directional")
COMPARATORS = ("at_least", "at_most", "exactly", "about")
# capacity, pool total, multi-year figure, past result, part of a total already counted; and a
# target stated without a number ("居民人均可支配收入增长与经济增长基本同步")
FIGURE_KINDS = ("capacity", "total", "multi-year", "past", "sub-count", "directional")


class ExtractionError(Exception):
    """The input cannot be read as a report (binary, empty, not text)."""


@dataclass(frozen=True)
class TargetCandidate:
    metric: str
    value: Decimal
    unit: str
    comparator: str  # one of COMPARATORS
    value_high: Decimal | None = None  # upper bound of a range such as 3-5个
    text: str = ""  # the matched fragment, verbatim
    baseline: Decimal | None = None  # the "from" value of "从X提高到Y"


@dataclass(frozen=True)
class Figure:
    """A figure that is information, not one of this year's targets (see numbers/nontargets.py)."""

    kind: str  # one of FIGURE_KINDS
    text: str  # verbatim fragment: "650万千瓦", or the clause of a directional target


@dataclass(frozen=True)
class MilestoneCandidate:
    title: str
    due_date: datetime.date


@dataclass(frozen=True)
class ChapterCandidate:
    number: int
    title: str


@dataclass(frozen=True)
class Candidate:
    code: str  # "chapter.section.item", e.g. "2.3.1"
    chapter: int
    section: str  # the lead phrase without "。" (or a sub-section title), may be ""
    title: str  # short, <= 40 characters
    source_text: str  # verbatim sentence (whitespace inside lines kept, broken lines joined)
    kind: str  # one of KINDS
    firmness: str  # one of FIRMNESSES
    targets: list[TargetCandidate] = field(default_factory=list)
    due_date: datetime.date | None = None
    deadline_hint: str = ""
    milestones: list[MilestoneCandidate] = field(default_factory=list)
    suggested_lead: str = ""
    figures: list[Figure] = field(default_factory=list)  # information, not targets


@dataclass(frozen=True)
class Extraction:
    plan_found: bool
    chapters: list[ChapterCandidate] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
