"""The life of a progress update: draft → submitted → approved, or → returned (revised and resubmitted).

Every transition checks permissions.py first (PermissionDenied), then the input (ValidationError with
field messages), and records who and when on the update; the audit history keeps every earlier state.
Approval is the only transition that changes the stored progress figures.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import NotificationKind, UpdateState
from ..models import Commitment, Milestone, ProgressUpdate, ReportedValue, Target
from ..permissions import (
    can_approve_update,
    can_delete_update,
    can_edit_update,
    can_report_on,
    can_review_updates,
    can_submit_update,
)
from ..supervision.assignments import stage_evidence_check
from ..supervision.computed import computation_of
from .evidence import delete_files_on_commit, evidence_attach, evidence_inputs_check
from .notifications import notify
from .tracking import ancestor_ids, sync_stored
from .versions import VersionConflict

UNSET = object()
ValueInput = tuple[Target, Decimal]


def as_of_floor(commitment: Commitment) -> datetime.date | None:
    """The earliest as-of date an update may carry: the report's delivery or the commitment's start,
    whichever is earlier (work often starts in January, before the congress hears the report)."""
    dates = [day for day in (commitment.report.delivered_on, commitment.start_date) if day]
    return min(dates) if dates else None


def update_validate(
    *,
    commitment: Commitment,
    as_of: datetime.date | None = None,
    percent: Decimal | None = None,
    values: Iterable[ValueInput] = (),
    milestones_completed: Iterable[Milestone] = (),
) -> None:
    """ValidationError, with a message per field, unless the figures fit the commitment: as_of neither in
    the future nor before the report; percent within 0–100; values only for the commitment's own targets,
    once each, not negative unless the target allows it; milestones only its own."""
    errors: dict[str, list[str]] = {}
    if as_of is not None:
        floor = as_of_floor(commitment)
        if as_of > timezone.localdate():
            errors["as_of"] = [_("The as-of date cannot be in the future.")]
        elif floor and as_of < floor:
            errors["as_of"] = [
                _("The as-of date cannot be before %(date)s (the report's delivery or the commitment's start).")
                % {"date": floor.isoformat()}
            ]
    if percent is not None and not (0 <= percent <= 100):
        errors["percent"] = [_("The percent must be between 0 and 100.")]
    seen = set()
    for target, value in values:
        problem = None
        if target.commitment_id != commitment.pk:
            problem = _("The target “%(metric)s” belongs to another commitment.")
        elif target.pk in seen:
            problem = _("The target “%(metric)s” is reported twice.")
        elif computation_of(target) is not None:
            problem = _("The target “%(metric)s” is computed from the sub-items; it is not reported.")
        elif value is None or not isinstance(value, Decimal) or not value.is_finite():
            problem = _("The value for “%(metric)s” is not a number.")
        elif value < 0 and not target.allows_negative:
            problem = _("The value for “%(metric)s” cannot be negative.")
        elif target.base_quantity is not None and value > target.base_quantity:
            # A target with a base is reported as a count of it (52 of 64 行政村): more than the whole is a typo.
            problem = _("The value for “%(metric)s” is a count of %(base)s %(unit)s; it cannot be more.")
        if problem:
            base = f"{target.base_quantity.normalize():f}" if target.base_quantity is not None else ""
            errors.setdefault("values", []).append(
                problem % {"metric": target.metric, "base": base, "unit": target.base_unit}
            )
        seen.add(target.pk)
    for milestone in milestones_completed:
        if milestone.commitment_id != commitment.pk:
            errors.setdefault("milestones_completed", []).append(
                _("The milestone “%(title)s” belongs to another commitment.") % {"title": milestone.title}
            )
    if errors:
        raise ValidationError(errors)


def _decimal_values(values: Iterable) -> list[ValueInput]:
    pairs = []
    for target, value in values:
        if value is not None and not isinstance(value, Decimal):
            try:
                value = Decimal(str(value))
            except InvalidOperation:
                value = Decimal("NaN")
        pairs.append((target, value))
    return pairs


def _write_values(user, update: ProgressUpdate, values: list[ValueInput]) -> None:
    """Makes the update's reported values exactly `values` (row by row, so the history sees each)."""
    wanted = {target.pk: value for target, value in values}
    for existing in list(update.values.all()):
        if existing.target_id not in wanted:
            existing._history_user = user
            existing.delete()
        elif existing.value != wanted[existing.target_id]:
            existing.value = wanted.pop(existing.target_id)
            _save_value(user, existing)
        else:
            wanted.pop(existing.target_id)
    for target_id, value in wanted.items():
        _save_value(user, ReportedValue(update=update, target_id=target_id, value=value))


def _save_value(user, row: ReportedValue) -> None:
    try:
        row.full_clean()
    except ValidationError as error:
        raise ValidationError({"values": error.messages}) from None
    row._history_user = user
    row.save()


