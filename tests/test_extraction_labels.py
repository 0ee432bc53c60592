"""The extractor on real reports of other governments, measured against hand labels.

tests/extraction_labels/ holds the labels (one JSON file per report, see its README) and the reports'
texts. A report fails below 85% recall or precision of its numeric targets; the figures are printed
(pytest -s) and kept in docs/extraction.md, where `bench/extraction.py` also measures them.
"""

from pathlib import Path

import pytest

from commitments.extraction import extract, read_report_text
from commitments.extraction.scoring import load_labels, quotes_not_in_report, score

LABELS = Path(__file__).resolve().parent / "extraction_labels"
LABELLED = sorted(p for p in LABELS.glob("*.json"))
MIN_RECALL = MIN_PRECISION = 0.85
MIN_DEADLINE_RECALL = MIN_DEADLINE_PRECISION = 0.75


def labelled(path: Path):
    labels = load_labels(path)
    text = read_report_text((LABELS / "reports" / labels.report).read_bytes())
    return labels, text


def test_at_least_four_reports_other_than_the_seed_are_labelled():
    others = [p for p in LABELLED if not p.name.startswith("jiangcheng")]
    assert len(others) >= 4
    assert all(len(load_labels(p).targets) >= 30 for p in others)


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.stem)
def test_every_quote_is_in_exactly_one_sentence_of_its_report(path):
    labels, text = labelled(path)
    assert quotes_not_in_report(labels, text) == []


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.stem)
def test_numeric_targets_and_deadlines_are_found(path):
    labels, text = labelled(path)
    result = score(extract(text, year=labels.year), labels, text)
    print(
        f"\n{path.stem}: recall {result.recall:.1%} ({result.found}/{result.labels}), "
        f"precision {result.precision:.1%} ({result.right}/{result.candidates}), "
        f"deadlines recall {result.deadline_recall:.1%}, precision {result.deadline_precision:.1%}"
    )
    missed = [(t.quote, str(t.value), t.unit, t.comparator) for t in result.missed]
    assert result.recall >= MIN_RECALL, f"missed: {missed}"
    assert result.precision >= MIN_PRECISION, f"wrong: {result.wrong}"
    assert result.deadline_recall >= MIN_DEADLINE_RECALL, f"missed dates: {result.missed_dates}"
    assert result.deadline_precision >= MIN_DEADLINE_PRECISION, f"wrong dates: {result.wrong_dates}"


@pytest.mark.parametrize("path", LABELLED, ids=lambda p: p.stem)
def test_directional_targets_are_kept_as_figures(path):
    labels, text = labelled(path)
    extraction = extract(text, year=labels.year)
    directional = ["".join(f.text.split()) for c in extraction.candidates for f in c.figures if f.kind == "directional"]
    for quote in labels.directional:
        assert any(quote in d or d in quote for d in directional), quote


def test_baselines_are_read_from_the_annex():
    labels, text = labelled(LABELS / "guangdong-province-2021.json")
    extraction = extract(text, year=labels.year)
    found = {(t.value, t.baseline) for c in extraction.candidates for t in c.targets if t.baseline is not None}
    expected = {(t.value, t.baseline) for t in labels.targets if t.baseline is not None}
    assert expected <= found
