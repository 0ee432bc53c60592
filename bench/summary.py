"""Times progress_summary on the synthetic data: one report and all reports, current and as of a past date.

Usage: DATABASE_URL=postgres://… python bench/summary.py [--runs 5] [--as-of YYYY-MM-DD]

Prints the median of --runs runs of each case, and its ratio to a raw `SELECT status, count(*) … GROUP BY
status` over the same commitments, timed in the same run (absolute times drift on shared machines; the
ratio to the plain scan does much less).
"""

from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.utils import timezone  # noqa: E402

from commitments.models import Commitment, Report  # noqa: E402
from commitments.selectors import progress_summary  # noqa: E402


def median_ms(callable_, runs: int) -> float:
    callable_()  # warm the caches and the connection
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        callable_()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


def raw_count(report_id: int | None) -> None:
    table = Commitment._meta.db_table
    where, params = ("WHERE report_id = %s", [report_id]) if report_id else ("", [])
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT status, count(*) FROM {table} {where} GROUP BY status", params)
        cursor.fetchall()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--as-of", type=datetime.date.fromisoformat, help="default: 180 days ago")
    args = parser.parse_args()
    past = args.as_of or timezone.localdate() - datetime.timedelta(days=180)
    # The report with the most commitments of the latest year: its work is still under way.
    report = (
        Report.objects.annotate(n=Count("commitments")).order_by("-year", "-n", "pk").first()
        if Report.objects.exists()
        else None
    )
    if report is None:
        sys.exit("No reports: seed the database first (bench/seed.py, or bench/run.py).")
    total = Commitment.objects.count()
    print(
        f"{connection.vendor}, {total} commitments; report {report.pk} has {report.n}; past date {past}; "
        f"median of {args.runs} runs"
    )
    cases = [
        ("one report, current", report.pk, lambda: progress_summary(report=report)),
        ("one report, as of a past date", report.pk, lambda: progress_summary(report=report, as_of=past)),
        ("all commitments, current", None, lambda: progress_summary()),
        ("all commitments, as of a past date", None, lambda: progress_summary(as_of=past)),
    ]
    print(f"{'case':40} {'median ms':>10} {'raw ms':>8} {'ratio':>8}")
    for label, report_id, read in cases:
        raw = median_ms(lambda report_id=report_id: raw_count(report_id), args.runs)
        took = median_ms(read, args.runs)
        print(f"{label:40} {took:10.1f} {raw:8.2f} {took / raw:8.1f}")


if __name__ == "__main__":
    main()
