"""Reads of the end of the cycle: the lists of extension requests, close-outs and notices (a fixed number of
queries whatever their length), the notices whose reply is overdue (which escalate their task's colour) and
the completion label that tells "reported complete" from "verified and closed"."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from ..choices import OPEN_NOTICE_STATES, CloseoutState, CommitmentStatus, ExtensionState
from ..models import CloseoutApplication, Commitment, ExtensionRequest, SupervisionNotice
from ..selectors import rules


def extension_list() -> QuerySet[ExtensionRequest]:
    """Extension requests with what a list shows, newest first (one query)."""
    return ExtensionRequest.objects.select_related("commitment", "department", "requested_by", "decided_by").order_by(
        "-requested_at", "-pk"
    )


def closeout_list() -> QuerySet[CloseoutApplication]:
    """Close-out applications with what a list shows, newest first (one query)."""
    return CloseoutApplication.objects.select_related(
        "commitment", "department", "applied_by", "decided_by", "reopened_by"
    ).order_by("-applied_at", "-pk")


def notice_list() -> QuerySet[SupervisionNotice]:
    """Supervision notices with what a list shows, newest first (one query)."""
    return SupervisionNotice.objects.select_related(
        "commitment", "department", "issued_by", "replied_by", "reviewed_by"
    ).order_by("-issued_on", "-sequence", "-pk")


def awaiting_reply(on: datetime.date) -> QuerySet[SupervisionNotice]:
    """Notices issued by `on` whose reply the department still owes (issued, or sent back for another)."""
    return SupervisionNotice.objects.filter(state__in=OPEN_NOTICE_STATES, issued_on__lte=on)


def overdue_reply_counts(commitment_ids, *, on: datetime.date) -> Counter:
    """Per commitment id, its notices whose reply is overdue on `on` (colours.notice_colour's red; one query)."""
    rows = awaiting_reply(on).filter(commitment_id__in=commitment_ids, reply_due__lt=on)
    return Counter(rows.values_list("commitment_id", flat=True))


def effective_due_dates(commitments: QuerySet[Commitment], *, on: datetime.date) -> dict[int, datetime.date]:
    """Per commitment id, the deadline that was in force on `on` (rules.effective_due_date over the extensions
    approved by the end of that day), for figures computed as of a past date; two queries. Today's is the
    stored due_date."""
    rows = list(commitments.order_by().values_list("pk", "due_date", "original_due_date"))
    approved: dict[int, list[datetime.date]] = {}
    decided = ExtensionRequest.objects.filter(
        commitment_id__in=[pk for pk, _due, _original in rows],
        state=ExtensionState.APPROVED,
        decided_at__date__lte=on,
    ).order_by("decided_at", "pk")
    for commitment_id, new_date in decided.values_list("commitment_id", "requested_due_date"):
        approved.setdefault(commitment_id, []).append(new_date)
    return {
        pk: rules.effective_due_date(original=original or due, approved_extensions=approved.get(pk, []))
        for pk, due, original in rows
    }


def completion_label(commitment: Commitment) -> str:
    """已办结销号 once the office verified and closed the task, 已申请办结 while it verifies, 已报完成 when the
    updates say complete (the status) but nobody verified it yet; empty otherwise."""
    if commitment.closeout_state == CloseoutState.CLOSED:
        return _("Verified and closed")
    if commitment.closeout_state == CloseoutState.APPLIED:
        return _("Close-out applied for")
    if commitment.status == CommitmentStatus.COMPLETED:
        return _("Reported complete")
    return ""
