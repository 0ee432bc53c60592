"""Two 督办单 issued at the same moment never share a 文号: the sequence row is created once (a concurrent
creator's insert is refused by the unique constraint inside a savepoint) and locked while a number is taken.
Real concurrency needs row locks, so this runs on PostgreSQL (SQLite serialises every writer anyway)."""

import datetime
import threading

import pytest
from django.db import connection

from commitments.models import NoticeSequence, SupervisionNotice
from commitments.supervision.notices import notice_issue

from .base import build_world

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
D = datetime.date
THREADS = 4


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_get_distinct_numbers(role_groups):
    world = build_world()
    barrier = threading.Barrier(THREADS)
    numbers, errors = [], []

    def issue() -> None:
        try:
            barrier.wait()
            notice = notice_issue(
                user=world.office,
                commitment=world.mine,
                required_actions="加快进度",
                reply_due=D(2020, 10, 15),
                issued_on=D(2020, 9, 30),
            )
            numbers.append(notice.number)
        except Exception as error:  # reported below: a thread's exception would otherwise vanish
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers) == sorted(f"督〔2020〕{n}号" for n in range(1, THREADS + 1))
    assert SupervisionNotice.objects.count() == THREADS
    assert NoticeSequence.objects.get(prefix="督", year=2020).last_number == THREADS
