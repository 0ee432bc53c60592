"""Close-out (办结 / 销号): the lead department applies with evidence, the office verifies (with an optional
site check) and closes, or sends back with reasons; a closed task is reopened with a reason. The close-out
state stands beside the status: "reported complete" is not "verified and closed"."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from commitments.choices import CloseoutApplicationState, CloseoutState, CommitmentStatus
from commitments.models import CloseoutApplication, Commitment
from commitments.supervision.closeout import closeout_apply, closeout_close, closeout_reopen, closeout_return
from commitments.supervision.extensions import extension_request
from commitments.supervision.lifecycle_selectors import completion_label

pytestmark = pytest.mark.django_db
D = datetime.date


def apply(world, **fields):
    values = {
        "user": world.reporter,
        "commitment": world.mine,
        "summary": "53个项目全部建成",
        "evidence_url": "https://example.gov.cn/yanshou.pdf",
        **fields,
    }
    return closeout_apply(**values)


def state(world) -> str:
    return Commitment.objects.get(pk=world.mine.pk).closeout_state


def test_apply_verify_and_close_with_a_site_check(world):
    application = apply(world)
    assert state(world) == CloseoutState.APPLIED
    closed = closeout_close(
        user=world.office,
        application=application,
        note="材料齐全",
        site_check_on=D(2020, 12, 20),
        site_check_by="督查室 张三",
        site_check_note="现场已竣工",
    )
    assert closed.state == CloseoutApplicationState.CLOSED and closed.decided_by == world.office
    assert (closed.site_check_on, closed.site_check_by) == (D(2020, 12, 20), "督查室 张三")
    assert state(world) == CloseoutState.CLOSED
    commitment = Commitment.objects.get(pk=world.mine.pk)
    assert commitment.history.first().history_user == world.office
    assert completion_label(commitment) == "已办结销号"


def test_send_back_needs_reasons_and_the_department_applies_again(world):
    application = apply(world)
    with pytest.raises(ValidationError) as error:
        closeout_return(user=world.office, application=application, note="")
    assert "decision_note" in error.value.message_dict
    closeout_return(user=world.office, application=application, note="缺少竣工验收备案表")
    assert state(world) == CloseoutState.OPEN
    again = apply(world)
    assert again.state == CloseoutApplicationState.PENDING


def test_reopen_needs_a_reason_and_only_for_a_closed_task(world):
    application = apply(world)
    with pytest.raises(ValidationError) as error:
        closeout_reopen(user=world.office, application=application, reason="复查")
    assert error.value.message_dict["state"] == ["只有已办结销号的任务可以重新打开。"]
    closeout_close(user=world.office, application=application)
    with pytest.raises(ValidationError):
        closeout_reopen(user=world.office, application=application, reason=" ")
    reopened = closeout_reopen(user=world.office, application=application, reason="群众反映未完工")
    assert reopened.state == CloseoutApplicationState.REOPENED and reopened.reopened_by == world.office
    assert state(world) == CloseoutState.OPEN
    steps = [h.state for h in CloseoutApplication.history.filter(id=application.pk).order_by("history_date")]
    assert steps == ["pending", "closed", "reopened"]


def test_cannot_apply_twice_or_after_closing(world):
    application = apply(world)
    with pytest.raises(ValidationError) as error:
        apply(world)
    assert error.value.message_dict["commitment"] == ["此任务的办结申请正在等待核验。"]
    closeout_close(user=world.office, application=application)
    with pytest.raises(ValidationError) as error:
        apply(world)
    assert error.value.message_dict["commitment"] == ["此任务已办结销号。"]
    with pytest.raises(ValidationError):
        extension_request(
            user=world.reporter,
            commitment=world.mine,
            requested_due_date=D(2021, 3, 31),
            reason="x",
            evidence_url="https://example.gov.cn/a",
        )


def test_site_check_needs_its_date_and_no_future(world):
    application = apply(world)
    with pytest.raises(ValidationError) as error:
        closeout_close(user=world.office, application=application, site_check_by="张三")
    assert "site_check_on" in error.value.message_dict
    future = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        closeout_close(user=world.office, application=application, site_check_on=future)
    assert "site_check_on" in error.value.message_dict
    assert state(world) == CloseoutState.APPLIED


@pytest.mark.parametrize(("fields", "field"), [({"summary": ""}, "summary"), ({"evidence_url": ""}, "evidence_url")])
def test_an_application_needs_a_summary_and_evidence(world, fields, field):
    with pytest.raises(ValidationError) as error:
        apply(world, **fields)
    assert field in error.value.message_dict
    assert state(world) == CloseoutState.OPEN


@pytest.mark.parametrize("who", ["office", "outsider", "leader", "viewer"])
def test_only_the_lead_departments_reporter_applies(world, who):
    with pytest.raises(PermissionDenied):
        apply(world, user=getattr(world, who))


def test_a_co_department_cannot_apply(world):
    with pytest.raises(PermissionDenied):
        apply(world, commitment=world.shared)


@pytest.mark.parametrize("who", ["reporter", "outsider", "leader"])
def test_only_the_office_verifies(world, who):
    application = apply(world)
    with pytest.raises(PermissionDenied):
        closeout_close(user=getattr(world, who), application=application)


def test_reported_complete_is_not_verified_and_closed(world):
    commitment = world.mine
    assert completion_label(commitment) == ""
    commitment.status = CommitmentStatus.COMPLETED
    assert completion_label(commitment) == "已报完成"
    commitment.closeout_state = CloseoutState.APPLIED
    assert completion_label(commitment) == "已申请办结"


def test_the_task_table_tells_reported_complete_from_closed(world):
    from commitments.selectors import task_table_rows

    application = apply(world)
    rows = {row.code: row.status for row in task_table_rows(Commitment.objects.filter(pk=world.mine.pk))}
    assert rows[world.mine.code] == "未启动（已申请办结）"
    closeout_close(user=world.office, application=application)
    rows = {row.code: row.status for row in task_table_rows(Commitment.objects.filter(pk=world.mine.pk))}
    assert rows[world.mine.code] == "未启动（已办结销号）"
