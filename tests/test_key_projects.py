"""The key-project ledger's services: a project becomes a tracked sub-item of the ledger commitment, its
monthly reports go through the update flow, approving one moves the ledger's figures, 预备转正 is recorded."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import services
from commitments.choices import ComputationRule, ProjectCategory, ProjectStage
from commitments.models import KeyProject, Milestone, Target
from commitments.selectors.projects import stage_of
from commitments.services import KeyProjectData
from commitments.services.projects import key_project_differs

from .base import D, checker, day
from .key_projects_base import add_project, leader, make_ledger, report_approved

pytestmark = pytest.mark.django_db


def test_a_project_is_a_sub_item_with_its_plan_as_target_and_the_stage_milestones(world):
    ledger = make_ledger(world)
    chief = leader()
    project = add_project(world, ledger, 7, leader=chief, planned_investment=D("2.5"))

    child = project.commitment
    assert (child.parent, child.code, child.title) == (ledger, "2.3.1.107", "测试项目7")
    assert (child.lead_department, child.responsible_leader) == (world.own, chief)
    assert (child.start_date, child.due_date) == (ledger.start_date, ledger.due_date)
    target = Target.objects.get(commitment=child)
    assert (target.metric, target.unit, target.target_value, target.baseline_value) == ("完成投资", "亿元", D("2.5"), 0)
    assert project.investment_target == target and project.planned_investment == D("2.5")
    stages = list(Milestone.objects.filter(commitment=child).order_by("stage__step__position"))
    assert [milestone.title for milestone in stages] == ["用地", "招标", "开工", "主体", "竣工"]
    assert stages[2].due_date == datetime.date(2020, 9, 30)  # 开工 on the planned start
    assert project.history.first().history_user == world.office


def test_only_the_office_keeps_the_ledger(world):
    ledger = make_ledger(world)
    data = KeyProjectData(sequence=1, name="项目", department=world.own, planned_investment=D(1))
    for user in (world.reporter, world.leader, world.viewer):
        with pytest.raises(PermissionDenied):
            services.key_project_create(user=user, ledger=ledger, data=data)
    assert not KeyProject.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"planned_investment": D(-1)}, "planned_investment"),
        ({"total_investment": D(-1)}, "total_investment"),
        ({"name": " "}, "name"),
        ({"sequence": 0}, "sequence"),
        ({"categories": ["nonsense"]}, "categories"),
    ],
)
def test_bad_rows_are_refused_with_the_field_named(world, fields, field):
    ledger = make_ledger(world)
    data = {"sequence": 1, "name": "项目", "department": world.own, "planned_investment": D(1), **fields}
    with pytest.raises(ValidationError) as error:
        services.key_project_create(user=world.office, ledger=ledger, data=KeyProjectData(**data))
    assert field in error.value.message_dict
    assert not KeyProject.objects.exists()


def test_sequence_is_unique_in_a_ledger(world):
    ledger = make_ledger(world)
    add_project(world, ledger, 1)
    with pytest.raises(ValidationError):
        add_project(world, ledger, 1, name="另一个项目")
    assert KeyProject.objects.count() == 1


def test_the_ledger_targets_are_computed_not_typed(world):
    ledger = make_ledger(world)
    rules = {target.metric: target.computation.rule for target in ledger.targets.all()}
    assert rules == {"重点项目数": ComputationRule.COUNT_STAGE, "年度计划投资": ComputationRule.SUM_VALUE}
    assert services.ledger_targets_link(user=world.office, ledger=ledger) == []  # twice changes nothing


def test_approving_a_monthly_report_moves_the_ledger_commitment(world):
    ledger = make_ledger(world)
    first, second = add_project(world, ledger, 1), add_project(world, ledger, 2)
    plan = ledger.targets.get(metric="年度计划投资")
    count = ledger.targets.get(metric="重点项目数")

    update = services.key_project_report(
        user=world.reporter, project=first, as_of=day(3, 31), completed_investment=D("0.6"), narrative="三月"
    )
    services.update_submit(user=world.reporter, update=update)
    plan.refresh_from_db()
    assert plan.current_value is None  # submitted, not approved: it does not count

    services.update_approve(user=checker(), update=update)
    report_approved(world, second, day(3, 31), "0.9", stages=["land", "tender", "construction"])
    plan.refresh_from_db(), count.refresh_from_db(), ledger.refresh_from_db()
    assert plan.current_value == D("1.5")
    assert count.current_value == 1  # the second reached 开工
    assert ledger.progress > 0
    assert stage_of(second, on=day(3, 31)) == ProjectStage.CONSTRUCTION
    assert stage_of(first, on=day(3, 31)) == ProjectStage.PRELIMINARY


def test_a_stage_needs_its_evidence(world):
    ledger = make_ledger(world)
    project = add_project(world, ledger, 1)
    update = services.key_project_report(user=world.reporter, project=project, as_of=day(3, 31), stages=["land"])
    with pytest.raises(ValidationError) as error:
        services.update_submit(user=world.reporter, update=update)
    assert "evidence" in error.value.message_dict


def test_a_reporter_reports_only_on_their_departments_projects(world):
    ledger = make_ledger(world)
    theirs = add_project(world, ledger, 1, department=world.other)
    with pytest.raises(PermissionDenied):
        services.key_project_report(user=world.reporter, project=theirs, as_of=day(3, 31), completed_investment=D(1))
    services.key_project_report(user=world.outsider, project=theirs, as_of=day(3, 31), completed_investment=D(1))


def test_unknown_stage_is_refused(world):
    project = add_project(world, make_ledger(world), 1)
    with pytest.raises(ValidationError) as error:
        services.key_project_report(user=world.reporter, project=project, as_of=day(3, 31), stages=["moon"])
    assert "stages" in error.value.message_dict


def test_promotion_to_formal_is_recorded_in_the_history(world):
    project = add_project(world, make_ledger(world), 1, is_reserve=True)
    promoted = services.key_project_promote(user=world.office, project=project, on=day(8, 1), note="条件成熟")
    assert (promoted.is_reserve, promoted.promoted_on) == (False, day(8, 1))
    latest = promoted.history.first()
    assert (latest.history_user, latest.history_change_reason, latest.is_reserve) == (world.office, "条件成熟", False)
    assert latest.prev_record.is_reserve is True
    with pytest.raises(ValidationError):
        services.key_project_promote(user=world.office, project=promoted, on=day(8, 2))
    with pytest.raises(PermissionDenied):
        services.key_project_promote(user=world.reporter, project=project, on=day(8, 2))


def test_update_changes_the_sub_item_the_plan_and_the_tags(world):
    ledger = make_ledger(world)
    project = add_project(world, ledger, 1, is_reserve=True)
    chief = leader()
    data = KeyProjectData(
        sequence=1,
        name="改名项目",
        department=world.other,
        leader=chief,
        planned_investment=D("3"),
        categories=[ProjectCategory.INFRASTRUCTURE, ProjectCategory.NEW_OPERATION],
        planned_completion=day(11, 30),
    )
    project = services.key_project_update(user=world.office, project=project, data=data)
    project.commitment.refresh_from_db()
    assert (project.commitment.title, project.commitment.lead_department, project.commitment.responsible_leader) == (
        "改名项目",
        world.other,
        chief,
    )
    assert project.investment_target.target_value == D(3)
    assert sorted(tag.category for tag in project.categories.all()) == ["infrastructure", "new_operation"]
    assert project.promoted_on is not None and not project.is_reserve
    completion = Milestone.objects.get(commitment=project.commitment, stage__step__key="completion")
    assert completion.due_date == day(11, 30)
    assert not key_project_differs(project, data)


def test_the_first_project_links_the_ledger_targets(world):
    from .factories import CommitmentFactory, TargetFactory

    ledger = CommitmentFactory(chapter=world.mine.chapter, code="2.3.1", lead_department=world.own)
    TargetFactory(commitment=ledger, metric="年度计划投资", unit="亿元", target_value=D(32))
    add_project(world, ledger, 1)
    assert ledger.targets.get().computation.rule == ComputationRule.SUM_VALUE
