"""The commitment page's version check holds the commitment's row lock (PostgreSQL) from the check until the
page's transaction ends, so no other writer can save between the check and the page's own save."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import OperationalError, connection, connections, transaction
from django.forms.models import model_to_dict

from commitments import services
from commitments.admin.commitment_forms import CommitmentAdminForm
from commitments.models import Commitment

from .base import make_user
from .factories import CommitmentFactory

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def edit_elsewhere(commitment: Commitment, user, errors: list) -> None:
    """An API-style edit from another connection that gives up after a second of waiting for a lock."""
    try:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '1s'")
            services.commitment_update(user=user, commitment=commitment, data={"title": "抢先保存"})
    except Exception as error:  # reported by the test: a thread's exception would otherwise vanish
        errors.append(error)
    finally:
        connections.close_all()


@pytest.mark.django_db(transaction=True)
def test_a_checked_page_keeps_the_commitment_locked_until_its_transaction_ends():
    # Tests that commit flush the database after them, the roles' groups (a data migration's) included.
    Group.objects.get_or_create(name="supervisor")
    office = make_user("supervisor")
    commitment = CommitmentFactory()
    data = {name: "" if value is None else value for name, value in model_to_dict(commitment).items()}
    errors: list = []
    with transaction.atomic():  # the transaction Django's changeform_view holds for the request
        form = CommitmentAdminForm({**data, "opened_version": 1}, instance=commitment)
        assert form.is_valid(), form.errors
        other = threading.Thread(target=edit_elsewhere, args=(commitment, office, errors))
        other.start()
        other.join(10)
    [error] = errors
    assert isinstance(error, OperationalError) and "lock timeout" in str(error)
    assert Commitment.objects.get(pk=commitment.pk).version == 1
