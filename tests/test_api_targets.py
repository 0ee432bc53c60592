"""The commitment parts: /api/targets/ and /api/milestones/."""

import datetime

import pytest

from .api_helpers import client_for, ids, office_client
from .factories import CommitmentFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return office_client()


@pytest.mark.parametrize("url", ["/api/targets/", "/api/milestones/"])
def test_anonymous_is_refused_with_401(url):
    assert client_for().get(url).status_code == 401


def test_target_representation_and_filters(api):
    target = TargetFactory(metric="重点项目数")
    other = TargetFactory(metric="新增就业")
    body = api.get(f"/api/targets/{target.pk}/").json()
    assert body["commitment"] == target.commitment_id
    assert body["metric"] == "重点项目数"
    assert body["comparator"] == "at_least"
    assert body["target_value"] == "53.0000"
    assert body["current_value"] is None
    assert ids(api.get("/api/targets/", {"commitment": target.commitment_id})) == [target.pk]
    assert ids(api.get("/api/targets/", {"report": other.commitment.report_id})) == [other.pk]
    assert ids(api.get("/api/targets/", {"ordering": "metric"})) == [other.pk, target.pk]
    assert ids(api.get("/api/targets/", {"comparator": "at_most"})) == []


def test_milestone_representation_and_filters(api):
    commitment = CommitmentFactory()
    done = MilestoneFactory(commitment=commitment, due_date=datetime.date(2020, 6, 30))
    done.completed_on = datetime.date(2020, 6, 20)
    done.save()
    pending = MilestoneFactory(commitment=commitment, due_date=datetime.date(2020, 12, 31))
    assert api.get(f"/api/milestones/{done.pk}/").json()["completed_on"] == "2020-06-20"
    assert ids(api.get("/api/milestones/", {"completed": "true"})) == [done.pk]
    assert ids(api.get("/api/milestones/", {"completed": "false"})) == [pending.pk]
    assert ids(api.get("/api/milestones/", {"due_before": "2020-07-01"})) == [done.pk]
    assert ids(api.get("/api/milestones/", {"due_after": "2020-07-01"})) == [pending.pk]
    assert ids(api.get("/api/milestones/", {"ordering": "-due_date"})) == [pending.pk, done.pk]
    assert ids(api.get("/api/milestones/", {"commitment": commitment.pk, "report": commitment.report_id})) == [
        done.pk,
        pending.pk,
    ]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/targets/", {"comparator": "more"}),
        ("/api/targets/", {"commitment": "x"}),
        ("/api/milestones/", {"completed": "half"}),
        ("/api/milestones/", {"due_before": "2020-02-30"}),
    ],
)
def test_invalid_filters_answer_400(api, url, params):
    response = api.get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)
