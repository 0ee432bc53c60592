"""What the extension, close-out and notice services share: saving with the history's user, a reason that
must be given, and one piece of evidence (a link or a file) checked by the updates' evidence rules."""

from __future__ import annotations

from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from ..services.evidence import evidence_file_check, evidence_link_check


def save_row(user, row) -> None:
    row.full_clean()
    row._history_user = user
    row.save()


def required_text(value: str | None, field: str, message: str) -> str:
    """The stripped text, or ValidationError {field: message} when it is blank."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: message})
    return text


def evidence_set(row, *, url: str = "", file: UploadedFile | None = None, required: bool = True) -> None:
    """Puts one link or one file on the row (EvidenceFields), checked like an update's evidence: an http(s)
    link, or a file whose extension and first bytes agree and whose size is within the limit."""
    url = (url or "").strip()
    if url and file:
        raise ValidationError({"evidence_url": _("Give a link or a file as evidence, not both.")})
    if not url and not file:
        if required:
            raise ValidationError({"evidence_url": _("Give a link or a file as evidence.")})
        return
    if url:
        try:
            evidence_link_check(url)
        except ValidationError as error:
            raise ValidationError({"evidence_url": error.message_dict["links"]}) from None
        row.evidence_url = url
        return
    try:
        row.evidence_content_type = evidence_file_check(file)
    except ValidationError as error:
        raise ValidationError({"evidence_file": error.message_dict["files"]}) from None
    row.evidence_name = PurePath(file.name or "").name[:255]
    row.evidence_file = file
