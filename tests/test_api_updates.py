"""/api/updates/: progress updates, their filters and their workflow."""

import datetime

import pytest

from commitments.choices import UpdateState

from .api_helpers import client_for, ids, office_client
from .factories import CommitmentFactory, ProgressUpdateFactory, ReportedValueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return office_client()


def test_anonymous_is_refused_with_401():
    assert client_for().get("/api/updates/").status_code == 401


def test_update_representation(api):
    value = ReportedValueFactory(update__state=UpdateState.APPROVED)
    update = value.update
    body = api.get(f"/api/updates/{update.pk}/").json()
    assert body["commitment"] == update.commitment_id
    assert body["as_of"] == "2020-09-30"
    assert body["state"] == "approved"
    assert body["values"] == [{"target": value.target_id, "value": "10.0000"}]
    assert body["milestones_completed"] == []


def test_update_filters_and_ordering(api):
    commitment = CommitmentFactory()
    june = ProgressUpdateFactory(commitment=commitment, as_of=datetime.date(2020, 6, 30), state=UpdateState.APPROVED)
    sept = ProgressUpdateFactory(commitment=commitment, as_of=datetime.date(2020, 9, 30), state=UpdateState.DRAFT)
    other = ProgressUpdateFactory(as_of=datetime.date(2020, 3, 31), state=UpdateState.SUBMITTED)
    assert ids(api.get("/api/updates/", {"commitment": commitment.pk})) == [sept.pk, june.pk]
    assert ids(api.get("/api/updates/", {"report": other.commitment.report_id})) == [other.pk]
    assert ids(api.get("/api/updates/", {"department": commitment.lead_department_id})) == [sept.pk, june.pk]
    assert ids(api.get("/api/updates/", {"state": ["approved", "submitted"], "ordering": "as_of"})) == [
        other.pk,
        june.pk,
    ]
    assert ids(api.get("/api/updates/", {"as_of_before": "2020-06-30", "as_of_after": "2020-04-01"})) == [june.pk]


@pytest.mark.parametrize("params", [{"state": "published"}, {"as_of_after": "soon"}, {"ordering": "narrative"}])
def test_invalid_filters_answer_400(api, params):
    response = api.get("/api/updates/", params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)
