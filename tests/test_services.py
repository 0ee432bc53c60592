"""The update workflow, commitment edits and status decisions: every rule and error path of the services."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from commitments import services
from commitments.choices import CommitmentKind, CommitmentStatus, OverrideStatus, Rag, UpdateState
from commitments.models import Commitment, Milestone, ProgressUpdate, StatusOverride, Target

from .base import D, approved, day, make_user
from .factories import ChapterFactory, CommitmentFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


def create(world, **fields):
    fields.setdefault("as_of", day(6, 30))
    fields.setdefault("narrative", "进展")
    return services.update_create(user=world.reporter, commitment=world.mine, **fields)


# Validation -------------------------------------------------------------------------------------------


def test_negative_value_is_refused_where_impossible(world):
    goal = TargetFactory(commitment=world.mine)
    with pytest.raises(ValidationError) as excinfo:
        create(world, values=[(goal, D(-1))])
    assert error_fields(excinfo) == {"values"}
    assert not ProgressUpdate.objects.exists()


def test_negative_value_is_accepted_for_a_target_that_allows_it(world):
    growth = TargetFactory(commitment=world.mine, unit="%", allows_negative=True, target_value=D(6))
    update = create(world, values=[(growth, D("-2.5"))])
    assert update.values.get().value == D("-2.5")


@pytest.mark.parametrize("percent", [D("-0.01"), D("100.01"), D(250)])
def test_percent_outside_0_to_100_is_refused(world, percent):
    with pytest.raises(ValidationError) as excinfo:
        create(world, percent=percent)
    assert error_fields(excinfo) == {"percent"}


def test_value_for_a_target_of_another_commitment_is_refused(world):
    foreign = TargetFactory(commitment=world.theirs)
    with pytest.raises(ValidationError) as excinfo:
        create(world, values=[(foreign, D(1))])
    assert "belongs to another commitment" in str(excinfo.value) or "属于其他任务" in str(excinfo.value)


def test_same_target_twice_is_refused(world):
    goal = TargetFactory(commitment=world.mine)
    with pytest.raises(ValidationError) as excinfo:
        create(world, values=[(goal, D(1)), (goal, D(2))])
    assert error_fields(excinfo) == {"values"}


def test_milestone_of_another_commitment_is_refused(world):
    foreign = MilestoneFactory(commitment=world.theirs)
    with pytest.raises(ValidationError) as excinfo:
        create(world, milestones_completed=[foreign])
    assert error_fields(excinfo) == {"milestones_completed"}


def test_as_of_before_the_report_and_the_start_is_refused(world):
    # The report was delivered 2020-01-10, the commitment started 2020-01-01: the earlier date is the floor.
    create(world, as_of=day(1, 1))
    with pytest.raises(ValidationError) as excinfo:
        create(world, as_of=datetime.date(2019, 12, 31))
    assert error_fields(excinfo) == {"as_of"}


def test_as_of_in_the_future_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        create(world, as_of=timezone.localdate() + datetime.timedelta(days=1))
    assert error_fields(excinfo) == {"as_of"}


def test_every_bad_field_is_reported_at_once(world):
    goal = TargetFactory(commitment=world.mine)
    with pytest.raises(ValidationError) as excinfo:
        create(world, as_of=datetime.date(2019, 1, 1), percent=D(101), values=[(goal, D(-5))])
    assert error_fields(excinfo) == {"as_of", "percent", "values"}


def test_value_too_large_for_the_column_is_refused_as_a_values_error(world):
    goal = TargetFactory(commitment=world.mine)
    with pytest.raises(ValidationError) as excinfo:
        create(world, values=[(goal, D("1e20"))])
    assert error_fields(excinfo) == {"values"}


def test_edit_validates_the_new_figures(world):
    update = create(world)
    with pytest.raises(ValidationError):
        services.update_edit(user=world.reporter, update=update, percent=D(120))
    with pytest.raises(ValidationError):
        services.update_edit(user=world.reporter, update=update, as_of=datetime.date(2019, 6, 1))


def test_return_needs_a_note(world):
    update = create(world)
    services.update_submit(user=world.reporter, update=update)
    with pytest.raises(ValidationError) as excinfo:
        services.update_return(user=world.office, update=update, note="  ")
    assert error_fields(excinfo) == {"review_note"}


@pytest.mark.parametrize("state", [UpdateState.DRAFT, UpdateState.RETURNED])
def test_only_submitted_updates_are_reviewed(world, state):
    update = create(world)
    if state == UpdateState.RETURNED:
        services.update_submit(user=world.reporter, update=update)
        services.update_return(user=world.office, update=update, note="退回")
    with pytest.raises(ValidationError) as excinfo:
        services.update_approve(user=world.office, update=update)
    assert error_fields(excinfo) == {"state"}


def test_empty_update_cannot_be_submitted(world):
    update = create(world, narrative="  ")
    with pytest.raises(ValidationError) as excinfo:
        services.update_submit(user=world.reporter, update=update)
    assert error_fields(excinfo) == {"narrative"}


# Transitions record who and when ----------------------------------------------------------------------


def test_each_transition_records_who_and_when(world):
    update = create(world)
    assert (update.state, update.created_by) == (UpdateState.DRAFT, world.reporter)
    services.update_submit(user=world.reporter, update=update)
    update.refresh_from_db()
    assert (update.state, update.submitted_by) == (UpdateState.SUBMITTED, world.reporter)
    assert update.submitted_at is not None
    services.update_return(user=world.office, update=update, note="请补充佐证材料")
    update.refresh_from_db()
    assert (update.state, update.reviewed_by, update.review_note) == (
        UpdateState.RETURNED,
        world.office,
        "请补充佐证材料",
    )
    services.update_submit(user=world.reporter, update=update)
    services.update_approve(user=world.office, update=update)
    update.refresh_from_db()
    assert (update.state, update.reviewed_by) == (UpdateState.APPROVED, world.office)
    assert update.reviewed_at >= update.submitted_at
    # The audit history keeps every state, with the user who caused it.
    states = list(update.history.order_by("history_date").values_list("state", "history_user"))
    assert states == [
        (UpdateState.DRAFT, world.reporter.pk),
        (UpdateState.SUBMITTED, world.reporter.pk),
        (UpdateState.RETURNED, world.office.pk),
        (UpdateState.SUBMITTED, world.reporter.pk),
        (UpdateState.APPROVED, world.office.pk),
    ]


def test_edit_replaces_values_and_milestones_and_keeps_what_is_left_out(world):
    first, second = TargetFactory(commitment=world.mine), TargetFactory(commitment=world.mine)
    milestone = MilestoneFactory(commitment=world.mine)
    update = create(world, percent=D(10), values=[(first, D(1)), (second, D(2))], milestones_completed=[milestone])
    services.update_edit(user=world.reporter, update=update, values=[(second, D(5))], milestones_completed=[])
    update.refresh_from_db()
    assert list(update.values.values_list("target_id", "value")) == [(second.pk, D(5))]
    assert not update.milestones_completed.exists()
    assert (update.percent, update.narrative) == (D(10), "进展")


def test_delete_removes_a_draft_with_its_values(world):
    goal = TargetFactory(commitment=world.mine)
    update = create(world, values=[(goal, D(1))])
    services.update_delete(user=world.reporter, update=update)
    assert not ProgressUpdate.objects.exists()
    assert Target.objects.get().reported_values.count() == 0


def test_approved_update_cannot_be_deleted_even_by_the_office(world):
    update = approved(world.office, world.mine, day(6, 30), percent=D(10))
    with pytest.raises(Exception) as excinfo:
        services.update_delete(user=world.office, update=update)
    assert excinfo.type.__name__ == "PermissionDenied"


# Commitment edits, versions and status decisions -------------------------------------------------------


def test_commitment_update_bumps_the_version_and_refuses_a_stale_one(world):
    updated = services.commitment_update(
        user=world.office, commitment=world.mine, data={"title": "新标题"}, expected_version=1
    )
    assert (updated.title, updated.version) == ("新标题", 2)
    with pytest.raises(services.VersionConflict) as excinfo:
        services.commitment_update(user=world.office, commitment=world.mine, data={"title": "再改"}, expected_version=1)
    assert (excinfo.value.expected, excinfo.value.current) == (1, 2)
    assert Commitment.objects.get(pk=world.mine.pk).title == "新标题"


def test_commitment_update_without_changes_keeps_the_version(world):
    unchanged = services.commitment_update(user=world.office, commitment=world.mine, data={}, expected_version=1)
    assert unchanged.version == 1


def test_commitment_update_refuses_derived_fields_and_bad_dates(world):
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_update(user=world.office, commitment=world.mine, data={"progress": D(90)})
    assert error_fields(excinfo) == {"progress"}
    with pytest.raises(ValidationError):
        services.commitment_update(
            user=world.office, commitment=world.mine, data={"start_date": day(7, 1), "due_date": day(6, 1)}
        )


def test_commitment_update_sets_co_departments_and_rederives_rag(world):
    approved(world.office, world.mine, day(6, 30), percent=D(100))  # completed today
    updated = services.commitment_update(
        user=world.office, commitment=world.mine, data={"co_departments": [world.other], "due_date": day(12, 30)}
    )
    assert list(updated.co_departments.all()) == [world.other]
    assert updated.rag == Rag.COMPLETED


def test_commitment_create_and_delete(world):
    created = services.commitment_create(
        user=world.office,
        data={
            "report": world.mine.report,
            "chapter": world.mine.chapter,
            "code": "9.9.9",
            "title": "新增任务",
            "source_text": "原文。",
            "kind": CommitmentKind.ONGOING,
            "lead_department": world.own,
            "start_date": day(1, 1),
            "due_date": day(12, 31),
            "parent": world.mine,
        },
    )
    assert created.rag == Rag.RED  # today is past 2020's due date, with nothing done
    world.mine.refresh_from_db()
    assert world.mine.progress == D(0)  # the parent now rolls up from the new child
    services.commitment_delete(user=world.office, commitment=created)
    assert not Commitment.objects.filter(pk=created.pk).exists()


def new_commitment_data(world, code: str, **fields) -> dict:
    return {
        "report": world.mine.report,
        "chapter": world.mine.chapter,
        "code": code,
        "title": "新增任务",
        "source_text": "原文。",
        "kind": CommitmentKind.ONGOING,
        "lead_department": world.own,
        "start_date": day(1, 1),
        "due_date": day(12, 31),
        **fields,
    }


def test_refresh_deferred_derives_the_written_commitments_once_at_the_end(world):
    with services.refresh_deferred(user=world.office):
        created = services.commitment_create(user=world.office, data=new_commitment_data(world, "9.9.1"))
        with services.refresh_deferred(user=world.office):  # nested: only the outer block derives
            child = services.commitment_create(
                user=world.office, data=new_commitment_data(world, "9.9.1.1", parent=created)
            )
        goal = Target(commitment=child, metric="项目数", unit="个", target_value=D(3))
        services.target_save(user=world.office, target=goal)
        assert Commitment.objects.get(pk=created.pk).rag == ""  # not derived yet
    created.refresh_from_db()
    child.refresh_from_db()
    assert (created.rag, child.rag) == (Rag.RED, Rag.RED)  # 2020's due date has passed with nothing done
    assert created.history.latest().history_user == world.office  # the derived figures name who wrote


def test_refresh_deferred_rolls_back_every_write_on_an_error(world):
    with pytest.raises(ValidationError):
        with services.refresh_deferred(user=world.office):
            services.commitment_create(user=world.office, data=new_commitment_data(world, "9.9.1"))
            services.commitment_create(user=world.office, data=new_commitment_data(world, "9.9.2", title=""))
    assert not Commitment.objects.filter(code__startswith="9.9").exists()


def test_commitment_with_updates_cannot_be_deleted(world):
    create(world)
    with pytest.raises(ValidationError):
        services.commitment_delete(user=world.office, commitment=world.mine)


def test_override_records_the_reason_who_and_when_and_bumps_the_version(world):
    decision = services.commitment_override_status(
        user=world.office, commitment=world.mine, status=OverrideStatus.CANCELLED, reason="区政府常务会议决定取消"
    )
    assert (decision.decided_by, decision.reason, decision.effective_on) == (
        world.office,
        "区政府常务会议决定取消",
        timezone.localdate(),
    )
    world.mine.refresh_from_db()
    assert (world.mine.status, world.mine.rag, world.mine.version) == (
        CommitmentStatus.CANCELLED,
        Rag.CANCELLED,
        2,
    )
    assert world.mine.history.first().history_user == world.office


@pytest.mark.parametrize(
    "kwargs, field",
    [
        ({"status": "paused", "reason": "x"}, "status"),
        ({"status": OverrideStatus.CANCELLED, "reason": " "}, "reason"),
        ({"status": OverrideStatus.CLEARED, "reason": "x"}, "status"),  # nothing in force to clear
        (
            {"status": OverrideStatus.CANCELLED, "reason": "x", "effective_on": datetime.date(2019, 1, 1)},
            "effective_on",
        ),
        (
            {"status": OverrideStatus.CANCELLED, "reason": "x", "effective_on": datetime.date(2999, 1, 1)},
            "effective_on",
        ),
    ],
)
def test_override_refuses_bad_input(world, kwargs, field):
    with pytest.raises(ValidationError) as excinfo:
        services.commitment_override_status(user=world.office, commitment=world.mine, **kwargs)
    assert field in error_fields(excinfo)
    assert not StatusOverride.objects.exists()


def test_target_save_rederives_progress_and_ignores_a_hand_set_current_value(world):
    goal = TargetFactory(commitment=world.mine, target_value=D(10))
    approved(world.office, world.mine, day(6, 30), values=[(goal, D(5))])
    goal.target_value, goal.current_value = D(20), D(999)
    services.target_save(user=world.office, target=goal)
    goal.refresh_from_db()
    world.mine.refresh_from_db()
    assert (goal.current_value, world.mine.progress) == (D(5), D(25))


def test_milestone_marked_done_by_an_update_cannot_be_deleted(world):
    milestone = MilestoneFactory(commitment=world.mine)
    create(world, milestones_completed=[milestone])
    with pytest.raises(ValidationError):
        services.milestone_delete(user=world.office, milestone=milestone)
    other = MilestoneFactory(commitment=world.mine)
    services.milestone_delete(user=world.office, milestone=other)
    assert list(Milestone.objects.all()) == [milestone]


def test_target_with_reported_values_cannot_be_deleted(world):
    goal = TargetFactory(commitment=world.mine)
    create(world, values=[(goal, D(1))])
    with pytest.raises(ValidationError):
        services.target_delete(user=world.office, target=goal)


# recompute_progress -----------------------------------------------------------------------------------


def tampered_world(office):
    chapter = ChapterFactory(report__delivered_on=day(1, 10))
    commitment = CommitmentFactory(chapter=chapter, code="1.1.1")
    goal = TargetFactory(commitment=commitment, metric="重点项目数", target_value=D(10))
    milestone = MilestoneFactory(commitment=commitment, title="开工")
    approved(office, commitment, day(6, 30), values=[(goal, D(5))], milestones_completed=[milestone])
    untouched = CommitmentFactory(chapter=chapter, code="1.1.2", kind=CommitmentKind.ONGOING)
    approved(office, untouched, day(6, 30), percent=D(30))
    truth = Commitment.objects.values("pk", "status", "progress", "rag").order_by("pk")
    truth = list(truth)
    Commitment.objects.filter(pk=commitment.pk).update(status=CommitmentStatus.COMPLETED, progress=D(99), rag=Rag.GREEN)
    Target.objects.filter(pk=goal.pk).update(current_value=D(8))
    Milestone.objects.filter(pk=milestone.pk).update(completed_on=None)
    return chapter.report, commitment, goal, milestone, truth


def test_recompute_progress_restores_tampered_fields_and_reports_the_drift(office):
    report, commitment, goal, milestone, truth = tampered_world(office)
    out = io.StringIO()
    call_command("recompute_progress", stdout=out)
    output = out.getvalue()
    assert "1.1.1" in output and "1.1.2" not in output
    assert "progress: 99 → 75" in output  # (50 + 100) / 2
    assert "重点项目数.current_value: 8 → 5" in output
    assert "开工.completed_on: — → 2020-06-30" in output
    assert "1 commitment(s) drifted" in output
    assert list(Commitment.objects.values("pk", "status", "progress", "rag").order_by("pk")) == truth
    goal.refresh_from_db()
    milestone.refresh_from_db()
    assert (goal.current_value, milestone.completed_on) == (D(5), day(6, 30))
    # A second run finds nothing to fix.
    out = io.StringIO()
    call_command("recompute_progress", stdout=out)
    assert "0 commitment(s) drifted" in out.getvalue()


def test_recompute_progress_dry_run_reports_without_fixing(office):
    report, commitment, *_ = tampered_world(office)
    out = io.StringIO()
    call_command("recompute_progress", "--dry-run", "--report", str(report.pk), stdout=out)
    assert "would fix 1" in out.getvalue()
    commitment.refresh_from_db()
    assert commitment.progress == D(99)


def test_recompute_progress_only_touches_the_given_report(office):
    report, commitment, *_ = tampered_world(office)
    other_report, other, *_ = tampered_world(office)
    drifts = services.recompute_all(report=report)
    assert [drift.commitment_id for drift in drifts] == [commitment.pk]
    other.refresh_from_db()
    assert other.progress == D(99)


def test_recompute_progress_refuses_an_unknown_report(db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("recompute_progress", "--report", "999999")


def test_commitment_recompute_returns_its_drift_or_none(office):
    report, commitment, *_ = tampered_world(office)
    drift = services.commitment_recompute(commitment=commitment)
    assert {change.field for change in drift.changes} >= {"status", "progress", "rag"}
    assert services.commitment_recompute(commitment=commitment) is None


# Demo logins ------------------------------------------------------------------------------------------


def test_demo_users_cover_every_role(db):
    from commitments.permissions import Role, user_department, user_role

    logins = services.demo_users_ensure()
    services.demo_users_ensure()  # twice is fine
    from django.contrib.auth import get_user_model

    users = {login.username: get_user_model().objects.get(username=login.username) for login in logins}
    assert {name: user_role(user) for name, user in users.items()} == {
        "admin": Role.SUPERVISOR,
        "supervisor": Role.SUPERVISOR,
        "reporter": Role.REPORTER,
        "leader": Role.LEADER,
        "viewer": Role.VIEWER,
    }
    assert user_department(users["reporter"]).name == "江城区发展和改革局"
    assert all(user.check_password(services.DEMO_PASSWORD) for user in users.values())


def test_anonymous_user_is_refused_by_services(world):
    with pytest.raises(Exception) as excinfo:
        services.update_create(user=make_user("anonymous"), commitment=world.mine, as_of=day(6, 30))
    assert excinfo.type.__name__ == "PermissionDenied"
