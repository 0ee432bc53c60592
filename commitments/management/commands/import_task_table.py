from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.models import Report
from commitments.task_table_import import TaskTableError, task_table_import


class Command(BaseCommand):
    help = (
        "Imports a task decomposition table (.xlsx: 序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限) "
        "into a report. --dry-run lists every row's problems and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", type=int, required=True, help="the report's id")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, file: Path, report: int, dry_run: bool, **options):
        try:
            target_report = Report.objects.get(pk=report)
        except Report.DoesNotExist:
            raise CommandError(f"No report with id {report}.") from None
        try:
            with file.open("rb") as handle:
                result = task_table_import(report=target_report, file=handle, dry_run=dry_run)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except TaskTableError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if not result.ok:
            for line in result.problem_lines():
                self.stderr.write(line)
            raise CommandError(f"{len(result.problems)} problem(s) found; nothing was imported.")
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(result.rows)} rows are valid "
                f"({len(result.created)} new, {len(result.updated)} existing). Nothing was written."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.rows)} rows: {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )
