"""Writes to commitments, their targets and milestones, and the supervisor's status decisions.

Only the supervision office makes them (permissions.can_manage_commitments). Every edit of a commitment's
own fields or co-responsible departments, and every status decision, bumps Commitment.version so a client
holding an older version gets a VersionConflict instead of silently overwriting someone else's change (the
API, the admin and the import all check it with commitment_lock). After each write the stored
figures of the commitment and its ancestors are re-derived (dates, parents and targets move RAG); bulk
writers (imports) wrap their calls in refresh_deferred to re-derive once, at the end of their transaction.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import OverrideStatus
from ..models import Commitment, CoResponsibility, Department, Milestone, StatusOverride, Target
from ..permissions import can_manage_commitments
from ..supervision.assignments import acceptances_follow
from ..supervision.deadlines import default_due_date
from .tracking import ancestor_ids, lock_commitments, sync_stored
from .updates import as_of_floor
from .versions import VersionConflict, version_check

# The fields a user edits; status, progress, RAG and version are derived or kept by the services.
COMMITMENT_FIELDS = (
    "report",
    "chapter",
    "code",
    "section",
    "title",
    "source_text",
    "kind",
    "firmness",
    "lead_department",
    "responsible_leader",
    "start_date",
    "assigned_on",
    "due_date",
    "note",
    "parent",
)


# History change reasons naming what a save changed outside the commitment's own row (the row's own fields
# show in the history's diff): the admin's stale-form message names them.
CO_DEPARTMENTS_CHANGED = "co_departments"
STATUS_DECIDED = "status_overrides"


def commitment_lock(*, commitment: Commitment, expected_version: int | None = None) -> Commitment:
    """The commitment as stored now, its row locked until the caller's transaction ends; VersionConflict when
    expected_version is given and someone saved the commitment since. Call it inside a transaction."""
    current = Commitment.objects.select_for_update().get(pk=commitment.pk)
    if expected_version is not None and current.version != expected_version:
        raise VersionConflict(expected=expected_version, current=current.version)
    return current


def co_departments_check(*, lead_department_id: int | None, department_ids: Iterable[int]) -> None:
    """ValidationError on `co_departments` when the lead department is among the co-responsible ones; the
    error's params name it (department_id), so a form can put the message on that row."""
    if lead_department_id is not None and lead_department_id in set(department_ids):
        message = _("The lead department cannot also be co-responsible.")
        error = ValidationError(message, code="lead_as_co", params={"department_id": lead_department_id})
        raise ValidationError({"co_departments": [error]})


def _require_manager(user) -> None:
    if not can_manage_commitments(user):
        raise PermissionDenied(_("Only the supervision office changes commitments."))


# The commitments whose re-derivation waits for the end of a refresh_deferred block (None: no block open).
_deferred: ContextVar[set[int] | None] = ContextVar("commitments_refresh_deferred", default=None)


@contextmanager
def refresh_deferred(*, user) -> Iterator[None]:
    """One transaction (a transaction.atomic block: all or nothing) in which the services below re-derive
    nothing at once: the commitments they wrote (and their ancestors) are re-derived together, attributed to
    `user`, when the block ends without an error.

    For bulk writes (the task table import, a report from its text): every write still goes through its
    service, with the same checks, history and side effects, but the stored figures are derived once instead
    of once per write (a commitment, then each of its targets, then its parent again …). Inside the block the
    commitments the services return carry their stored figures as they were before the block.
    """
    with transaction.atomic():
        if _deferred.get() is not None:  # nested: the outermost block re-derives
            yield
            return
        pending: set[int] = set()
        token = _deferred.set(pending)
        try:
            yield
        finally:
            _deferred.reset(token)
        _refresh(pending, user)


def _refresh(commitment_ids: Iterable[int], user) -> None:
    """Re-derives the stored figures of the commitments and of all their ancestors (or, inside a
    refresh_deferred block, notes them for its end)."""
    pending = _deferred.get()
    if pending is not None:
        pending.update(commitment_ids)
        return
    ids: set[int] = set()
    for pk in commitment_ids:
        commitment = Commitment.objects.filter(pk=pk).first()
        if commitment is not None:
            ids.update([pk, *ancestor_ids(commitment)])
    if ids:
        lock_commitments(sorted(ids))
        sync_stored(Commitment.objects.filter(pk__in=ids), user=user)


