"""Reminders and escalation (催办): one digest per department and day, escalation to responsible leaders.

Each department's contact receives ONE e-mail listing, for the commitments it leads:
- reports due within N days that are not yet submitted;
- reports missing (due date passed, nothing submitted) over the last year;
- commitments due within N days;
- overdue commitments, with how many days they have been red;
- 督办单 whose reply is overdue or due within N days (an overdue reply is red, colours.notice_colour).
Deadlines show their extension (原定 … ，延期至 …).
Each item carries its escalation colour (colours.py). An item red for K days or more is escalated: the
responsible leaders of those items receive one e-mail per department and day, copied to the department.

Sending is idempotent per department, day and kind: the SentReminder row is written in the same
transaction as the e-mail is handed to the backend, and its unique constraint stops a second run (or a
concurrent one) from sending again. A failed send rolls the row back, so the next run retries.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..choices import CLOSED_STATUSES, Colour, ReminderKind, ReportStatus
from ..display import date_text
from ..models import Commitment, Department, Leader, SentReminder
from ..selectors import rules
from . import colours
from .completeness import reports_owed
from .lifecycle_selectors import awaiting_reply
from .selectors import supervision_figures


class ItemKind:
    REPORT_DUE = "report_due"
    REPORT_MISSING = "report_missing"
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    NOTICE_OVERDUE = "notice_overdue"
    NOTICE_DUE = "notice_due"


@dataclass(frozen=True)
class DigestItem:
    kind: str
    commitment: Commitment
    colour: str
    date: datetime.date
    # The periods of the reports concerned: one for a report due, every missing one for missing reports.
    periods: tuple[str, ...] = ()
    red_days: int = 0
    notice: str = ""  # the 文号 of a notice's item

    def __str__(self) -> str:
        """One line of the e-mail: '【红色：已逾期】3.1.1 建成…… — 2020年12月10日 到期，已亮红 12 天'."""
        if self.kind == ItemKind.REPORT_MISSING:
            detail = ngettext(
                "%(count)d report missing: %(periods)s", "%(count)d reports missing: %(periods)s", len(self.periods)
            ) % {"count": len(self.periods), "periods": "、".join(self.periods)}
        elif self.kind == ItemKind.REPORT_DUE:
            detail = _("report for %(period)s, due %(date)s") % {
                "period": self.periods[0],
                "date": date_text(self.date),
            }
        elif self.notice:
            detail = _("reply to %(number)s due %(date)s") % {"number": self.notice, "date": date_text(self.date)}
            if self.red_days:
                detail += ngettext(", red for %(days)d day", ", red for %(days)d days", self.red_days) % {
                    "days": self.red_days
                }
        elif self.red_days:
            detail = ngettext(
                "due %(date)s, red for %(days)d day", "due %(date)s, red for %(days)d days", self.red_days
            ) % {"date": self.commitment.deadline_text, "days": self.red_days}
        else:
            detail = _("due %(date)s") % {"date": self.commitment.deadline_text}
        return f"【{Colour(self.colour).label}】{self.commitment.code} {self.commitment.title} — {detail}"


@dataclass
class Digest:
    """What one department is told on one day, and what is escalated to its leaders."""

    department: Department
    on: datetime.date
    items: list[DigestItem] = field(default_factory=list)
    escalated: list[DigestItem] = field(default_factory=list)

    @property
    def sections(self) -> list[tuple[str, list[DigestItem]]]:
        """(heading, items) in the order the office reads them; empty sections left out."""
        headings = [
            (ItemKind.OVERDUE, _("Overdue commitments")),
            (ItemKind.NOTICE_OVERDUE, _("Supervision notices: reply overdue")),
            (ItemKind.REPORT_MISSING, _("Reports missing")),
            (ItemKind.DUE_SOON, _("Commitments due soon")),
            (ItemKind.REPORT_DUE, _("Reports due soon")),
            (ItemKind.NOTICE_DUE, _("Supervision notices: reply due soon")),
        ]
        sections = []
        for kind, heading in headings:
            items = [item for item in self.items if item.kind == kind]
            if items:
                sections.append((f"{heading}（{len(items)}）", items))
        return sections

    @property
    def leaders(self) -> list[Leader]:
        seen: dict[int, Leader] = {}
        for item in self.escalated:
            leader = item.commitment.responsible_leader
            if leader is not None:
                seen.setdefault(leader.pk, leader)
        return list(seen.values())

    @property
    def leader_emails(self) -> list[str]:
        return sorted({leader.email for leader in self.leaders if leader.email})


def department_digests(
    *,
    on: datetime.date,
    days: int,
    escalate_after: int,
    commitments: QuerySet[Commitment] | None = None,
) -> list[Digest]:
    """The digest of every department that has something to be told on `on`, in department order.
    A fixed number of queries whatever the number of commitments."""
    scope = Commitment.objects.all() if commitments is None else commitments
    scope = scope.exclude(status__in=CLOSED_STATUSES).select_related("lead_department", "responsible_leader")
    figures = supervision_figures(scope, on=on, days=days)
    digests: dict[int, Digest] = {}

    def add(commitment: Commitment, item: DigestItem) -> None:
        department = commitment.lead_department
        digests.setdefault(department.pk, Digest(department=department, on=on)).items.append(item)

    horizon = on + datetime.timedelta(days=days)
    missing: dict[int, list] = defaultdict(list)
    for report in reports_owed(scope, on=on, days=days):
        colour = figures[report.commitment.pk].colour
        if report.status == ReportStatus.MISSING:
            missing[report.commitment.pk].append(report)
        else:
            add(
                report.commitment,
                DigestItem(ItemKind.REPORT_DUE, report.commitment, colour, report.due_date, (report.period.key,)),
            )
    # One line per commitment for its missing reports, however many months they span.
    for reports in missing.values():
        commitment = reports[0].commitment
        periods = tuple(report.period.key for report in reports)
        item = DigestItem(
            ItemKind.REPORT_MISSING, commitment, figures[commitment.pk].colour, reports[0].due_date, periods
        )
        add(commitment, item)

    for commitment in scope.order_by("due_date", "sort_key"):
        item_figures = figures[commitment.pk]
        if rules.is_overdue(status=commitment.status, due=commitment.due_date, on=on):
            item = DigestItem(
                ItemKind.OVERDUE, commitment, item_figures.colour, commitment.due_date, red_days=item_figures.red_days
            )
            add(commitment, item)
            if item_figures.red_days >= escalate_after:
                digests[commitment.lead_department_id].escalated.append(item)
        elif commitment.due_date <= horizon:
            add(commitment, DigestItem(ItemKind.DUE_SOON, commitment, item_figures.colour, commitment.due_date))

    notices = (
        awaiting_reply(on)
        .filter(reply_due__lte=horizon)
        .select_related("department", "commitment__lead_department", "commitment__responsible_leader")
    )
    for notice in notices.order_by("reply_due", "pk"):
        colour = colours.notice_colour(on=on, reply_due=notice.reply_due, answered=False, days=days)
        overdue = colour == Colour.RED
        item = DigestItem(
            ItemKind.NOTICE_OVERDUE if overdue else ItemKind.NOTICE_DUE,
            notice.commitment,
            colour,
            notice.reply_due,
            red_days=colours.red_days(on=on, due_date=notice.reply_due),
            notice=notice.number,
        )
        digest = digests.setdefault(notice.department_id, Digest(department=notice.department, on=on))
        digest.items.append(item)
        if overdue and item.red_days >= escalate_after:
            digest.escalated.append(item)
    return sorted(digests.values(), key=lambda digest: digest.department.name)


@dataclass(frozen=True)
class PlannedEmail:
    department: Department
    kind: str
    to: list[str]
    cc: list[str]
    subject: str
    body: str
    items: int


@dataclass
class ReminderRun:
    """What a run did: e-mails sent (or, in a dry run, that would be sent) and what was skipped."""

    on: datetime.date
    dry_run: bool
    sent: list[PlannedEmail] = field(default_factory=list)
    already_sent: list[PlannedEmail] = field(default_factory=list)
    no_address: list[tuple[Department, str]] = field(default_factory=list)


def _emails(digest: Digest, days: int, escalate_after: int) -> list[PlannedEmail]:
    context = {"digest": digest, "days": days, "escalate_after": escalate_after, "kinds": ItemKind}
    emails = [
        PlannedEmail(
            department=digest.department,
            kind=ReminderKind.DIGEST,
            to=[digest.department.contact_email] if digest.department.contact_email else [],
            cc=[],
            subject=_("[Supervision reminder] %(department)s, %(date)s: %(count)d items")
            % {"department": digest.department.name, "date": date_text(digest.on), "count": len(digest.items)},
            body=render_to_string("supervision/reminder_digest.txt", context),
            items=len(digest.items),
        )
    ]
    if digest.escalated:
        emails.append(
            PlannedEmail(
                department=digest.department,
                kind=ReminderKind.ESCALATION,
                to=digest.leader_emails,
                cc=[digest.department.contact_email] if digest.department.contact_email else [],
                subject=_("[Supervision escalation] %(department)s, %(date)s: %(count)d items overdue")
                % {
                    "department": digest.department.name,
                    "date": date_text(digest.on),
                    "count": len(digest.escalated),
                },
                body=render_to_string("supervision/reminder_escalation.txt", context),
                items=len(digest.escalated),
            )
        )
    return emails


def _send_once(email: PlannedEmail, on: datetime.date) -> bool:
    """Sends the e-mail unless this department already got this kind today; True when it went out."""
    with transaction.atomic():
        log, created = SentReminder.objects.get_or_create(
            department=email.department,
            sent_on=on,
            kind=email.kind,
            defaults={
                "recipients": ", ".join([*email.to, *email.cc]),
                "subject": email.subject,
                "body": email.body,
                "items": email.items,
            },
        )
        if not created:
            return False
        # Inside the transaction on purpose: if the backend raises, the log row is rolled back and the
        # next run sends again; if it succeeds, the committed row stops every later run today.
        EmailMessage(email.subject, email.body, to=email.to, cc=email.cc).send()
    return True


def reminders_send(
    *,
    on: datetime.date | None = None,
    days: int | None = None,
    escalate_after: int | None = None,
    dry_run: bool = False,
) -> ReminderRun:
    """Sends each department one digest for `on` (today if None) and escalates items red for K days to
    their responsible leaders; never the same kind twice to a department on one day. A dry run sends and
    logs nothing and reports what it would send."""
    on = on or timezone.localdate()
    days = settings.SUPERVISION_REMINDER_DAYS if days is None else days
    escalate_after = settings.SUPERVISION_ESCALATE_AFTER_DAYS if escalate_after is None else escalate_after
    run = ReminderRun(on=on, dry_run=dry_run)
    # The e-mails are written in the site's language, whoever runs the command.
    with translation.override(settings.LANGUAGE_CODE):
        digests = department_digests(on=on, days=days, escalate_after=escalate_after)
        already = defaultdict(set)
        for department_id, kind in SentReminder.objects.filter(sent_on=on).values_list("department_id", "kind"):
            already[department_id].add(kind)
        for digest in digests:
            for email in _emails(digest, days, escalate_after):
                if not email.to:
                    run.no_address.append((digest.department, email.kind))
                elif email.kind in already[digest.department.pk]:
                    run.already_sent.append(email)
                elif dry_run:
                    run.sent.append(email)
                elif _send_once(email, on):
                    run.sent.append(email)
                else:
                    run.already_sent.append(email)
    return run
