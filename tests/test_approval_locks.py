"""What an approval locks (PostgreSQL): its update and its commitment chain, never the report, so that the
approvals of one report's commitments do not queue behind each other."""

import threading
import time
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections, transaction

from commitments import services
from commitments.choices import CommitmentKind, UpdateState
from commitments.models import Commitment, Report
from commitments.services.tracking import lock_commitments

from .base import make_user
from .factories import CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def hold_lock(statement: str, params: list, locked: threading.Event, release: threading.Event, errors: list):
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(statement, params)
            locked.set()
            release.wait(10)
    except Exception as error:  # reported by the test: a thread's exception would otherwise vanish
        errors.append(error)
    finally:
        connections.close_all()


def approve_while_locked(statement: str, params: list, update, office) -> Exception | None:
    """Approves the update while another transaction holds the lock the statement takes; the approval gives
    up after a second of waiting. Returns its error, or None when it went through."""
    locked, release, errors = threading.Event(), threading.Event(), []
    holder = threading.Thread(target=hold_lock, args=(statement, params, locked, release, errors))
    holder.start()
    try:
        assert locked.wait(10)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            services.update_approve(user=office, update=update)
        return None
    except Exception as error:
        return error
    finally:
        release.set()
        holder.join(10)
        assert errors == []


@pytest.fixture
def office(transactional_db):
    # Tests that commit flush the database after them, the roles' groups (a data migration's) included.
    Group.objects.get_or_create(name="supervisor")
    return make_user("supervisor")


@pytest.fixture
def submitted(transactional_db):
    commitment = CommitmentFactory(kind=CommitmentKind.ONGOING)
    return ProgressUpdateFactory(commitment=commitment, percent=Decimal(40), state=UpdateState.SUBMITTED)


@pytest.mark.django_db(transaction=True)
def test_an_approval_does_not_wait_for_a_lock_on_its_report(submitted, office):
    report = submitted.commitment.report

    error = approve_while_locked(
        "SELECT 1 FROM commitments_report WHERE id = %s FOR UPDATE", [report.pk], submitted, office
    )

    assert error is None
    assert Commitment.objects.get(pk=submitted.commitment_id).progress == Decimal(40)
    assert Report.objects.filter(pk=report.pk).exists()


@pytest.mark.django_db(transaction=True)
def test_an_approval_waits_for_a_lock_on_its_commitment(submitted, office):
    error = approve_while_locked(
        "SELECT 1 FROM commitments_commitment WHERE id = %s FOR UPDATE", [submitted.commitment_id], submitted, office
    )

    assert error is not None and "lock timeout" in str(error)
    submitted.refresh_from_db()
    assert submitted.state == UpdateState.SUBMITTED  # nothing half-written


@pytest.mark.django_db(transaction=True)
def test_an_approval_and_a_recompute_that_locks_parent_then_child_do_not_deadlock(office):
    """The recompute locks commitments in id order, the parent (older, lower id) first. An approval of the
    child must not hold the child while it waits for the parent: it takes the chain in the same order."""
    parent = CommitmentFactory(kind=CommitmentKind.ONGOING)
    child = CommitmentFactory(kind=CommitmentKind.ONGOING, chapter=parent.chapter, parent=parent)
    update = ProgressUpdateFactory(commitment=child, percent=Decimal(30), state=UpdateState.SUBMITTED)
    parent_locked, errors = threading.Event(), []

    def recompute_like():
        try:
            with transaction.atomic():
                lock_commitments([parent.pk])
                parent_locked.set()
                time.sleep(0.5)  # the approval is now waiting for the parent
                lock_commitments([child.pk])
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    recompute = threading.Thread(target=recompute_like)
    recompute.start()
    assert parent_locked.wait(10)
    try:
        services.update_approve(user=office, update=update)
    except Exception as error:
        errors.append(error)
    recompute.join(10)

    assert errors == []
    assert Commitment.objects.get(pk=child.pk).progress == Decimal(30)
    assert Commitment.objects.get(pk=parent.pk).progress == Decimal(30)
