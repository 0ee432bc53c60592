"""Writes of the supervision workflow. Each checks permissions.py first (PermissionDenied), then the state
of what it changes (ValidationError), and records who and when; the audit history keeps every step.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..choices import AcceptanceRole, AcceptanceState, ComputationRule, ContestReason, NotificationKind
from ..models import (
    Acceptance,
    Commitment,
    CoResponsibility,
    Department,
    Milestone,
    ReportingPlan,
    StageMilestone,
    StageTemplate,
    StageTemplateStep,
    Target,
    TargetComputation,
)
from ..permissions import (
    can_answer_acceptance,
    can_issue_acceptances,
    can_plan_reporting,
    can_resolve_contests,
)
from ..services import commitment_recompute, commitment_update, milestone_save
from ..services.notifications import notify
from .assignments import acceptances_sync


def _save(user, row) -> None:
    row.full_clean()
    row._history_user = user
    row.save()


def _locked(acceptance: Acceptance) -> Acceptance:
    # Two clicks on the same task (or the office resolving while the department answers) must not both win.
    return Acceptance.objects.select_for_update().select_related("commitment", "department").get(pk=acceptance.pk)


# Acceptance (签收) -------------------------------------------------------------------------------------


@transaction.atomic
def acceptances_issue(*, user, commitments: Iterable[Commitment]) -> list[Acceptance]:
    """Sends each commitment to its lead and co-responsible departments for acceptance (下达签收).

    Idempotent: a department that already has the task keeps its row and answer; a department no longer
    assigned has its open row closed. Returns the rows opened."""
    if not can_issue_acceptances(user):
        raise PermissionDenied(_("Only the supervision office issues tasks for acceptance."))
    opened = []
    for commitment in commitments:
        opened.extend(acceptances_sync(user=user, commitment=commitment))
    return opened


ROLE_ANSWERS = {
    AcceptanceRole.LEAD: gettext_lazy("The lead department accepts or contests a task."),
    AcceptanceRole.CO: gettext_lazy("A co-responsible department acknowledges or contests a task."),
}


def _answer(user, acceptance: Acceptance, roles: tuple[str, ...]) -> Acceptance:
    acceptance = _locked(acceptance)
    if not can_answer_acceptance(user, acceptance):
        raise PermissionDenied(_("Only the department the task was sent to can answer it."))
    if acceptance.state != AcceptanceState.PENDING:
        raise ValidationError({"state": _("This task has already been answered.")})
    if acceptance.role not in roles:
        raise ValidationError({"role": str(ROLE_ANSWERS[acceptance.role])})
    acceptance.responded_by, acceptance.responded_at = user, timezone.now()
    return acceptance


@transaction.atomic
def acceptance_accept(*, user, acceptance: Acceptance) -> Acceptance:
    """The lead department accepts (签收) its task."""
    acceptance = _answer(user, acceptance, (AcceptanceRole.LEAD,))
    acceptance.state = AcceptanceState.ACCEPTED
    _save(user, acceptance)
    return acceptance


@transaction.atomic
def acceptance_contest(*, user, acceptance: Acceptance, reason_kind: str, reason: str) -> Acceptance:
    """The lead department contests its task, or a co-responsible department its co-assignment, with a reason;
    either goes to the office's queue."""
    acceptance = _answer(user, acceptance, (AcceptanceRole.LEAD, AcceptanceRole.CO))
    errors = {}
    if reason_kind not in ContestReason.values:
        errors["reason_kind"] = _("Choose why the task is contested.")
    if not (reason or "").strip():
        errors["reason"] = _("Explain why the task is contested.")
    if errors:
        raise ValidationError(errors)
    acceptance.state, acceptance.reason_kind, acceptance.reason = AcceptanceState.CONTESTED, reason_kind, reason.strip()
    _save(user, acceptance)
    notify(user=user, kind=NotificationKind.CONTESTED, acceptance=acceptance)
    return acceptance


@transaction.atomic
def acceptance_acknowledge(*, user, acceptance: Acceptance) -> Acceptance:
    """A co-responsible department acknowledges (知悉) its part in a task."""
    acceptance = _answer(user, acceptance, (AcceptanceRole.CO,))
    acceptance.state = AcceptanceState.ACKNOWLEDGED
    _save(user, acceptance)
    return acceptance


def _resolving(user, acceptance: Acceptance, note: str) -> Acceptance:
    if not can_resolve_contests(user):
        raise PermissionDenied(_("Only the supervision office resolves contested tasks."))
    acceptance = _locked(acceptance)
    if acceptance.state != AcceptanceState.CONTESTED:
        raise ValidationError({"state": _("Only a contested task can be resolved.")})
    if not (note or "").strip():
        raise ValidationError({"office_note": _("Say how the task is resolved.")})
    acceptance.office_note, acceptance.resolved_by, acceptance.resolved_at = note.strip(), user, timezone.now()
    return acceptance


@transaction.atomic
def acceptance_clarify(*, user, acceptance: Acceptance, note: str) -> Acceptance:
    """The office answers a contest without changing the owner; the department must answer again."""
    acceptance = _resolving(user, acceptance, note)
    acceptance.state = AcceptanceState.PENDING
    _save(user, acceptance)
    return acceptance


