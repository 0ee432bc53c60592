"""The admin keeps the services' rules: co-responsible departments, stale pages, versions, status decisions,
acceptances and milestones are refused or saved exactly as the services decide, as form errors or messages,
never a 500, and nothing of a refused page is written."""

import datetime
import re

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from commitments import services
from commitments.choices import AcceptanceState, CommitmentStatus
from commitments.models import (
    Acceptance,
    Commitment,
    CoResponsibility,
    Milestone,
    ReportingPlan,
    StatusOverride,
    Target,
)
from commitments.supervision import services as supervision

from .base import approved, day, make_user
from .factories import MilestoneFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:commitments_commitment_changelist"


def change_url(commitment: Commitment) -> str:
    return reverse("admin:commitments_commitment_change", args=[commitment.pk])


def _post_value(value):
    if value is None:
        return ""
    return getattr(value, "pk", value)


def page_data(response) -> dict:
    """A rendered add or change page as the browser would post it back unchanged: the form's values and
    every inline formset's management form and rows."""
    assert response.status_code == 200
    data = {}
    form = response.context["adminform"].form
    for name in form.fields:
        data[name] = _post_value(form[name].value())
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        for name, value in formset.management_form.initial.items():
            data[formset.management_form.add_prefix(name)] = value
        for row in formset.initial_forms:
            for name in row.fields:
                value = row[name].value()
                if value not in (None, False):
                    data[row.add_prefix(name)] = _post_value(value)
                if row.fields[name].show_hidden_initial:  # the value the page showed, as a hidden input
                    data[row[name].html_initial_name] = _post_value(value)
    return data


def opened_page(client, commitment: Commitment) -> dict:
    """The change page posted back unchanged, with the hidden version it was opened at."""
    response = client.get(change_url(commitment))
    # The browser posts back only what the page renders: the version must be in it.
    stored = Commitment.objects.get(pk=commitment.pk).version
    assert f'<input type="hidden" name="opened_version" value="{stored}"' in response.content.decode()
    return page_data(response)


def with_rows(data: dict, prefix: str, *rows: dict) -> dict:
    """The page with new rows added to the inline `prefix`."""
    total = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for name, value in row.items():
            data[f"{prefix}-{total + offset}-{name}"] = value
    return {**data, f"{prefix}-TOTAL_FORMS": total + len(rows)}


def page_errors(response) -> list[str]:
    return [str(message) for message in response.context["adminform"].form.non_field_errors()]


def inline_errors(response, prefix: str) -> list[dict]:
    formset = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == prefix)
    return [form.errors for form in formset.forms]


