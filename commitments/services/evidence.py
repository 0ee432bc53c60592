"""Evidence of an update: links and uploaded files, checked before anything is stored.

A file is accepted only when its extension is on the list AND its first bytes are what that extension
promises (a renamed executable is refused), and only up to settings.TRACKER_EVIDENCE_MAX_BYTES. It is
stored under an unguessable name and served by the evidence view to users who may read the update.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Evidence, ProgressUpdate
from ..permissions import can_edit_update

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy Office (.doc, .xls)
ZIP = b"PK\x03\x04"  # Office Open XML (.docx, .xlsx) are zip packages


@dataclass(frozen=True)
class FileType:
    content_type: str
    magic: bytes
    # For zip packages: a member every genuine document of the type has.
    zip_part: str = ""


FILE_TYPES = {
    ".pdf": FileType("application/pdf", b"%PDF-"),
    ".doc": FileType("application/msword", OLE2),
    ".xls": FileType("application/vnd.ms-excel", OLE2),
    ".docx": FileType(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ZIP, "word/document.xml"
    ),
    ".xlsx": FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ZIP, "xl/workbook.xml"),
    ".jpg": FileType("image/jpeg", b"\xff\xd8\xff"),
    ".jpeg": FileType("image/jpeg", b"\xff\xd8\xff"),
    ".png": FileType("image/png", b"\x89PNG\r\n\x1a\n"),
    ".webp": FileType("image/webp", b"RIFF"),
}
# Shown inline by the browser; everything else is downloaded.
INLINE_CONTENT_TYPES = {"image/jpeg", "image/png", "image/webp"}
TITLE_LENGTH = Evidence._meta.get_field("title").max_length
URL_LENGTH = Evidence._meta.get_field("url").max_length

LinkInput = str | tuple[str, str]
FileInput = UploadedFile | tuple[str, UploadedFile]


def _sniff(file: UploadedFile, kind: FileType) -> bool:
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    if not head.startswith(kind.magic):
        return False
    if kind.magic == b"RIFF" and head[8:12] != b"WEBP":
        return False
    if kind.zip_part:
        try:
            with zipfile.ZipFile(file) as package:
                names = set(package.namelist())
        except (zipfile.BadZipFile, OSError):
            return False
        finally:
            file.seek(0)
        return kind.zip_part in names and "[Content_Types].xml" in names
    return True


def evidence_file_check(file: UploadedFile) -> str:
    """The content type of an acceptable evidence file; ValidationError (under "files") otherwise."""
    name = PurePath(file.name or "").name
    kind = FILE_TYPES.get(PurePath(name).suffix.lower())
    limit = settings.TRACKER_EVIDENCE_MAX_BYTES
    if kind is None:
        message = _("“%(name)s”: only PDF, Word, Excel and JPEG/PNG/WebP files are accepted.")
    elif not file.size:
        message = _("“%(name)s” is empty.")
    elif file.size > limit:
        message = _("“%(name)s” is %(size).1f MB; files up to %(limit).1f MB are accepted.")
    elif not _sniff(file, kind):
        message = _("“%(name)s” is not the kind of file its name says.")
    else:
        return kind.content_type
    raise ValidationError({"files": message % {"name": name, "size": (file.size or 0) / 2**20, "limit": limit / 2**20}})


def evidence_link_check(url: str) -> None:
    """ValidationError (under "links") unless the URL is an http(s) address of acceptable length."""
    try:
        if len(url) > URL_LENGTH:
            raise ValidationError("too long")
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError({"links": _("“%(url)s” is not a valid web address.") % {"url": url[:100]}}) from None


def _normalise(items: Iterable, default_title) -> list[tuple[str, object]]:
    pairs = []
    for item in items:
        title, value = item if isinstance(item, tuple) else ("", item)
        pairs.append(((title or default_title(value)).strip()[:TITLE_LENGTH], value))
    return pairs


def evidence_inputs_check(*, links: Iterable[LinkInput] = (), files: Iterable[FileInput] = ()) -> tuple[list, list]:
    """Validated (title, url) and (title, file, content_type) lists; every problem is reported at once."""
    link_pairs = _normalise(links, lambda url: url)
    file_pairs = _normalise(files, lambda file: PurePath(file.name or "").name)
    errors: dict[str, list] = {}
    checked_files = []
    for _title, url in link_pairs:
        try:
            evidence_link_check(url)
        except ValidationError as error:
            errors.setdefault("links", []).extend(error.message_dict["links"])
    for title, file in file_pairs:
        try:
            checked_files.append((title, file, evidence_file_check(file)))
        except ValidationError as error:
            errors.setdefault("files", []).extend(error.message_dict["files"])
    if errors:
        raise ValidationError(errors)
    return link_pairs, checked_files


def evidence_attach(*, user, update: ProgressUpdate, links: list, files: list) -> list[Evidence]:
    """Stores checked evidence (from evidence_inputs_check) on the update; the caller holds the rules."""
    created = []
    for title, url in links:
        created.append(Evidence(update=update, title=title, url=url, created_by=user))
    for title, file, content_type in files:
        created.append(
            Evidence(
                update=update,
                title=title,
                file=file,
                original_name=PurePath(file.name or "").name[:255],
                content_type=content_type,
                size=file.size,
                created_by=user,
            )
        )
    for evidence in created:
        evidence.full_clean()
        evidence._history_user = user
        evidence.save()
    return created


def delete_files_on_commit(names: Iterable[str]) -> None:
    """Removes stored files once the rows that named them are gone for good (not if the transaction fails)."""
    names = [name for name in names if name]
    if not names:
        return
    from django.core.files.storage import default_storage

    def remove() -> None:
        for name in names:
            default_storage.delete(name)

    transaction.on_commit(remove)


@transaction.atomic
def evidence_delete(*, user, evidence: Evidence) -> None:
    """Removes one piece of evidence from an update the user may still edit, and its file."""
    evidence = Evidence.objects.select_related("update__commitment").get(pk=evidence.pk)
    if not can_edit_update(user, evidence.update):
        raise PermissionDenied(_("This update can no longer be changed."))
    name = evidence.file.name if evidence.file else ""
    evidence._history_user = user
    evidence.delete()
    delete_files_on_commit([name])