@transaction.atomic
def acceptance_reassign(
    *,
    user,
    acceptance: Acceptance,
    department: Department | None,
    note: str,
    keep_previous_as_co: bool = False,
) -> Acceptance | None:
    """The office resolves a contest by changing who is assigned. A contested lead task goes to another lead
    department, which receives it to accept (optionally the contesting department stays on as co-responsible).
    A contested co-assignment goes to another co-responsible department, which receives it to acknowledge,
    or with no department is released. The contesting department's row closes as reassigned.
    Returns the new department's pending acceptance (None when a co-department was released)."""
    acceptance = _resolving(user, acceptance, note)
    commitment = acceptance.commitment
    lead = acceptance.role == AcceptanceRole.LEAD
    if department is not None and department.pk == acceptance.department_id:
        raise ValidationError({"department": _("Choose another department than the one contesting the task.")})
    if lead and department is None:
        raise ValidationError({"department": _("Choose the department that leads the task instead.")})
    if not lead and department is not None and department.pk == commitment.lead_department_id:
        raise ValidationError({"department": _("This department already leads the task.")})
    if not lead and keep_previous_as_co:
        raise ValidationError(
            {"keep_previous_as_co": _("Only a contested lead task can keep its department as co-responsible.")}
        )
    co = set(CoResponsibility.objects.filter(commitment=commitment).values_list("department_id", flat=True))
    data: dict = {}
    if lead:
        co.discard(department.pk)
        if keep_previous_as_co:
            co.add(acceptance.department_id)
        data["lead_department"] = department
    else:
        co.discard(acceptance.department_id)
        if department is not None:
            co.add(department.pk)
    data["co_departments"] = list(Department.objects.filter(pk__in=co))
    acceptance.state = AcceptanceState.REASSIGNED
    _save(user, acceptance)
    commitment_update(user=user, commitment=commitment, data=data)
    commitment.refresh_from_db()
    acceptances_sync(user=user, commitment=commitment, note=acceptance.office_note)
    if department is None:
        return None
    return Acceptance.objects.get(commitment=commitment, department=department, state=AcceptanceState.PENDING)


# Reporting plan -----------------------------------------------------------------------------------------


@transaction.atomic
def reporting_plan_set(*, user, commitment: Commitment, cadence: str, due_day: int) -> ReportingPlan:
    """Sets how often the commitment reports (monthly or quarterly) and by which day of the period's last month."""
    if not can_plan_reporting(user):
        raise PermissionDenied(_("Only the supervision office sets reporting plans."))
    plan = ReportingPlan.objects.select_for_update().filter(commitment=commitment).first()
    plan = plan or ReportingPlan(commitment=commitment)
    plan.cadence, plan.due_day = cadence, due_day
    _save(user, plan)
    return plan


# Stage templates ----------------------------------------------------------------------------------------


@transaction.atomic
def stage_template_apply(
    *,
    user,
    commitment: Commitment,
    template: StageTemplate,
    due_dates: Mapping[str, datetime.date] | None = None,
) -> list[Milestone]:
    """Creates one milestone per stage of the template (title = the stage, with the evidence it needs), in
    order; stages the commitment already has are left alone. Returns the milestones created."""
    if not can_plan_reporting(user):
        raise PermissionDenied(_("Only the supervision office applies stage templates."))
    due_dates = due_dates or {}
    steps = list(template.steps.order_by("position"))
    unknown = sorted(set(due_dates) - {step.key for step in steps})
    if unknown:
        raise ValidationError({"due_dates": _("Not stages of this template: %(keys)s.") % {"keys": ", ".join(unknown)}})
    have = set(StageMilestone.objects.filter(milestone__commitment=commitment).values_list("step_id", flat=True))
    created = []
    for step in steps:
        if step.pk in have:
            continue
        if Milestone.objects.filter(commitment=commitment, title=step.title).exists():
            raise ValidationError(
                {"template": _("The commitment already has a milestone titled “%(title)s”.") % {"title": step.title}}
            )
        milestone = milestone_save(
            user=user, milestone=Milestone(commitment=commitment, title=step.title, due_date=due_dates.get(step.key))
        )
        _save(user, StageMilestone(milestone=milestone, step=step, evidence_required=step.evidence))
        created.append(milestone)
    return created


# Computed targets ---------------------------------------------------------------------------------------


@transaction.atomic
def target_computation_set(
    *,
    user,
    target: Target,
    rule: str,
    stage: StageTemplateStep | None = None,
    source_metric: str = "",
) -> TargetComputation:
    """Declares the target computed from its commitment's sub-items and re-derives its current value now."""
    if not can_plan_reporting(user):
        raise PermissionDenied(_("Only the supervision office declares computed targets."))
    if rule == ComputationRule.COUNT_STAGE:
        source_metric = ""
    elif rule == ComputationRule.SUM_VALUE:
        stage = None
    computation = TargetComputation.objects.select_for_update().filter(target=target).first()
    computation = computation or TargetComputation(target=target)
    computation.rule, computation.stage, computation.source_metric = rule, stage, source_metric.strip()
    _save(user, computation)
    commitment_recompute(commitment=target.commitment, user=user)
    return computation


@transaction.atomic
def target_computation_clear(*, user, target: Target) -> None:
    """Makes the target reported again (its value comes from its own updates)."""
    if not can_plan_reporting(user):
        raise PermissionDenied(_("Only the supervision office declares computed targets."))
    computation = TargetComputation.objects.filter(target=target).first()
    if computation is not None:
        computation._history_user = user
        computation.delete()
        commitment_recompute(commitment=target.commitment, user=user)
