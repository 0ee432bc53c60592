from django.core.management.base import BaseCommand, CommandError

from commitments.models import Report
from commitments.services import recompute_all


class Command(BaseCommand):
    help = (
        "Rebuilds every commitment's stored progress, status and RAG (and targets' current values, milestones' "
        "completion dates) from the approved update history, and reports each drift it fixed. Run it daily: "
        "RAG moves with the calendar."
    )

    def add_arguments(self, parser):
        parser.add_argument("--report", type=int, metavar="ID", help="Only the commitments of this report.")
        parser.add_argument("--dry-run", action="store_true", help="Report the drift without fixing it.")

    def handle(self, *args, report=None, dry_run=False, verbosity=1, **options):
        scope = None
        if report is not None:
            scope = Report.objects.filter(pk=report).first()
            if scope is None:
                raise CommandError(f"There is no report with id {report}.")
        drifts = recompute_all(report=scope, dry_run=dry_run)
        if verbosity < 1:
            return
        for drift in drifts:
            self.stdout.write(f"  {drift}")
        verb = "would fix" if dry_run else "fixed"
        style = self.style.WARNING if drifts else self.style.SUCCESS
        self.stdout.write(style(f"{len(drifts)} commitment(s) drifted; {verb} {len(drifts)}."))
