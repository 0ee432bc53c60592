"""What people are told: in-app notifications and the log of the e-mails that batched them.

The services write a Notification in the transaction of the step it reports (services/notifications.py
decides who receives what); `send_notifications` mails the unsent ones, at most one e-mail per person, kind
and day, and logs each e-mail in NotificationEmail."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import NotificationKind
from .updates import ProgressUpdate


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    message = models.CharField(_("message"), max_length=300)
    update = models.ForeignKey(
        ProgressUpdate,
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("progress update"),
    )
    # By name: the supervision models are loaded after this module.
    acceptance = models.ForeignKey(
        "commitments.Acceptance",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
        verbose_name=_("task acceptance"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The header's unread count and the mailer's unsent rows.
            models.Index(fields=["recipient", "read_at"], name="notification_recipient_read"),
            models.Index(fields=["emailed_at", "recipient", "kind"], name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return self.message


class NotificationEmail(models.Model):
    """One e-mail that batched a person's notifications of one kind on one day; its unique constraint stops a
    second e-mail of the kind to the person that day (like SentReminder for the reminders)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="+", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind.choices)
    sent_on = models.DateField(_("date"))
    address = models.EmailField(_("address"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "recipient", "kind"]
        verbose_name = _("notification e-mail")
        verbose_name_plural = _("notification e-mails")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "sent_on"],
                name="notificationemail_once_per_day",
                violation_error_message=_("This person already received this kind of e-mail on this day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%Y-%m-%d} {self.get_kind_display()} → {self.address}"
