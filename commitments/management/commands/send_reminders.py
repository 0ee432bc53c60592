import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from commitments.supervision.reminders import reminders_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "Sends each department's contact one reminder digest (reports due or missing, commitments due or "
        "overdue) and escalates items red for K days to their responsible leaders. Safe to run more than once a "
        "day: nothing is sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="The day to remind for (YYYY-MM-DD); today by default.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and log nothing.")
        parser.add_argument(
            "--days",
            type=int,
            default=settings.SUPERVISION_REMINDER_DAYS,
            help="Remind of reports and deadlines due within this many days (default %(default)s).",
        )
        parser.add_argument(
            "--escalate-after",
            type=int,
            default=settings.SUPERVISION_ESCALATE_AFTER_DAYS,
            help="Escalate items red (overdue) for this many days to the responsible leader (default %(default)s).",
        )

    def handle(self, *args, **options):
        if options["days"] < 0 or options["escalate_after"] < 1:
            raise CommandError("--days must be 0 or more and --escalate-after 1 or more.")
        run = reminders_send(
            on=options["date"],
            days=options["days"],
            escalate_after=options["escalate_after"],
            dry_run=options["dry_run"],
        )
        verb = "would send" if run.dry_run else "sent"
        for email in run.sent:
            self.stdout.write(f"{verb} {email.kind} to {email.department} <{', '.join(email.to)}>: {email.subject}")
            if run.dry_run and options["verbosity"] >= 2:
                self.stdout.write(email.body)
        for email in run.already_sent:
            self.stdout.write(f"already sent {email.kind} to {email.department} on {run.on}")
        for department, kind in run.no_address:
            self.stderr.write(f"no address for the {kind} of {department}")
        summary = (
            f"{run.on}: {len(run.sent)} {verb}, {len(run.already_sent)} already sent, "
            f"{len(run.no_address)} without address"
        )
        self.stdout.write(self.style.SUCCESS(summary + (" (dry run)" if run.dry_run else "")))
