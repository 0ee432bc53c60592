"""A workflow step on an update (submit, approve, return) may name the version it was decided on: through
the API as `version` or If-Match (stale: 409 or 412, nothing done), on the review page as the version the
page showed. Naming none does the step on the update as it is."""

import pytest
from django.urls import reverse

from commitments import services
from commitments.choices import UpdateState
from commitments.models import ProgressUpdate

from .api_helpers import client_for
from .base import checker, day, submitted

pytestmark = pytest.mark.django_db


def moved_on(world) -> ProgressUpdate:
    """Submitted at version 2, returned (3), edited (4) and submitted again (5): what a reviewer who read
    version 2 never saw."""
    update = submitted(world.reporter, world.mine, day(6, 30))
    services.update_return(user=world.office, update=update, note="请补充佐证")
    services.update_edit(user=world.reporter, update=update, narrative="补充后的进展", expected_version=3)
    return services.update_submit(user=world.reporter, update=ProgressUpdate.objects.get(pk=update.pk))


def test_an_approval_at_the_version_read_is_done(world):
    update = submitted(world.reporter, world.mine, day(6, 30))
    office = client_for(checker())
    read = office.get(f"/api/updates/{update.pk}/")
    response = office.post(f"/api/updates/{update.pk}/approve/", HTTP_IF_MATCH=read["ETag"])
    assert response.status_code == 200, response.json()
    assert response.json()["state"] == UpdateState.APPROVED and response["ETag"] == f'"{read.json()["version"] + 1}"'


@pytest.mark.parametrize(
    ("step", "body", "header", "status"),
    [
        ("approve", {"version": 2}, {}, 409),
        ("approve", {}, {"HTTP_IF_MATCH": '"2"'}, 412),
        ("return", {"version": 2, "note": "不清楚"}, {}, 409),
        ("return", {"note": "不清楚"}, {"HTTP_IF_MATCH": '"2"'}, 412),
    ],
)
def test_a_decision_on_a_version_since_replaced_is_refused_and_nothing_is_done(world, step, body, header, status):
    update = moved_on(world)
    response = client_for(checker()).post(f"/api/updates/{update.pk}/{step}/", body, format="json", **header)
    assert response.status_code == status, response.json()
    stored = ProgressUpdate.objects.get(pk=update.pk)
    assert (stored.state, stored.version, stored.reviewed_by) == (UpdateState.SUBMITTED, update.version, None)


def test_a_submission_naming_a_stale_version_is_refused(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="初稿")
    reporter = client_for(world.reporter)
    read = reporter.get(f"/api/updates/{update.pk}/").json()["version"]
    services.update_edit(user=world.reporter, update=update, narrative="改过", expected_version=read)
    refused = reporter.post(f"/api/updates/{update.pk}/submit/", {"version": read}, format="json")
    assert refused.status_code == 409
    assert ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.DRAFT
    assert reporter.post(f"/api/updates/{update.pk}/submit/").status_code == 200  # none named: as it is


def test_the_review_page_refuses_a_decision_on_an_update_changed_since_it_was_opened(client, world):
    update = moved_on(world)
    client.force_login(checker())
    url = reverse("admin:commitments_progressupdate_change", args=[update.pk])
    shown = client.get(url)
    assert f'name="opened_version" value="{update.version}"' in shown.content.decode()
    response = client.post(url, {"_approve": "1", "note": "", "opened_version": 2}, follow=True)
    assert "reload" in response.content.decode() or "重新" in response.content.decode()
    assert ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.SUBMITTED
    done = client.post(url, {"_approve": "1", "note": "", "opened_version": update.version})
    assert done.status_code == 302
    assert ProgressUpdate.objects.get(pk=update.pk).state == UpdateState.APPROVED
