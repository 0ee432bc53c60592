import datetime

from django.core.management.base import BaseCommand, CommandError

from commitments.services.notifications import notifications_send


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = (
        "E-mails each person the notifications not mailed yet (updates submitted, returned, approved; tasks "
        "contested), one e-mail per kind and day. Safe to run often: a kind already mailed today waits for "
        "tomorrow's run."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", type=_date, help="The day the e-mails count for (YYYY-MM-DD); today by default.")
        parser.add_argument("--dry-run", action="store_true", help="Print what would be sent; send and log nothing.")

    def handle(self, *args, **options):
        run = notifications_send(on=options["date"], dry_run=options["dry_run"])
        verb = "would send" if run.dry_run else "sent"
        for batch in run.sent:
            self.stdout.write(f"{verb} {batch.kind} to {batch.recipient} <{batch.recipient.email}>: {batch.subject}")
            if run.dry_run and options["verbosity"] >= 2:
                self.stdout.write(batch.body)
        for batch in run.already_sent:
            self.stdout.write(f"already sent {batch.kind} to {batch.recipient} on {run.on}: next run tomorrow")
        for batch in run.no_address:
            self.stderr.write(f"no address for {batch.recipient} ({batch.kind}): in-app only")
        self.stdout.write(
            f"{run.on}: {len(run.sent)} {verb}, {len(run.already_sent)} held for tomorrow, "
            f"{len(run.no_address)} without address"
        )
