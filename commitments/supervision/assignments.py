"""Keeps the acceptances of an issued commitment in step with who it is assigned to.

Kept apart from services.py (it needs no other service), so that the engine's commitment_update can call
it when the office changes owners in the admin without an import cycle.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import AcceptanceRole, AcceptanceState
from ..models import Acceptance, Commitment, CoResponsibility, ProgressUpdate, StageMilestone


def _assigned(commitment: Commitment) -> dict[int, str]:
    """The departments the commitment is assigned to now, with their role."""
    roles = {
        pk: AcceptanceRole.CO
        for pk in CoResponsibility.objects.filter(commitment=commitment).values_list("department_id", flat=True)
    }
    roles[commitment.lead_department_id] = AcceptanceRole.LEAD
    return roles


def acceptances_sync(*, user, commitment: Commitment, note: str = "") -> list[Acceptance]:
    """Opens a pending acceptance for every department assigned without one, and closes (as reassigned) the
    open ones of departments no longer assigned or whose role changed. Returns the rows opened.
    Callers hold a transaction and have checked permissions."""
    now = timezone.now()
    wanted = _assigned(commitment)
    opened = []
    current = Acceptance.objects.select_for_update().filter(commitment=commitment)
    for row in current.exclude(state=AcceptanceState.REASSIGNED):
        if wanted.get(row.department_id) == row.role:
            wanted.pop(row.department_id)
            continue
        row.state, row.resolved_by, row.resolved_at = AcceptanceState.REASSIGNED, user, now
        row.office_note = row.office_note or note
        row.full_clean()
        row._history_user = user
        row.save()
    for department_id, role in wanted.items():
        row = Acceptance(commitment=commitment, department_id=department_id, role=role, issued_by=user, issued_at=now)
        row.full_clean()
        row._history_user = user
        row.save()
        opened.append(row)
    return opened


def acceptances_follow(*, user, commitment: Commitment) -> list[Acceptance]:
    """After the owners of a commitment changed: re-syncs its acceptances if it was ever issued."""
    if not Acceptance.objects.filter(commitment=commitment).exists():
        return []
    return acceptances_sync(user=user, commitment=commitment)


def stage_evidence_check(update: ProgressUpdate) -> None:
    """ValidationError when the update marks a stage milestone done without any evidence attached: a stage
    counts only with the document that proves it (the engine's update_submit calls this)."""
    stages = list(
        StageMilestone.objects.filter(milestone__in=update.milestones_completed.all()).select_related("milestone")
    )
    if stages and not update.evidence.exists():
        needed = "；".join(f"{stage.milestone.title}：{stage.evidence_required}" for stage in stages)
        raise ValidationError(
            {"evidence": _("Completing a stage needs its evidence attached (%(needed)s).") % {"needed": needed}}
        )
