"""Computed targets ("53 key projects", "32 亿元") follow the sub-items' approved updates, never drafts;
stage templates create milestones that need evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import services as engine
from commitments.choices import ComputationRule
from commitments.models import Milestone, StageMilestone, StageTemplate, Target, TargetComputation
from commitments.selectors import commitment_evaluation
from commitments.supervision import services

from .factories import TargetFactory
from .supervision_world import build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date
LINK = ("施工许可证", "https://zwfw.example.gov.cn/permit/1")


@pytest.fixture
def construction():
    return StageTemplate.objects.get(name="建设项目")


@pytest.fixture
def world(construction):
    world = build_world()
    for project in (world.project_a, world.project_b):
        services.stage_template_apply(user=world.office, commitment=project, template=construction)
        TargetFactory(commitment=project, metric="完成投资", unit="亿元", target_value=Decimal("2"))
    world.started = TargetFactory(commitment=world.key_projects, metric="开工项目数", unit="个", target_value=2)
    world.invested = TargetFactory(commitment=world.key_projects, metric="完成投资", unit="亿元", target_value=4)
    services.target_computation_set(
        user=world.office,
        target=world.started,
        rule=ComputationRule.COUNT_STAGE,
        stage=construction.steps.get(key="construction"),
    )
    services.target_computation_set(
        user=world.office, target=world.invested, rule=ComputationRule.SUM_VALUE, source_metric="完成投资"
    )
    return world


def stage(project, key):
    return Milestone.objects.get(commitment=project, stage__step__key=key)


def investment(project):
    return Target.objects.get(commitment=project, metric="完成投资")


def current(target):
    target.refresh_from_db()
    return target.current_value


def test_the_construction_template_exists_with_five_stages(construction):
    assert [step.title for step in construction.steps.order_by("position")] == [
        "立项",
        "用地",
        "招标",
        "开工",
        "竣工验收",
    ]


def test_applying_a_template_creates_one_milestone_per_stage_with_its_evidence(world):
    milestones = Milestone.objects.filter(commitment=world.project_a).order_by("stage__step__position")
    assert [m.title for m in milestones] == ["立项", "用地", "招标", "开工", "竣工验收"]
    assert milestones[4].stage.evidence_required == "竣工验收备案表"


def test_applying_a_template_twice_creates_nothing_more(world, construction):
    assert services.stage_template_apply(user=world.office, commitment=world.project_a, template=construction) == []
    assert StageMilestone.objects.filter(milestone__commitment=world.project_a).count() == 5


def test_applying_a_template_with_due_dates(world, construction):
    project = world.key_projects
    services.stage_template_apply(
        user=world.office, commitment=project, template=construction, due_dates={"construction": D(2020, 6, 30)}
    )
    assert stage(project, "construction").due_date == D(2020, 6, 30)
    with pytest.raises(ValidationError):
        services.stage_template_apply(
            user=world.office,
            commitment=world.project_b,
            template=construction,
            due_dates={"demolition": D(2020, 1, 1)},
        )


@pytest.mark.parametrize("username", ["fagai_reporter", "leader_user", "viewer"])
def test_only_the_office_applies_templates_and_declares_computed_targets(world, construction, username):
    user = getattr(world, username)
    with pytest.raises(PermissionDenied):
        services.stage_template_apply(user=user, commitment=world.key_projects, template=construction)
    with pytest.raises(PermissionDenied):
        services.target_computation_set(
            user=user, target=world.started, rule=ComputationRule.SUM_VALUE, source_metric="完成投资"
        )
    with pytest.raises(PermissionDenied):
        services.target_computation_clear(user=user, target=world.started)


def test_a_stage_is_not_submitted_without_its_evidence(world):
    update = report(world, world.project_a, as_of=D(2020, 3, 1), milestones=[stage(world.project_a, "construction")])
    with pytest.raises(ValidationError) as error:
        engine.update_submit(user=world.fagai_reporter, update=update)
    assert "施工许可证" in str(error.value)


def test_count_follows_approved_updates_and_ignores_drafts(world):
    assert current(world.started) == 0
    a, b = world.project_a, world.project_b
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        milestones=[stage(a, "approval"), stage(a, "construction")],
        links=[LINK],
    )
    assert current(world.started) == 1
    # A draft and a submitted update of project B do not count …
    report(world, b, as_of=D(2020, 3, 5), milestones=[stage(b, "construction")], links=[LINK])
    pending = report(
        world, b, as_of=D(2020, 3, 6), submitted_on=D(2020, 3, 6), milestones=[stage(b, "construction")], links=[LINK]
    )
    assert current(world.started) == 1
    # … until the office approves one.
    engine.update_approve(user=world.office, update=pending)
    assert current(world.started) == 2


def test_a_later_stage_counts_as_having_reached_the_earlier_one(world):
    a = world.project_a
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        milestones=[stage(a, "completion")],
        links=[("竣工验收备案表", "https://example.gov.cn/a")],
    )
    assert current(world.started) == 1


def test_sum_follows_approved_updates_and_ignores_drafts(world):
    a, b = world.project_a, world.project_b
    assert current(world.invested) is None
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        values=[(investment(a), Decimal("1.2"))],
    )
    draft = report(world, b, as_of=D(2020, 3, 3), values=[(investment(b), Decimal("0.8"))])
    assert current(world.invested) == Decimal("1.2")
    engine.update_submit(user=world.fagai_reporter, update=draft)
    engine.update_approve(user=world.office, update=draft)
    assert current(world.invested) == Decimal("2.0")
    # A newer approved value replaces the older one, it is not added to it.
    report(
        world,
        a,
        as_of=D(2020, 6, 1),
        submitted_on=D(2020, 6, 1),
        approved_on=D(2020, 6, 2),
        values=[(investment(a), Decimal("1.5"))],
    )
    assert current(world.invested) == Decimal("2.3")


def test_the_computed_value_is_known_as_of_any_date(world):
    a = world.project_a
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        values=[(investment(a), Decimal("1"))],
    )
    report(
        world,
        a,
        as_of=D(2020, 6, 1),
        submitted_on=D(2020, 6, 1),
        approved_on=D(2020, 6, 2),
        values=[(investment(a), Decimal("1.5"))],
    )
    as_of_april = commitment_evaluation(world.key_projects, as_of=D(2020, 4, 1))
    assert as_of_april.targets[world.invested.pk].current_value == Decimal("1")


def test_recomputing_everything_finds_no_drift(world):
    a = world.project_a
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        milestones=[stage(a, "construction")],
        values=[(investment(a), Decimal("1"))],
        links=[LINK],
    )
    drifts = engine.recompute_all(dry_run=True)
    # RAG moves with the calendar (the factories' rows were stored "today"); values must not drift at all.
    assert [change for drift in drifts for change in drift.changes if change.field != "rag"] == []


def test_a_cancelled_sub_item_does_not_count(world):
    a = world.project_a
    report(
        world,
        a,
        as_of=D(2020, 3, 1),
        submitted_on=D(2020, 3, 1),
        approved_on=D(2020, 3, 2),
        milestones=[stage(a, "construction")],
        values=[(investment(a), Decimal("1"))],
        links=[LINK],
    )
    engine.commitment_override_status(
        user=world.office, commitment=a, status="cancelled", reason="项目取消", effective_on=D(2020, 3, 3)
    )
    assert current(world.started) == 0
    assert current(world.invested) is None


def test_clearing_a_computation_hands_the_target_back_to_reports(world):
    services.target_computation_clear(user=world.office, target=world.invested)
    assert not TargetComputation.objects.filter(target=world.invested).exists()
    assert current(world.invested) is None


def test_a_computed_target_cannot_be_reported(world):
    with pytest.raises(ValidationError) as error:
        report(world, world.key_projects, as_of=D(2020, 3, 1), values=[(world.invested, Decimal("3"))])
    assert "values" in error.value.message_dict
