"""Writing commitments, targets, milestones and reference data: validation, optimistic concurrency, deletes."""

import pytest

from commitments import services
from commitments.models import Chapter, Commitment, Department, Report, Target

from .api_helpers import client_for
from .base import approved, build_world, day, make_user
from .factories import ChapterFactory, CommitmentFactory, CoResponsibilityFactory, DepartmentFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def office_user():
    return make_user("supervisor")


@pytest.fixture
def api(office_user):
    return client_for(office_user)


@pytest.fixture
def commitment():
    return CommitmentFactory(title="原标题")


def new_commitment(chapter, department, **changes) -> dict:
    return {
        "report": chapter.report_id,
        "chapter": chapter.pk,
        "code": "3.1.1",
        "title": "推进城市更新",
        "source_text": "推进城市更新。",
        "kind": "quantitative",
        "firmness": "binding",
        "lead_department": department.pk,
        "start_date": "2020-01-01",
        "due_date": "2020-12-31",
        **changes,
    }


# --- Create -------------------------------------------------------------------------------------


def test_supervisor_creates_a_commitment_through_the_service(api, office_user):
    chapter, lead, co = ChapterFactory(), DepartmentFactory(), DepartmentFactory()
    response = api.post("/api/commitments/", new_commitment(chapter, lead, co_departments=[co.pk]), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "3.1.1"
    assert body["co_departments"] == [{"id": co.pk, "name": co.name}]
    assert body["version"] == 1
    assert body["status"] == "not_started"  # derived by the engine, not sent
    assert response["ETag"] == '"1"'
    assert Commitment.objects.get(pk=body["id"]).history.earliest().history_user == office_user


def test_derived_fields_cannot_be_written(api):
    chapter, lead = ChapterFactory(), DepartmentFactory()
    data = new_commitment(chapter, lead, status="completed", progress="100", rag="green")
    body = api.post("/api/commitments/", data, format="json").json()
    assert (body["status"], body["progress"]) == ("not_started", "0.00")


def test_missing_fields_answer_400_per_field(api):
    response = api.post("/api/commitments/", {"title": "只有标题"}, format="json")
    assert response.status_code == 400
    assert {"report", "chapter", "code", "source_text", "kind", "lead_department", "start_date", "due_date"} <= set(
        response.json()
    )


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"due_date": "2019-12-31"}, "non_field_errors"),  # a database constraint, checked by full_clean
        ({"kind": "wish"}, "kind"),
        ({"start_date": "2020-02-30"}, "start_date"),
        ({"lead_department": 999999}, "lead_department"),
        ({"lead_department": 3039210688597879947264}, "lead_department"),
        ({"co_departments": ["x"]}, "co_departments"),
        ({"parent": 0}, "parent"),
    ],
)
def test_invalid_commitment_answers_400_with_field_messages(api, change, field):
    chapter, lead = ChapterFactory(), DepartmentFactory()
    response = api.post("/api/commitments/", new_commitment(chapter, lead, **change), format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert not Commitment.objects.exists()


def test_model_rules_come_back_as_field_messages(api):
    chapter, lead = ChapterFactory(), DepartmentFactory()
    other_chapter = ChapterFactory()  # another report
    data = {**new_commitment(chapter, lead), "chapter": other_chapter.pk}
    response = api.post("/api/commitments/", data, format="json")
    assert response.status_code == 400
    assert response.json() == {"chapter": ["该章节属于其他报告。"]}


def test_duplicate_code_answers_400(api, commitment):
    data = new_commitment(commitment.chapter, commitment.lead_department, code=commitment.code)
    response = api.post("/api/commitments/", data, format="json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_lead_department_cannot_also_be_co_responsible(api):
    chapter, lead = ChapterFactory(), DepartmentFactory()
    response = api.post("/api/commitments/", new_commitment(chapter, lead, co_departments=[lead.pk]), format="json")
    assert response.status_code == 400
    assert "co_departments" in response.json()
    assert not Commitment.objects.exists()


# --- Optimistic concurrency ---------------------------------------------------------------------


def test_get_answers_the_version_as_etag(api, commitment):
    response = api.get(f"/api/commitments/{commitment.pk}/")
    assert response["ETag"] == '"1"'
    assert response.json()["version"] == 1


def test_edit_with_the_current_version_saves_and_bumps_it(api, commitment):
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "新标题", "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "新标题"
    assert response.json()["version"] == 2
    assert response["ETag"] == '"2"'


def test_stale_version_answers_409_and_changes_nothing(api, office_user, commitment):
    # Another client edits first: the version moves to 2.
    services.commitment_update(user=office_user, commitment=commitment, data={"section": "别人改的"})
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "覆盖", "version": 1}, format="json")
    assert response.status_code == 409
    assert "2" in response.json()["detail"]
    commitment.refresh_from_db()
    assert (commitment.title, commitment.section, commitment.version) == ("原标题", "别人改的", 2)


def test_stale_if_match_answers_412_and_changes_nothing(api, office_user, commitment):
    etag = api.get(f"/api/commitments/{commitment.pk}/")["ETag"]
    services.commitment_update(user=office_user, commitment=commitment, data={"section": "别人改的"})
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "覆盖"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 412
    commitment.refresh_from_db()
    assert (commitment.title, commitment.version) == ("原标题", 2)


def test_current_if_match_saves(api, commitment):
    etag = api.get(f"/api/commitments/{commitment.pk}/")["ETag"]
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "新标题"}, format="json", HTTP_IF_MATCH=etag)
    assert response.status_code == 200
    assert response["ETag"] == '"2"'


