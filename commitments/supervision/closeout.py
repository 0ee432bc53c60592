"""Close-out (办结 / 销号): the lead department applies for completion with evidence; the office verifies it,
optionally recording a site check, and closes the task, or sends it back with reasons; a closed task can be
reopened with a reason. Commitment.closeout_state follows, beside the status the updates derive: a task
can be reported complete (status) without being verified and closed (close-out)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CloseoutApplicationState, CloseoutState
from ..models import CloseoutApplication, Commitment
from ..permissions import can_apply_closeout, can_decide_lifecycle, can_decide_request
from ..services.tracking import lock_commitments
from .lifecycle_common import evidence_set, required_text, save_row


def _set_state(user, commitment: Commitment, state: str) -> None:
    commitment = Commitment.objects.get(pk=commitment.pk)
    commitment.closeout_state = state
    commitment.version += 1  # a page opened before sees that the task moved on
    commitment._history_user = user
    commitment.save(update_fields=["closeout_state", "version", "updated_at"])


@transaction.atomic
def closeout_apply(
    *,
    user,
    commitment: Commitment,
    summary: str,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
) -> CloseoutApplication:
    """The lead department applies for completion (办结申请) with a summary and evidence."""
    if not can_apply_closeout(user, commitment):
        raise PermissionDenied(_("Only the lead department's staff may apply for close-out."))
    lock_commitments([commitment.pk])
    commitment = Commitment.objects.get(pk=commitment.pk)
    if commitment.closeout_state == CloseoutState.APPLIED:
        raise ValidationError({"commitment": _("This task's close-out is already awaiting verification.")})
    if commitment.closeout_state == CloseoutState.CLOSED:
        raise ValidationError({"commitment": _("This task is already closed.")})
    application = CloseoutApplication(
        commitment=commitment,
        department_id=commitment.lead_department_id,
        summary=required_text(summary, "summary", _("Say what was done to complete the task.")),
        applied_by=user,
        applied_at=timezone.now(),
    )
    evidence_set(application, url=evidence_url, file=evidence_file)
    save_row(user, application)
    _set_state(user, commitment, CloseoutState.APPLIED)
    return application


def _verifying(user, application: CloseoutApplication) -> CloseoutApplication:
    if not can_decide_lifecycle(user):
        raise PermissionDenied(_("Only the supervision office verifies close-outs."))
    application = CloseoutApplication.objects.select_for_update().get(pk=application.pk)
    if not can_decide_request(user, application):
        raise PermissionDenied(_("Another member of the office verifies an application you made."))
    if application.state != CloseoutApplicationState.PENDING:
        raise ValidationError({"state": _("This application has already been verified.")})
    lock_commitments([application.commitment_id])
    application.decided_by, application.decided_at = user, timezone.now()
    return application


@transaction.atomic
def closeout_close(
    *,
    user,
    application: CloseoutApplication,
    note: str = "",
    site_check_on: datetime.date | None = None,
    site_check_by: str = "",
    site_check_note: str = "",
) -> CloseoutApplication:
    """The office verifies the application, with an optional site check (date, who, note), and closes the
    task (销号)."""
    application = _verifying(user, application)
    site_check_by, site_check_note = (site_check_by or "").strip(), (site_check_note or "").strip()
    if (site_check_by or site_check_note) and site_check_on is None:
        raise ValidationError({"site_check_on": _("Give the date of the site check.")})
    if site_check_on is not None and site_check_on > timezone.localdate():
        raise ValidationError({"site_check_on": _("A site check cannot be dated in the future.")})
    application.site_check_on, application.site_check_by = site_check_on, site_check_by
    application.site_check_note, application.decision_note = site_check_note, (note or "").strip()
    application.state = CloseoutApplicationState.CLOSED
    save_row(user, application)
    _set_state(user, application.commitment, CloseoutState.CLOSED)
    return application


@transaction.atomic
def closeout_return(*, user, application: CloseoutApplication, note: str) -> CloseoutApplication:
    """The office sends the application back with its reasons; the department may apply again."""
    application = _verifying(user, application)
    application.decision_note = required_text(note, "decision_note", _("Give the reasons for sending it back."))
    application.state = CloseoutApplicationState.RETURNED
    save_row(user, application)
    _set_state(user, application.commitment, CloseoutState.OPEN)
    return application


@transaction.atomic
def closeout_reopen(*, user, application: CloseoutApplication, reason: str) -> CloseoutApplication:
    """The office reopens a closed task with a reason; the close-out stays on record as reopened."""
    if not can_decide_lifecycle(user):
        raise PermissionDenied(_("Only the supervision office reopens closed tasks."))
    application = CloseoutApplication.objects.select_for_update().get(pk=application.pk)
    if application.state != CloseoutApplicationState.CLOSED:
        raise ValidationError({"state": _("Only a closed task can be reopened.")})
    lock_commitments([application.commitment_id])
    application.reopen_reason = required_text(reason, "reopen_reason", _("Give the reason for reopening."))
    application.reopened_by, application.reopened_at = user, timezone.now()
    application.state = CloseoutApplicationState.REOPENED
    save_row(user, application)
    _set_state(user, application.commitment, CloseoutState.OPEN)
    return application
