"""签收: the lead department accepts or contests, co-departments acknowledge, the office clarifies or
reassigns contested tasks; every step is recorded with who and when."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments.choices import AcceptanceRole, AcceptanceState, ContestReason
from commitments.models import Acceptance
from commitments.supervision import services
from commitments.supervision.selectors import acceptance_summary, contested_queue

from .supervision_world import at, build_world

pytestmark = pytest.mark.django_db
DAY = datetime.date(2020, 2, 3)


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def issued(world):
    with at(DAY):
        services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    lead = Acceptance.objects.get(commitment=world.key_projects, role=AcceptanceRole.LEAD)
    co = Acceptance.objects.get(commitment=world.key_projects, role=AcceptanceRole.CO)
    return lead, co


def test_issuing_opens_a_pending_acceptance_for_the_lead_and_each_co_department(world, issued):
    lead, co = issued
    assert (lead.department, lead.state, lead.issued_by) == (world.fagai, AcceptanceState.PENDING, world.office)
    assert (co.department, co.state) == (world.zhujian, AcceptanceState.PENDING)


def test_issuing_again_changes_nothing(world, issued):
    again = services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    assert again == []
    assert Acceptance.objects.filter(commitment=world.key_projects).count() == 2


def test_lead_department_accepts_with_who_and_when(world, issued):
    lead, _ = issued
    with at(DAY + datetime.timedelta(days=1)) as moment:
        accepted = services.acceptance_accept(user=world.fagai_reporter, acceptance=lead)
    assert accepted.state == AcceptanceState.ACCEPTED
    assert (accepted.responded_by, accepted.responded_at) == (world.fagai_reporter, moment)
    latest = accepted.history.first()
    assert (latest.state, latest.history_user) == (AcceptanceState.ACCEPTED, world.fagai_reporter)


def test_co_department_acknowledges(world, issued):
    _, co = issued
    acknowledged = services.acceptance_acknowledge(user=world.zhujian_reporter, acceptance=co)
    assert acknowledged.state == AcceptanceState.ACKNOWLEDGED


def test_co_department_cannot_accept_as_lead_nor_lead_acknowledge(world, issued):
    lead, co = issued
    with pytest.raises(ValidationError):
        services.acceptance_accept(user=world.zhujian_reporter, acceptance=co)
    with pytest.raises(ValidationError):
        services.acceptance_acknowledge(user=world.fagai_reporter, acceptance=lead)


def test_an_answered_task_cannot_be_answered_again(world, issued):
    lead, _ = issued
    services.acceptance_accept(user=world.fagai_reporter, acceptance=lead)
    with pytest.raises(ValidationError):
        services.acceptance_contest(
            user=world.fagai_reporter, acceptance=lead, reason_kind=ContestReason.OTHER, reason="改主意了"
        )


def test_a_contest_needs_a_reason(world, issued):
    lead, _ = issued
    with pytest.raises(ValidationError) as error:
        services.acceptance_contest(user=world.fagai_reporter, acceptance=lead, reason_kind="", reason=" ")
    assert set(error.value.message_dict) == {"reason_kind", "reason"}
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.PENDING


def contest(world, lead):
    return services.acceptance_contest(
        user=world.fagai_reporter,
        acceptance=lead,
        reason_kind=ContestReason.WRONG_OWNER,
        reason="项目建设应由住建局牵头。",
    )


def test_a_contested_task_waits_in_the_office_queue(world, issued):
    lead, _ = issued
    contest(world, lead)
    assert list(contested_queue()) == [lead]
    assert acceptance_summary()[AcceptanceState.CONTESTED] == 1


def test_office_clarifies_and_the_department_answers_again(world, issued):
    lead, _ = issued
    contest(world, lead)
    clarified = services.acceptance_clarify(user=world.office, acceptance=lead, note="目标以区发改局台账为准。")
    assert clarified.state == AcceptanceState.PENDING
    assert (clarified.resolved_by, clarified.office_note) == (world.office, "目标以区发改局台账为准。")
    assert list(contested_queue()) == []
    services.acceptance_accept(user=world.fagai_reporter, acceptance=clarified)
    states = [(row.state, row.history_user.username) for row in clarified.history.order_by("history_id")]
    assert states == [
        ("pending", "office"),
        ("contested", "fagai-staff"),
        ("pending", "office"),
        ("accepted", "fagai-staff"),
    ]


def test_office_reassigns_to_another_lead_who_then_accepts(world, issued):
    lead, co = issued
    contest(world, lead)
    with at(DAY + datetime.timedelta(days=2)) as moment:
        new = services.acceptance_reassign(
            user=world.office, acceptance=lead, department=world.zhujian, note="改由住建局牵头。"
        )
    world.key_projects.refresh_from_db()
    assert world.key_projects.lead_department == world.zhujian
    assert list(world.key_projects.co_departments.all()) == []
    lead.refresh_from_db()
    co.refresh_from_db()
    assert (lead.state, lead.resolved_by, lead.resolved_at) == (AcceptanceState.REASSIGNED, world.office, moment)
    # 住建局 was co-responsible; it now leads, so its co acknowledgement is closed and a lead task opened.
    assert co.state == AcceptanceState.REASSIGNED
    assert (new.department, new.role, new.state) == (world.zhujian, AcceptanceRole.LEAD, AcceptanceState.PENDING)
    services.acceptance_accept(user=world.zhujian_reporter, acceptance=new)
    # The old lead can no longer answer for the task.
    with pytest.raises(PermissionDenied):
        services.acceptance_accept(user=world.fagai_reporter, acceptance=new)


def test_reassigning_can_keep_the_previous_lead_as_co_responsible(world, issued):
    lead, _ = issued
    contest(world, lead)
    services.acceptance_reassign(
        user=world.office, acceptance=lead, department=world.gongxin, note="改由工信局牵头。", keep_previous_as_co=True
    )
    world.key_projects.refresh_from_db()
    assert world.key_projects.lead_department == world.gongxin
    assert set(world.key_projects.co_departments.all()) == {world.fagai, world.zhujian}
    open_rows = Acceptance.objects.filter(commitment=world.key_projects).exclude(state=AcceptanceState.REASSIGNED)
    assert {(row.department.name, row.role) for row in open_rows} == {
        (world.gongxin.name, "lead"),
        (world.fagai.name, "co"),
        (world.zhujian.name, "co"),
    }


def test_only_a_contested_task_can_be_resolved(world, issued):
    lead, _ = issued
    with pytest.raises(ValidationError):
        services.acceptance_clarify(user=world.office, acceptance=lead, note="说明")
    contest(world, lead)
    with pytest.raises(ValidationError):
        services.acceptance_reassign(user=world.office, acceptance=lead, department=world.fagai, note="原单位")
    with pytest.raises(ValidationError):
        services.acceptance_clarify(user=world.office, acceptance=lead, note="  ")


# Permissions: role × own/other department --------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("fagai_reporter", True),  # the lead department's own staff
        ("zhujian_reporter", False),  # another department (the co-department) cannot accept for the lead
        ("gongxin_reporter", False),  # an unrelated department
        ("office", False),  # the office does not sign for a department
        ("leader_user", False),
        ("viewer", False),
    ],
)
def test_who_may_accept_or_contest_the_lead_task(world, issued, username, allowed):
    lead, _ = issued
    user = getattr(world, username)
    for call in (
        lambda: services.acceptance_accept(user=user, acceptance=lead),
        lambda: services.acceptance_contest(
            user=user, acceptance=lead, reason_kind=ContestReason.UNCLEAR_TARGET, reason="目标不明确"
        ),
    ):
        if allowed:
            call()
            lead.state = AcceptanceState.PENDING
            Acceptance.objects.filter(pk=lead.pk).update(state=AcceptanceState.PENDING, reason_kind="", reason="")
        else:
            with pytest.raises(PermissionDenied):
                call()


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("zhujian_reporter", True),
        ("fagai_reporter", False),
        ("gongxin_reporter", False),
        ("office", False),
        ("leader_user", False),
    ],
)
def test_who_may_acknowledge_the_co_task(world, issued, username, allowed):
    _, co = issued
    user = getattr(world, username)
    if allowed:
        assert services.acceptance_acknowledge(user=user, acceptance=co).state == AcceptanceState.ACKNOWLEDGED
    else:
        with pytest.raises(PermissionDenied):
            services.acceptance_acknowledge(user=user, acceptance=co)


@pytest.mark.parametrize("username", ["fagai_reporter", "zhujian_reporter", "leader_user", "viewer"])
def test_only_the_office_issues_clarifies_and_reassigns(world, issued, username):
    lead, _ = issued
    contest(world, lead)
    user = getattr(world, username)
    with pytest.raises(PermissionDenied):
        services.acceptances_issue(user=user, commitments=[world.project_a])
    with pytest.raises(PermissionDenied):
        services.acceptance_clarify(user=user, acceptance=lead, note="说明")
    with pytest.raises(PermissionDenied):
        services.acceptance_reassign(user=user, acceptance=lead, department=world.gongxin, note="改派")
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.CONTESTED


def test_changing_owners_in_the_admin_reissues_an_issued_task(world, issued):
    from commitments import services as engine

    lead, _ = issued
    services.acceptance_accept(user=world.fagai_reporter, acceptance=lead)
    engine.commitment_update(user=world.office, commitment=world.key_projects, data={"lead_department": world.gongxin})
    open_rows = Acceptance.objects.filter(commitment=world.key_projects).exclude(state=AcceptanceState.REASSIGNED)
    assert {(row.department, row.role, row.state) for row in open_rows} == {
        (world.gongxin, AcceptanceRole.LEAD, AcceptanceState.PENDING),
        (world.zhujian, AcceptanceRole.CO, AcceptanceState.PENDING),
    }
    lead.refresh_from_db()
    assert (lead.state, lead.resolved_by) == (AcceptanceState.REASSIGNED, world.office)


def test_changing_owners_of_a_task_never_issued_opens_nothing(world):
    from commitments import services as engine

    engine.commitment_update(user=world.office, commitment=world.project_a, data={"lead_department": world.gongxin})
    assert not Acceptance.objects.filter(commitment=world.project_a).exists()


# A co-responsible department contests its own co-assignment ------------------------------------------


def co_contest(world, co):
    return services.acceptance_contest(
        user=world.zhujian_reporter,
        acceptance=co,
        reason_kind=ContestReason.WRONG_OWNER,
        reason="本局不承担重点项目建设任务。",
    )


def test_co_department_contests_its_co_assignment_into_the_office_queue(world, issued):
    lead, co = issued
    with at(DAY + datetime.timedelta(days=1)) as moment:
        contested = co_contest(world, co)
    assert (contested.state, contested.reason_kind) == (AcceptanceState.CONTESTED, ContestReason.WRONG_OWNER)
    assert (contested.responded_by, contested.responded_at) == (world.zhujian_reporter, moment)
    assert list(contested_queue()) == [co]
    latest = contested.history.first()
    assert (latest.state, latest.history_user) == (AcceptanceState.CONTESTED, world.zhujian_reporter)
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.PENDING, "the lead's task is not touched"


def test_co_department_contest_needs_a_reason(world, issued):
    _, co = issued
    with pytest.raises(ValidationError) as error:
        services.acceptance_contest(user=world.zhujian_reporter, acceptance=co, reason_kind="bogus", reason="")
    assert set(error.value.message_dict) == {"reason_kind", "reason"}


def test_office_clarifies_a_co_contest_and_the_co_department_acknowledges(world, issued):
    _, co = issued
    co_contest(world, co)
    clarified = services.acceptance_clarify(user=world.office, acceptance=co, note="住建局负责施工许可办理。")
    assert clarified.state == AcceptanceState.PENDING
    acknowledged = services.acceptance_acknowledge(user=world.zhujian_reporter, acceptance=clarified)
    assert acknowledged.state == AcceptanceState.ACKNOWLEDGED
    assert list(contested_queue()) == []


def test_office_moves_a_contested_co_assignment_to_another_department(world, issued):
    lead, co = issued
    co_contest(world, co)
    with at(DAY + datetime.timedelta(days=2)) as moment:
        new = services.acceptance_reassign(
            user=world.office, acceptance=co, department=world.gongxin, note="改由工信局配合。"
        )
    world.key_projects.refresh_from_db()
    assert world.key_projects.lead_department == world.fagai
    assert list(world.key_projects.co_departments.all()) == [world.gongxin]
    co.refresh_from_db()
    assert (co.state, co.resolved_by, co.resolved_at) == (AcceptanceState.REASSIGNED, world.office, moment)
    assert (new.department, new.role, new.state) == (world.gongxin, AcceptanceRole.CO, AcceptanceState.PENDING)
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.PENDING, "the lead keeps its task"


def test_office_releases_a_contested_co_department(world, issued):
    _, co = issued
    co_contest(world, co)
    assert (
        services.acceptance_reassign(user=world.office, acceptance=co, department=None, note="不再列为配合单位。")
        is None
    )
    world.key_projects.refresh_from_db()
    assert list(world.key_projects.co_departments.all()) == []
    open_rows = Acceptance.objects.filter(commitment=world.key_projects).exclude(state=AcceptanceState.REASSIGNED)
    assert [(row.department, row.role) for row in open_rows] == [(world.fagai, AcceptanceRole.LEAD)]


@pytest.mark.parametrize(
    ("department", "keep", "field"),
    [("fagai", False, "department"), ("zhujian", False, "department"), ("gongxin", True, "keep_previous_as_co")],
)
def test_a_co_contest_cannot_move_to_the_lead_itself_or_keep_the_contester(world, issued, department, keep, field):
    _, co = issued
    co_contest(world, co)
    with pytest.raises(ValidationError) as error:
        services.acceptance_reassign(
            user=world.office,
            acceptance=co,
            department=getattr(world, department),
            note="改派",
            keep_previous_as_co=keep,
        )
    assert list(error.value.message_dict) == [field]
    co.refresh_from_db()
    assert co.state == AcceptanceState.CONTESTED


def test_a_contested_lead_task_needs_a_new_lead(world, issued):
    lead, _ = issued
    contest(world, lead)
    with pytest.raises(ValidationError) as error:
        services.acceptance_reassign(user=world.office, acceptance=lead, department=None, note="改派")
    assert list(error.value.message_dict) == ["department"]


@pytest.mark.parametrize(
    ("username", "allowed"),
    [
        ("zhujian_reporter", True),  # the co-department itself
        ("fagai_reporter", False),  # the lead department cannot contest for its co-department
        ("gongxin_reporter", False),
        ("office", False),
        ("leader_user", False),
        ("viewer", False),
    ],
)
def test_who_may_contest_the_co_task(world, issued, username, allowed):
    _, co = issued
    user = getattr(world, username)
    if allowed:
        assert co_contest_as(user, co).state == AcceptanceState.CONTESTED
    else:
        with pytest.raises(PermissionDenied):
            co_contest_as(user, co)
        co.refresh_from_db()
        assert co.state == AcceptanceState.PENDING


def co_contest_as(user, co):
    return services.acceptance_contest(user=user, acceptance=co, reason_kind=ContestReason.OTHER, reason="不涉及本局")