def messages_of(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.fixture
def office_client(client, world):
    client.force_login(world.office)
    return client


# Co-responsible departments ------------------------------------------------------------------------------


def test_a_co_department_equal_to_the_lead_is_refused_on_its_row(office_client, world):
    data = with_rows(opened_page(office_client, world.mine), "co_responsibilities", {"department": world.own.pk})
    response = office_client.post(change_url(world.mine), data)
    assert response.status_code == 200
    errors = inline_errors(response, "co_responsibilities")
    assert errors[-1]["department"] == ["牵头单位不能同时作为配合单位。"]
    assert not CoResponsibility.objects.filter(commitment=world.mine).exists()
    assert Commitment.objects.get(pk=world.mine.pk).version == 1


def test_a_new_lead_that_is_already_co_responsible_is_refused(office_client, world):
    # world.shared is led by `other` with `own` co-responsible: making `own` the lead breaks the same rule.
    data = {**opened_page(office_client, world.shared), "lead_department": world.own.pk}
    response = office_client.post(change_url(world.shared), data)
    assert response.status_code == 200
    assert inline_errors(response, "co_responsibilities")[0]["department"] == ["牵头单位不能同时作为配合单位。"]
    world.shared.refresh_from_db()
    assert (world.shared.lead_department, world.shared.version) == (world.other, 1)


def test_co_departments_are_saved_by_the_service_and_move_the_version(office_client, world):
    supervision.acceptances_issue(user=world.office, commitments=[world.mine])
    data = with_rows(opened_page(office_client, world.mine), "co_responsibilities", {"department": world.other.pk})
    response = office_client.post(change_url(world.mine), data)
    assert response.status_code == 302
    world.mine.refresh_from_db()
    assert list(world.mine.co_departments.all()) == [world.other]
    assert world.mine.version == 2
    assert world.mine.history.filter(version=2, history_change_reason=services.CO_DEPARTMENTS_CHANGED).exists()
    # The service re-synced the acceptances of the issued commitment: the new co-department has its task.
    assert Acceptance.objects.filter(commitment=world.mine, department=world.other, role="co").exists()


def test_a_new_commitment_is_created_with_its_co_departments_by_the_service(office_client, world):
    url = reverse("admin:commitments_commitment_add")
    fields = {
        "report": world.mine.report_id,
        "chapter": world.mine.chapter_id,
        "code": "9.9.9",
        "title": "新任务",
        "source_text": "原文",
        "kind": world.mine.kind,
        "lead_department": world.own.pk,
        "start_date": "2020-01-01",
        "due_date": "2020-12-31",
    }
    page = {**page_data(office_client.get(url)), **fields}
    refused = office_client.post(url, with_rows(dict(page), "co_responsibilities", {"department": world.own.pk}))
    assert refused.status_code == 200
    assert inline_errors(refused, "co_responsibilities")[0]["department"] == ["牵头单位不能同时作为配合单位。"]
    assert not Commitment.objects.filter(code="9.9.9").exists()
    created = office_client.post(url, with_rows(dict(page), "co_responsibilities", {"department": world.other.pk}))
    assert created.status_code == 302
    commitment = Commitment.objects.get(code="9.9.9")
    assert (list(commitment.co_departments.all()), commitment.version) == ([world.other], 1)
    assert commitment.history.earliest().history_user == world.office


# Versions and stale pages --------------------------------------------------------------------------------


def test_an_admin_edit_moves_the_version_and_an_unchanged_save_does_not(office_client, world):
    unchanged = office_client.post(change_url(world.mine), opened_page(office_client, world.mine))
    assert unchanged.status_code == 302
    assert Commitment.objects.get(pk=world.mine.pk).version == 1
    data = {**opened_page(office_client, world.mine), "title": "新的标题"}
    assert office_client.post(change_url(world.mine), data).status_code == 302
    saved = Commitment.objects.get(pk=world.mine.pk)
    assert (saved.title, saved.version) == ("新的标题", 2)
    assert saved.history.first().history_user == world.office


def test_a_stale_page_is_refused_naming_who_changed_what_and_nothing_is_written(office_client, world):
    page = opened_page(office_client, world.mine)
    colleague = make_user("supervisor", first_name="张三")
    services.commitment_update(
        user=colleague, commitment=world.mine, data={"lead_department": world.other, "section": "别人改的"}
    )
    page = with_rows(page, "co_responsibilities", {"department": world.own.pk})
    page = with_rows(page, "targets", {"metric": "新指标", "unit": "个", "comparator": "at_least", "target_value": "5"})
    page = with_rows(page, "milestones", {"title": "新节点"})
    response = office_client.post(change_url(world.mine), {**page, "title": "覆盖别人"})
    assert response.status_code == 200
    [message] = page_errors(response)
    assert re.fullmatch(r"此任务已被 张三 于 \d{4}-\d\d-\d\d \d\d:\d\d 修改（.+），请刷新后再编辑。", message), message
    changed = message[message.index("（") + 1 : message.index("）")].split("、")
    assert {"牵头单位", "段落"} <= set(changed), changed
    assert timezone.localtime(world.mine.history.first().history_date).strftime("%Y-%m-%d %H:%M") in message
    stored = Commitment.objects.get(pk=world.mine.pk)
    assert (stored.title, stored.section, stored.lead_department, stored.version) == (
        world.mine.title,
        "别人改的",
        world.other,
        2,
    )
    assert not CoResponsibility.objects.filter(commitment=world.mine).exists()
    assert not Target.objects.filter(commitment=world.mine).exists()
    assert not Milestone.objects.filter(commitment=world.mine).exists()


def test_a_stale_page_names_a_co_department_change(office_client, world):
    page = opened_page(office_client, world.mine)
    services.commitment_update(user=world.office, commitment=world.mine, data={"co_departments": [world.other]})
    response = office_client.post(change_url(world.mine), {**page, "title": "覆盖别人"})
    [message] = page_errors(response)
    assert message.startswith(f"此任务已被 {world.office.username} 于")
    assert "配合单位" in message[message.index("（") + 1 : message.index("）")].split("、")
    assert Commitment.objects.get(pk=world.mine.pk).title != "覆盖别人"


def test_a_target_changed_after_the_page_was_opened_is_not_put_back(office_client, world):
    target = services.target_save(
        user=world.office, target=Target(commitment=world.mine, metric="新建项目", unit="个", target_value=5)
    )
    page = opened_page(office_client, world.mine)
    assert 'name="initial-targets-0-target_value"' in office_client.get(change_url(world.mine)).content.decode()
    colleague = make_user("supervisor", first_name="李四")
    target.target_value = 8
    services.target_save(user=colleague, target=target)  # as the API's target endpoint does: no version move
    response = office_client.post(change_url(world.mine), {**page, "title": "页面上的新标题"})
    assert response.status_code == 200
    targets = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "targets")
    [refusal] = targets.non_form_errors()
    assert re.fullmatch(r"“新建项目 ≥5个”已被 李四 于 \d{4}-\d\d-\d\d \d\d:\d\d 修改，请刷新后再编辑。", refusal), (
        refusal
    )
    target.refresh_from_db()
    assert target.target_value == 8
    assert Commitment.objects.get(pk=world.mine.pk).title != "页面上的新标题"
    # Opened again, the page shows the colleague's value and saves.
    assert office_client.post(change_url(world.mine), opened_page(office_client, world.mine)).status_code == 302


