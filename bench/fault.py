"""The fault script: the database killed under a bounded write load, on a private PostgreSQL instance.

    .venv/bin/python bench/fault.py [--clients 4] [--before 5] [--outage 5] [--after 10] [--port 55432]

It starts PostgreSQL on a port of its own in a temporary directory (initdb; as the `postgres` user when run
as root), migrates it and loads the 2020 report, serves the app with gunicorn as in production (DEBUG off),
and runs client threads that each write through the API in a loop: an update created and submitted by the
department's reporter, then approved by the office. After --before seconds the postmaster is killed with
SIGKILL; --outage seconds later it is started again (crash recovery) and the load goes on for --after
seconds, the app never restarted. Then it checks:

- no answer was a 500, and during the outage the app answered 503 with Retry-After;
- the app served writes again after the database came back, without a restart (and how soon);
- every write the app acknowledged (2xx) is in the database, in at least the state acknowledged;
- the derived figures equal a recount: `recompute_progress --dry-run` finds no drift, and /api/summary/
  counts what the database holds.

It prints the figures as a markdown table (docs/reliability.md keeps a run) and exits 1 if a check fails.
"""

from __future__ import annotations

import argparse
import datetime
import glob
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STATE_RANK = {"draft": 0, "submitted": 1, "approved": 2}


