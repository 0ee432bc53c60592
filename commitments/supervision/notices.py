"""督办单 (supervision notices): the office issues a numbered notice to a lagging task's lead department,
with the actions it requires and a reply deadline; the department replies; the office accepts the reply or
sends it back for another. An unanswered notice past its deadline turns its task red (colours.py).

The number (文号, e.g. 江督〔2020〕12号) is the report's prefix (or settings.SUPERVISION_NOTICE_PREFIX), the
year of issue and the next number of that prefix and year, taken from a NoticeSequence row locked for the
rest of the transaction: two notices issued at the same moment wait for each other and never share one.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CLOSED_STATUSES, OPEN_NOTICE_STATES, CloseoutState, Colour, NoticeState, Rag
from ..models import Commitment, NoticeSequence, Report, SupervisionNotice
from ..permissions import can_decide_lifecycle, can_reply_notice
from ..services.tracking import figures_changed
from .lifecycle_common import required_text, save_row
from .selectors import commitment_figures

LAGGING_COLOURS = (Colour.YELLOW, Colour.RED)
LAGGING_RAGS = (Rag.AMBER, Rag.RED)


def notice_prefix(report: Report) -> str:
    return report.notice_prefix or settings.SUPERVISION_NOTICE_PREFIX


def notice_number(prefix: str, year: int, sequence: int) -> str:
    """江督〔2020〕12号: the form of 文号 official documents use (GB/T 9704: 〔〕 around the year, no leading zeros)."""
    return f"{prefix}〔{year}〕{sequence}号"


def next_sequence(prefix: str, year: int) -> int:
    """The next number of the prefix and year. Call inside the issuing transaction: the sequence row stays
    locked until it commits, so a concurrent issue waits and then takes the number after."""
    try:
        # The first notice of a year creates the row; if another transaction creates it at the same moment,
        # the unique constraint refuses ours (inside a savepoint, so our transaction goes on) and we use theirs.
        with transaction.atomic():
            NoticeSequence.objects.get_or_create(prefix=prefix, year=year)
    except IntegrityError:
        pass
    sequence = NoticeSequence.objects.select_for_update().get(prefix=prefix, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


def is_lagging(commitment: Commitment, on: datetime.date) -> bool:
    """A notice is for a task behind: yellow or red by the escalation colours, or amber or red by RAG."""
    figures = commitment_figures(commitment, on=on)
    return figures.colour in LAGGING_COLOURS or figures.rag in LAGGING_RAGS


@transaction.atomic
def notice_issue(
    *,
    user,
    commitment: Commitment,
    required_actions: str,
    reply_due: datetime.date,
    issued_on: datetime.date | None = None,
) -> SupervisionNotice:
    """Issues a numbered 督办单 for a lagging or red task to its lead department."""
    if not can_decide_lifecycle(user):
        raise PermissionDenied(_("Only the supervision office issues supervision notices."))
    commitment = Commitment.objects.select_related("report").get(pk=commitment.pk)
    issued_on = issued_on or timezone.localdate()
    errors = {}
    actions = (required_actions or "").strip()
    if not actions:
        errors["required_actions"] = _("Say what the department must do.")
    if reply_due is None or reply_due < issued_on:
        errors["reply_due"] = _("The reply deadline cannot be before the notice is issued.")
    if commitment.status in CLOSED_STATUSES or commitment.closeout_state == CloseoutState.CLOSED:
        errors["commitment"] = _("This task is completed or closed; it needs no notice.")
    elif not is_lagging(commitment, issued_on):
        errors["commitment"] = _("A supervision notice is for a task behind pace or overdue (yellow or red).")
    if errors:
        raise ValidationError(errors)
    prefix, year = notice_prefix(commitment.report), issued_on.year
    sequence = next_sequence(prefix, year)
    notice = SupervisionNotice(
        commitment=commitment,
        department_id=commitment.lead_department_id,
        prefix=prefix,
        year=year,
        sequence=sequence,
        number=notice_number(prefix, year, sequence),
        issued_on=issued_on,
        required_actions=actions,
        reply_due=reply_due,
        issued_by=user,
        issued_at=timezone.now(),
    )
    save_row(user, notice)
    figures_changed()  # an overdue reply colours its task: remembered figures are counted afresh
    return notice


@transaction.atomic
def notice_reply(*, user, notice: SupervisionNotice, reply: str) -> SupervisionNotice:
    """The addressed department records its reply (first, or again after the office sent it back)."""
    notice = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
    if not can_reply_notice(user, notice):
        raise PermissionDenied(_("Only the department the notice is addressed to replies to it."))
    if notice.state not in OPEN_NOTICE_STATES:
        raise ValidationError({"state": _("This notice is not awaiting a reply.")})
    notice.reply = required_text(reply, "reply", _("Write the department's reply."))
    notice.replied_by, notice.replied_at, notice.state = user, timezone.now(), NoticeState.REPLIED
    save_row(user, notice)
    figures_changed()  # an overdue reply colours its task: remembered figures are counted afresh
    return notice


def _reviewing(user, notice: SupervisionNotice) -> SupervisionNotice:
    if not can_decide_lifecycle(user):
        raise PermissionDenied(_("Only the supervision office reviews replies."))
    notice = SupervisionNotice.objects.select_for_update().get(pk=notice.pk)
    if notice.state != NoticeState.REPLIED:
        raise ValidationError({"state": _("Only a reply awaiting review can be reviewed.")})
    notice.reviewed_by, notice.reviewed_at = user, timezone.now()
    return notice


@transaction.atomic
def notice_accept(*, user, notice: SupervisionNotice, note: str = "") -> SupervisionNotice:
    """The office accepts the reply: the notice is answered."""
    notice = _reviewing(user, notice)
    notice.review_note, notice.state = (note or "").strip(), NoticeState.ACCEPTED
    save_row(user, notice)
    figures_changed()  # an overdue reply colours its task: remembered figures are counted afresh
    return notice


@transaction.atomic
def notice_send_back(
    *, user, notice: SupervisionNotice, note: str, reply_due: datetime.date | None = None
) -> SupervisionNotice:
    """The office sends the reply back with its reasons (optionally with a new reply deadline); the
    department owes another reply."""
    notice = _reviewing(user, notice)
    notice.review_note = required_text(note, "review_note", _("Say why the reply is sent back."))
    if reply_due is not None:
        if reply_due < notice.issued_on:
            raise ValidationError({"reply_due": _("The reply deadline cannot be before the notice is issued.")})
        notice.reply_due = reply_due
    notice.state = NoticeState.RETURNED
    save_row(user, notice)
    figures_changed()  # an overdue reply colours its task: remembered figures are counted afresh
    return notice
