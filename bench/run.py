"""The benchmark: the tracker at a province's scale on PostgreSQL, as ratios to baselines of the same run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench_10k .venv/bin/python bench/run.py --size small
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/run.py
    (or `make bench`, which runs both; `--rounds`, `--seconds` to taste)

It seeds the database once (bench/seed.py; reused on later runs), serves the app with gunicorn as in
production, loads it from a separate process (wrk), and writes per case the median requests/s and p50/p99
latency over several rounds, the ratio to its baseline, and the queries per request: the API's cases and
the pages people open (bench/pages.py: the admin, the public site, the dashboard, logged in by session as
the role that opens them). Each size keeps its figures in bench/results-<size>.json; the full size writes
bench/RESULTS.md with the small size's p50 and queries beside its own, to show the cost flat in data size.
Baselines are measured in the same run: the raw-SQL + orjson page (one query: the limit of this machine)
and a bare Django JSON view (the stack's ceiling). Absolute figures drift on shared machines; ratios hold.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app's settings plus the baseline views' urls; the gunicorn it starts inherits them.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")

from bench.pages import QUERY, bench_users, pages, session_cookies  # noqa: E402 - needs ROOT on sys.path

SLOW_MS = 3000
SIZES = {"full": (300, 100_000, 1_000_000), "small": (30, 10_000, 100_000)}
TARGETS = {
    "list": "≥ 40% of the raw-SQL page",
    "filtered": "≥ 35% of the raw-SQL page",
    "search": "p50 < 50 ms",
    "summary-one": "p50 < 20 ms",
    "summary-all": "p50 < 150 ms (current), < 500 ms (as of a past date)",
    "approve": "p50 < 30 ms",
}


@dataclass
class Case:
    name: str
    path: str
    baseline: str | None = None  # the name of the case it is compared with
    target: str = ""
    auth: bool = True  # the API token of a supervisor
    role: str | None = None  # instead, a session of this role (bench/pages.py)
    rps: list[float] = field(default_factory=list)
    p50: list[float] = field(default_factory=list)
    p99: list[float] = field(default_factory=list)
    queries: int | None = None
    status: int | None = None
    single_ms: float | None = None  # one request in-process, after a warming one

    @property
    def too_slow_to_load(self) -> bool:
        """A page that takes seconds on its own is timed in-process only: under wrk it would time out."""
        return self.single_ms is not None and self.single_ms > SLOW_MS


def django_setup():
    import django

    django.setup()


def ensure_data(size: str, seed: int) -> str:
    from django.core.management import call_command

    from bench.seed import seed as seed_database
    from commitments.models import Commitment

    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)  # the pages, served as in production
    reports, commitments, updates = SIZES[size]
    have = Commitment.objects.count()
    if have > commitments * 2:
        raise SystemExit(
            f"This database holds {have} commitments, far more than the {size} size's {commitments}: point "
            "DATABASE_URL at a database of its own for each size (make bench uses tracker_bench_10k and tracker_bench)."
        )
    if have >= commitments:
        return f"reused ({have} commitments already present)"
    started = time.perf_counter()
    print(seed_database(reports=reports, commitments=commitments, updates=updates, seed=seed), file=sys.stderr)
    return f"{time.perf_counter() - started:.1f} s for {commitments} commitments and ~{updates} updates"


def bench_user_token() -> str:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from rest_framework.authtoken.models import Token

    user, _ = get_user_model().objects.get_or_create(username="bench-supervisor")
    user.groups.add(Group.objects.get(name="supervisor"))
    token, _ = Token.objects.get_or_create(user=user)
    return token.key


def pick_parameters() -> dict:
    from django.db.models import Count

    from commitments.models import Commitment, Department, Report

    report = Report.objects.annotate(n=Count("commitments")).order_by("-year", "-n").first()
    department = (
        (Department.objects.filter(led_commitments__report=report).annotate(n=Count("led_commitments")))
        .order_by("-n")
        .first()
    )
    commitment = Commitment.objects.filter(report=report, updates__state="approved").order_by("id").first()
    past = datetime.date(report.year, 6, 30)
    return {"report": report.pk, "department": department.pk, "commitment": commitment.pk, "past": past}


def build_cases(p: dict) -> list[Case]:
    report, dept, past = p["report"], p["department"], p["past"].isoformat()
    return [
        Case("bare Django JSON view (ceiling)", "/bench/bare/", auth=False),
        Case("raw SQL + orjson page (limit)", f"/bench/raw/commitments/?report={report}", auth=False),
        Case("commitment list, page of 50", f"/api/commitments/?report={report}&page_size=50",
             "raw SQL + orjson page (limit)", TARGETS["list"]),
        Case("commitment list, anonymous (published reports)", f"/api/commitments/?report={report}&page_size=50",
             "raw SQL + orjson page (limit)", TARGETS["list"], auth=False),
        Case("raw SQL: by department", f"/bench/raw/commitments/?department={dept}", auth=False),
        Case("list by department", f"/api/commitments/?department={dept}&page_size=50",
             "raw SQL: by department", TARGETS["filtered"]),
        Case("raw SQL: by status", "/bench/raw/commitments/?status=in_progress", auth=False),
        Case("list by status", "/api/commitments/?status=in_progress&page_size=50",
             "raw SQL: by status", TARGETS["filtered"]),
        Case("raw SQL: overdue", "/bench/raw/commitments/?overdue=true", auth=False),
        Case("list overdue", "/api/commitments/?overdue=true&page_size=50", "raw SQL: overdue", TARGETS["filtered"]),
        Case("raw SQL: q search", f"/bench/raw/commitments/?q={QUERY}", auth=False),
        Case("list q search (学校扩容)", f"/api/commitments/?q={QUERY}&page_size=50", "raw SQL: q search",
             TARGETS["search"]),
        Case("summary, one report, current", f"/api/summary/?report={report}", target=TARGETS["summary-one"]),
        Case("summary, one report, as of a past date", f"/api/summary/?report={report}&as_of={past}",
             target=TARGETS["summary-one"]),
        Case("summary, all reports, current", "/api/summary/", target=TARGETS["summary-all"]),
        Case("summary, all reports, as of a past date", f"/api/summary/?as_of={past}",
             target=TARGETS["summary-all"]),
        Case("department scorecard", f"/api/departments/{dept}/scorecard/"),
        Case("commitment timeline", f"/api/commitments/{p['commitment']}/timeline/"),
        Case("raw SQL: earlier baseline", f"/bench/raw/commitments/?report={report}&baseline=earlier", auth=False),
        Case("raw SQL: by status, earlier baseline", "/bench/raw/commitments/?status=in_progress&baseline=earlier",
             auth=False),
    ] + [
        Case(page.name, page.path, target=page.target, auth=False, role=page.role) for page in pages(p)
    ]  # fmt: skip


def headers_for(case: Case, token: str, cookies: dict[str, str]) -> dict[str, str]:
    if case.role:
        return {"Cookie": cookies[case.role]}
    return {"Authorization": f"Token {token}"} if case.auth else {}


def count_queries(cases: list[Case], token: str, cookies: dict[str, str]) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    for case in cases:
        headers = {f"HTTP_{name.upper()}": value for name, value in headers_for(case, token, cookies).items()}
        client = Client()
        client.get(case.path, **headers)  # once to warm the process: the query count of a steady server
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(case.path, **headers)
        case.single_ms = (time.perf_counter() - started) * 1000
        case.queries, case.status = len(ctx.captured_queries), response.status_code


def start_server(port: int, workers: int) -> subprocess.Popen:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    env = {**os.environ, "DJANGO_DEBUG": "0", "LOG_LEVEL": "ERROR"}
    process = subprocess.Popen(
        [gunicorn, "tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "error"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=1)
            return process
        except OSError:
            time.sleep(0.2)
    stop_server(process)
    raise SystemExit("gunicorn did not start")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=20)


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def wrk(url: str, seconds: int, connections: int, headers: dict[str, str]) -> tuple[float, float, float]:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s", url]
    for name, value in headers.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {q: float(v) * UNITS[u] for q, v, u in LATENCY.findall(output)}
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{output}")
    return rps, latency.get("50", 0.0), latency.get("99", 0.0)


def submitted_updates(count: int, percent: int) -> list[int]:
    """Submits an update on each of the first `count` ongoing commitments in progress (by id: most of them in
    one report, as a department's batch would be); their ids."""
    from commitments.choices import UpdateState
    from commitments.models import Commitment, ProgressUpdate

    open_items = Commitment.objects.filter(kind="ongoing", status="in_progress").order_by("pk")
    ids = []
    for pk, due in open_items.values_list("pk", "due_date")[:count]:
        update = ProgressUpdate.objects.create(
            commitment_id=pk, as_of=min(due, datetime.date.today()), narrative="bench", percent=percent,
            state=UpdateState.SUBMITTED,
        )  # fmt: skip
        ids.append(update.pk)
    return ids


def approval_queries(token: str) -> int:
    """Queries of one approval through the API (the token's included), counted in-process."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    (pk,) = submitted_updates(1, percent=10)
    with CaptureQueriesContext(connection) as ctx:
        response = Client().post(f"/api/updates/{pk}/approve/", HTTP_AUTHORIZATION=f"Token {token}")
    if response.status_code != 200:
        raise SystemExit(f"approving update {pk} answered {response.status_code}")
    return len(ctx.captured_queries)


def measure_approvals(base: str, token: str, count: int, threads: int, percent: int) -> tuple[float, float, float]:
    """Approves `count` submitted updates with `threads` concurrent clients; (per second, p50, p99) in ms.
    Each round reports another percent, so every approval changes its commitment's stored figures."""
    ids = submitted_updates(count, percent)
    latencies, lock = [], threading.Lock()

    def work(chunk):
        for pk in chunk:
            request = urllib.request.Request(
                f"{base}/api/updates/{pk}/approve/", method="POST", data=b"",
                headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
            )  # fmt: skip
            started = time.perf_counter()
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
            with lock:
                latencies.append((time.perf_counter() - started) * 1000)

    started = time.perf_counter()
    workers = [threading.Thread(target=work, args=(ids[i::threads],)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    latencies.sort()
    return len(latencies) / elapsed, statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]


def cpu_yardstick() -> float:
    """Milliseconds a fixed pure-Python loop takes (best of three): how fast this machine's cores are, so
    that absolute figures of runs on different machines can be compared."""
    best = float("inf")
    for _ in range(3):
        started, total = time.perf_counter(), 0
        for number in range(5_000_000):
            total += number
        best = min(best, (time.perf_counter() - started) * 1000)
    return best


def database_size() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        return cursor.fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", choices=SIZES, default="full")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=int, default=5)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8910)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=None, help="the full size's default: bench/RESULTS.md")
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        raise SystemExit(
            "Set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/tracker_bench"
        )
    if not shutil.which("wrk"):
        raise SystemExit("wrk is missing: apt-get install -y wrk")
    yardstick = cpu_yardstick()
    django_setup()
    seeding = ensure_data(args.size, args.seed)
    token = bench_user_token()
    params = pick_parameters()
    cookies = session_cookies(bench_users(params["department"]))
    cases = build_cases(params)
    count_queries(cases, token, cookies)
    approve_queries = approval_queries(token)
    afresh = summaries_afresh(params) + pages_afresh(cases, token, cookies)
    broken = [f"{case.path} → {case.status}" for case in cases if case.status != 200]
    if broken:
        raise SystemExit("these pages do not answer 200: " + ", ".join(broken))
    base = f"http://127.0.0.1:{args.port}"
    server = start_server(args.port, args.workers)
    approvals: list[tuple[float, float, float]] = []
    try:
        for round_number in range(args.rounds):  # rounds interleave the cases, so drift hits them alike
            for case in cases:
                if case.too_slow_to_load:
                    rps, p50, p99 = 1000 / case.single_ms, case.single_ms, case.single_ms
                else:
                    rps, p50, p99 = wrk(
                        base + case.path, args.seconds, args.connections, headers_for(case, token, cookies)
                    )
                case.rps.append(rps)
                case.p50.append(p50)
                case.p99.append(p99)
                print(f"{case.name:45} {rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", file=sys.stderr)
            approvals.append(measure_approvals(base, token, count=200, threads=4, percent=20 + round_number))
            rps, p50, p99 = approvals[-1]
            print(f"{'approvals':45} {rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms", file=sys.stderr)
    finally:
        stop_server(server)
    # Two app servers on one database: the list page served by both at once.
    first, second = start_server(args.port, 1), start_server(args.port + 1, 1)
    try:
        list_case = cases[2]
        results = []
        threads = [
            threading.Thread(
                target=lambda port: results.append(
                    wrk(
                        f"http://127.0.0.1:{port}{list_case.path}",
                        args.seconds,
                        args.connections,
                        headers_for(list_case, token, cookies),
                    )
                ),
                args=(port,),
            )
            for port in (args.port, args.port + 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        two_servers = sum(r[0] for r in results)
    finally:
        stop_server(first)
        stop_server(second)
    figures = save_figures(args.size, cases, approvals, approve_queries)
    print(f"wrote {figures}", file=sys.stderr)
    out = args.out or (ROOT / "bench" / "RESULTS.md" if args.size == "full" else None)
    if out is not None:
        args.out = out
        write_results(
            args, cases, approvals, approve_queries, two_servers, seeding, database_size(), params, yardstick, afresh
        )
        print(f"wrote {out}", file=sys.stderr)


def figures_path(size: str) -> Path:
    return ROOT / "bench" / f"results-{size}.json"


def save_figures(size: str, cases: list[Case], approvals, approve_queries: int) -> Path:
    """This size's medians per case, for the full size's table to show beside its own."""
    figures = {
        "run": f"{datetime.datetime.now():%Y-%m-%d %H:%M}",
        "cases": {
            case.name: {
                "rps": round(statistics.median(case.rps), 1),
                "p50": round(statistics.median(case.p50), 1),
                "queries": case.queries,
            }
            for case in cases
        },
        "approve": {
            "p50": round(statistics.median(round_[1] for round_ in approvals), 1),
            "queries": approve_queries,
        },
    }
    path = figures_path(size)
    path.write_text(json.dumps(figures, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return path


def small_figures() -> dict:
    path = figures_path("small")
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {"run": None, "cases": {}}


def summaries_afresh(p: dict, runs: int = 3) -> list[tuple[str, float]]:
    """The summaries counted afresh, in-process (median of runs, ms): what a request pays after a change
    retires the remembered ones (selectors/figures_cache.py), which the wrk cases above mostly do not see."""
    from commitments.models import Report
    from commitments.selectors.summary import _summarise, summary_queryset

    report = Report.objects.get(pk=p["report"])
    cases = [
        ("one report, current", summary_queryset(report=report), None),
        ("one report, as of a past date", summary_queryset(report=report), p["past"]),
        ("all reports, current", summary_queryset(), None),
        ("all reports, as of a past date", summary_queryset(), p["past"]),
    ]
    timings = []
    for name, scope, as_of in cases:
        spent = []
        for _ in range(runs):
            started = time.perf_counter()
            _summarise(scope, as_of)
            spent.append((time.perf_counter() - started) * 1000)
        timings.append((name, statistics.median(spent)))
    return timings


# The pages remembered per figure generation (docs/performance.md, "Remembered pages"): what the first request
# after a change pays, which the wrk rounds (no writes) do not see.
REMEMBERED_PAGES = (
    "admin: commitment list",
    "admin: commitment page",
    "admin: reporting completeness",
    "dashboard, as a leader",
    "dashboard, as the office",
    "bulletin.docx",
    "Excel export of one report (API)",
)


def pages_afresh(cases: list[Case], token: str, cookies: dict[str, str], runs: int = 3) -> list[tuple[str, float]]:
    """The remembered pages requested in-process with the cache emptied before each request (median, ms)."""
    from django.core.cache import cache
    from django.test import Client

    timings = []
    for case in cases:
        if case.name not in REMEMBERED_PAGES:
            continue
        headers = {f"HTTP_{name.upper()}": value for name, value in headers_for(case, token, cookies).items()}
        client, spent = Client(), []
        for _ in range(runs):
            cache.clear()
            started = time.perf_counter()
            client.get(case.path, **headers)
            spent.append((time.perf_counter() - started) * 1000)
        timings.append((f"page: {case.name}", statistics.median(spent)))
    return timings


def write_results(
    args, cases, approvals, approve_queries, two_servers, seeding, size, params, yardstick, afresh
) -> None:
    by_name = {case.name: case for case in cases}
    small = small_figures()
    lines = [
        "# Benchmark results",
        "",
        f"Run {datetime.datetime.now():%Y-%m-%d %H:%M} with `bench/run.py --size {args.size}` on "
        f"{os.cpu_count()} cores: gunicorn with {args.workers} sync workers, wrk with {args.connections} "
        f"connections, {args.rounds} rounds × {args.seconds} s per case (median of rounds).",
        f"Database: PostgreSQL, {size}; seeding: {seeding}. Report {params['report']}, department "
        f"{params['department']}, past date {params['past']}.",
        f"Machine yardstick: 5,000,000 additions in a Python loop take {yardstick:.0f} ms on one core.",
        "",
        f"The columns at 10,000 commitments: `--size small` run {small['run'] or '(none yet)'}, on its own "
        "database (bench/results-small.json); the cost is flat in data size where they match.",
        "",
        "| case | req/s | p50 ms | p99 ms | queries | p50 ms at 10,000 | queries at 10,000 | ratio to baseline "
        "| target |",
        "|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for case in cases:
        rps, p50, p99 = statistics.median(case.rps), statistics.median(case.p50), statistics.median(case.p99)
        ratio = ""
        if case.baseline:
            base = statistics.median(by_name[case.baseline].rps)
            ratio = f"{rps / base:.0%} of {case.baseline}"
        at_small = small["cases"].get(case.name, {})
        name = f"{case.name} (one request in-process: too slow to load)" if case.too_slow_to_load else case.name
        lines.append(
            f"| {name} | {rps:.1f} | {p50:.1f} | {p99:.1f} | {case.queries} | {at_small.get('p50', '')} | "
            f"{at_small.get('queries', '')} | {ratio} | {case.target} |"
        )
    ceiling = statistics.median(cases[0].rps)
    list_rps = statistics.median(cases[2].rps)
    rps, p50, p99 = (statistics.median(round_[i] for round_ in approvals) for i in range(3))
    small_approve = small.get("approve", {})
    fair, earlier = (by_name[name] for name in ("raw SQL + orjson page (limit)", "raw SQL: earlier baseline"))
    fair_status = by_name["raw SQL: by status"]
    earlier_status = by_name["raw SQL: by status, earlier baseline"]
    lines += [
        f"| approve an update (4 concurrent clients, 200 a round) | {rps:.1f} | {p50:.1f} | {p99:.1f} | "
        f"{approve_queries} | {small_approve.get('p50', '')} | {small_approve.get('queries', '')} | | "
        f"{TARGETS['approve']} |",
        "",
        f"The fair raw page serves {statistics.median(fair.rps) / statistics.median(earlier.rps):.2f} times the "
        f"earlier baseline's requests (by status: "
        f"{statistics.median(fair_status.rps) / statistics.median(earlier_status.rps):.2f} times); ratios above "
        "are to the fair ones.",
        f"The commitment list reaches {list_rps / ceiling:.0%} of the bare Django view's throughput.",
        f"Two app servers (one worker each) on the same database served the list page at {two_servers:.1f} "
        f"req/s together.",
        "",
        "The summaries and the remembered pages above (dashboard, completeness, the admin's supervision columns, "
        "the bulletin, the export) are kept until a change commits; counted afresh, what the first request after "
        "a change pays (one process, no load, median of 3):",
        "",
        "| summary or page counted afresh | ms |",
        "|---|---:|",
        *(f"| {name} | {ms:.1f} |" for name, ms in afresh),
        "",
    ]
    Path(args.out).write_text("\n".join(lines) + "\n" + kept_notes(Path(args.out)), encoding="utf-8")


NOTES_MARKER = "<!-- notes: kept by bench/run.py when it rewrites the table above -->"


def kept_notes(path: Path) -> str:
    """The hand-written reading of the figures below the marker, carried over from the previous file."""
    previous = path.read_text(encoding="utf-8") if path.exists() else ""
    if NOTES_MARKER not in previous:
        return ""
    return "\n" + NOTES_MARKER + previous.split(NOTES_MARKER, 1)[1]


if __name__ == "__main__":
    main()
