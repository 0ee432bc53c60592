"""Extension requests (延期申请): the lead department asks for a later deadline with a reason and evidence;
the office approves or refuses it with a note (never its own request). An approval moves the effective
deadline through services/tracking.deadline_sync, which keeps the original and re-derives the figures."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import CloseoutState, ExtensionState
from ..models import Commitment, ExtensionRequest
from ..permissions import can_decide_lifecycle, can_decide_request, can_request_extension
from ..services.tracking import deadline_sync, lock_commitments
from .lifecycle_common import evidence_set, required_text, save_row


@transaction.atomic
def extension_request(
    *,
    user,
    commitment: Commitment,
    requested_due_date: datetime.date,
    reason: str,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
) -> ExtensionRequest:
    """The lead department asks for a deadline later than the one in force; one request waits at a time."""
    if not can_request_extension(user, commitment):
        raise PermissionDenied(_("Only the lead department's staff may ask for an extension."))
    lock_commitments([commitment.pk])
    commitment = Commitment.objects.get(pk=commitment.pk)
    if commitment.closeout_state == CloseoutState.CLOSED:
        raise ValidationError({"commitment": _("This task is closed; it needs no extension.")})
    if ExtensionRequest.objects.filter(commitment=commitment, state=ExtensionState.PENDING).exists():
        raise ValidationError({"commitment": _("This task already has an extension request awaiting a decision.")})
    if requested_due_date is None or requested_due_date <= commitment.due_date:
        raise ValidationError(
            {
                "requested_due_date": _("Ask for a deadline later than the one in force (%(due)s).")
                % {"due": commitment.due_date.isoformat()}
            }
        )
    extension = ExtensionRequest(
        commitment=commitment,
        department_id=commitment.lead_department_id,
        current_due_date=commitment.due_date,
        requested_due_date=requested_due_date,
        reason=required_text(reason, "reason", _("Explain why more time is needed.")),
        requested_by=user,
        requested_at=timezone.now(),
    )
    evidence_set(extension, url=evidence_url, file=evidence_file)
    save_row(user, extension)
    return extension


def _deciding(user, extension: ExtensionRequest) -> ExtensionRequest:
    if not can_decide_lifecycle(user):
        raise PermissionDenied(_("Only the supervision office decides extension requests."))
    extension = ExtensionRequest.objects.select_for_update().get(pk=extension.pk)
    if not can_decide_request(user, extension):
        raise PermissionDenied(_("Another member of the office decides a request you made."))
    if extension.state != ExtensionState.PENDING:
        raise ValidationError({"state": _("This request has already been decided.")})
    extension.decided_by, extension.decided_at = user, timezone.now()
    return extension


@transaction.atomic
def extension_approve(*, user, extension: ExtensionRequest, note: str = "") -> ExtensionRequest:
    """Approves the request: the requested date becomes the effective deadline, the original stays on record,
    and the commitment's RAG, status and snapshots are re-derived."""
    extension = _deciding(user, extension)
    extension.state, extension.decision_note = ExtensionState.APPROVED, (note or "").strip()
    save_row(user, extension)
    deadline_sync(commitment=extension.commitment, user=user)
    return extension


@transaction.atomic
def extension_refuse(*, user, extension: ExtensionRequest, note: str) -> ExtensionRequest:
    """Refuses the request with the office's reasons; the deadline in force stays."""
    extension = _deciding(user, extension)
    extension.decision_note = required_text(note, "decision_note", _("Say why the extension is refused."))
    extension.state = ExtensionState.REFUSED
    save_row(user, extension)
    return extension
