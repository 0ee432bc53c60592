"""Co-responsible departments' contributions (配合单位报送) and their consolidation into the lead department's
update: draft → submitted to the lead department → copied into the lead's update, each part under the
department's name. Every write checks permissions.py, then the input, and records the history's user."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import ContributionState
from ..models import Commitment, Contribution, ProgressUpdate
from ..permissions import can_consolidate_contributions, can_contribute, can_edit_contribution, user_department
from ..selectors.contributions import contributions_for_update, period_key
from .updates import _locked, _save, update_validate
from .versions import version_check

UNSET = object()


def contribution_check(
    *, commitment: Commitment, department_id: int, as_of: datetime.date, exclude_pk: int | None = None
) -> str:
    """The period of as_of, or ValidationError on `as_of`: an update's date rules (not in the future, not
    before the report) and one contribution per department and period."""
    update_validate(commitment=commitment, as_of=as_of)
    period = period_key(commitment, as_of)
    taken = Contribution.objects.filter(commitment=commitment, department_id=department_id, period=period)
    if taken.exclude(pk=exclude_pk).exists():
        raise ValidationError(
            {"as_of": _("Your department already contributed to the %(period)s report.") % {"period": period}}
        )
    return period


def _store(user, contribution: Contribution) -> Contribution:
    contribution.period = contribution_check(
        commitment=contribution.commitment,
        department_id=contribution.department_id,
        as_of=contribution.as_of,
        exclude_pk=contribution.pk,
    )
    contribution.full_clean()
    contribution._history_user = user
    contribution.save()
    return contribution


@transaction.atomic
def contribution_create(
    *,
    user,
    commitment: Commitment,
    as_of: datetime.date,
    narrative: str = "",
    problems: str = "",
    next_steps: str = "",
    coordination_needed: str = "",
) -> Contribution:
    """A draft contribution of the user's department (co-responsible for the commitment) to the report of
    the period containing as_of; one per department and period."""
    if not can_contribute(user, commitment):
        raise PermissionDenied(_("Only a co-responsible department contributes to this commitment's report."))
    contribution = Contribution(
        commitment=commitment,
        department=user_department(user),
        as_of=as_of,
        narrative=narrative,
        problems=problems,
        next_steps=next_steps,
        coordination_needed=coordination_needed,
        author=user,
    )
    return _store(user, contribution)


def _locked_contribution(contribution: Contribution) -> Contribution:
    return (
        Contribution.objects.select_for_update(of=("self",))
        .select_related("commitment__report", "department", "author")
        .get(pk=contribution.pk)
    )


@transaction.atomic
def contribution_edit(
    *, user, contribution: Contribution, expected_version: int | None = None, **changes
) -> Contribution:
    """Changes a draft contribution: its as-of date (and so its period) and any of the four parts.
    VersionConflict, nothing saved, if expected_version is given and the contribution was saved since."""
    contribution = _locked_contribution(contribution)
    version_check(contribution, expected_version)
    if not can_edit_contribution(user, contribution):
        raise PermissionDenied(_("This contribution can no longer be changed."))
    unknown = sorted(set(changes) - {"as_of", *Contribution.REPORT_PARTS})
    if unknown:
        raise ValidationError({name: _("This field cannot be set here.") for name in unknown})
    for name, value in changes.items():
        setattr(contribution, name, value)
    return _store(user, contribution)


@transaction.atomic
def contribution_submit(*, user, contribution: Contribution, expected_version: int | None = None) -> Contribution:
    """Hands a draft contribution to the lead department; from then on it is not changed. VersionConflict,
    nothing saved, if expected_version is given and the contribution was saved since (what was read is not
    what would be sent)."""
    contribution = _locked_contribution(contribution)
    # A second click is told the contribution is already submitted, not that its version moved on.
    if contribution.state != ContributionState.DRAFT:
        raise ValidationError({"state": _("This contribution is already submitted to the lead department.")})
    version_check(contribution, expected_version)
    if not can_edit_contribution(user, contribution):
        raise PermissionDenied(_("You may not submit this contribution."))
    if not any(getattr(contribution, part).strip() for part in Contribution.REPORT_PARTS):
        raise ValidationError({"narrative": _("An empty contribution cannot be submitted.")})
    contribution.state, contribution.submitted_at = ContributionState.SUBMITTED, timezone.now()
    contribution._history_user = user
    contribution.save()
    return contribution


def _appended(text: str, department: str, addition: str) -> str:
    paragraph = f"【{department}】{addition.strip()}"
    return f"{text.rstrip()}\n{paragraph}" if text.strip() else paragraph


@transaction.atomic
def update_consolidate(*, user, update: ProgressUpdate) -> ProgressUpdate:
    """Copies the submitted contributions of the update's period that it has not taken yet into its four
    parts, each paragraph under its department's name (【区交通局】…), and marks them consolidated into it.
    The lead department (or the office) does it while the update is a draft or returned."""
    update = _locked(update)
    if not can_consolidate_contributions(user, update):
        raise PermissionDenied(_("Only the lead department consolidates contributions into its update."))
    waiting = [item for item in contributions_for_update(update) if item.consolidated_into_id is None]
    if not waiting:
        raise ValidationError({"contributions": _("No contribution waits to be consolidated into this update.")})
    for contribution in waiting:
        for part in ProgressUpdate.REPORT_PARTS:
            addition = getattr(contribution, part)
            if addition.strip():
                setattr(update, part, _appended(getattr(update, part), contribution.department.name, addition))
    _save(user, update)
    for contribution in waiting:
        version_check(contribution, None)
        contribution.consolidated_into = update
        contribution._history_user = user
        contribution.save(update_fields=["consolidated_into", "version", "updated_at"])
    return update
