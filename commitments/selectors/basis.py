"""How a commitment's progress is made up, for the pages that show it (API detail, public page, admin):
the parts rules.parent_progress averages, each with its own figure, so that no figure on a page
contradicts another."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from ..choices import CommitmentStatus
from ..models import Commitment
from .evaluation import evaluate_commitments


@dataclass(frozen=True)
class BasisPart:
    """One part of a parent's progress: its own work (commitment None) or a sub-item."""

    commitment: Commitment | None
    progress: Decimal
    status: str
    # Cancelled sub-items are shown but do not count.
    counted: bool

    @property
    def status_label(self) -> str:
        return CommitmentStatus(self.status).label if self.status else ""

    @property
    def label(self) -> str:
        if self.commitment is None:
            return str(_("Its own targets and milestones"))
        return str(self.commitment)


@dataclass(frozen=True)
class ProgressBasis:
    progress: Decimal
    # True when the progress is the mean of the parts (a parent); False: from its own targets, milestones
    # and reported percent alone, and `parts` is empty.
    rolled_up: bool
    parts: list[BasisPart]

    @property
    def explanation(self) -> str:
        if not self.rolled_up:
            return str(_("From its own targets, milestones and reported percent."))
        return str(
            _(
                "The mean of %(count)s parts, each weighing the same: every sub-item not cancelled and, when it "
                "has any, its own targets and milestones."
            )
            % {"count": sum(1 for part in self.parts if part.counted)}
        )


def progress_basis(commitment: Commitment, *, as_of: datetime.date | None = None) -> ProgressBasis:
    """The parts of the commitment's progress on as_of (today if None), from the engine's evaluation: one
    query for a commitment without sub-items, a fixed number for a parent."""
    children = list(commitment.children.order_by("sort_key"))
    if not children:
        # No parent: nothing to break down, and no evaluation to run for it.
        return ProgressBasis(progress=commitment.progress, rolled_up=False, parts=[])
    evaluations = evaluate_commitments(
        Commitment.objects.filter(pk__in=[commitment.pk, *(child.pk for child in children)]), as_of=as_of
    )
    own = evaluations[commitment.pk]
    if not own.rolled_up:
        return ProgressBasis(progress=own.progress, rolled_up=False, parts=[])
    parts = []
    if own.own_progress is not None:
        parts.append(BasisPart(commitment=None, progress=own.own_progress, status="", counted=True))
    for child in children:
        evaluation = evaluations[child.pk]
        counted = evaluation.status != CommitmentStatus.CANCELLED
        parts.append(
            BasisPart(commitment=child, progress=evaluation.progress, status=evaluation.status, counted=counted)
        )
    return ProgressBasis(progress=own.progress, rolled_up=True, parts=parts)
