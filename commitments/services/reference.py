"""Writes to the reference data of a report: reports, chapters, indicators, departments and leaders.

No derived figures hang on these rows, so a write is the rule check, full_clean() and save; the office
alone makes them (permissions.can_manage_commitments), as it alone edits commitments.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model, ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from ..models import Chapter, Department, Indicator, Leader, Report
from ..permissions import can_manage_commitments
from .versions import VersionConflict, version_check

REFERENCE_MODELS = (Report, Chapter, Indicator, Department, Leader)


def _check(user, instance: Model) -> None:
    if not isinstance(instance, REFERENCE_MODELS):
        raise TypeError(f"{type(instance).__name__} is not reference data; use its own service.")
    if not can_manage_commitments(user):
        raise PermissionDenied(_("Only the supervision office changes reports and their reference data."))


def reference_lock(*, instance: Model, expected_version: int | None = None) -> Model:
    """The row as stored now, locked until the caller's transaction ends; VersionConflict when
    expected_version is given and someone saved the row since. Call it inside a transaction."""
    current = type(instance).objects.select_for_update().get(pk=instance.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(
            expected=expected_version,
            current=current.version,
            message=_("This was changed by someone else (version %(current)d, not %(expected)d); reload it."),
        )
    return current


@transaction.atomic
def reference_save(*, user, instance: Model, expected_version: int | None = None) -> Model:
    """Creates or changes a report, chapter, indicator, department or leader after full validation. An edit
    that names the version it was made from (the API's `version`/If-Match, the admin's opened page) saves
    nothing if someone saved the row since (VersionConflict); every save moves the version on."""
    _check(user, instance)
    version_check(instance, expected_version)
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def reference_delete(*, user, instance: Model) -> None:
    """Deletes a row nothing else depends on; a department with duties or a report with updates stays."""
    _check(user, instance)
    try:
        instance.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(_("Other records depend on this one; it cannot be deleted.")) from None