def _apply(commitment: Commitment, data: dict) -> list[Department] | None:
    unknown = sorted(set(data) - {*COMMITMENT_FIELDS, "co_departments"})
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    for name, value in data.items():
        if name != "co_departments":
            setattr(commitment, name, value)
    return list(data["co_departments"]) if "co_departments" in data else None


def _co_department_ids(commitment: Commitment) -> set[int]:
    return set(CoResponsibility.objects.filter(commitment=commitment).values_list("department_id", flat=True))


def _set_co_departments(commitment: Commitment, departments: list[Department]) -> None:
    wanted = {department.pk for department in departments}
    co_departments_check(lead_department_id=commitment.lead_department_id, department_ids=wanted)
    CoResponsibility.objects.filter(commitment=commitment).exclude(department_id__in=wanted).delete()
    existing = _co_department_ids(commitment)
    CoResponsibility.objects.bulk_create(
        CoResponsibility(commitment=commitment, department_id=pk) for pk in sorted(wanted - existing)
    )


def source_defaults(data: dict) -> dict:
    """The data with what its source supplies when left out: the start date from the source's assignment day,
    the due date by the source kind's reply period (supervision/deadlines.py). Given values are kept."""
    report = data.get("report")
    if report is None:
        return data
    data = dict(data)
    if not data.get("start_date") and report.received_on:
        data["start_date"] = report.received_on
    if not data.get("due_date"):
        due = default_due_date(report.kind, data.get("start_date"))
        if due is not None:
            data["due_date"] = due
    return data


@transaction.atomic
def commitment_create(*, user, data: dict) -> Commitment:
    """A new commitment from field values (model instances for relations; `co_departments` a list). In a
    source with a reply period (建议提案) a due date left out is the start date plus that period."""
    _require_manager(user)
    data = source_defaults(data)
    commitment = Commitment()
    co_departments = _apply(commitment, data)
    commitment.full_clean()
    commitment._history_user = user
    commitment.save()
    if co_departments is not None:
        _set_co_departments(commitment, co_departments)
    _refresh([commitment.pk], user)
    commitment.refresh_from_db()
    return commitment


@transaction.atomic
def commitment_update(*, user, commitment: Commitment, data: dict, expected_version: int | None = None) -> Commitment:
    """Changes the commitment's own fields (and its co-responsible departments, `co_departments`) and bumps its
    version; VersionConflict if expected_version is given and stale. Returns the saved commitment."""
    _require_manager(user)
    current = commitment_lock(commitment=commitment, expected_version=expected_version)
    if not data:
        return current  # nothing changed: the version stays, so no client sees a false conflict
    old_parent_id = current.parent_id
    co_departments = _apply(current, data)
    current.full_clean()
    existing_co = _co_department_ids(current)
    wanted_co = existing_co if co_departments is None else {department.pk for department in co_departments}
    # Checked here too, not only when the co-departments are given: a new lead that is already co-responsible
    # breaks the same rule.
    co_departments_check(lead_department_id=current.lead_department_id, department_ids=wanted_co)
    if wanted_co != existing_co:
        current._change_reason = CO_DEPARTMENTS_CHANGED
    current.version += 1
    current._history_user = user
    current.save()
    if co_departments is not None:
        _set_co_departments(current, co_departments)
    acceptances_follow(user=user, commitment=current)
    _refresh([pk for pk in (current.pk, old_parent_id) if pk], user)
    current.refresh_from_db()
    return current


@transaction.atomic
def commitment_delete(*, user, commitment: Commitment) -> None:
    """Deletes a commitment that has no progress updates, status decisions or children."""
    _require_manager(user)
    parent_id = commitment.parent_id
    try:
        commitment._history_user = user
        commitment.delete()
    except (ProtectedError, RestrictedError):
        raise ValidationError(
            _("This commitment has progress updates, status decisions or sub-commitments and cannot be deleted.")
        ) from None
    if parent_id:
        _refresh([parent_id], user)


