"""When a task's clock starts and the nodes it is paced by: the assignment date set from the lead
department's acceptance (签收), and quarterly nodes (季度节点) added as milestones.

The clock rule itself (the later of the start date and the assignment, by default the report's delivery) is
`selectors/rules.py: clock_start`; these services only write the commitment's `assigned_on` and its
milestones, through the commitment services, which re-derive the stored figures.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import AcceptanceRole, AcceptanceState
from ..models import Acceptance, Commitment, Milestone
from ..supervision.periods import quarter_ends
from .commitments import _require_manager, commitment_update, milestone_save, refresh_deferred


@dataclass
class AssignmentResult:
    """What commitments_assign_on_acceptance did: the commitments whose clock now starts on their acceptance,
    and those left as they were because their lead department has not accepted them."""

    assigned: list[Commitment] = field(default_factory=list)
    not_accepted: list[Commitment] = field(default_factory=list)


def node_title(day) -> str:
    quarter = (day.month - 1) // 3 + 1
    return _("%(year)d Q%(quarter)d node") % {"year": day.year, "quarter": quarter}


@transaction.atomic
def commitments_assign_on_acceptance(*, user, commitments: Iterable[Commitment]) -> AssignmentResult:
    """Sets each commitment's assignment date (assigned_on) to the day its lead department accepted it (签收),
    so its clock starts then; a commitment whose lead has not accepted it is left as it was. The office
    only (commitment_update asks)."""
    _require_manager(user)
    commitments = list(commitments)
    accepted = dict(
        Acceptance.objects.filter(
            commitment__in=[commitment.pk for commitment in commitments],
            role=AcceptanceRole.LEAD,
            state=AcceptanceState.ACCEPTED,
        )
        .order_by("commitment_id", "responded_at")
        .values_list("commitment_id", "responded_at")
    )
    result = AssignmentResult()
    with refresh_deferred(user=user):
        for commitment in commitments:
            responded_at = accepted.get(commitment.pk)
            if responded_at is None:
                result.not_accepted.append(commitment)
                continue
            day = timezone.localdate(responded_at)
            result.assigned.append(commitment_update(user=user, commitment=commitment, data={"assigned_on": day}))
    return result


@transaction.atomic
def milestones_add_quarterly(*, user, commitment: Commitment) -> list[Milestone]:
    """Adds a node (节点) at the end of each quarter of the commitment's clock (rules.clock_start to its due
    date, supervision/periods.py: quarter_ends) that has no milestone due in it yet, and returns them. They
    are milestones like any other: they count in its progress once an approved update marks them done, and a
    node past its date turns the escalation colour yellow. The office only (milestone_save asks)."""
    _require_manager(user)
    taken = {
        (day.year, (day.month - 1) // 3) for day in commitment.milestones.values_list("due_date", flat=True) if day
    }
    created = []
    with refresh_deferred(user=user):
        for day in quarter_ends(commitment.clock_start_day(), commitment.due_date):
            if (day.year, (day.month - 1) // 3) in taken:
                continue
            milestone = Milestone(commitment=commitment, title=node_title(day), due_date=day)
            created.append(milestone_save(user=user, milestone=milestone))
    return created