def test_a_page_posted_without_its_version_is_refused(office_client, world):
    page = opened_page(office_client, world.mine)
    page.pop("opened_version")
    response = office_client.post(change_url(world.mine), {**page, "title": "无版本"})
    assert response.status_code == 200 and page_errors(response)
    assert Commitment.objects.get(pk=world.mine.pk).version == 1


def test_the_page_opened_after_an_api_edit_saves(office_client, world, client):
    services.commitment_update(user=world.office, commitment=world.mine, data={"section": "改过"})
    data = {**opened_page(office_client, world.mine), "title": "接着改"}
    assert data["opened_version"] == 2
    assert office_client.post(change_url(world.mine), data).status_code == 302
    assert Commitment.objects.get(pk=world.mine.pk).version == 3


# Milestones -----------------------------------------------------------------------------------------------


def test_a_milestone_an_update_marked_done_cannot_be_deleted_from_the_page(office_client, world):
    done = MilestoneFactory(commitment=world.mine, title="完成立项")
    approved(world.office, world.mine, day(6, 30), milestones_completed=[done])
    page = opened_page(office_client, world.mine)
    page.update({"milestones-0-DELETE": "on", "title": "同时改标题"})
    response = office_client.post(change_url(world.mine), page)
    assert response.status_code == 200
    milestones = next(i.formset for i in response.context["inline_admin_formsets"] if i.formset.prefix == "milestones")
    assert milestones.non_form_errors() == ["完成立项: 已有进展将该节点标记为完成，不能删除。"]
    assert Milestone.objects.filter(pk=done.pk).exists()
    assert Commitment.objects.get(pk=world.mine.pk).title != "同时改标题"


def test_the_milestone_delete_page_lists_the_services_refusal(office_client, world):
    done = MilestoneFactory(commitment=world.mine, title="完成立项")
    approved(world.office, world.mine, day(6, 30), milestones_completed=[done])
    url = reverse("admin:commitments_milestone_delete", args=[done.pk])
    page = office_client.get(url)
    assert "已有进展将该节点标记为完成" in page.content.decode()
    office_client.post(url, {"post": "yes"})
    assert Milestone.objects.filter(pk=done.pk).exists()


# Status decisions and acceptances ----------------------------------------------------------------------


def decide(client, commitment, **fields):
    data = {"action": "decide_status", ACTION_CHECKBOX_NAME: [commitment.pk], "apply": "1", "effective_on": ""}
    return client.post(reverse(CHANGELIST), {**data, **fields})


def test_a_status_decision_in_the_future_is_refused_by_the_service(office_client, world):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = decide(office_client, world.mine, status="cancelled", reason="常务会议", effective_on=tomorrow)
    assert any("决定的生效日期不能晚于今天。" in message for message in messages_of(response)), messages_of(response)
    assert not StatusOverride.objects.exists()
    assert Commitment.objects.get(pk=world.mine.pk).version == 1


def test_clearing_without_a_decision_in_force_is_refused_and_a_decision_moves_the_version(office_client, world):
    response = decide(office_client, world.mine, status="cleared", reason="恢复")
    assert any("当前没有可撤销的决定。" in message for message in messages_of(response)), messages_of(response)
    assert not StatusOverride.objects.exists()
    decide(office_client, world.mine, status="cancelled", reason="区政府常务会议决定")
    world.mine.refresh_from_db()
    assert (world.mine.status, world.mine.version) == (CommitmentStatus.CANCELLED, 2)
    assert world.mine.history.filter(history_change_reason=services.STATUS_DECIDED).exists()


def acceptance_action(client, action, acceptance, **fields):
    data = {"action": action, ACTION_CHECKBOX_NAME: [acceptance.pk], **fields}
    return client.post(reverse("admin:commitments_acceptance_changelist"), data)


