"""Reads of the end of the cycle: the lists of extension requests, close-outs and notices (a fixed number of
queries whatever their length), the notices whose reply is overdue (which escalate their task's colour), the
completion label that tells "reported complete" from "verified and closed", and what had been decided, issued
and replied by the end of a day (read by the deadlines in force then and by the assessment)."""

from __future__ import annotations

import datetime
from collections import Counter

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import (
    OPEN_NOTICE_STATES,
    CloseoutApplicationState,
    CloseoutState,
    CommitmentStatus,
    ExtensionState,
    NoticeState,
)
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


def replies_overdue(on: datetime.date) -> QuerySet[SupervisionNotice]:
    """Notices awaiting a reply whose reply deadline has passed on `on` (colours.notice_colour's red: the day
    after the deadline, rules.past_due)."""
    return awaiting_reply(on).filter(reply_due__lt=on)


def overdue_reply_counts(commitment_ids, *, on: datetime.date) -> Counter:
    """Per commitment id, its notices whose reply is overdue on `on` (colours.notice_colour's red; one query)."""
    rows = replies_overdue(on).filter(commitment_id__in=commitment_ids)
    return Counter(rows.values_list("commitment_id", flat=True))


def end_of_day(on: datetime.date) -> datetime.datetime:
    """The first moment after `on` in the current time zone: what happened "by `on`" happened before it."""
    return timezone.make_aware(datetime.datetime.combine(on + datetime.timedelta(days=1), datetime.time.min))


def extensions_approved_by(on: datetime.date) -> QuerySet[ExtensionRequest]:
    """Extension requests the office had approved by the end of `on` (their decision's timestamp); a decision
    is final, so the set for a past day never changes."""
    return ExtensionRequest.objects.filter(state=ExtensionState.APPROVED, decided_at__lt=end_of_day(on))


def closeouts_verified_by(on: datetime.date) -> QuerySet[CloseoutApplication]:
    """Close-outs the office had verified and closed (销号) by the end of `on` and that still stood closed
    then: closed, or reopened only later (a reopening takes the close-out back from its day on)."""
    end = end_of_day(on)
    verified = CloseoutApplication.objects.filter(
        state__in=[CloseoutApplicationState.CLOSED, CloseoutApplicationState.REOPENED], decided_at__lt=end
    )
    return verified.exclude(reopened_at__lt=end)


def notices_issued_by(on: datetime.date) -> QuerySet[SupervisionNotice]:
    """Notices issued on or before `on` (the notice's date of issue, which never changes)."""
    return SupervisionNotice.objects.filter(issued_on__lte=on)


def notices_as_they_stood(notices: QuerySet[SupervisionNotice], on: datetime.date) -> list:
    """Each of the notices as it stood at the end of `on`: its last history record by then (state, reply,
    reply deadline, replied_at), so a reply sent back or a deadline moved later does not rewrite the past.
    One query; notices without a record by then (or deleted by then) are left out."""
    history = SupervisionNotice.history.model.objects.filter(
        id__in=notices.order_by().values("pk"), history_date__lt=end_of_day(on)
    ).order_by("id", "history_date", "history_id")
    latest = {}
    for record in history:
        latest[record.id] = record
    return [record for record in latest.values() if record.history_type != "-"]


def reply_on_time(notice) -> bool:
    """A notice (or its history record) answered in time: replied (awaiting review or accepted) on or before
    its reply deadline, that is before notice_colour turned it red (rules.past_due)."""
    if notice.state not in (NoticeState.REPLIED, NoticeState.ACCEPTED) or notice.replied_at is None:
        return False
    return not rules.past_due(notice.reply_due, timezone.localdate(notice.replied_at))


def reply_expected(notice, on: datetime.date) -> bool:
    """A notice (or its history record) whose reply was due by `on` or has been given: what an on-time share
    counts from."""
    return notice.reply_due <= on or notice.state in (NoticeState.REPLIED, NoticeState.ACCEPTED)


def approved_extension_days(
    extensions: QuerySet[ExtensionRequest],
) -> dict[int, list[tuple[datetime.date, datetime.date]]]:
    """Per commitment id, the approved ones among the extension requests as (day of the decision, new date),
    oldest decision first (deadline_sync's order): what rules.due_date_in_force reads. The day is the
    decision's local date, so "decided on or before a day" is extensions_approved_by's "before its end".
    One query."""
    approved = extensions.filter(state=ExtensionState.APPROVED, decided_at__isnull=False).order_by("decided_at", "pk")
    days: dict[int, list[tuple[datetime.date, datetime.date]]] = {}
    rows = approved.values_list("commitment_id", "decided_at", "requested_due_date")
    for commitment_id, decided_at, new_date in rows:
        days.setdefault(commitment_id, []).append((timezone.localdate(decided_at), new_date))
    return days


def effective_due_dates(commitments: QuerySet[Commitment], *, on: datetime.date) -> dict[int, datetime.date]:
    """Per commitment id, the deadline that was in force on `on` (rules.due_date_in_force over the extensions
    approved by the end of that day), for figures computed as of a past date; two queries. Today's is the
    stored due_date. A query reads the same through rules.extension_in_force(extensions_approved_by(on)) and
    rules.due_date_in_force_expression."""
    rows = list(commitments.order_by().values_list("pk", "due_date", "original_due_date"))
    approved = approved_extension_days(extensions_approved_by(on).filter(commitment_id__in=[pk for pk, *_ in rows]))
    return {
        pk: rules.due_date_in_force(due=due, original=original, approved=approved.get(pk, ()), on=on)
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
