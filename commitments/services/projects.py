"""Writes to the key-project ledger (重点项目台账): a project with its own tracked sub-item, its changes, its
promotion from reserve to formal (预备转正), and the ledger commitment's targets computed from the projects.

A project is a sub-item of the ledger commitment (code `<ledger code>.<100 + 序号>`), written through the
commitment services as the office user (their checks, history and re-derivation): its owner department and
following leader are the sub-item's lead department and responsible leader, its annual planned investment
the target value of its "完成投资" target (亿元), its stages the milestones of the key-project stage template.
Monthly reports are the sub-item's progress updates (services/updates.py), reviewed like any other.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CommitmentKind, Comparator, ComputationRule, ProjectCategory
from ..models import (
    INVESTMENT_METRIC,
    INVESTMENT_UNIT,
    Commitment,
    Department,
    KeyProject,
    KeyProjectCategory,
    Leader,
    Milestone,
    ProgressUpdate,
    StageTemplate,
    Target,
    TargetComputation,
)
from ..permissions import can_manage_key_projects
from .commitments import commitment_create, commitment_update, milestone_save, refresh_deferred, target_save
from .updates import update_create
from .versions import version_check

# The stage template of 形象进度 (seeded by migration 0018): 用地 → 招标 → 开工 → 主体 → 竣工.
STAGE_TEMPLATE = "重点项目形象进度"
# A project's sub-item code is the ledger's code and 100 + its 序号 (2.3.1.101 …): numbers, so the task
# table's export and import read it, and clear of the ledger's own sub-items (2.3.1.1 … 2.3.1.5).
CODE_OFFSET = 100
# The ledger commitment's targets the import links to the projects (when it has them), by metric.
COUNT_METRIC = "重点项目数"
PLAN_METRIC = "年度计划投资"
COUNTED_STAGE = "construction"  # "推动…建设": a project counts once it has started construction (开工)


@dataclass
class KeyProjectData:
    """One ledger row as the office keeps it (the import's columns)."""

    sequence: int
    name: str
    department: Department
    planned_investment: Decimal
    total_investment: Decimal = Decimal(0)
    content: str = ""
    leader: Leader | None = None
    planned_start: datetime.date | None = None
    planned_completion: datetime.date | None = None
    is_reserve: bool = False
    categories: list[str] = field(default_factory=list)
    is_example: bool = False


def _require_manager(user) -> None:
    if not can_manage_key_projects(user):
        raise PermissionDenied(_("Only the supervision office keeps the key-project ledger."))


def project_code(ledger: Commitment, sequence: int) -> str:
    return f"{ledger.code}.{CODE_OFFSET + sequence}"


def stage_template() -> StageTemplate:
    return StageTemplate.objects.prefetch_related("steps").get(name=STAGE_TEMPLATE)


def key_project_check(ledger: Commitment, data: KeyProjectData, project: KeyProject | None = None) -> None:
    """ValidationError, a message per field, unless the row fits the ledger (the services ask it first; a
    form asks it to show the messages on its fields)."""
    errors: dict[str, list[str]] = {}
    others = KeyProject.objects.filter(ledger=ledger).exclude(pk=getattr(project, "pk", None))
    if data.sequence and others.filter(sequence=data.sequence).exists():
        errors["sequence"] = [_("This ledger already has a project with this sequence number.")]
    if data.name and others.filter(name=data.name.strip()).exists():
        errors["name"] = [_("This ledger already has a project with this name.")]
    if KeyProject.objects.filter(commitment=ledger).exists():
        errors["ledger"] = [_("A key project cannot itself hold a ledger.")]
    if data.sequence is None or data.sequence < 1:
        errors["sequence"] = [_("The sequence number is a whole number from 1.")]
    if not (data.name or "").strip():
        errors["name"] = [_("The project needs a name.")]
    elif len(data.name) > 200:
        errors["name"] = [_("The project name is longer than 200 characters.")]
    if data.planned_investment is None or data.planned_investment < 0:
        errors["planned_investment"] = [_("The annual planned investment cannot be negative.")]
    if data.total_investment is None or data.total_investment < 0:
        errors["total_investment"] = [_("The total investment cannot be negative.")]
    unknown = sorted(set(data.categories) - set(ProjectCategory.values))
    if unknown:
        errors["categories"] = [_("Unknown categories: %(names)s.") % {"names": ", ".join(unknown)}]
    if errors:
        raise ValidationError(errors)


def _stage_due_dates(ledger: Commitment, data: KeyProjectData) -> dict[str, datetime.date]:
    """The planned start is 开工's date and the planned completion 竣工's, when they fall in the ledger's year."""
    dates = {}
    for key, day in (("construction", data.planned_start), ("completion", data.planned_completion)):
        if day and ledger.start_date <= day <= ledger.due_date:
            dates[key] = day
    return dates


def _commitment_fields(ledger: Commitment, data: KeyProjectData) -> dict:
    return {
        "title": data.name.strip()[:200],
        "source_text": (data.content or "").strip() or data.name.strip(),
        "lead_department": data.department,
        "responsible_leader": data.leader,
    }


def _save(user, row) -> None:
    row.full_clean()
    row._history_user = user
    row.save()


def _set_categories(user, project: KeyProject, categories: Iterable[str]) -> None:
    wanted = set(categories)
    for tag in list(project.categories.all()):
        if tag.category in wanted:
            wanted.discard(tag.category)
        else:
            tag._history_user = user
            tag.delete()
    for category in sorted(wanted):
        _save(user, KeyProjectCategory(project=project, category=category))


@transaction.atomic
def key_project_create(*, user, ledger: Commitment, data: KeyProjectData) -> KeyProject:
    """A new ledger row: its sub-item under the ledger commitment (same report, chapter and dates), the
    completed-investment target (the annual plan), the stage milestones, the row and its categories."""
    from ..supervision.services import stage_template_apply  # it imports the engine's services

    _require_manager(user)
    key_project_check(ledger, data)
    with refresh_deferred(user=user):
        commitment = commitment_create(
            user=user,
            data={
                "report": ledger.report,
                "chapter": ledger.chapter,
                "code": project_code(ledger, data.sequence),
                "section": ledger.section,
                "kind": CommitmentKind.QUANTITATIVE,
                "firmness": ledger.firmness,
                "start_date": ledger.start_date,
                "due_date": ledger.due_date,
                "parent": ledger,
                **_commitment_fields(ledger, data),
            },
        )
        target = target_save(
            user=user,
            target=Target(
                commitment=commitment,
                metric=INVESTMENT_METRIC,
                unit=INVESTMENT_UNIT,
                comparator=Comparator.AT_LEAST,
                baseline_value=Decimal(0),
                target_value=data.planned_investment,
            ),
        )
        stage_template_apply(
            user=user, commitment=commitment, template=stage_template(), due_dates=_stage_due_dates(ledger, data)
        )
        project = KeyProject(ledger=ledger, commitment=commitment, investment_target=target)
        _apply(project, data)
        _save(user, project)
        _set_categories(user, project, data.categories)
    # The ledger's headline targets count from its projects from the first one on (once: it skips what is set).
    ledger_targets_link(user=user, ledger=ledger)
    return project


def _apply(project: KeyProject, data: KeyProjectData) -> None:
    project.sequence = data.sequence
    project.name = data.name.strip()
    project.content = (data.content or "").strip()
    project.total_investment = data.total_investment
    project.planned_start, project.planned_completion = data.planned_start, data.planned_completion
    project.is_example = data.is_example
    project.is_reserve = data.is_reserve
    if data.is_reserve:
        project.promoted_on = None


def key_project_differs(project: KeyProject, data: KeyProjectData) -> bool:
    """Whether saving `data` would change the project (the import reports unchanged rows as such)."""
    current = (
        project.sequence,
        project.name,
        project.content,
        project.total_investment,
        project.planned_start,
        project.planned_completion,
        project.is_reserve,
        project.is_example,
        project.commitment.lead_department_id,
        project.commitment.responsible_leader_id,
        project.investment_target.target_value,
        sorted(tag.category for tag in project.categories.all()),
    )
    wanted = (
        data.sequence,
        data.name.strip(),
        (data.content or "").strip(),
        data.total_investment,
        data.planned_start,
        data.planned_completion,
        data.is_reserve,
        data.is_example,
        data.department.pk,
        data.leader.pk if data.leader else None,
        data.planned_investment,
        sorted(set(data.categories)),
    )
    return current != wanted


@transaction.atomic
def key_project_update(
    *, user, project: KeyProject, data: KeyProjectData, expected_version: int | None = None
) -> KeyProject:
    """Changes a ledger row and its sub-item (title, owner, leader), its annual plan and its stage dates; a
    reserve made formal here is recorded as a promotion on the day (key_project_promote). VersionConflict,
    nothing saved, if expected_version is given and the project was saved since."""
    _require_manager(user)
    project = (
        KeyProject.objects.select_for_update()
        .select_related("ledger", "commitment", "investment_target")
        .get(pk=project.pk)
    )
    version_check(project, expected_version)
    ledger = project.ledger
    key_project_check(ledger, data, project)
    with refresh_deferred(user=user):
        fields = _commitment_fields(ledger, data)
        if data.sequence != project.sequence:
            fields["code"] = project_code(ledger, data.sequence)
        changed = {name: value for name, value in fields.items() if getattr(project.commitment, name) != value}
        if changed:
            commitment_update(user=user, commitment=project.commitment, data=changed)
        target = project.investment_target
        if target.target_value != data.planned_investment:
            target.target_value = data.planned_investment
            target_save(user=user, target=target)
        due = _stage_due_dates(ledger, data)
        for milestone in Milestone.objects.filter(commitment=project.commitment, stage__step__key__in=due.keys()):
            key = milestone.stage.step.key
            if milestone.due_date != due[key]:
                milestone.due_date = due[key]
                milestone_save(user=user, milestone=milestone)
        promote = project.is_reserve and not data.is_reserve
        _apply(project, data)
        if promote:
            project.promoted_on = timezone.localdate()
            project._change_reason = _("Promoted to formal (预备转正) by a ledger change.")
        _save(user, project)
        _set_categories(user, project, data.categories)
    return project


@transaction.atomic
def key_project_promote(
    *, user, project: KeyProject, on: datetime.date, note: str = "", expected_version: int | None = None
) -> KeyProject:
    """预备转正: a reserve project becomes formal from `on`; the history records who, when and why.
    VersionConflict, nothing saved, if expected_version is given and the project was saved since."""
    _require_manager(user)
    project = KeyProject.objects.select_for_update().get(pk=project.pk)
    # A second click is told the project is already formal, not that its version moved on.
    if not project.is_reserve:
        raise ValidationError({"is_reserve": _("This project is already formal.")})
    version_check(project, expected_version)
    project.is_reserve, project.promoted_on = False, on
    project._change_reason = note.strip() or _("Promoted to formal (预备转正).")
    _save(user, project)
    return project


@transaction.atomic
def ledger_targets_link(*, user, ledger: Commitment) -> list[TargetComputation]:
    """Computes the ledger commitment's headline targets from its projects instead of typing them: the
    number of projects (重点项目数) as those that reached 开工, the annual investment (年度计划投资) as the
    sum of the projects' completed investment. Targets it does not have are left out; returns what it set."""
    from ..supervision.services import target_computation_set  # it imports the engine's services

    _require_manager(user)
    steps = {step.key: step for step in stage_template().steps.all()}
    linked = []
    for target in Target.objects.filter(commitment=ledger, metric__in=(COUNT_METRIC, PLAN_METRIC)):
        if target.metric == COUNT_METRIC:
            rule = {"rule": ComputationRule.COUNT_STAGE, "stage": steps[COUNTED_STAGE]}
        else:
            rule = {"rule": ComputationRule.SUM_VALUE, "source_metric": INVESTMENT_METRIC}
        existing = TargetComputation.objects.filter(target=target).first()
        if existing and existing.rule == rule["rule"] and existing.stage == rule.get("stage"):
            if existing.source_metric == rule.get("source_metric", ""):
                continue
        linked.append(target_computation_set(user=user, target=target, **rule))
    return linked


def key_project_report(
    *,
    user,
    project: KeyProject,
    as_of: datetime.date,
    completed_investment: Decimal | None = None,
    stages: Iterable[str] = (),
    narrative: str = "",
    links: Iterable[str | tuple[str, str]] = (),
) -> ProgressUpdate:
    """A draft monthly report on a project: its completed investment this year so far (亿元, cumulative) and
    the stages (template keys) it completed, as a progress update of its sub-item (update_create: who may
    report, the checks; submitted and approved like every update)."""
    stages = list(stages)
    milestones = list(
        Milestone.objects.filter(commitment=project.commitment, stage__step__key__in=stages).select_related(
            "stage__step"
        )
    )
    unknown = sorted(set(stages) - {milestone.stage.step.key for milestone in milestones})
    if unknown:
        raise ValidationError({"stages": _("Not stages of this project: %(keys)s.") % {"keys": ", ".join(unknown)}})
    values = [] if completed_investment is None else [(project.investment_target, completed_investment)]
    return update_create(
        user=user,
        commitment=project.commitment,
        as_of=as_of,
        narrative=narrative,
        values=values,
        milestones_completed=milestones,
        links=links,
    )
