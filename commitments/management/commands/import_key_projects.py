from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from commitments.key_project_examples import example_reports_create
from commitments.key_project_import import TaskTableError, key_project_import
from commitments.models import Commitment, KeyProject, Report, Target
from commitments.permissions import can_review_updates
from commitments.services.projects import COUNT_METRIC


def find_report(text: str) -> Report:
    """A report by id, or by GOVERNMENT:YEAR (its natural key, which a Makefile can name)."""
    try:
        if ":" in text:
            government, year = text.rsplit(":", 1)
            return Report.objects.get(government=government, year=int(year))
        return Report.objects.get(pk=int(text))
    except (Report.DoesNotExist, ValueError):
        raise CommandError(f"No report {text!r} (give its id, or GOVERNMENT:YEAR).") from None


def find_ledger(report: Report, code: str | None) -> Commitment:
    """The ledger commitment: by code, else the report's only ledger, else its only commitment with a
    重点项目数 target."""
    if code:
        ledger = Commitment.objects.filter(report=report, code=code).first()
        if ledger is None:
            raise CommandError(f"The report has no commitment {code!r}.")
        return ledger
    ledgers = set(KeyProject.objects.filter(ledger__report=report).values_list("ledger_id", flat=True))
    if not ledgers:
        ledgers = set(
            Target.objects.filter(commitment__report=report, metric=COUNT_METRIC).values_list(
                "commitment_id", flat=True
            )
        )
    if len(ledgers) != 1:
        raise CommandError("Cannot tell which commitment holds the ledger: name it with --ledger CODE.")
    return Commitment.objects.get(pk=ledgers.pop())


class Command(BaseCommand):
    help = (
        "Imports a key-project plan (.xlsx: 序号, 项目名称, 建设内容, 总投资, 年度计划投资, 责任单位, 挂点区领导, "
        "项目类别, 计划开工时间, 计划竣工时间, 是否预备) into a report's ledger commitment, as --user (a member of "
        "the supervision office). All or nothing; --dry-run lists every row's problems and writes nothing. "
        "--example marks every row 示例 and adds approved example monthly reports (the demo)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--report", required=True, help="the report's id, or GOVERNMENT:YEAR")
        parser.add_argument("--ledger", metavar="CODE", help="the ledger commitment's code (e.g. 2.3.1)")
        parser.add_argument("--user", required=True, metavar="USERNAME", help="who imports: a supervisor")
        parser.add_argument("--dry-run", action="store_true", help="check only; write nothing")
        parser.add_argument(
            "--example", action="store_true", help="mark every row 示例 and add example monthly reports (demo only)"
        )

    def handle(
        self, *args, file: Path, report: str, ledger: str | None, user: str, dry_run: bool, example: bool, **options
    ):
        User = get_user_model()
        importer = User.objects.filter(**{User.USERNAME_FIELD: user}).first()
        if importer is None:
            raise CommandError(f"No user named {user!r}.")
        target = find_ledger(find_report(report), ledger)
        try:
            with file.open("rb") as handle:
                result = key_project_import(user=importer, ledger=target, file=handle, dry_run=dry_run, example=example)
        except PermissionDenied:
            raise CommandError(f"User {user!r} may not keep the key-project ledger. Nothing was imported.") from None
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        except TaskTableError as exc:
            raise CommandError(f"{file}: {exc}") from None
        if not result.ok:
            lines = result.problem_lines()
            for line in lines:
                self.stderr.write(line)
            raise CommandError(f"{len(lines)} problem(s) found, the first: {lines[0]}; nothing was imported.")
        counts = f"{len(result.created)} new, {len(result.updated)} changed"
        if dry_run:
            self.stdout.write(f"Dry run: {len(result.rows)} rows are valid ({counts}). Nothing was written.")
            return
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {len(result.rows)} projects into {target.code} as {user}: {counts}, "
                f"{len(result.unchanged)} unchanged."
            )
        )
        if result.new_leaders:
            self.stdout.write("New following leaders: " + "、".join(result.new_leaders))
        if example:
            self._example_reports(target, importer)

    def _example_reports(self, ledger: Commitment, importer) -> None:
        approver = next(
            (
                user
                for user in get_user_model().objects.filter(is_active=True).exclude(pk=importer.pk).order_by("pk")
                if can_review_updates(user)
            ),
            None,
        )
        if approver is None:
            self.stdout.write("No second office member to approve the example reports: none added.")
            return
        count = example_reports_create(ledger=ledger, writer=importer, approver=approver)
        self.stdout.write(f"Example monthly reports approved: {count}.")