def _save(user, update: ProgressUpdate, *, validate: bool = True) -> None:
    # A review changes only the state and the review fields, which the service sets itself: nothing to
    # validate, and validating costs five queries on the approval path.
    if validate:
        update.full_clean()
    if update.pk is not None:
        update.version += 1
    update._history_user = user
    update.save()


def _locked(update: ProgressUpdate) -> ProgressUpdate:
    """The update read afresh and locked, with its commitment and the people it names (whom an answer shows).
    Only the update's row is locked: not its report's, on which the approvals of one report's commitments
    would queue, nor its commitment's, which an approval locks with the commitment's ancestors in id order
    (sync_stored), as the recompute does; taking the commitment first deadlocked with a recompute that
    held the parent (tests/test_approval_locks.py)."""
    return (
        ProgressUpdate.objects.select_for_update(of=("self",))
        .select_related("commitment__report", "created_by", "submitted_by", "reviewed_by")
        .get(pk=update.pk)
    )


def _still_at(update: ProgressUpdate, expected_version: int | None) -> None:
    """A workflow step (submit, approve, return) that names the version it was decided on refuses an update
    changed since; naming none takes it as it is."""
    if expected_version is not None and update.version != expected_version:
        raise VersionConflict(
            expected=expected_version,
            current=update.version,
            message=_("This update was changed by someone else (version %(current)d, not %(expected)d); reload it."),
        )


def update_lock(*, update: ProgressUpdate, expected_version: int) -> ProgressUpdate:
    """The update as stored now, its row locked until the caller's transaction ends; VersionConflict when
    someone saved it since expected_version (a form opened before their save). Call it in a transaction."""
    current = _locked(update)
    _still_at(current, expected_version)
    return current


@transaction.atomic
def update_create(
    *,
    user,
    commitment: Commitment,
    as_of: datetime.date,
    narrative: str = "",
    problems: str = "",
    next_steps: str = "",
    coordination_needed: str = "",
    percent: Decimal | None = None,
    values: Iterable[ValueInput] = (),
    milestones_completed: Iterable[Milestone] = (),
    links: Iterable[str | tuple[str, str]] = (),
    files: Iterable[UploadedFile | tuple[str, UploadedFile]] = (),
) -> ProgressUpdate:
    """A new draft update by a user who may report on the commitment, with its four report parts (narrative =
    进展情况, problems, next steps, matters needing coordination), values, milestone completions and evidence
    (links: URLs or (title, URL); files: uploads or (title, upload))."""
    if not can_report_on(user, commitment):
        raise PermissionDenied(_("You may not report on this commitment."))
    values, milestones = _decimal_values(values), list(milestones_completed)
    update_validate(commitment=commitment, as_of=as_of, percent=percent, values=values, milestones_completed=milestones)
    links, files = evidence_inputs_check(links=links, files=files)
    update = ProgressUpdate(
        commitment=commitment,
        as_of=as_of,
        narrative=narrative,
        problems=problems,
        next_steps=next_steps,
        coordination_needed=coordination_needed,
        percent=percent,
        state=UpdateState.DRAFT,
        created_by=user,
    )
    _save(user, update)
    _write_values(user, update, values)
    update.milestones_completed.set(milestones)
    evidence_attach(user=user, update=update, links=links, files=files)
    return update


@transaction.atomic
def update_edit(
    *,
    user,
    update: ProgressUpdate,
    as_of: datetime.date = UNSET,
    narrative: str = UNSET,
    problems: str = UNSET,
    next_steps: str = UNSET,
    coordination_needed: str = UNSET,
    percent: Decimal | None = UNSET,
    values: Iterable[ValueInput] = UNSET,
    milestones_completed: Iterable[Milestone] = UNSET,
    links: Iterable[str | tuple[str, str]] = (),
    files: Iterable[UploadedFile | tuple[str, UploadedFile]] = (),
    expected_version: int | None = None,
) -> ProgressUpdate:
    """Changes a draft or returned update. Fields left out stay as they are; `values` and
    `milestones_completed`, when given, replace the update's; links and files are added to its evidence
    (evidence_delete removes one). VersionConflict, and nothing saved, when expected_version is given and
    someone saved the update since."""
    update = _locked(update)
    if expected_version is not None and update.version != expected_version:
        raise VersionConflict(
            expected=expected_version,
            current=update.version,
            message=_("This update was changed by someone else (version %(current)d, not %(expected)d); reload it."),
        )
    if not can_edit_update(user, update):
        raise PermissionDenied(_("This update can no longer be changed."))
    new_values = None if values is UNSET else _decimal_values(values)
    milestones = None if milestones_completed is UNSET else list(milestones_completed)
    update_validate(
        commitment=update.commitment,
        as_of=None if as_of is UNSET else as_of,
        percent=None if percent is UNSET else percent,
        values=new_values or (),
        milestones_completed=milestones or (),
    )
    links, files = evidence_inputs_check(links=links, files=files)
    changes = {
        "as_of": as_of,
        "narrative": narrative,
        "problems": problems,
        "next_steps": next_steps,
        "coordination_needed": coordination_needed,
        "percent": percent,
    }
    for name, value in changes.items():
        if value is not UNSET:
            setattr(update, name, value)
    _save(user, update)
    if new_values is not None:
        _write_values(user, update, new_values)
    if milestones is not None:
        update.milestones_completed.set(milestones)
    evidence_attach(user=user, update=update, links=links, files=files)
    return update


