"""What departments report and the office decides: progress updates, their values and evidence, status
decisions."""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import display
from ..choices import EvidenceKind, OverrideStatus, UpdateState
from .commitments import Commitment, Milestone, Target
from .decimals import PERCENT_DIGITS, VALUE_DIGITS


class ProgressUpdate(models.Model):
    """What a department reports about a commitment as of a date. Only approved updates count."""

    commitment = models.ForeignKey(Commitment, models.PROTECT, related_name="updates", verbose_name=_("commitment"))
    as_of = models.DateField(_("as of"))
    # The four parts of a structured report (进展情况 / 存在问题 / 下步计划 / 需协调事项); the narrative is the
    # first, so updates written before the parts existed read as their progress made.
    narrative = models.TextField(_("narrative"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    coordination_needed = models.TextField(
        _("matters needing coordination"),
        blank=True,
        help_text=_("What the department cannot settle alone and asks the office or leaders to coordinate."),
    )
    percent = models.DecimalField(
        _("percent complete"),
        null=True,
        blank=True,
        help_text=_("For ongoing items: the share of the work done."),
        **PERCENT_DIGITS,
    )
    state = models.CharField(_("state"), max_length=20, choices=UpdateState.choices, default=UpdateState.DRAFT)
    milestones_completed = models.ManyToManyField(
        Milestone, blank=True, related_name="completed_by_updates", verbose_name=_("milestones completed")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Moves on every save (services/updates.py): an edit names the version it was made from, so two people
    # editing one draft cannot silently overwrite each other.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords(m2m_fields=[milestones_completed])

    class Meta:
        ordering = ["commitment", "-as_of", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | (Q(percent__gte=0) & Q(percent__lte=100)),
                name="update_percent_0_100",
                violation_error_message=_("The percent must be between 0 and 100."),
            ),
        ]
        indexes = [
            models.Index(fields=["commitment", "state", "as_of"], name="update_commitment_state_asof"),
        ]

    # The structured parts, in the order a report reads them: each surface shows them under these names.
    REPORT_PARTS = ("narrative", "problems", "next_steps", "coordination_needed")

    def __str__(self) -> str:
        return f"{self.commitment.code} @ {self.as_of:%Y-%m-%d} ({self.get_state_display()})"


class ReportedValue(models.Model):
    """A value an update reports for one of its commitment's targets."""

    update = models.ForeignKey(ProgressUpdate, models.CASCADE, related_name="values", verbose_name=_("progress update"))
    target = models.ForeignKey(Target, models.PROTECT, related_name="reported_values", verbose_name=_("target"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "target"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "target"],
                name="reportedvalue_unique_target_per_update",
                violation_error_message=_("This update already reports a value for this target."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.metric}: {display.quantity(self.value, self.target.unit)}"

    def clean(self) -> None:
        if self.update_id and self.target_id and self.target.commitment_id != self.update.commitment_id:
            raise ValidationError({"target": _("This target belongs to another commitment.")})


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """An unguessable name under MEDIA_ROOT/evidence/; the name the user gave is kept in original_name."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"


class Evidence(models.Model):
    """A link or an uploaded file that backs an update. Files are served only by the evidence view."""

    update = models.ForeignKey(
        ProgressUpdate, models.CASCADE, related_name="evidence", verbose_name=_("progress update")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="evidence_link_or_file",
                violation_error_message=_("Evidence is either a link or a file, not both and not neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return EvidenceKind.FILE if self.file else EvidenceKind.LINK


class StatusOverride(models.Model):
    """A supervisor's decision on a commitment's status, in force from effective_on until the next decision."""

    commitment = models.ForeignKey(
        Commitment, models.PROTECT, related_name="status_overrides", verbose_name=_("commitment")
    )
    status = models.CharField(_("decision"), max_length=20, choices=OverrideStatus.choices)
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["commitment", "-effective_on", "-decided_at", "-id"]
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="statusoverride_reason_required",
                violation_error_message=_("A status decision needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code}: {self.get_status_display()} ({self.effective_on:%Y-%m-%d})"


class UpdateReviewQueue(ProgressUpdate):
    """The office's review queue (待审核) as its own admin list: submitted updates, oldest first."""

    class Meta:
        proxy = True
        verbose_name = _("update to review")
        verbose_name_plural = _("updates to review")
