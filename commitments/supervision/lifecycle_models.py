"""The end of the supervision cycle: extension requests (延期申请), close-out applications (办结/销号) and
supervision notices (督办单) with their numbering.

Like supervision/models.py, this module names the core models by strings and imports nothing from
commitments.models; commitments/models/__init__.py imports it after them. Every write goes through
supervision/extensions.py, supervision/closeout.py or supervision/notices.py.
"""

from __future__ import annotations

import secrets
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import CloseoutApplicationState, ExtensionState, NoticeState


def lifecycle_upload_to(instance: models.Model, filename: str) -> str:
    """An unguessable name under MEDIA_ROOT/supervision/, as the updates' evidence (models.evidence_upload_to)."""
    suffix = PurePath(filename).suffix.lower()
    return f"supervision/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"


def _user_fk(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose_name
    )


class EvidenceFields(models.Model):
    """One link or one file backing a request, checked by services/evidence.py's rules before it is stored."""

    evidence_url = models.URLField(_("evidence link"), max_length=500, blank=True)
    evidence_file = models.FileField(_("evidence file"), upload_to=lifecycle_upload_to, max_length=255, blank=True)
    evidence_name = models.CharField(_("evidence file name"), max_length=255, blank=True, editable=False)
    evidence_content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)

    class Meta:
        abstract = True


class ExtensionRequest(EvidenceFields):
    """A lead department's request for a later deadline (延期申请). The office approves or refuses it; an
    approved one moves the commitment's effective deadline (rules.effective_due_date), the original stays."""

    commitment = models.ForeignKey(
        "commitments.Commitment", models.CASCADE, related_name="extension_requests", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        "commitments.Department", models.PROTECT, related_name="extension_requests", verbose_name=_("department")
    )
    current_due_date = models.DateField(_("deadline when requested"))
    requested_due_date = models.DateField(_("requested deadline"))
    reason = models.TextField(_("reason"))
    state = models.CharField(_("state"), max_length=20, choices=ExtensionState.choices, default=ExtensionState.PENDING)
    requested_by = _user_fk(_("requested by"))
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = _user_fk(_("decided by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("office's note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(requested_due_date__gt=F("current_due_date")),
                name="extension_later_than_current",
                violation_error_message=_("The requested deadline must be later than the current one."),
            ),
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(state=ExtensionState.PENDING),
                name="extension_one_pending_per_commitment",
                violation_error_message=_("This task already has an extension request awaiting a decision."),
            ),
        ]
        indexes = [models.Index(fields=["state", "decided_at"], name="extension_state_decided")]

    def __str__(self) -> str:
        return f"{self.commitment.code} · {self.current_due_date} → {self.requested_due_date}"


class CloseoutApplication(EvidenceFields):
    """The lead department's application for completion (办结申请). The office verifies it, optionally on
    site, and closes the task (销号) or sends it back; a closed task can be reopened with a reason."""

    commitment = models.ForeignKey(
        "commitments.Commitment", models.CASCADE, related_name="closeout_applications", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        "commitments.Department", models.PROTECT, related_name="closeout_applications", verbose_name=_("department")
    )
    summary = models.TextField(_("completion summary"))
    state = models.CharField(
        _("state"), max_length=20, choices=CloseoutApplicationState.choices, default=CloseoutApplicationState.PENDING
    )
    applied_by = _user_fk(_("applied by"))
    applied_at = models.DateTimeField(_("applied at"))
    site_check_on = models.DateField(_("site check date"), null=True, blank=True)
    site_check_by = models.CharField(_("site check by"), max_length=200, blank=True)
    site_check_note = models.TextField(_("site check note"), blank=True)
    decided_by = _user_fk(_("verified by"))
    decided_at = models.DateTimeField(_("verified at"), null=True, blank=True)
    decision_note = models.TextField(_("office's note"), blank=True)
    reopened_by = _user_fk(_("reopened by"))
    reopened_at = models.DateTimeField(_("reopened at"), null=True, blank=True)
    reopen_reason = models.TextField(_("reason for reopening"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("close-out application")
        verbose_name_plural = _("close-out applications")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment"],
                condition=Q(state__in=[CloseoutApplicationState.PENDING, CloseoutApplicationState.CLOSED]),
                name="closeout_one_live_per_commitment",
                violation_error_message=_("This task already has a close-out awaiting verification or in force."),
            ),
            models.CheckConstraint(
                condition=~Q(state=CloseoutApplicationState.RETURNED) | ~Q(decision_note=""),
                name="closeout_return_needs_reason",
                violation_error_message=_("A close-out sent back needs the reasons."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code} · {self.get_state_display()}"


class NoticeSequence(models.Model):
    """The last number issued per prefix and year: locked (SELECT … FOR UPDATE) while a notice is numbered,
    so two notices issued at once never share a 文号."""

    prefix = models.CharField(_("prefix"), max_length=20)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        ordering = ["prefix", "year"]
        verbose_name = _("notice number sequence")
        verbose_name_plural = _("notice number sequences")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year"],
                name="noticesequence_unique_prefix_year",
                violation_error_message=_("This prefix already has a sequence for the year."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last_number}"


class SupervisionNotice(models.Model):
    """A numbered 督办单 sent to a lagging task's lead department: required actions and a reply deadline.
    The department replies; the office accepts the reply or sends it back for another."""

    commitment = models.ForeignKey(
        "commitments.Commitment", models.CASCADE, related_name="notices", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        "commitments.Department", models.PROTECT, related_name="notices", verbose_name=_("addressed to")
    )
    prefix = models.CharField(_("prefix"), max_length=20, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    sequence = models.PositiveIntegerField(_("sequence"), editable=False)
    number = models.CharField(_("notice number"), max_length=60, unique=True, editable=False)
    issued_on = models.DateField(_("issued on"))
    required_actions = models.TextField(_("required actions"))
    reply_due = models.DateField(_("reply due"))
    state = models.CharField(_("state"), max_length=20, choices=NoticeState.choices, default=NoticeState.ISSUED)
    issued_by = _user_fk(_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))
    reply = models.TextField(_("reply"), blank=True)
    replied_by = _user_fk(_("replied by"))
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    reviewed_by = _user_fk(_("reviewed by"))
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("office's review"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-sequence", "-id"]
        verbose_name = _("supervision notice")
        verbose_name_plural = _("supervision notices")
        constraints = [
            models.UniqueConstraint(
                fields=["prefix", "year", "sequence"],
                name="notice_unique_sequence",
                violation_error_message=_("This notice number is already taken."),
            ),
            models.CheckConstraint(
                condition=Q(reply_due__gte=F("issued_on")),
                name="notice_reply_not_before_issue",
                violation_error_message=_("The reply deadline cannot be before the notice is issued."),
            ),
        ]
        indexes = [models.Index(fields=["state", "reply_due"], name="notice_state_reply_due")]

    def __str__(self) -> str:
        return f"{self.number} {self.commitment.code}"