def test_a_co_department_cannot_accept_as_lead_and_acknowledges_once(client, world):
    supervision.acceptances_issue(user=world.office, commitments=[world.shared])
    co_task = Acceptance.objects.get(commitment=world.shared, department=world.own)
    client.force_login(world.reporter)
    response = acceptance_action(client, "accept", co_task)
    assert any("配合单位对任务知悉或提出异议。" in message for message in messages_of(response)), messages_of(response)
    co_task.refresh_from_db()
    assert co_task.state == AcceptanceState.PENDING
    acceptance_action(client, "acknowledge", co_task)
    co_task.refresh_from_db()
    assert (co_task.state, co_task.responded_by) == (AcceptanceState.ACKNOWLEDGED, world.reporter)
    again = acceptance_action(client, "acknowledge", co_task)
    assert any("该任务已签收或已提出异议。" in message for message in messages_of(again)), messages_of(again)


def test_the_office_cannot_answer_for_a_department(office_client, world):
    supervision.acceptances_issue(user=world.office, commitments=[world.mine])
    lead_task = Acceptance.objects.get(commitment=world.mine, role="lead")
    acceptance_action(office_client, "accept", lead_task)
    lead_task.refresh_from_db()
    assert lead_task.state == AcceptanceState.PENDING


# Reference data --------------------------------------------------------------------------------------------


def test_reference_data_is_saved_through_its_service(office_client, world, monkeypatch):
    saved = []
    original = services.reference_save
    monkeypatch.setattr(
        services, "reference_save", lambda **kwargs: saved.append(kwargs["instance"]) or original(**kwargs)
    )
    response = office_client.post(
        reverse("admin:commitments_department_add"), {"name": "江城区数据局", "kind": "bureau", "is_active": "on"}
    )
    assert response.status_code == 302
    assert [department.name for department in saved] == ["江城区数据局"]


def test_only_the_office_changes_reference_data_even_with_the_model_permission(client, world):
    from django.contrib.auth.models import Permission

    world.leader.user_permissions.add(Permission.objects.get(codename="change_department"))
    client.force_login(world.leader)
    url = reverse("admin:commitments_department_change", args=[world.own.pk])
    # Posted as the page was opened (its version): the office's rule answers, not the stale-page check.
    data = {"name": "改名", "kind": world.own.kind, "is_active": "on", "opened_version": world.own.version}
    response = client.post(url, data)
    assert response.status_code == 403
    world.own.refresh_from_db()
    assert world.own.name == "江城区发展和改革局"


def test_the_history_page_saves_nothing_when_posted(office_client, world):
    record = world.mine.history.first()
    url = reverse("admin:commitments_commitment_simple_history", args=[world.mine.pk, record.history_id])
    response = office_client.post(url, {**opened_page(office_client, world.mine), "title": "从历史页改"})
    assert response.status_code == 403
    assert Commitment.objects.get(pk=world.mine.pk).title != "从历史页改"


def test_a_target_stays_with_its_commitment_on_its_own_page(office_client, world):
    target = Target.objects.create(commitment=world.mine, metric="新建项目", unit="个", target_value=5)
    url = reverse("admin:commitments_target_change", args=[target.pk])
    data = {"commitment": world.theirs.pk, "metric": "新建项目", "unit": "个", "comparator": "at_least"}
    response = office_client.post(url, {**data, "target_value": "6", "weight": "1"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.commitment, target.target_value) == (world.mine, 6)


def test_a_reporting_plan_added_through_its_service_opens_on_its_own_page(office_client, world):
    add = reverse("admin:commitments_reportingplan_add")
    data = {"commitment": world.mine.pk, "cadence": "quarterly", "due_day": 20, "_continue": "1"}
    response = office_client.post(add, data)
    plan = ReportingPlan.objects.get(commitment=world.mine)
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:commitments_reportingplan_change", args=[plan.pk])
    # Its commitment is fixed: the service writes the plan of the commitment it is given.
    opened = office_client.get(response["Location"]).context["adminform"].form.initial["opened_state"]
    data = {"commitment": world.theirs.pk, "cadence": "monthly", "due_day": 25, "opened_state": opened}
    office_client.post(response["Location"], data)
    assert list(ReportingPlan.objects.values_list("commitment", "cadence")) == [(world.mine.pk, "monthly")]


def test_the_stored_figures_follow_a_page_save_once_it_is_done(office_client, world):
    approved(world.office, world.mine, day(6, 30), percent=50)
    before = Commitment.objects.get(pk=world.mine.pk).progress
    page = with_rows(opened_page(office_client, world.mine), "milestones", {"title": "竣工验收"})
    page = with_rows(
        page,
        "targets",
        {"metric": "新建项目", "unit": "个", "comparator": "at_least", "target_value": "5", "weight": "1"},
    )
    response = office_client.post(change_url(world.mine), {**page, "due_date": "2020-11-30"})
    assert response.status_code == 302, response.context and response.context["errors"]
    stored = Commitment.objects.get(pk=world.mine.pk)
    assert stored.progress != before  # the new target and milestone count
    assert services.commitment_recompute(commitment=stored, dry_run=True) is None  # nothing left to re-derive
