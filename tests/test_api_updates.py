"""/api/updates/: progress updates, their filters and their workflow."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.choices import UpdateState
from commitments.models import ProgressUpdate

from .api_helpers import client_for, ids, office_client
from .factories import (
    CommitmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportedValueFactory,
    TargetFactory,
)

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


# --- Writing updates and their workflow ---------------------------------------------------------


@pytest.fixture
def world():
    from .base import build_world

    return build_world()


@pytest.fixture
def reporter(world):
    return client_for(world.reporter)


@pytest.fixture
def office(world):
    return client_for(world.office)


def create(client, commitment, **fields):
    body = {"commitment": commitment.pk, "as_of": "2020-06-30", "narrative": "上半年进展", **fields}
    return client.post("/api/updates/", body, format="json")


def test_reporter_writes_a_draft_with_values_milestones_and_links(world, reporter):
    target = TargetFactory(commitment=world.mine, target_value=100)
    milestone = MilestoneFactory(commitment=world.mine)
    response = create(
        reporter,
        world.mine,
        percent="40",
        values=[{"target": target.pk, "value": "30"}],
        milestones_completed=[milestone.pk],
        evidence=[{"title": "新闻报道", "url": "https://www.example.gov.cn/news/1"}],
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "draft"
    assert body["created_by"] == world.reporter.username
    assert body["values"] == [{"target": target.pk, "value": "30.0000"}]
    assert body["milestones_completed"] == [milestone.pk]
    assert body["evidence"][0]["kind"] == "link"
    assert body["evidence"][0]["url"] == "https://www.example.gov.cn/news/1"
    assert body["percent"] == "40.00"


def test_update_walks_draft_submitted_approved_and_moves_the_commitment(world, reporter, office):
    target = TargetFactory(commitment=world.mine, target_value=100)
    update_id = create(reporter, world.mine, values=[{"target": target.pk, "value": "50"}]).json()["id"]
    submitted = reporter.post(f"/api/updates/{update_id}/submit/")
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "submitted"
    approved_response = office.post(f"/api/updates/{update_id}/approve/")
    assert approved_response.status_code == 200
    assert approved_response.json()["state"] == "approved"
    assert approved_response.json()["reviewed_by"] == world.office.username
    commitment = office.get(f"/api/commitments/{world.mine.pk}/").json()
    assert commitment["progress"] == "50.00"
    assert commitment["status"] == "in_progress"
    assert commitment["latest_update"] == {"as_of": "2020-06-30", "narrative": "上半年进展"}
    assert commitment["targets"][0]["current_value"] == "50.0000"


def test_returned_update_carries_the_note_and_can_be_revised_and_resubmitted(world, reporter, office):
    update_id = create(reporter, world.mine).json()["id"]
    reporter.post(f"/api/updates/{update_id}/submit/")
    returned = office.post(f"/api/updates/{update_id}/return/", {"note": "请补充佐证材料"}, format="json")
    assert returned.status_code == 200
    assert (returned.json()["state"], returned.json()["review_note"]) == ("returned", "请补充佐证材料")
    version = returned.json()["version"]
    revised = reporter.patch(
        f"/api/updates/{update_id}/", {"narrative": "补充了材料", "version": version}, format="json"
    )
    assert revised.status_code == 200
    assert revised.json()["narrative"] == "补充了材料"
    assert reporter.post(f"/api/updates/{update_id}/submit/").json()["state"] == "submitted"


def test_edit_replaces_values_and_keeps_what_is_left_out(world, reporter):
    first, second = TargetFactory(commitment=world.mine), TargetFactory(commitment=world.mine)
    update_id = create(reporter, world.mine, percent="10", values=[{"target": first.pk, "value": "1"}]).json()["id"]
    body = reporter.patch(
        f"/api/updates/{update_id}/", {"values": [{"target": second.pk, "value": "2"}], "version": 1}, format="json"
    ).json()
    assert body["values"] == [{"target": second.pk, "value": "2.0000"}]
    assert (body["percent"], body["narrative"]) == ("10.00", "上半年进展")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"as_of": "2999-01-01"}, "as_of"),
        ({"as_of": "2019-06-30"}, "as_of"),  # before the report and the commitment's start
        ({"as_of": "30/06/2020"}, "as_of"),
        ({"percent": "150"}, "percent"),
        ({"percent": "-1"}, "percent"),
        ({"values": [{"target": 999999, "value": "1"}]}, "values"),
        ({"values": [{"value": "1"}]}, "values"),
        ({"milestones_completed": [999999]}, "milestones_completed"),
        ({"evidence": [{"url": "javascript:alert(1)"}]}, "evidence"),
        ({"evidence": [{"url": "ftp://files.example.gov.cn/a.pdf"}]}, "evidence"),  # refused by the engine
    ],
)
def test_invalid_update_answers_400_with_the_field(world, reporter, fields, field):
    response = create(reporter, world.mine, **fields)
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not ProgressUpdate.objects.exists()


def test_values_for_another_commitments_target_are_refused_by_the_engine(world, reporter):
    foreign = TargetFactory(commitment=world.theirs)
    response = create(reporter, world.mine, values=[{"target": foreign.pk, "value": "1"}])
    assert response.status_code == 400
    assert list(response.json()) == ["values"]
    assert foreign.metric in response.json()["values"][0]


def test_an_empty_draft_cannot_be_submitted(world, reporter):
    update_id = create(reporter, world.mine, narrative="").json()["id"]
    response = reporter.post(f"/api/updates/{update_id}/submit/")
    assert response.status_code == 400
    assert "narrative" in response.json()


def test_only_submitted_updates_are_approved(world, reporter, office):
    update_id = create(reporter, world.mine).json()["id"]
    response = office.post(f"/api/updates/{update_id}/approve/")
    assert response.status_code == 400
    assert "state" in response.json()
    assert ProgressUpdate.objects.get(pk=update_id).state == "draft"


def test_return_needs_a_note(world, reporter, office):
    update_id = create(reporter, world.mine).json()["id"]
    reporter.post(f"/api/updates/{update_id}/submit/")
    for body in ({}, {"note": "   "}):
        response = office.post(f"/api/updates/{update_id}/return/", body, format="json")
        assert response.status_code == 400
        assert "note" in response.json()
    assert ProgressUpdate.objects.get(pk=update_id).state == "submitted"


def test_the_commitment_of_an_update_cannot_be_changed(world, reporter):
    update_id = create(reporter, world.mine).json()["id"]
    reporter.patch(f"/api/updates/{update_id}/", {"commitment": world.theirs.pk, "version": 1}, format="json")
    assert ProgressUpdate.objects.get(pk=update_id).commitment_id == world.mine.pk


def test_put_is_not_offered(world, reporter):
    update_id = create(reporter, world.mine).json()["id"]
    assert reporter.put(f"/api/updates/{update_id}/", {}, format="json").status_code == 405


def test_a_draft_is_deleted_and_an_approved_update_is_not(world, reporter, office):
    draft_id = create(reporter, world.mine).json()["id"]
    assert reporter.delete(f"/api/updates/{draft_id}/").status_code == 204
    kept_id = create(reporter, world.mine).json()["id"]
    reporter.post(f"/api/updates/{kept_id}/submit/")
    office.post(f"/api/updates/{kept_id}/approve/")
    assert office.delete(f"/api/updates/{kept_id}/").status_code == 403
    assert list(ProgressUpdate.objects.values_list("pk", flat=True)) == [kept_id]


def test_a_file_is_attached_to_a_draft_and_served_by_the_evidence_view(world, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update_id = create(reporter, world.mine).json()["id"]
    upload = SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 evidence", content_type="application/pdf")
    response = reporter.post(
        f"/api/updates/{update_id}/evidence/", {"title": "验收报告", "file": upload}, format="multipart"
    )
    assert response.status_code == 201, response.content
    evidence = response.json()["evidence"][0]
    assert (evidence["kind"], evidence["title"], evidence["original_name"]) == ("file", "验收报告", "验收报告.pdf")
    assert evidence["url"].startswith("http://testserver/evidence/")


def test_a_file_that_is_not_what_its_name_says_is_refused(world, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update_id = create(reporter, world.mine).json()["id"]
    upload = SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    response = reporter.post(f"/api/updates/{update_id}/evidence/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()) == ["file"]
    assert not ProgressUpdate.objects.get(pk=update_id).evidence.exists()


def test_files_cannot_be_added_to_a_submitted_update(world, reporter):
    from django.core.files.uploadedfile import SimpleUploadedFile

    update_id = create(reporter, world.mine).json()["id"]
    reporter.post(f"/api/updates/{update_id}/submit/")
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    assert reporter.post(f"/api/updates/{update_id}/evidence/", {"file": upload}, format="multipart").status_code == 403


def _approval_queries(api, commitment, history: int) -> int:
    for month in range(history):
        ProgressUpdateFactory(
            commitment=commitment,
            as_of=datetime.date(2020, 1, 1) + datetime.timedelta(days=7 * month),
            percent=month,
            state=UpdateState.APPROVED,
        )
    pending = ProgressUpdateFactory(
        commitment=commitment, as_of=datetime.date(2020, 12, 31), percent=90, state=UpdateState.SUBMITTED
    )
    with CaptureQueriesContext(connection) as ctx:
        assert api.post(f"/api/updates/{pending.pk}/approve/").status_code == 200
    return len(ctx.captured_queries)


def test_approval_costs_the_same_queries_whatever_the_history(api):
    """An approval re-derives one commitment (and its ancestors), never the report: its cost does not grow
    with the commitment's history or with the number of commitments around it."""
    short = _approval_queries(api, CommitmentFactory(), 2)
    busy = CommitmentFactory()
    CommitmentFactory.create_batch(20, report=busy.report, chapter=busy.chapter)
    long = _approval_queries(api, busy, 40)
    assert long == short
    assert ProgressUpdate.objects.filter(state=UpdateState.APPROVED).count() == 2 + 1 + 40 + 1
