"""Optimistic locking: a write names the version of the row it was made from (`version`, which every save
moves on); if the row moved on since, nothing is saved and the writer is told who must reload."""

from __future__ import annotations

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
