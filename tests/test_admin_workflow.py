"""The office's admin: reporters draft and submit, supervisors approve and return, every write via services."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commitments import services
from commitments.choices import CommitmentStatus, Rag, UpdateState
from commitments.models import Evidence, ProgressUpdate, StatusOverride

from .base import D, approved, day
from .factories import MilestoneFactory, TargetFactory
from .test_evidence import PDF

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:commitments_progressupdate_changelist"


def login(client, user):
    client.force_login(user)
    return client


def draft(world, commitment=None, user=None, **fields):
    return services.update_create(
        user=user or world.reporter, commitment=commitment or world.mine, as_of=day(6, 30), narrative="进展", **fields
    )


def change_url(update):
    return reverse("admin:commitments_progressupdate_change", args=[update.pk])


def change_data(update, *, values=(), evidence=(), milestones=(), **fields):
    """A change-form POST for an update: its own fields, then the values and evidence inline formsets."""
    update.refresh_from_db(fields=["version"])
    # The page carries the version it was opened at (a stale page is refused: test_admin_update_locks.py).
    data = {"as_of": "2020-06-30", "narrative": update.narrative, "percent": "", "opened_version": update.version}
    data.update(fields)
    data["milestones_completed"] = [m.pk for m in milestones]
    data.update({"values-TOTAL_FORMS": len(values), "values-INITIAL_FORMS": 0, "values-MIN_NUM_FORMS": 0})
    data["values-MAX_NUM_FORMS"] = 1000
    for index, (target, value) in enumerate(values):
        data[f"values-{index}-target"] = target.pk
        data[f"values-{index}-value"] = value
        data[f"values-{index}-update"] = update.pk
    data.update({"evidence-TOTAL_FORMS": len(evidence), "evidence-INITIAL_FORMS": 0, "evidence-MIN_NUM_FORMS": 0})
    data["evidence-MAX_NUM_FORMS"] = 1000
    for index, item in enumerate(evidence):
        key = "file" if hasattr(item, "read") else "url"
        data[f"evidence-{index}-{key}"] = item
        data[f"evidence-{index}-title"] = ""
        data[f"evidence-{index}-update"] = update.pk
    return data


def test_reporter_sees_every_commitment(client, world):
    # The list opens on 我的任务 (lead or co-responsible); "all tasks" shows every commitment.
    url = reverse("admin:commitments_commitment_changelist")
    response = login(client, world.reporter).get(url)
    assert response.status_code == 200
    assert set(response.context["cl"].result_list) == {world.mine, world.shared}
    response = client.get(url, {"scope": "all"})
    assert set(response.context["cl"].result_list) == {world.mine, world.shared, world.theirs}


def test_reporter_reads_but_cannot_change_a_commitment(client, world):
    response = login(client, world.reporter).get(reverse("admin:commitments_commitment_change", args=[world.mine.pk]))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False


def test_reporter_adds_a_draft_only_for_own_commitments(client, world):
    login(client, world.reporter)
    add = reverse("admin:commitments_progressupdate_add")
    choices = {c.pk for c in client.get(add).context["adminform"].form.fields["commitment"].queryset}
    assert choices == {world.mine.pk, world.shared.pk}
    data = {"as_of": "2020-06-30", "narrative": "已开工", "percent": ""}
    refused = client.post(add, {**data, "commitment": world.theirs.pk})
    assert refused.status_code == 200 and not ProgressUpdate.objects.exists()
    response = client.post(add, {**data, "commitment": world.mine.pk})
    update = ProgressUpdate.objects.get()
    assert response.status_code == 302 and response["Location"] == change_url(update)
    assert (update.state, update.created_by) == (UpdateState.DRAFT, world.reporter)


def test_bad_figures_show_as_form_errors_not_a_500(client, world):
    login(client, world.reporter)
    response = client.post(
        reverse("admin:commitments_progressupdate_add"),
        {"commitment": world.mine.pk, "as_of": "2019-06-30", "narrative": "x", "percent": "150"},
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert set(errors) >= {"as_of", "percent"}


def test_reporter_records_values_milestones_and_evidence_on_the_change_page(client, world):
    goal = TargetFactory(commitment=world.mine, target_value=D(10))
    milestone = MilestoneFactory(commitment=world.mine)
    update = draft(world)
    login(client, world.reporter)
    assert client.get(change_url(update)).status_code == 200
    upload = SimpleUploadedFile("现场照片说明.pdf", PDF)
    data = change_data(
        update,
        values=[(goal, "6")],
        milestones=[milestone],
        evidence=[upload, "https://www.jiangcheng.gov.cn/news/9"],
        narrative="已完成6个",
    )
    response = client.post(change_url(update), data)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    update.refresh_from_db()
    assert update.narrative == "已完成6个"
    assert list(update.values.values_list("target_id", "value")) == [(goal.pk, D(6))]
    assert list(update.milestones_completed.all()) == [milestone]
    assert sorted(update.evidence.values_list("original_name", flat=True)) == ["", "现场照片说明.pdf"]
    assert update.history.first().history_user == world.reporter


def test_value_for_a_foreign_target_or_a_bad_file_is_a_form_error(client, world):
    foreign = TargetFactory(commitment=world.theirs)
    update = draft(world)
    login(client, world.reporter)
    response = client.post(change_url(update), change_data(update, values=[(foreign, "1")]))
    assert response.status_code == 200 and not update.values.exists()
    fake = SimpleUploadedFile("伪装.pdf", b"MZ" + b"\0" * 64)
    response = client.post(change_url(update), change_data(update, evidence=[fake]))
    assert response.status_code == 200 and not Evidence.objects.exists()


def test_other_departments_drafts_are_not_shown_to_a_reporter(client, world):
    theirs = draft(world, commitment=world.theirs, user=world.office)
    ours = draft(world)
    login(client, world.outsider)
    response = client.get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [theirs]
    assert client.get(change_url(ours)).status_code == 302  # "does not exist" and back to the index


def test_reporter_submits_with_the_action_but_has_no_review_actions(client, world):
    update = draft(world)
    login(client, world.reporter)
    actions = dict(client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices)
    assert "submit_updates" in actions
    assert "approve_updates" not in actions and "return_updates" not in actions
    response = client.post(reverse(CHANGELIST), {"action": "submit_updates", "_selected_action": [update.pk]})
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.submitted_by) == (UpdateState.SUBMITTED, world.reporter)
    # Submitted: no longer editable by the department.
    assert client.get(change_url(update)).context["has_change_permission"] is False


def test_reporter_cannot_approve_by_posting_the_action_anyway(client, world):
    update = services.update_submit(user=world.reporter, update=draft(world))
    login(client, world.reporter)
    client.post(reverse(CHANGELIST), {"action": "approve_updates", "_selected_action": [update.pk]})
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED


def test_supervisor_approves_with_the_action_and_the_commitment_follows(client, world):
    goal = TargetFactory(commitment=world.mine, target_value=D(10))
    update = services.update_submit(user=world.reporter, update=draft(world, values=[(goal, D(10))]))
    login(client, world.office)
    response = client.post(reverse(CHANGELIST), {"action": "approve_updates", "_selected_action": [update.pk]})
    assert response.status_code == 302
    update.refresh_from_db()
    world.mine.refresh_from_db()
    assert (update.state, update.reviewed_by) == (UpdateState.APPROVED, world.office)
    assert (world.mine.status, world.mine.rag) == (CommitmentStatus.COMPLETED, Rag.COMPLETED)


def test_approving_a_draft_reports_an_error_and_changes_nothing(client, world):
    update = draft(world)
    login(client, world.office)
    response = client.post(
        reverse(CHANGELIST), {"action": "approve_updates", "_selected_action": [update.pk]}, follow=True
    )
    assert any(message.level_tag == "error" for message in response.context["messages"])
    update.refresh_from_db()
    assert update.state == UpdateState.DRAFT


def test_supervisor_returns_with_a_note_through_a_confirmation_page(client, world):
    update = services.update_submit(user=world.reporter, update=draft(world))
    login(client, world.office)
    page = client.post(reverse(CHANGELIST), {"action": "return_updates", "_selected_action": [update.pk]})
    assert page.status_code == 200
    content = page.content.decode()
    assert "退回" in content and 'name="note"' in content and str(update) in content
    empty = client.post(
        reverse(CHANGELIST), {"action": "return_updates", "_selected_action": [update.pk], "apply": "1", "note": ""}
    )
    assert empty.status_code == 200 and empty.context["form"].errors
    done = client.post(
        reverse(CHANGELIST),
        {"action": "return_updates", "_selected_action": [update.pk], "apply": "1", "note": "请补充佐证材料"},
    )
    assert done.status_code == 302
    update.refresh_from_db()
    assert (update.state, update.review_note, update.reviewed_by) == (
        UpdateState.RETURNED,
        "请补充佐证材料",
        world.office,
    )


def test_returned_update_can_be_revised_by_its_department(client, world):
    update = services.update_submit(user=world.reporter, update=draft(world))
    services.update_return(user=world.office, update=update, note="请补充")
    login(client, world.reporter)
    response = client.post(change_url(update), change_data(update, narrative="已补充"))
    assert response.status_code == 302
    update.refresh_from_db()
    assert (update.narrative, update.state) == ("已补充", UpdateState.RETURNED)


def test_approved_update_is_read_only_for_everyone(client, world):
    update = approved(world.office, world.mine, day(6, 30), percent=D(10))
    for user in (world.office, world.reporter):
        response = login(client, user).get(change_url(update))
        assert response.status_code == 200
        assert response.context["has_change_permission"] is False
        assert response.context["has_delete_permission"] is False


def test_draft_is_deleted_through_the_service(client, world):
    update = draft(world)
    login(client, world.reporter)
    url = reverse("admin:commitments_progressupdate_delete", args=[update.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not ProgressUpdate.objects.exists()


def test_leader_sees_drafts_read_only_and_viewer_sees_none(client, world):
    update = draft(world)
    response = login(client, world.leader).get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == [update]
    assert client.get(change_url(update)).context["has_change_permission"] is False
    assert client.get(reverse("admin:commitments_progressupdate_add")).status_code == 403
    response = login(client, world.viewer).get(reverse(CHANGELIST))
    assert list(response.context["cl"].result_list) == []


def test_commitment_page_shows_rag_expected_progress_milestones_updates_and_history(client, world):
    milestone = MilestoneFactory(commitment=world.mine, title="完成立项")
    approved(world.office, world.mine, day(6, 30), milestones_completed=[milestone])
    login(client, world.office)
    response = client.get(reverse("admin:commitments_commitment_change", args=[world.mine.pk]))
    content = response.content.decode()
    assert "tracker-rag--" in content
    assert "tracker-progress--expected" in content
    assert "完成立项" in content
    assert reverse("admin:commitments_commitment_history", args=[world.mine.pk]) in content
    assert reverse("admin:commitments_progressupdate_change", args=[world.mine.updates.get().pk]) in content
    history = client.get(reverse("admin:commitments_commitment_history", args=[world.mine.pk]))
    assert history.status_code == 200


def test_update_history_records_the_admin_user(client, world):
    update = services.update_submit(user=world.reporter, update=draft(world))
    login(client, world.office)
    client.post(reverse(CHANGELIST), {"action": "approve_updates", "_selected_action": [update.pk]})
    response = client.get(reverse("admin:commitments_progressupdate_history", args=[update.pk]))
    assert response.status_code == 200
    assert world.office.username in response.content.decode()
    assert update.history.first().history_user == world.office


def test_supervisor_decides_a_status_with_a_reason(client, world):
    login(client, world.office)
    url = reverse("admin:commitments_commitment_changelist")
    page = client.post(url, {"action": "decide_status", "_selected_action": [world.mine.pk]})
    assert page.status_code == 200 and 'name="reason"' in page.content.decode()
    client.post(
        url,
        {
            "action": "decide_status",
            "_selected_action": [world.mine.pk],
            "apply": "1",
            "status": "cancelled",
            "reason": "区政府常务会议决定",
            "effective_on": "",
        },
    )
    decision = StatusOverride.objects.get()
    assert (decision.status, decision.decided_by, decision.reason) == ("cancelled", world.office, "区政府常务会议决定")
    world.mine.refresh_from_db()
    assert world.mine.status == CommitmentStatus.CANCELLED


def test_supervisor_edits_a_commitment_through_the_service(client, world):
    login(client, world.office)
    url = reverse("admin:commitments_commitment_change", args=[world.mine.pk])
    response = client.get(url)
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields}
    data = {key: ("" if value is None else getattr(value, "pk", value)) for key, value in data.items()}
    data.update({"title": "新的标题", "start_date": "2020-01-01", "due_date": "2020-12-31"})
    for prefix in ("co_responsibilities", "targets", "milestones", "updates", "status_overrides"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0, f"{prefix}-MAX_NUM_FORMS": 1000})
    data["co_responsibilities-TOTAL_FORMS"] = data["co_responsibilities-INITIAL_FORMS"] = 0
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    world.mine.refresh_from_db()
    assert (world.mine.title, world.mine.version) == ("新的标题", 2)


def test_user_admin_shows_the_department_membership(client, world):
    login(client, world.office)
    world.office.is_superuser = True
    world.office.save()
    response = client.get(reverse("admin:auth_user_change", args=[world.reporter.pk]))
    assert response.status_code == 200
    assert world.own.name in response.content.decode()
