"""Seeds a database with the benchmark's synthetic reports, commitments and progress updates
(bench/synthetic.py): COPY on PostgreSQL, bulk inserts elsewhere; deterministic for a given --seed.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/seed.py \
        [--reports 300] [--commitments 100000] [--updates 1000000] [--seed 1]

bench/run.py calls seed() itself when the database holds fewer commitments than the run's size.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def to_stderr(line: str) -> None:
    print(line, file=sys.stderr)


def seed(*, reports: int, commitments: int, updates: int, seed: int, log: Callable[[str], None] = to_stderr) -> str:
    """Seeds the configured database (Django set up) and vacuums what it loaded; a line saying what it seeded.
    Raises ValueError for sizes that make no data, or a seed this database already holds."""
    from bench.synthetic import seed_synthetic, vacuum_seeded_tables

    if reports < 1 or commitments < reports or updates < 0:
        raise ValueError("Need at least one report, at least one commitment per report, and updates >= 0.")
    started = time.perf_counter()
    counts = seed_synthetic(
        reports=reports,
        commitments=commitments,
        updates=updates,
        seed=seed,
        progress=lambda message: log(f"  {message}"),
    )
    elapsed = time.perf_counter() - started
    vacuum_started = time.perf_counter()
    if vacuum_seeded_tables():
        log(f"  vacuumed and analysed in {time.perf_counter() - vacuum_started:.1f} s")
    return (
        f"Seeded {counts.reports} reports, {counts.departments} departments, {counts.commitments} commitments, "
        f"{counts.targets} targets, {counts.milestones} milestones, {counts.updates} updates in {elapsed:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, default=300)
    parser.add_argument("--commitments", type=int, default=100_000)
    parser.add_argument("--updates", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    try:
        print(seed(reports=args.reports, commitments=args.commitments, updates=args.updates, seed=args.seed))
    except ValueError as exc:
        raise SystemExit(str(exc)) from None


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
    import django

    django.setup()
    main()
