from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from commitments.models import Report
from commitments.task_table_import import TaskTableError, task_table_import


class Command(BaseCommand):
    help = (
        "Imports a task decomposition table (.xlsx: 序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限) "
        "into a report, as --user (a member of the supervision office, who the history names). "
        "--dry-run lists every row's problems and writes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", type=int, required=True, help="the report's id")
        parser.add_argument(
            "--user",
            required=True,
            metavar="USERNAME",
            help="who imports: a supervisor (or superuser); the commitments' history is attributed to them",
        )
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")

    def handle(self, *args, file: Path, report: int, user: str, dry_run: bool, **options):
        User = get_user_model()
        try:
            importer = User.objects.get(**{User.USERNAME_FIELD: user})
        except User.DoesNotExist:
            raise CommandError(f"No user named {user!r}.") from None
        try:
            target_report = Report.objects.get(pk=report)
        except Report.DoesNotExist:
            raise CommandError(f"No report with id {report}.") from None
        try:
            with file.open("rb") as handle:
                result = task_table_import(user=importer, report=target_report, file=handle, dry_run=dry_run)
        except PermissionDenied:
            raise CommandError(
                f"User {user!r} may not import task tables: only the supervision office (supervisors and "
                "superusers) changes commitments. Nothing was imported."
            ) from None
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except TaskTableError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if not result.ok:
            lines = result.problem_lines()
            for line in lines:
                self.stderr.write(line)
            raise CommandError(f"{len(lines)} problem(s) found, the first: {lines[0]}; nothing was imported.")
        if dry_run:
            self.stdout.write(
                f"Dry run: {len(result.rows)} rows are valid "
                f"({len(result.created)} new, {len(result.updated)} existing). Nothing was written."
            )
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.rows)} rows as {user}: {len(result.created)} created, "
                f"{len(result.updated)} updated, {len(result.unchanged)} unchanged."
            )
        )
