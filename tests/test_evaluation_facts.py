"""The evaluation's facts (selectors/facts.py) must be the very rows, values and
types the ORM reads, on SQLite and PostgreSQL alike, with the related objects the engine follows."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Model

from bench.synthetic import seed_synthetic
from commitments.choices import ComputationRule, OverrideStatus, UpdateState
from commitments.models import (
    Commitment,
    Milestone,
    ProgressUpdate,
    ReportedValue,
    StageTemplate,
    StatusOverride,
    Target,
)
from commitments.selectors import facts as facts_module
from commitments.selectors.facts import gather, update_order
from commitments.supervision import services

from .factories import TargetFactory
from .supervision_world import build_world

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 9, 15)


def fields_of(instance: Model | None) -> tuple | None:
    """Every stored field's value and type: equal rows with a value of another type (a date read as text, a
    float for a decimal) must not pass."""
    if instance is None:
        return None
    return tuple(
        (item.attname, getattr(instance, item.attname), type(getattr(instance, item.attname)))
        for item in instance._meta.concrete_fields
    )


def target_of(target: Target) -> tuple:
    computation = getattr(target, "computation", None)
    return (fields_of(target), fields_of(computation), fields_of(computation and computation.stage))


def milestone_of(milestone: Milestone) -> tuple:
    marker = getattr(milestone, "stage", None)
    return (fields_of(milestone), fields_of(marker), fields_of(marker and marker.step))


def scope_of(ids: list[int]) -> set[int]:
    scope, frontier = set(ids), set(ids)
    while frontier:
        frontier = set(Commitment.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)) - scope
        scope |= frontier
    return scope


def orm_facts(ids: list[int], as_of: datetime.date | None) -> dict[int, tuple]:
    """What the engine reads, by the ORM, for comparison."""
    scope = scope_of(ids)
    dated = {} if as_of is None else {"as_of__lte": as_of}
    updates = {
        update.pk: update
        for update in ProgressUpdate.objects.filter(commitment_id__in=scope, state=UpdateState.APPROVED, **dated)
    }
    expected = {}
    targets = Target.objects.select_related("computation__stage").order_by("id")
    milestones = Milestone.objects.select_related("stage__step").order_by("id")
    decisions = StatusOverride.objects.order_by("effective_on", "decided_at", "id")
    for pk in scope:
        commitment = Commitment.objects.get(pk=pk)
        own_updates = sorted((u for u in updates.values() if u.commitment_id == pk), key=update_order)
        values = sorted(
            (update_order(updates[v.update_id]), v.target_id, v.value)
            for v in ReportedValue.objects.filter(update_id__in=[u.pk for u in own_updates])
        )
        through = ProgressUpdate.milestones_completed.through
        completions = sorted(
            (updates[row.progressupdate_id].as_of, row.milestone_id)
            for row in through.objects.filter(progressupdate_id__in=[u.pk for u in own_updates])
        )
        decided = {} if as_of is None else {"effective_on__lte": as_of}
        expected[pk] = (
            fields_of(commitment),
            sorted(Commitment.objects.filter(parent_id=pk).values_list("pk", flat=True)),
            [target_of(t) for t in targets.filter(commitment_id=pk)],
            [milestone_of(m) for m in milestones.filter(commitment_id=pk)],
            [fields_of(u) for u in own_updates],
            sorted((order, target, value, type(value)) for order, target, value in values),
            completions,
            [fields_of(d) for d in decisions.filter(commitment_id=pk, **decided)],
        )  # fmt: skip
    return expected


def raw_facts(found: dict) -> dict[int, tuple]:
    for item in found.values():  # the engine takes the last value per target in update order
        orders = [order for order, _, _ in item.values]
        assert orders == sorted(orders)
    return {
        pk: (
            fields_of(item.commitment),
            sorted(item.children),
            [target_of(t) for t in item.targets],
            [milestone_of(m) for m in item.milestones],
            [fields_of(u) for u in item.updates],
            # One update's values come in no particular order; the engine reads them by target.
            sorted((order, target, value, type(value)) for order, target, value in item.values),
            sorted(item.completions),
            [fields_of(d) for d in item.decisions],
        )
        for pk, item in found.items()
    }


@pytest.fixture
def world():
    """Synthetic reports (targets, milestones, values, completions, drafts) and the supervision world: a parent
    with computed targets over two sub-projects whose milestones are template stages, and decisions."""
    seed_synthetic(reports=2, commitments=40, updates=300, seed=5, today=TODAY)
    world = build_world()
    template = StageTemplate.objects.get(name="建设项目")
    for project in (world.project_a, world.project_b):
        services.stage_template_apply(user=world.office, commitment=project, template=template)
    counted = TargetFactory(commitment=world.key_projects, metric="开工项目数", unit="个", target_value=2)
    services.target_computation_set(
        user=world.office,
        target=counted,
        rule=ComputationRule.COUNT_STAGE,
        stage=template.steps.get(key="construction"),
    )
    added = TargetFactory(commitment=world.key_projects, metric="完成投资", unit="亿元", target_value=Decimal("4.5"))
    services.target_computation_set(
        user=world.office, target=added, rule=ComputationRule.SUM_VALUE, source_metric="完成投资"
    )
    some = Commitment.objects.exclude(parent__isnull=False).order_by("pk")[:3]
    for day, status in (
        (datetime.date(2026, 5, 1), OverrideStatus.CANCELLED),
        (datetime.date(2026, 8, 1), OverrideStatus.CLEARED),
    ):
        for commitment in some:
            StatusOverride.objects.create(commitment=commitment, status=status, reason="决定", effective_on=day)
    # Two decisions on one day, the later-made one stored first: the order is by decided_at, then id.
    noon = datetime.datetime(2026, 9, 1, 12, tzinfo=datetime.UTC)
    for hours, status in ((2, OverrideStatus.COMPLETED), (1, OverrideStatus.CANCELLED)):
        StatusOverride.objects.create(
            commitment=some[0],
            status=status,
            reason="同日决定",
            effective_on=TODAY,
            decided_at=noon + datetime.timedelta(hours=hours),
        )
    return world


def sample_ids() -> list[int]:
    return list(Commitment.objects.order_by("pk").values_list("pk", flat=True))


@pytest.mark.parametrize("as_of", [None, datetime.date(2026, 6, 30)])
def test_facts_by_id_are_what_the_orm_reads(world, as_of):
    ids = sample_ids()
    wanted = dict(Commitment.objects.filter(pk__in=ids).values_list("pk", "report_id"))
    found = gather(wanted, as_of)

    assert raw_facts(found) == orm_facts(ids, as_of)
    assert any(item.targets and getattr(item.targets[0], "computation", None) for item in found.values())
    assert any(item.milestones and getattr(item.milestones[0], "stage", None) for item in found.values())
    assert any(item.values for item in found.values()) and any(item.completions for item in found.values())
    assert any(item.decisions for item in found.values())


def test_facts_of_whole_reports_are_what_the_orm_reads(world, monkeypatch):
    monkeypatch.setattr(facts_module, "FEW", 3)
    ids = sample_ids()
    wanted = dict(Commitment.objects.filter(pk__in=ids).values_list("pk", "report_id"))

    assert raw_facts(gather(wanted, None)) == orm_facts(ids, None)


def test_a_parent_brings_its_children(world):
    parent = world.key_projects
    found = gather({parent.pk: parent.report_id}, None)

    assert sorted(found) == sorted([parent.pk, world.project_a.pk, world.project_b.pk])
    assert sorted(found[parent.pk].children) == sorted([world.project_a.pk, world.project_b.pk])
    assert raw_facts(found) == orm_facts([parent.pk], None)


def test_a_commitment_already_read_is_not_read_again(world, django_assert_num_queries):
    leaf = Commitment.objects.get(pk=world.project_a.pk)
    with django_assert_num_queries(8):  # the subtree, the commitment, six kinds of facts
        gather({leaf.pk: leaf.report_id}, None)
    with django_assert_num_queries(7):
        found = gather({leaf.pk: leaf.report_id}, None, known=[leaf])

    assert found[leaf.pk].commitment is leaf
    assert raw_facts(found) == orm_facts([leaf.pk], None)