def _has_content(update: ProgressUpdate) -> bool:
    return bool(
        any(getattr(update, part).strip() for part in ProgressUpdate.REPORT_PARTS)
        or update.percent is not None
        or update.values.exists()
        or update.milestones_completed.exists()
        or update.evidence.exists()
    )


@transaction.atomic
def update_submit(*, user, update: ProgressUpdate, expected_version: int | None = None) -> ProgressUpdate:
    """Sends a draft or returned update for review; the previous review (if any) stays in the history."""
    update = _locked(update)
    # Said as it is before any permission question: "no permission" for a second click misleads.
    if update.state == UpdateState.SUBMITTED:
        raise ValidationError({"state": _("This update is already submitted and waits for the office's review.")})
    if update.state == UpdateState.APPROVED:
        raise ValidationError({"state": _("This update is already approved; a correction is a new update.")})
    if not can_submit_update(user, update):
        raise PermissionDenied(_("You may not submit this update."))
    _still_at(update, expected_version)
    if not _has_content(update):
        raise ValidationError({"narrative": _("An empty update cannot be submitted.")})
    update_validate(commitment=update.commitment, as_of=update.as_of)
    stage_evidence_check(update)
    update.state = UpdateState.SUBMITTED
    update.submitted_by, update.submitted_at = user, timezone.now()
    update.reviewed_by, update.reviewed_at, update.review_note = None, None, ""
    _save(user, update)
    notify(user=user, kind=NotificationKind.SUBMITTED, update=update)
    return update


def _review(user, update: ProgressUpdate, wrong_state: str, expected_version: int | None) -> ProgressUpdate:
    if not can_review_updates(user):
        raise PermissionDenied(_("Only the supervision office reviews updates."))
    update = _locked(update)
    if update.state != UpdateState.SUBMITTED:
        raise ValidationError({"state": wrong_state})
    _still_at(update, expected_version)
    update.reviewed_by, update.reviewed_at = user, timezone.now()
    return update


@transaction.atomic
def update_approve(*, user, update: ProgressUpdate, expected_version: int | None = None) -> ProgressUpdate:
    """Approves a submitted update; from now on it counts. The stored figures of its commitment and of the
    commitment's ancestors are re-derived at once (not those of any other commitment)."""
    update = _review(user, update, _("Only submitted updates can be approved."), expected_version)
    if not can_approve_update(user, update):
        raise PermissionDenied(_("You wrote or submitted this update: another member of the office approves it."))
    chain = [update.commitment_id, *ancestor_ids(update.commitment)]
    update.state, update.review_note = UpdateState.APPROVED, ""
    _save(user, update, validate=False)
    # sync_stored locks the chain (in id order) before it reads any history: an approval on a sibling waits
    # there and then reads this one, committed.
    sync_stored(Commitment.objects.filter(pk__in=chain), user=user)
    notify(user=user, kind=NotificationKind.APPROVED, update=update)
    return update


@transaction.atomic
def update_return(*, user, update: ProgressUpdate, note: str, expected_version: int | None = None) -> ProgressUpdate:
    """Sends a submitted update back to its department with the reviewer's note (required)."""
    if not can_review_updates(user):
        raise PermissionDenied(_("Only the supervision office reviews updates."))
    if not (note or "").strip():
        raise ValidationError({"review_note": _("Say why the update is returned.")})
    update = _review(user, update, _("Only submitted updates can be returned."), expected_version)
    update.state, update.review_note = UpdateState.RETURNED, note.strip()
    _save(user, update)
    notify(user=user, kind=NotificationKind.RETURNED, update=update)
    return update


@transaction.atomic
def update_delete(*, user, update: ProgressUpdate) -> None:
    """Deletes a draft, with its values and evidence files; anything submitted once stays on record."""
    update = _locked(update)
    if not can_delete_update(user, update):
        raise PermissionDenied(_("Only drafts can be deleted, by their department or the supervision office."))
    files = [evidence.file.name for evidence in update.evidence.all() if evidence.file]
    update._history_user = user
    update.delete()
    delete_files_on_commit(files)
