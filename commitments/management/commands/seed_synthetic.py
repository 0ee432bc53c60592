import time

from django.core.management.base import BaseCommand, CommandError

from commitments.synthetic import seed_synthetic, vacuum_seeded_tables


class Command(BaseCommand):
    help = (
        "Fills the database with realistic synthetic reports, commitments and progress updates for "
        "benchmarks (COPY on PostgreSQL, bulk inserts elsewhere). Deterministic for a given --seed."
    )

    def add_arguments(self, parser):
        parser.add_argument("--reports", type=int, default=300)
        parser.add_argument("--commitments", type=int, default=100_000)
        parser.add_argument("--updates", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, reports: int, commitments: int, updates: int, seed: int, **options):
        if reports < 1 or commitments < reports or updates < 0:
            raise CommandError("Need at least one report, at least one commitment per report, and updates >= 0.")
        started = time.perf_counter()
        try:
            counts = seed_synthetic(
                reports=reports,
                commitments=commitments,
                updates=updates,
                seed=seed,
                progress=lambda message: self.stderr.write(f"  {message}"),
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        elapsed = time.perf_counter() - started
        vacuum_started = time.perf_counter()
        if vacuum_seeded_tables():
            self.stderr.write(f"  vacuumed and analysed in {time.perf_counter() - vacuum_started:.1f} s")
        self.stdout.write(
            self.style.SUCCESS(
                f"Seeded {counts.reports} reports, {counts.departments} departments, {counts.commitments} "
                f"commitments, {counts.targets} targets, {counts.milestones} milestones, {counts.updates} "
                f"updates in {elapsed:.1f} s"
            )
        )
