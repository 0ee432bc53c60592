"""Notifications: who is told what (one definition, `notification_recipients`), the in-app rows the workflow's
services write in their own transaction, reading them, and the daily e-mails that batch them.

Who receives what:
- an update submitted → the office (supervisors and superusers);
- an update returned or approved → the reporters of the department that submitted it (the submitter's
  department when it owns the commitment, else the commitment's lead department);
- a task contested → the office.
Nobody is told of their own step. E-mail: `notifications_send` (the `send_notifications` command) mails each
person at most one e-mail per kind and day, listing every notification of that kind not mailed yet, and logs
it in NotificationEmail, whose unique constraint stops a second e-mail (as SentReminder does for reminders).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from ..choices import NotificationKind
from ..models import Acceptance, Department, Notification, NotificationEmail, ProgressUpdate
from ..permissions import Role
from ..selectors.todo import submitting_department

MESSAGE_LENGTH = Notification._meta.get_field("message").max_length


def office_members() -> QuerySet:
    """The supervision office's active logins: the supervisor group's members and superusers."""
    return (
        get_user_model()
        .objects.filter(Q(is_superuser=True) | Q(groups__name=Role.SUPERVISOR.value), is_active=True)
        .distinct()
    )


def department_reporters(department: Department) -> QuerySet:
    """The department's active reporters."""
    return (
        get_user_model()
        .objects.filter(groups__name=Role.REPORTER.value, staff_profile__department=department, is_active=True)
        .distinct()
    )


def notification_recipients(kind: str, *, update: ProgressUpdate | None = None, acceptance: Acceptance | None = None):
    """Who is told of a step of this kind (the module's docstring says the rule)."""
    if kind in (NotificationKind.SUBMITTED, NotificationKind.CONTESTED):
        return office_members()
    if kind in (NotificationKind.RETURNED, NotificationKind.APPROVED):
        return department_reporters(submitting_department(update))
    raise ValueError(f"Unknown notification kind {kind!r}.")


def _message(kind: str, *, update: ProgressUpdate | None, acceptance: Acceptance | None) -> str:
    commitment = update.commitment if update is not None else acceptance.commitment
    names = {"code": commitment.code, "title": commitment.title}
    if kind == NotificationKind.SUBMITTED:
        text = _("%(department)s submitted progress on %(code)s %(title)s for review") % {
            **names,
            "department": submitting_department(update).name,
        }
    elif kind == NotificationKind.RETURNED:
        text = _("Progress on %(code)s %(title)s was returned: %(note)s") % {**names, "note": update.review_note}
    elif kind == NotificationKind.APPROVED:
        text = _("Progress on %(code)s %(title)s was approved") % names
    else:
        text = _("%(department)s contested the task %(code)s %(title)s: %(reason)s") % {
            **names,
            "department": acceptance.department.name,
            "reason": acceptance.reason,
        }
    return text if len(text) <= MESSAGE_LENGTH else text[: MESSAGE_LENGTH - 1] + "…"


def notify(*, user, kind: str, update: ProgressUpdate | None = None, acceptance: Acceptance | None = None) -> int:
    """Writes the step's notifications (in the caller's transaction) for everyone notification_recipients
    names but the user who took the step; the number written."""
    recipients = list(notification_recipients(kind, update=update, acceptance=acceptance).exclude(pk=user.pk))
    if not recipients:
        return 0
    # Stored in the site's language, whoever's request wrote it: the office reads them in Chinese.
    with translation.override(settings.LANGUAGE_CODE):
        message = _message(kind, update=update, acceptance=acceptance)
    rows = [
        Notification(recipient=recipient, kind=kind, message=message, update=update, acceptance=acceptance)
        for recipient in recipients
    ]
    bulk_create_with_history(rows, Notification, default_user=user)
    return len(rows)


@transaction.atomic
def notification_open(*, user, notification: Notification) -> Notification:
    """Marks the user's own notification read (the first opening counts); PermissionDenied for another's."""
    if notification.recipient_id != getattr(user, "pk", None):
        raise PermissionDenied(_("This notification is addressed to someone else."))
    notification = Notification.objects.select_for_update().get(pk=notification.pk)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification._history_user = user
        notification.save(update_fields=["read_at"])
    return notification


