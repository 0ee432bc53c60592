"""The running tally behind today's all-reports summary (models.SummaryTally, kept by a PostgreSQL trigger).

Whatever writes the commitments (the engine, the admin's saves, a queryset update, deletions, a fixture
load, the seeder), the tally must equal one rebuilt from scratch, and the summary read from it must equal
the one computed from the commitments themselves.
"""

from __future__ import annotations

import datetime
import threading
import time

import pytest
from django.core.management import call_command
from django.db import connection, connections, transaction

from bench.synthetic import seed_synthetic
from commitments import services
from commitments.choices import CommitmentStatus, Rag
from commitments.models import Commitment, ProgressUpdate, StatusOverride, SummaryTally
from commitments.selectors import progress_summary
from commitments.selectors.summary import settle_summary_tally

from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory
from .test_summary_snapshots import random_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the tally's trigger is PostgreSQL's"),
]

COLUMNS = [field.name for field in SummaryTally._meta.fields if field.name != "id"]


def tally_rows() -> set[tuple]:
    return set(SummaryTally.objects.values_list(*COLUMNS))


def assert_tally_in_step() -> None:
    settle_summary_tally()  # the test's transaction never commits: its pending tally events are applied here
    kept = tally_rows()
    with connection.cursor() as cursor:
        cursor.execute("SELECT commitments_summary_tally_rebuild()")
    assert kept == tally_rows()
    assert all(row[COLUMNS.index("n")] > 0 for row in kept), "a group with no commitments left a row behind"


def assert_summary_from_tally_is_the_computed_one() -> None:
    from_tally = progress_summary()
    # Any filter on the scope takes the path that aggregates the commitments themselves.
    computed = progress_summary(queryset=Commitment.objects.filter(pk__gt=0))
    assert from_tally == computed


def test_tally_follows_the_engine_and_every_kind_of_write(office):
    report = random_world(office, seed=3, size=12)
    other = random_world(office, seed=4, size=8)
    assert_tally_in_step()
    assert_summary_from_tally_is_the_computed_one()

    # Moved to another chapter and another lead department (as the admin would save it).
    moved = Commitment.objects.filter(report=report, parent__isnull=True).order_by("pk").first()
    moved.chapter = ChapterFactory(report=report, number=9)
    moved.lead_department = DepartmentFactory()
    moved.save()
    # A queryset update around the models' save (no signal fires; the trigger still sees it).
    Commitment.objects.filter(report=other).update(rag=Rag.RED, due_date=datetime.date(2020, 1, 31))
    # A cancellation through the services.
    services.commitment_override_status(
        user=office,
        commitment=Commitment.objects.filter(report=report).exclude(pk=moved.pk).order_by("pk").first(),
        status=CommitmentStatus.CANCELLED,
        reason="督查决定",
        effective_on=datetime.date(2020, 5, 1),
    )
    assert_tally_in_step()
    assert_summary_from_tally_is_the_computed_one()

    # Deleted: a commitment, then a whole report.
    CommitmentFactory(chapter=moved.chapter).delete()
    # Decisions and updates protect their commitments: they go first.
    other_chapters = list(other.chapters.values_list("pk", flat=True))
    StatusOverride.objects.filter(commitment__report=other).delete()
    ProgressUpdate.objects.filter(commitment__report=other).delete()
    other.delete()
    assert_tally_in_step()
    assert_summary_from_tally_is_the_computed_one()
    assert not SummaryTally.objects.filter(grouping="chapter", group_id__in=other_chapters).exists()


def test_overdue_from_the_tally_counts_open_commitments_due_before_today(office):
    chapter = ChapterFactory()
    long_ago = datetime.date.today() - datetime.timedelta(days=400)
    CommitmentFactory(chapter=chapter, start_date=long_ago - datetime.timedelta(days=30), due_date=long_ago)
    CommitmentFactory(chapter=chapter, due_date=datetime.date.today() + datetime.timedelta(days=400))
    closed = CommitmentFactory(chapter=chapter, start_date=long_ago - datetime.timedelta(days=30), due_date=long_ago)
    Commitment.objects.filter(pk=closed.pk).update(status=CommitmentStatus.COMPLETED)
    summary = progress_summary()
    assert (summary.count, summary.overdue) == (3, 1)
    assert summary == progress_summary(queryset=Commitment.objects.filter(pk__gt=0))


def test_fixture_load_and_seeder_leave_the_tally_in_step():
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    seed_synthetic(reports=2, commitments=60, updates=300, seed=31)
    assert SummaryTally.objects.exists()
    assert_tally_in_step()
    assert_summary_from_tally_is_the_computed_one()
    # The seeder paused the triggers while copying: they are on again.
    CommitmentFactory(chapter=ChapterFactory())
    assert_tally_in_step()


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_and_a_write_sharing_a_department_do_not_deadlock():
    """A transaction that wrote a commitment of the department and then waits for another's lock (as the
    nightly recompute does, report by report) and the writer of that other commitment: with the tally's
    locks taken as each commits, the writer commits and the long one goes on."""
    department = DepartmentFactory()
    first = CommitmentFactory(lead_department=department)
    second = CommitmentFactory(lead_department=department)
    long_wrote, errors = threading.Event(), []

    def long_transaction():
        try:
            with transaction.atomic():
                Commitment.objects.filter(pk=first.pk).update(status=CommitmentStatus.IN_PROGRESS)
                long_wrote.set()
                list(Commitment.objects.select_for_update().filter(pk=second.pk))  # waits for the writer
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connections.close_all()

    def writer():
        try:
            with transaction.atomic():
                list(Commitment.objects.select_for_update().filter(pk=second.pk))
                long_wrote.wait(10)
                time.sleep(0.3)  # the long transaction is now waiting for this lock
                Commitment.objects.filter(pk=second.pk).update(status=CommitmentStatus.COMPLETED)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=long_transaction), threading.Thread(target=writer)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    assert_tally_in_step()
    summary = progress_summary()
    assert summary.by_status[CommitmentStatus.COMPLETED] == 1
    assert summary == progress_summary(queryset=Commitment.objects.filter(pk__gt=0))
