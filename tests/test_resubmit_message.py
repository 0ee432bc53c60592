"""Submitting an update twice says what happened, not "no permission" (issue 17, small things)."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from commitments import services

from .base import checker, day

pytestmark = pytest.mark.django_db


def test_a_second_submission_is_told_the_update_waits_for_review(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="进展")
    services.update_submit(user=world.reporter, update=update)
    with pytest.raises(ValidationError) as refused:
        services.update_submit(user=world.reporter, update=update)
    assert "已报送" in str(refused.value.message_dict["state"])


def test_the_api_answers_400_with_the_state_for_an_approved_update(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="进展")
    services.update_submit(user=world.reporter, update=update)
    services.update_approve(user=checker(), update=update)
    client = APIClient()
    client.force_authenticate(world.reporter)
    response = client.post(f"/api/updates/{update.pk}/submit/")
    assert response.status_code == 400
    assert "已审核通过" in str(response.json()["state"])


def test_another_departments_reporter_is_still_refused(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="进展")
    client = APIClient()
    client.force_authenticate(world.outsider)
    assert client.post(f"/api/updates/{update.pk}/submit/").status_code == 404  # not even visible
