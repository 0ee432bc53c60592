"""Remembered summaries (selectors/figures_cache.py) never outlive a committed change of what they count.

Transactional tests: the cache is used only outside a transaction, so these commit like a live server."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from commitments.models import Commitment
from commitments.selectors import progress_summary
from commitments.selectors.summary import _summarise, summary_queryset

from .base import approved, day, make_user
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def report_world():
    cache.clear()
    # Tests that commit flush the database after them, the roles' groups (a data migration's) included.
    Group.objects.get_or_create(name="supervisor")
    chapter = ChapterFactory()
    department = DepartmentFactory(name="江城区交通运输局")
    commitments = [CommitmentFactory(chapter=chapter, lead_department=department) for _ in range(3)]
    return chapter.report, department, commitments


def fresh(report):
    """The summary counted afresh, bypassing the cache."""
    return _summarise(summary_queryset(report=report), None)


def test_a_remembered_summary_costs_one_query(report_world, django_assert_num_queries):
    report, _, _ = report_world
    first = progress_summary(report=report)
    with django_assert_num_queries(1):  # the generation's token
        assert progress_summary(report=report) == first


def test_an_approval_retires_the_remembered_summary(report_world):
    report, _, commitments = report_world
    before = progress_summary(report=report)
    approved(make_user("supervisor"), commitments[0], day(9, 30), percent=Decimal(50))
    after = progress_summary(report=report)
    assert after == fresh(report)
    assert after.by_status != before.by_status


def test_a_renamed_department_and_a_deleted_commitment_show_at_once(report_world):
    report, department, commitments = report_world
    progress_summary(report=report)
    department.name = "江城区交通局"
    department.save()
    assert [group.label for group in progress_summary(report=report).by_department] == ["江城区交通局"]
    Commitment.objects.filter(pk=commitments[2].pk).delete()
    assert progress_summary(report=report).count == 2


def test_nothing_is_remembered_inside_a_transaction(report_world):
    from django.db import transaction

    report, _, commitments = report_world
    progress_summary(report=report)
    with transaction.atomic():
        Commitment.objects.filter(pk=commitments[0].pk).update(status="completed")
        assert progress_summary(report=report).by_status["completed"] == 1
        transaction.set_rollback(True)
    assert progress_summary(report=report).by_status["completed"] == 0


def token():
    from commitments.models import FigureGeneration

    return FigureGeneration.objects.values_list("token", flat=True).first()


def test_one_new_generation_per_transaction_however_many_writes(report_world):
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    report, _, commitments = report_world
    before = token()
    with CaptureQueriesContext(connection) as ctx:
        with transaction.atomic():
            for item in commitments:
                item.title = f"{item.title}（修改）"
                item.save(update_fields=["title"])
    token_writes = [q["sql"] for q in ctx.captured_queries if "figuregeneration" in q["sql"]]
    assert len(token_writes) == 1 and token_writes[0].startswith("UPDATE")  # one statement, after the commit
    assert token() != before


def test_a_rolled_back_savepoint_does_not_keep_a_later_change_from_showing(report_world):
    from django.db import transaction

    report, _, commitments = report_world
    progress_summary(report=report)
    with transaction.atomic():
        try:
            with transaction.atomic():
                commitments[0].save()  # queues the new generation inside the savepoint…
                raise RuntimeError
        except RuntimeError:
            pass  # …which the rollback discards with it
        Commitment.objects.filter(pk=commitments[1].pk).update(status="completed")
        commitments[1].save(update_fields=["updated_at"])  # a later change in the same transaction
    assert progress_summary(report=report).by_status["completed"] == 1


def test_the_api_remembers_what_it_shows_and_shows_a_change_at_once(report_world, django_assert_max_num_queries):
    from rest_framework.test import APIClient

    report, _, commitments = report_world
    client = APIClient()
    client.force_authenticate(make_user("supervisor"))
    first = client.get("/api/summary/", {"report": report.pk}).json()
    with django_assert_max_num_queries(4):  # the query's report, the user's roles, the generation's token
        assert client.get("/api/summary/", {"report": report.pk}).json() == first
    approved(make_user("supervisor"), commitments[0], day(9, 30), percent=Decimal(50))
    after = client.get("/api/summary/", {"report": report.pk}).json()
    assert after["by_status"] != first["by_status"]
    assert after["count"] == fresh(report).count == 3
