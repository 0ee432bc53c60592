"""Benchmark: accuracy and speed of the text extractor on the labelled reports.

    .venv/bin/python bench/extraction.py [--rounds 15]

For each report labelled by hand in tests/extraction_labels/ (the seed and reports of other
governments) it prints recall and precision of the numeric targets (value, unit and comparator on a
candidate quoting the same sentence) and of the deadlines, as ``commitments/extraction/scoring.py``
defines them, and the median time of decoding and extracting the report. The seed's time is also
given as a ratio to a baseline measured in the same run: a plain pass over the same text that splits
it into sentences and finds every number with one regular expression (the least any extractor must
do). Absolute times drift on shared machines; the ratio holds.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from commitments.extraction import extract, read_report_text  # noqa: E402
from commitments.extraction.scoring import load_labels, score  # noqa: E402

LABELS = ROOT / "tests" / "extraction_labels"
SEED = "jiangcheng-district-2020"
SENTENCE = re.compile(r"[^。；！？]+[。；！？]?")
NUMBER = re.compile(r"\d+(?:\.\d+)?")


def baseline(text: str) -> int:
    return sum(len(NUMBER.findall(sentence)) for sentence in SENTENCE.findall(text))


def timed(function, *args, rounds: int) -> float:
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        function(*args)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def percent(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "- (0/0)"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=15)
    rounds = parser.parse_args().rounds
    paths = sorted(LABELS.glob("*.json"), key=lambda p: (p.stem != SEED, p.stem))
    print("| report | targets recall | targets precision | deadlines recall | deadlines precision | candidates | ms |")
    print("| --- | --- | --- | --- | --- | --- | --- |")
    totals = [0, 0, 0, 0]
    seed_ms = seed_text = None
    for path in paths:
        labels = load_labels(path)
        data = (LABELS / "reports" / labels.report).read_bytes()
        text = read_report_text(data)
        extraction = extract(text, year=labels.year)  # warm up: regexes compile on first use
        result = score(extraction, labels, text)
        ms = timed(lambda d=data, y=labels.year: extract(read_report_text(d), year=y), rounds=rounds) * 1000
        print(
            f"| {path.stem} | {percent(result.found, result.labels)} | {percent(result.right, result.candidates)} "
            f"| {percent(result.deadlines_found, result.deadlines)} | {percent(result.dated_right, result.dated)} "
            f"| {len(extraction.candidates)} | {ms:.0f} |"
        )
        if path.stem == SEED:
            seed_ms, seed_text = ms, text
        else:
            counts = (result.found, result.labels, result.right, result.candidates)
            totals = [a + b for a, b in zip(totals, counts, strict=True)]
    print(
        f"\nother governments' reports together: recall {percent(totals[0], totals[1])}, "
        f"precision {percent(totals[2], totals[3])}"
    )
    if seed_text is not None:
        base = timed(baseline, seed_text, rounds=rounds) * 1000
        print(
            f"seed: extraction {seed_ms:.1f} ms, baseline (sentence split + number regex) {base:.2f} ms, "
            f"ratio {seed_ms / base:.0f}x"
        )
    print(f"times: median of {rounds} rounds of decoding and extracting the report")


if __name__ == "__main__":
    main()
