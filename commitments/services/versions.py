"""Optimistic locking: a write names the version of the row it was made from (`version`, which every save
moves on); if the row moved on since, nothing is saved and the writer is told who must reload."""

from __future__ import annotations

import hashlib

from django.utils.translation import gettext as _


class VersionConflict(Exception):
    """The commitment (or the update) changed since the client read it (its version moved on)."""

    def __init__(self, *, expected: int, current: int, message: str = "") -> None:
        self.expected, self.current = expected, current
        message = message or _(
            "This commitment was changed by someone else (version %(current)d, not %(expected)d); reload it."
        )
        super().__init__(message % {"current": current, "expected": expected})


def version_check(row, expected_version: int | None) -> None:
    """Before a row is saved again: locks it, refuses with VersionConflict if it is not at expected_version
    (when given), and moves its version on. Call it inside the saving transaction; a new row starts at 1."""
    if row.pk is None:
        return
    current = type(row).objects.select_for_update().filter(pk=row.pk).values_list("version", flat=True).get()
    if expected_version is not None and current != expected_version:
        raise VersionConflict(
            expected=expected_version,
            current=current,
            message=_("This was changed by someone else (version %(current)d, not %(expected)d); reload it."),
        )
    row.version = current + 1


def stored_digest(model, pk, *, lock: bool = False) -> str:
    """A digest of the row's stored values: the version of a row without a version column (a reporting plan,
    a stage template and its steps, a target's computation), for a page that must refuse to save over a
    change made since it was opened. With lock, the row stays locked until the caller's transaction ends."""
    rows = model.objects.select_for_update() if lock else model.objects.all()
    names = sorted(field.attname for field in model._meta.concrete_fields)
    values = rows.filter(pk=pk).values_list(*names).first()
    return hashlib.sha256(repr(values).encode()).hexdigest()[:32]
