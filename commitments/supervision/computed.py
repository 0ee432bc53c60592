"""Computed targets: a parent's target derived from its sub-items, inside the engine's as-of evaluation.

"53 key projects" is the number of sub-items that reached a stage (e.g. 开工); "32 亿元" the sum of a
target every sub-item reports (investment completed). The engine evaluates children before parents, so
by the time a parent's target is computed its children's figures — approved updates only, as of the
evaluation date — are known; drafts and submitted-but-unapproved updates never count. Because the rule
runs inside the evaluation, the stored current value (re-derived on every approval and by the recompute
command) and any as-of report agree, and nobody types the figure.

Rules:
- count: sub-items that are not cancelled and have completed the named stage, or a later stage of the
  same template, by the evaluation date (a project accepted as completed has started construction);
- sum: the sum of the sub-items' current values of the target with the named metric, cancelled
  sub-items excluded; None while no sub-item has reported one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from ..choices import CommitmentStatus, ComputationRule
from ..models import Milestone, Target, TargetComputation


@dataclass(frozen=True)
class ChildFigures:
    """What the evaluation knows about one sub-item on the evaluation date."""

    status: str
    targets: list[Target]
    current_values: dict[int, Decimal | None]
    milestones: list[Milestone]
    milestones_done: dict


def computation_of(target: Target) -> TargetComputation | None:
    """The target's computation, or None for a reported target (no query when select_related)."""
    try:
        return target.computation
    except TargetComputation.DoesNotExist:
        return None


def _stage_step(milestone: Milestone):
    try:
        return milestone.stage.step
    except Milestone.stage.RelatedObjectDoesNotExist:
        return None


def computed_value(computation: TargetComputation, children: Iterable[ChildFigures]) -> Decimal | None:
    """The current value of a computed target from its commitment's children (see the module docstring)."""
    active = [child for child in children if child.status != CommitmentStatus.CANCELLED]
    if computation.rule == ComputationRule.COUNT_STAGE:
        wanted = computation.stage
        reached = 0
        for child in active:
            for milestone in child.milestones:
                step = _stage_step(milestone)
                if (
                    step is not None
                    and step.template_id == wanted.template_id
                    and step.position >= wanted.position
                    and milestone.pk in child.milestones_done
                ):
                    reached += 1
                    break
        return Decimal(reached)
    values = [
        child.current_values.get(target.pk)
        for child in active
        for target in child.targets
        if target.metric == computation.source_metric
    ]
    values = [value for value in values if value is not None]
    return sum(values, Decimal(0)) if values else None


def child_figures(evaluations: Iterable, facts: dict) -> list[ChildFigures]:
    """ChildFigures from the engine's evaluations of the children and the facts it gathered about them."""
    return [
        ChildFigures(
            status=evaluation.status,
            targets=facts[evaluation.commitment_id].targets,
            current_values=evaluation.current_values,
            milestones=facts[evaluation.commitment_id].milestones,
            milestones_done=evaluation.milestones_done,
        )
        for evaluation in evaluations
    ]
