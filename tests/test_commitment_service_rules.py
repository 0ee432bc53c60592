"""The rules the admin reuses from services/commitments.py: the version check (commitment_lock), a lead
department never co-responsible however the owners change, and the history naming changes outside the row."""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from commitments import services
from commitments.models import Commitment

pytestmark = pytest.mark.django_db


def test_commitment_lock_refuses_a_moved_on_version_and_returns_the_stored_row(world):
    services.commitment_update(user=world.office, commitment=world.mine, data={"title": "改过"})
    with transaction.atomic():
        assert services.commitment_lock(commitment=world.mine, expected_version=2).title == "改过"
        with pytest.raises(services.VersionConflict) as excinfo:
            services.commitment_lock(commitment=world.mine, expected_version=1)
    assert (excinfo.value.expected, excinfo.value.current) == (1, 2)


def test_a_new_lead_already_co_responsible_is_refused_even_without_co_departments(world):
    # world.shared: led by `other`, `own` co-responsible.
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_update(user=world.office, commitment=world.shared, data={"lead_department": world.own})
    [error] = excinfo.value.error_dict["co_departments"]
    assert (error.code, error.params) == ("lead_as_co", {"department_id": world.own.pk})
    assert Commitment.objects.get(pk=world.shared.pk).lead_department == world.other


def test_the_history_names_co_department_changes_and_status_decisions(world):
    services.commitment_update(user=world.office, commitment=world.mine, data={"co_departments": [world.other]})
    services.commitment_update(user=world.office, commitment=world.mine, data={"co_departments": [world.other]})
    services.commitment_override_status(user=world.office, commitment=world.mine, status="cancelled", reason="决定")
    reasons = list(
        world.mine.history.filter(history_change_reason__isnull=False).values_list("version", "history_change_reason")
    )
    # Setting the same co-departments again bumps the version but changes none: no reason is recorded.
    assert sorted(reasons) == [(2, services.CO_DEPARTMENTS_CHANGED), (4, services.STATUS_DECIDED)]
