"""Maker-checker (issue 16, finding 10): whoever wrote or submitted an update cannot approve it; another
member of the office does. TRACKER_MAKER_CHECKER=0 relaxes it for a one-person office."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from rest_framework.test import APIClient

from commitments import services
from commitments.choices import UpdateState

from .base import checker, day

pytestmark = pytest.mark.django_db


def written_by(user, commitment, submitter=None):
    update = services.update_create(user=user, commitment=commitment, as_of=day(6, 30), narrative="进展")
    return services.update_submit(user=submitter or user, update=update)


@pytest.mark.parametrize("who", ["wrote and submitted", "submitted"])
def test_the_office_member_who_wrote_or_submitted_cannot_approve(world, who):
    author = world.office if who == "wrote and submitted" else world.reporter
    update = written_by(author, world.mine, submitter=world.office)
    with pytest.raises(PermissionDenied, match="另一位人员"):
        services.update_approve(user=world.office, update=update)
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED and update.reviewed_by is None


def test_another_member_of_the_office_approves(world):
    update = written_by(world.office, world.mine)
    approved = services.update_approve(user=checker(), update=update)
    assert approved.state == UpdateState.APPROVED and approved.reviewed_by == checker()


def test_a_reporters_update_is_approved_by_the_office(world):
    update = written_by(world.reporter, world.mine)
    assert services.update_approve(user=world.office, update=update).state == UpdateState.APPROVED


def test_a_one_person_office_may_relax_the_rule(world, settings):
    settings.TRACKER_MAKER_CHECKER = False
    update = written_by(world.office, world.mine)
    assert services.update_approve(user=world.office, update=update).state == UpdateState.APPROVED


def test_the_api_answers_403_with_the_reason(world):
    update = written_by(world.office, world.mine)
    client = APIClient()
    client.force_authenticate(world.office)
    response = client.post(f"/api/updates/{update.pk}/approve/")
    assert response.status_code == 403
    assert response.json()["detail"]


def test_the_admin_action_says_why_and_approves_nothing(client, world):
    update = written_by(world.office, world.mine)
    client.force_login(world.office)
    page = client.post(
        reverse("admin:commitments_progressupdate_changelist"),
        {"action": "approve_updates", "_selected_action": [update.pk]},
        follow=True,
    )
    assert page.status_code == 200
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED
    assert any("another member of the office" in str(m) or "另一" in str(m) for m in page.context["messages"])
