"""Invariants every Extraction must satisfy."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

from commitments.extraction.models import COMPARATORS, FIRMNESSES, KINDS, Extraction

_INVISIBLE = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]+")


def flat(text):
    return "".join(text.split())


def check_invariants(ex, text):
    assert isinstance(ex, Extraction)
    assert isinstance(ex.warnings, list) and all(isinstance(w, str) for w in ex.warnings)
    if not ex.plan_found:
        assert ex.candidates == []
        assert ex.warnings
    numbers = [c.number for c in ex.chapters]
    first = 0 if numbers[:1] == [0] else 1  # chapter 0: targets stated before the first chapter
    assert numbers == list(range(first, first + len(numbers)))
    flat_text = flat(text)
    codes = set()
    for c in ex.candidates:
        assert c.code not in codes
        codes.add(c.code)
        parts = c.code.split(".")
        assert len(parts) == 3 and all(p.isdigit() for p in parts)
        assert int(parts[1]) >= 1 and int(parts[2]) >= 1
        assert int(parts[0]) == c.chapter and c.chapter in numbers
        assert c.kind in KINDS and c.firmness in FIRMNESSES
        assert 0 < len(c.title) <= 40
        assert c.source_text and flat(c.source_text) in flat_text
        assert c.due_date is None or isinstance(c.due_date, datetime.date)
        assert (c.due_date is None) == (c.deadline_hint == "")
        assert (c.kind == "quantitative") == bool(c.targets)
        metrics = [t.metric for t in c.targets]
        assert len(metrics) == len(set(metrics))
        for t in c.targets:
            assert isinstance(t.value, Decimal) and t.value >= 0
            assert t.comparator in COMPARATORS
            assert t.metric and t.unit
            assert t.value_high is None or isinstance(t.value_high, Decimal)
            assert flat(t.text) in flat(c.source_text)
        titles = [m.title for m in c.milestones]
        assert len(titles) == len(set(titles))
        for m in c.milestones:
            assert isinstance(m.due_date, datetime.date) and m.title


# The seed report as received, kept in the repository beside the fixture built from it.
SAMPLE_PATH = str(Path(__file__).resolve().parent.parent / "fixtures" / "sources" / "jiangcheng_2020.txt")