def test_if_match_wins_over_the_body_version(api, commitment):
    response = api.patch(
        f"/api/commitments/{commitment.pk}/", {"title": "新标题", "version": 1}, format="json", HTTP_IF_MATCH='"7"'
    )
    assert response.status_code == 412


@pytest.mark.parametrize("header", ["1", '"one"', '"1", "2"', ""])
def test_unreadable_if_match_answers_412(api, commitment, header):
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "新"}, format="json", HTTP_IF_MATCH=header)
    assert response.status_code == 412
    commitment.refresh_from_db()
    assert commitment.title == "原标题"


def test_edit_without_a_version_answers_428(api, commitment):
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"title": "新"}, format="json")
    assert response.status_code == 428
    commitment.refresh_from_db()
    assert commitment.title == "原标题"


def test_two_clients_cannot_silently_overwrite_each_other(office_user, commitment):
    first, second = client_for(office_user), client_for(make_user("supervisor"))
    read_by_first = first.get(f"/api/commitments/{commitment.pk}/").json()
    read_by_second = second.get(f"/api/commitments/{commitment.pk}/").json()
    url = f"/api/commitments/{commitment.pk}/"
    assert first.patch(url, {"title": "甲", "version": read_by_first["version"]}, format="json").status_code == 200
    assert second.patch(url, {"title": "乙", "version": read_by_second["version"]}, format="json").status_code == 409
    commitment.refresh_from_db()
    assert commitment.title == "甲"


def test_put_needs_every_field_and_replaces_them(api, commitment):
    url = f"/api/commitments/{commitment.pk}/"
    assert api.put(url, {"title": "只有标题", "version": 1}, format="json").status_code == 400
    data = new_commitment(commitment.chapter, commitment.lead_department, code=commitment.code, title="整体替换")
    response = api.put(url, {**data, "version": 1}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "整体替换"


def test_invalid_edit_answers_400_and_keeps_the_version(api, commitment):
    response = api.patch(f"/api/commitments/{commitment.pk}/", {"due_date": "2019-01-01", "version": 1}, format="json")
    assert response.status_code == 400
    commitment.refresh_from_db()
    assert commitment.version == 1


# --- Deletes ------------------------------------------------------------------------------------


def test_delete_a_commitment_without_history(api, commitment):
    assert api.delete(f"/api/commitments/{commitment.pk}/").status_code == 204
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_a_commitment_with_updates_cannot_be_deleted(api, office_user, commitment):
    approved(office_user, commitment, day(6, 30))
    response = api.delete(f"/api/commitments/{commitment.pk}/")
    assert response.status_code == 400
    assert response.json()["non_field_errors"]
    assert Commitment.objects.filter(pk=commitment.pk).exists()


def test_a_department_with_duties_cannot_be_deleted(api):
    duty = CoResponsibilityFactory()
    response = api.delete(f"/api/departments/{duty.department_id}/")
    assert response.status_code == 400
    assert Department.objects.filter(pk=duty.department_id).exists()


# --- Targets, milestones and reference data -----------------------------------------------------


def test_target_is_created_with_its_progress_and_current_value_stays_derived(api, commitment):
    data = {"commitment": commitment.pk, "metric": "新增就业", "unit": "人", "target_value": "5000", "current_value": 9}
    response = api.post("/api/targets/", data, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["current_value"] is None
    assert body["progress"] == "0.00"
    assert Target.objects.get(pk=body["id"]).current_value is None


def test_target_progress_follows_the_approved_values(api, office_user):
    world = build_world()
    target = TargetFactory(commitment=world.mine, target_value=200)
    approved(office_user, world.mine, day(6, 30), values=[(target, 50)])
    body = api.get(f"/api/targets/{target.pk}/").json()
    assert (body["current_value"], body["progress"]) == ("50.0000", "25.00")
    nested = api.get(f"/api/commitments/{world.mine.pk}/").json()["targets"][0]
    assert nested["progress"] == "25.00"


@pytest.mark.parametrize(
    ("url", "data", "field"),
    [
        ("/api/targets/", {"metric": "m", "unit": "个", "target_value": "1", "weight": "0"}, "non_field_errors"),
        ("/api/targets/", {"metric": "m", "unit": "个", "target_value": "1e400"}, "target_value"),
        ("/api/milestones/", {"title": ""}, "title"),
        ("/api/milestones/", {"title": "t", "due_date": "soon"}, "due_date"),
    ],
)
def test_invalid_parts_answer_400(api, commitment, url, data, field):
    response = api.post(url, {"commitment": commitment.pk, **data}, format="json")
    assert response.status_code == 400
    assert field in response.json(), response.json()


def test_milestone_completion_is_not_written_by_clients(api, commitment):
    data = {"commitment": commitment.pk, "title": "竣工", "due_date": "2020-10-31", "completed_on": "2020-09-01"}
    body = api.post("/api/milestones/", data, format="json").json()
    assert body["completed_on"] is None


def test_reference_data_is_validated_by_the_model(api):
    response = api.post("/api/reports/", {"government": "江城区", "year": 1900, "title": "旧报告"}, format="json")
    assert response.status_code == 400
    assert not Report.objects.exists()
    report = api.post("/api/reports/", {"government": "江城区", "year": 2021, "title": "报告"}, format="json").json()
    chapter = {"report": report["id"], "number": 1, "title": "第一章"}
    assert api.post("/api/chapters/", chapter, format="json").status_code == 201
    duplicate = api.post("/api/chapters/", chapter, format="json")
    assert duplicate.status_code == 400
    assert Chapter.objects.count() == 1