# E-mail --------------------------------------------------------------------------------------------------

SUBJECTS = {
    NotificationKind.SUBMITTED: lambda n: ngettext(
        "[Supervision] %(count)d update waits for review", "[Supervision] %(count)d updates wait for review", n
    ),
    NotificationKind.RETURNED: lambda n: ngettext(
        "[Supervision] %(count)d update was returned", "[Supervision] %(count)d updates were returned", n
    ),
    NotificationKind.APPROVED: lambda n: ngettext(
        "[Supervision] %(count)d update was approved", "[Supervision] %(count)d updates were approved", n
    ),
    NotificationKind.CONTESTED: lambda n: ngettext(
        "[Supervision] %(count)d task was contested", "[Supervision] %(count)d tasks were contested", n
    ),
}


@dataclass(frozen=True)
class NotificationBatch:
    """One e-mail: a person's notifications of one kind not mailed yet."""

    recipient: object
    kind: str
    notifications: list[Notification]

    @property
    def subject(self) -> str:
        return SUBJECTS[self.kind](len(self.notifications)) % {"count": len(self.notifications)}

    @property
    def body(self) -> str:
        lines = [f"{timezone.localtime(item.created_at):%Y-%m-%d %H:%M}  {item.message}" for item in self.notifications]
        closing = _("Sign in to the supervision system to read them.")
        return "\n".join([*lines, "", closing, ""])


@dataclass
class NotificationRun:
    """What a run did: e-mails sent (or, in a dry run, that would be sent) and what was held back."""

    on: datetime.date
    dry_run: bool
    sent: list[NotificationBatch] = field(default_factory=list)
    already_sent: list[NotificationBatch] = field(default_factory=list)
    no_address: list[NotificationBatch] = field(default_factory=list)


def _batches() -> list[NotificationBatch]:
    pending = (
        Notification.objects.filter(emailed_at=None)
        .select_related("recipient")
        .order_by("recipient_id", "kind", "created_at", "pk")
    )
    grouped: dict[tuple[int, str], list[Notification]] = defaultdict(list)
    for notification in pending:
        grouped[(notification.recipient_id, notification.kind)].append(notification)
    return [
        NotificationBatch(recipient=items[0].recipient, kind=kind, notifications=items)
        for (_recipient, kind), items in grouped.items()
    ]


def _send_once(batch: NotificationBatch, on: datetime.date) -> bool:
    """Sends the batch unless the person already got this kind of e-mail on the day; True when it went out."""
    with transaction.atomic():
        _log, created = NotificationEmail.objects.get_or_create(
            recipient=batch.recipient,
            kind=batch.kind,
            sent_on=on,
            defaults={
                "address": batch.recipient.email,
                "subject": batch.subject,
                "body": batch.body,
                "items": len(batch.notifications),
            },
        )
        if not created:
            return False
        # Inside the transaction on purpose: a backend failure rolls the log and the marks back, so the next
        # run sends again; a success commits both, so no later run sends these rows or this kind today.
        Notification.objects.filter(pk__in=[item.pk for item in batch.notifications]).update(emailed_at=timezone.now())
        EmailMessage(batch.subject, batch.body, to=[batch.recipient.email]).send()
    return True


def notifications_send(*, on: datetime.date | None = None, dry_run: bool = False) -> NotificationRun:
    """Mails every person one e-mail per kind listing their notifications not mailed yet, unless they had that
    kind of e-mail on `on` (today if None): those wait for the next day's run. A person without an address is
    reported and their notifications stay in-app. A dry run sends, marks and logs nothing."""
    on = on or timezone.localdate()
    run = NotificationRun(on=on, dry_run=dry_run)
    with translation.override(settings.LANGUAGE_CODE):
        already = set(NotificationEmail.objects.filter(sent_on=on).values_list("recipient_id", "kind"))
        for batch in _batches():
            if not batch.recipient.email:
                run.no_address.append(batch)
            elif (batch.recipient.pk, batch.kind) in already:
                run.already_sent.append(batch)
            elif dry_run or _send_once(batch, on):
                run.sent.append(batch)
            else:
                run.already_sent.append(batch)
    return run
