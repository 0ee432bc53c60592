"""Restores keep the truth: the recipes of docs/deployment.md ("Backup and restore"), followed on PostgreSQL
into fresh databases, give a /api/summary/ equal to a recount of the restored commitments and lose no
evidence file.

The world is committed (a transactional test), dumped by the documented commands, restored and recomputed
by `manage.py` in subprocesses against the new database, as an operator would."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection

from commitments import services
from commitments.models import Commitment, Report

from .base import approved, day, make_user

ROOT = Path(__file__).resolve().parent.parent
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore are PostgreSQL's"),
    pytest.mark.django_db(transaction=True),
]


def server_url(name: str) -> str:
    settings = connection.settings_dict
    user, host, port = settings["USER"] or "postgres", settings["HOST"] or "127.0.0.1", settings["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}"


def run(*command: str, env: dict | None = None) -> str:
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, **(env or {})}, cwd=ROOT)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stdout}\n{done.stderr}"
    return done.stdout


def manage(database_url: str, media: Path, *arguments: str) -> str:
    env = {"DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "SECRET_KEY": "restore-test"}
    return run(sys.executable, "manage.py", *arguments, env=env)


@pytest.fixture
def fresh_database(request):
    """An empty database on the test server, dropped afterwards."""
    name = f"{connection.settings_dict['NAME']}_restored_{request.node.name[-12:].strip('[]-_')}".lower()
    run("dropdb", "--if-exists", "-h", "127.0.0.1", "-U", "postgres", name)
    run("createdb", "-h", "127.0.0.1", "-U", "postgres", name)
    yield name
    connection.close()
    run("dropdb", "--if-exists", "--force", "-h", "127.0.0.1", "-U", "postgres", name)


@pytest.fixture
def tracked_world(settings):
    """The 2020 report, recomputed, with approved progress (values, milestones, percents, an evidence file)."""
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    services.recompute_all()
    # Tests that commit flush the database after them, the roles' groups (a data migration's) included.
    Group.objects.get_or_create(name="supervisor")
    office = make_user("supervisor")
    report = Report.objects.get(year=2020)
    for commitment in Commitment.objects.filter(report=report).order_by("sort_key")[:12]:
        values = [(target, (target.target_value * Decimal("0.6")).quantize(Decimal(1))) for target in rows(commitment)]
        approved(office, commitment, day(9, 30), percent=Decimal(60), values=values)
    first = Commitment.objects.filter(report=report).order_by("sort_key").first()
    approved(office, first, day(10, 31), percent=Decimal(70), files=[SimpleUploadedFile("台账.pdf", PDF)])
    return office


def rows(commitment: Commitment) -> list:
    return list(commitment.targets.all())


def probe(database_url: str, media: Path, office) -> dict:
    env = {"DATABASE_URL": database_url, "MEDIA_ROOT": str(media), "SECRET_KEY": "restore-test"}
    return json.loads(run(sys.executable, "tests/restore_probe.py", office.username, env=env))


def assert_summary_is_a_recount(found: dict, source: dict) -> None:
    assert found["status"] == 200
    summary, counted = found["summary"], found["counted"]
    assert summary["count"] == counted["count"] == source["counted"]["count"]
    assert {key: n for key, n in summary["by_status"].items() if n} == counted["by_status"]
    rags = {("" if key == "unrated" else key): n for key, n in summary["by_rag"].items() if n}
    assert rags == counted["by_rag"]
    assert summary["overdue"] == counted["overdue"]
    # The same figures as the source's, group by group (a JSON copy with natural keys renumbers the rows).
    assert without_ids(summary) == without_ids(source["summary"])
    assert found["missing"] == []


def without_ids(summary: dict) -> dict:
    groups = {key: [{**group, "id": None} for group in summary[key]] for key in ("by_chapter", "by_department")}
    return {**summary, **groups}


def back_up_media(media: Path, archive: Path, restored_media: Path) -> None:
    """tar -czf / tar -xzf, as the recipe does."""
    with tarfile.open(archive, "w:gz") as packed:
        packed.add(media, arcname=".")
    restored_media.mkdir()
    with tarfile.open(archive) as packed:
        packed.extractall(restored_media, filter="data")


def test_pg_dump_and_pg_restore_keep_every_figure(tracked_world, fresh_database, settings, tmp_path):
    source_url = server_url(connection.settings_dict["NAME"])
    source = probe(source_url, Path(settings.MEDIA_ROOT), tracked_world)
    assert source["counted"]["count"] > 100 and source["missing"] == []

    dump = tmp_path / "tracker.dump"
    run("pg_dump", "--format=custom", f"--file={dump}", source_url)
    restored_media = tmp_path / "restored-media"
    back_up_media(Path(settings.MEDIA_ROOT), tmp_path / "evidence.tar.gz", restored_media)
    target_url = server_url(fresh_database)
    run("pg_restore", "--no-owner", f"--dbname={target_url}", str(dump))
    manage(target_url, restored_media, "migrate", "--noinput")
    drifts = manage(target_url, restored_media, "recompute_progress")

    assert "0 commitment(s) drifted" in drifts
    assert_summary_is_a_recount(probe(target_url, restored_media, tracked_world), source)


def test_dumpdata_and_loaddata_keep_every_figure(tracked_world, fresh_database, settings, tmp_path):
    source_url = server_url(connection.settings_dict["NAME"])
    source = probe(source_url, Path(settings.MEDIA_ROOT), tracked_world)

    dump = tmp_path / "tracker.json"
    dump.write_text(
        manage(
            source_url,
            Path(settings.MEDIA_ROOT),
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            "--exclude",
            "contenttypes",
            "--exclude",
            "auth.permission",
        )
    )
    restored_media = tmp_path / "restored-media"
    back_up_media(Path(settings.MEDIA_ROOT), tmp_path / "evidence.tar.gz", restored_media)
    target_url = server_url(fresh_database)
    manage(target_url, restored_media, "migrate", "--noinput")
    manage(target_url, restored_media, "loaddata", str(dump))
    assert "0 commitment(s) drifted" in manage(target_url, restored_media, "recompute_progress")

    assert_summary_is_a_recount(probe(target_url, restored_media, tracked_world), source)