def postgres_bin(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise SystemExit(f"PostgreSQL's {name} is missing (apt-get install -y postgresql).")
    return found[-1]


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on its own port, owned by the postgres user when run as root."""

    def __init__(self, port: int):
        self.port = port
        self.dir = Path(tempfile.mkdtemp(prefix="tracker-fault-"))
        self.data = self.dir / "data"
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres")

    def run(self, *command: str) -> None:
        subprocess.run([*self.as_postgres, *command], check=True, capture_output=True, text=True)

    def create(self) -> None:
        self.run(postgres_bin("initdb"), "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self.run(postgres_bin("createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "tracker")

    def start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.dir} -c fsync=on"
        self.run(postgres_bin("pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.dir / "log"), "-w",
                 "start")  # fmt: skip

    def kill(self) -> None:
        """SIGKILL to the postmaster, as a crash would: no shutdown, no checkpoint."""
        pid = int((self.data / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)

    def wait_for_backends_to_exit(self) -> None:
        # The orphaned backends notice the postmaster's death and exit; a new postmaster refuses to start
        # while they still hold the shared memory.
        if shutil.which("pgrep") is None:
            time.sleep(2)  # without procps: the backends are gone well within this
            return
        for _ in range(100):
            if subprocess.run(["pgrep", "-f", f"postgres.*{self.data}"], capture_output=True).returncode != 0:
                return
            time.sleep(0.1)

    def destroy(self) -> None:
        subprocess.run([*self.as_postgres, postgres_bin("pg_ctl"), "-D", str(self.data), "-m", "immediate",
                        "stop"], capture_output=True)  # fmt: skip
        shutil.rmtree(self.dir, ignore_errors=True)

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/tracker"


@dataclass
class Load:
    base: str
    reporter: str
    office: str
    commitments: list[int]
    as_of: str
    answers: Counter = field(default_factory=Counter)  # (phase, status) → count
    acknowledged: dict[int, str] = field(default_factory=dict)  # update id → state the app acknowledged
    outage_without_retry_after: int = 0
    first_success_after_restart: float | None = None
    phase: str = "before"
    restarted_at: float = 0.0
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        request = urllib.request.Request(
            self.base + path,
            method=method,
            data=json.dumps(body or {}).encode(),
            headers={"Authorization": f"Token {token}", "Content-Type": "application/json"},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status, payload, retry_after = response.status, response.read(), None
        except urllib.error.HTTPError as error:
            status, payload, retry_after = error.code, error.read(), error.headers.get("Retry-After")
        except OSError:
            status, payload, retry_after = 0, b"", None  # no answer at all
        with self.lock:
            self.answers[(self.phase, status)] += 1
            if status == 503 and not retry_after:
                self.outage_without_retry_after += 1
            if 200 <= status < 300 and self.phase == "after" and self.first_success_after_restart is None:
                self.first_success_after_restart = time.monotonic() - self.restarted_at
        try:
            return status, json.loads(payload) if payload else {}
        except ValueError:
            return status, {}

    def client(self, number: int) -> None:
        turn = number
        while not self.stop.is_set():
            commitment = self.commitments[turn % len(self.commitments)]
            turn += 1
            status, created = self.call(
                "POST", "/api/updates/", self.reporter,
                {"commitment": commitment, "as_of": self.as_of, "narrative": f"故障测试 {number}-{turn}",
                 "percent": str(turn % 100)},
            )  # fmt: skip
            if status != 201:
                time.sleep(0.2)
                continue
            update = created["id"]
            self.acknowledge(update, "draft")
            if self.call("POST", f"/api/updates/{update}/submit/", self.reporter)[0] == 200:
                self.acknowledge(update, "submitted")
                if self.call("POST", f"/api/updates/{update}/approve/", self.office)[0] == 200:
                    self.acknowledge(update, "approved")
            time.sleep(0.02)  # a bounded load: a handful of writes a second per client

    def acknowledge(self, update: int, state: str) -> None:
        with self.lock:
            self.acknowledged[update] = state


def prepare(database_url: str) -> dict:
    """Migrates and loads the private database; the users' tokens and the commitments the load writes to."""
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("SECRET_KEY", "fault-script-only-secret-key")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command
    from rest_framework.authtoken.models import Token

    from commitments.models import Commitment
    from commitments.services.demo import DEMO_DEPARTMENT, demo_users_ensure

    call_command("migrate", verbosity=0)
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    call_command("recompute_progress", verbosity=0)
    demo_users_ensure()
    from django.contrib.auth import get_user_model

    users = get_user_model().objects
    commitments = list(
        Commitment.objects.filter(lead_department__name=DEMO_DEPARTMENT, children=None)
        .order_by("sort_key")
        .values_list("pk", flat=True)[:20]
    )
    report_year = Commitment.objects.get(pk=commitments[0]).report.year
    return {
        "reporter": Token.objects.get_or_create(user=users.get(username="reporter"))[0].key,
        "office": Token.objects.get_or_create(user=users.get(username="supervisor"))[0].key,
        "commitments": commitments,
        "as_of": datetime.date(report_year, 12, 31).isoformat(),
    }


def serve(database_url: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_DEBUG": "0", "LOG_LEVEL": "ERROR"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    process = subprocess.Popen(
        [gunicorn, "tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2", "--log-level", "error"],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/api/", timeout=1)
            return process
        except urllib.error.HTTPError:
            return process
        except OSError:
            time.sleep(0.2)
    os.killpg(process.pid, signal.SIGTERM)
    raise SystemExit("gunicorn did not start")


def verify(load: Load, office_token: str) -> list[tuple[str, str, bool]]:
    """The checks after the run: (what, figure, passed)."""
    from django.db import connection
    from django.db.models import Count

    from commitments.models import Commitment, ProgressUpdate
    from commitments.services import recompute_all

    connection.close()  # the process's connection died with the postmaster
    stored = dict(ProgressUpdate.objects.filter(pk__in=list(load.acknowledged)).values_list("pk", "state"))
    lost = [pk for pk in load.acknowledged if pk not in stored]
    behind = [pk for pk, state in load.acknowledged.items() if pk in stored and
              STATE_RANK[stored[pk]] < STATE_RANK[state]]  # fmt: skip
    drifts = recompute_all(dry_run=True)
    summary = json.loads(
        urllib.request.urlopen(
            urllib.request.Request(f"{load.base}/api/summary/", headers={"Authorization": f"Token {office_token}"})
        ).read()
    )
    recount = dict(Commitment.objects.values_list("status").annotate(n=Count("pk")).order_by())
    shown = {status: n for status, n in summary["by_status"].items() if n}
    errors_500 = sum(n for (phase, status), n in load.answers.items() if status >= 500 and status != 503)
    outage_503 = sum(n for (phase, status), n in load.answers.items() if status == 503)
    approved = sum(1 for state in load.acknowledged.values() if state == "approved")
    return [
        ("answers that were a 500 (or another 5xx but 503)", str(errors_500), errors_500 == 0),
        ("503 answers while the database was away", str(outage_503), outage_503 > 0),
        ("503 answers without Retry-After", str(load.outage_without_retry_after), load.outage_without_retry_after == 0),
        (
            "first write served after the database restarted (s, app not restarted)",
            "never" if load.first_success_after_restart is None else f"{load.first_success_after_restart:.2f}",
            load.first_success_after_restart is not None,
        ),
        ("writes acknowledged (updates; of them approved)", f"{len(load.acknowledged)}; {approved}", True),
        ("acknowledged writes missing from the database", str(len(lost)), not lost),
        ("acknowledged writes found in an earlier state", str(len(behind)), not behind),
        ("stored figures that differ from a recount (recompute_progress --dry-run)", str(len(drifts)), not drifts),
        ("/api/summary/ by status equals a count in the database",
         "yes" if shown == recount else f"{shown} ≠ {recount}", shown == recount),
    ]  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--before", type=float, default=5)
    parser.add_argument("--outage", type=float, default=5)
    parser.add_argument("--after", type=float, default=10)
    parser.add_argument("--port", type=int, default=55432)
    parser.add_argument("--app-port", type=int, default=8931)
    args = parser.parse_args()
    database = PrivatePostgres(args.port)
    server = None
    try:
        database.create()
        setup = prepare(database.url)
        server = serve(database.url, args.app_port)
        load = Load(f"http://127.0.0.1:{args.app_port}", setup["reporter"], setup["office"], setup["commitments"],
                    setup["as_of"])  # fmt: skip
        clients = [threading.Thread(target=load.client, args=(n,)) for n in range(args.clients)]
        started = time.monotonic()
        for thread in clients:
            thread.start()
        time.sleep(args.before)
        load.phase = "outage"
        database.kill()
        killed = time.monotonic()
        time.sleep(args.outage)
        database.wait_for_backends_to_exit()
        database.start()
        load.restarted_at = time.monotonic()
        load.phase = "after"
        time.sleep(args.after)
        load.stop.set()
        for thread in clients:
            thread.join()
        checks = verify(load, setup["office"])
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        database.destroy()
    by_phase = {
        phase: ", ".join(
            f"{status or 'no answer'}: {n}" for (p, status), n in sorted(load.answers.items()) if p == phase
        )
        for phase in ("before", "outage", "after")
    }
    print(f"Run {datetime.datetime.now():%Y-%m-%d %H:%M}: {args.clients} clients; database killed "
          f"{killed - started:.1f} s in, restarted {load.restarted_at - killed:.1f} s later; "
          f"{time.monotonic() - started:.1f} s in all.\n")  # fmt: skip
    print("| phase | answers by status |\n|---|---|")
    for phase, text in by_phase.items():
        print(f"| {phase} | {text} |")
    print("\n| check | figure | passed |\n|---|---|---|")
    for what, figure, passed in checks:
        print(f"| {what} | {figure} | {'yes' if passed else '**no**'} |")
    sys.exit(0 if all(passed for _, _, passed in checks) else 1)


if __name__ == "__main__":
    main()