@transaction.atomic
def commitment_override_status(
    *, user, commitment: Commitment, status: str, reason: str, effective_on: datetime.date | None = None
) -> StatusOverride:
    """Records the supervisor's decision (completed by decision, cancelled, or cleared: back to the derived
    status) with its reason, in force from effective_on (today by default); bumps the version."""
    _require_manager(user)
    errors = {}
    if status not in OverrideStatus.values:
        errors["status"] = _("Choose completed, cancelled or cleared.")
    if not (reason or "").strip():
        errors["reason"] = _("A status decision needs a reason.")
    effective_on = effective_on or timezone.localdate()
    floor = as_of_floor(commitment)
    if effective_on > timezone.localdate():
        errors["effective_on"] = _("A decision cannot take effect in the future.")
    elif floor and effective_on < floor:
        errors["effective_on"] = _("A decision cannot take effect before %(date)s.") % {"date": floor.isoformat()}
    if status == OverrideStatus.CLEARED and not errors:
        in_force = StatusOverride.objects.filter(commitment=commitment, effective_on__lte=effective_on).order_by(
            "-effective_on", "-decided_at", "-id"
        )
        latest = in_force.first()
        if latest is None or latest.status == OverrideStatus.CLEARED:
            errors["status"] = _("There is no decision in force to clear.")
    if errors:
        raise ValidationError(errors)
    chain = [commitment.pk, *ancestor_ids(commitment)]
    lock_commitments(chain)
    decision = StatusOverride(
        commitment=commitment,
        status=status,
        reason=reason.strip(),
        effective_on=effective_on,
        decided_by=user,
        decided_at=timezone.now(),
    )
    decision.full_clean()
    decision.save()
    current = Commitment.objects.get(pk=commitment.pk)
    current.version += 1
    current._history_user = user
    current._change_reason = STATUS_DECIDED
    current.save(update_fields=["version", "updated_at"])
    sync_stored(Commitment.objects.filter(pk__in=chain), user=user)
    return decision


def commitment_override_clear(*, user, commitment: Commitment, reason: str) -> StatusOverride:
    """Hands the status back to the derived rule from today, with a reason."""
    return commitment_override_status(user=user, commitment=commitment, status=OverrideStatus.CLEARED, reason=reason)


@transaction.atomic
def target_save(*, user, target: Target, expected_version: int | None = None) -> Target:
    """Creates or changes a target; its current value is always re-derived from the approved updates.
    VersionConflict, nothing saved, if expected_version is given and the target was saved since."""
    _require_manager(user)
    version_check(target, expected_version)
    target.full_clean()
    target._history_user = user
    target.save()
    _refresh([target.commitment_id], user)
    return target


@transaction.atomic
def target_delete(*, user, target: Target) -> None:
    _require_manager(user)
    commitment_id = target.commitment_id
    try:
        target._history_user = user
        target.delete()
    except ProtectedError:
        raise ValidationError(_("Values were reported for this target; it cannot be deleted.")) from None
    _refresh([commitment_id], user)


@transaction.atomic
def milestone_save(*, user, milestone: Milestone, expected_version: int | None = None) -> Milestone:
    """Creates or changes a milestone; its completion date is always re-derived from the approved updates.
    VersionConflict, nothing saved, if expected_version is given and the milestone was saved since."""
    _require_manager(user)
    version_check(milestone, expected_version)
    milestone.full_clean()
    milestone._history_user = user
    milestone.save()
    _refresh([milestone.commitment_id], user)
    return milestone


def milestone_delete_check(milestone: Milestone) -> None:
    """ValidationError when an update marked the milestone done: deleting it would rewrite those updates."""
    if milestone.pk is not None and milestone.completed_by_updates.exists():
        raise ValidationError(_("An update marked this milestone done; it cannot be deleted."))


@transaction.atomic
def milestone_delete(*, user, milestone: Milestone) -> None:
    """Deletes a milestone no update has marked done (that would rewrite those updates)."""
    _require_manager(user)
    milestone_delete_check(milestone)
    commitment_id = milestone.commitment_id
    milestone._history_user = user
    milestone.delete()
    _refresh([commitment_id], user)
