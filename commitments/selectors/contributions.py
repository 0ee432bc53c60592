"""Reads of the structured reports: the reporting period a contribution belongs to, the contributions the
lead department consolidates into an update, and the matters needing coordination (需协调事项)."""

from __future__ import annotations

import datetime

from django.db.models import OuterRef, Q, QuerySet, Subquery

from ..choices import CLOSED_STATUSES, ContributionState, UpdateState
from ..models import Commitment, Contribution, ProgressUpdate
from ..supervision.completeness import plan_of
from ..supervision.periods import period_of
from . import rules


def period_key(commitment: Commitment, as_of: datetime.date) -> str:
    """The reporting period containing as_of by the commitment's cadence ("2020-03", "2020-Q1"): an update
    and the contributions to it belong to the same period (supervision/periods.py)."""
    cadence, _due_day = plan_of(commitment)
    return period_of(as_of, cadence).key


def contributions_for_update(update: ProgressUpdate) -> QuerySet[Contribution]:
    """The submitted contributions to the update's commitment for the update's period, waiting for it or
    already consolidated into it, with their departments, in department order."""
    return (
        Contribution.objects.filter(
            commitment_id=update.commitment_id,
            period=period_key(update.commitment, update.as_of),
            state=ContributionState.SUBMITTED,
        )
        .filter(Q(consolidated_into__isnull=True) | Q(consolidated_into=update))
        .select_related("department", "author")
        .order_by("department__name", "pk")
    )


# The updates the office has received: a draft is the department's own, a returned one is being revised.
RECEIVED_STATES = (UpdateState.SUBMITTED, UpdateState.APPROVED)


def coordination_matters(queryset: QuerySet[ProgressUpdate] | None = None) -> QuerySet[ProgressUpdate]:
    """Matters needing coordination (需协调事项): for each open commitment, its latest update the office has
    received (submitted or approved; latest by rules.LATEST_UPDATE_FIRST), when it names any. A later report
    that names none takes the matter off the list. Restrict `queryset` to what the caller may see
    (permissions.visible_updates). One query, with the commitment, its source and lead department."""
    queryset = ProgressUpdate.objects.all() if queryset is None else queryset
    latest = (
        ProgressUpdate.objects.filter(commitment=OuterRef("commitment"), state__in=RECEIVED_STATES)
        .order_by(*rules.LATEST_UPDATE_FIRST)
        .values("pk")[:1]
    )
    return (
        queryset.filter(state__in=RECEIVED_STATES)
        .exclude(coordination_needed="")
        .exclude(commitment__status__in=CLOSED_STATUSES)
        .filter(pk=Subquery(latest))
        .select_related("commitment__report", "commitment__lead_department", "submitted_by")
        .order_by("-as_of", "commitment__sort_key", "pk")
    )
