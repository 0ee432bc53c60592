"""Benchmark: extracting candidate commitments from the seed report.

    .venv/bin/python bench/extraction.py [--rounds 30]

Prints the median time of one extraction and its ratio to a baseline measured in the same run: a plain
pass over the same text that splits it into sentences and finds every number with one regular
expression (the least any extractor must do). Absolute times drift on shared machines; the ratio holds.
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

SEED = ROOT / "fixtures" / "sources" / "jiangcheng_2020.txt"
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=30)
    rounds = parser.parse_args().rounds
    data = SEED.read_bytes()
    text = read_report_text(data)
    extract(text, year=2020)  # warm up: regexes compile on first use
    base = timed(baseline, text, rounds=rounds)
    full = timed(lambda: extract(read_report_text(data), year=2020), rounds=rounds)
    result = extract(text, year=2020)
    print(f"seed report: {len(text)} characters, {len(result.candidates)} candidates")
    print(f"baseline (sentence split + number regex): median {base * 1000:.2f} ms")
    print(f"extraction (decode + extract):            median {full * 1000:.2f} ms")
    print(f"ratio extraction / baseline: {full / base:.1f}x; under one second: {'yes' if full < 1 else 'NO'}")


if __name__ == "__main__":
    main()
