import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from commitments.extraction import ExtractionError, extract, read_report_text
from commitments.models import Department
from commitments.report_drafts import draft_fixture


class Command(BaseCommand):
    help = (
        "Reads a work report's plain text (UTF-8 or GB18030) and writes a draft fixture of candidate "
        "commitments (report, chapters, commitments, targets, milestones) for review before loaddata."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="the report as plain text")
        parser.add_argument("--year", type=int, required=True, help="the plan's year, e.g. 2021")
        parser.add_argument("--government", default="", help="e.g. 阳江市江城区人民政府")
        parser.add_argument("--title", default="", help="the report's title (default: <year>年政府工作报告)")
        parser.add_argument("--out", type=Path, help="write the draft here (default: standard output)")
        parser.add_argument("--default-lead", default="", help="department name for candidates with no match")

    def handle(self, *args, file: Path, year: int, government: str, title: str, out, default_lead: str, **kw):
        if not 1949 <= year <= 2100:
            raise CommandError(f"--year {year} is not a plausible report year.")
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from None
        try:
            text = read_report_text(data)
        except ExtractionError as exc:
            raise CommandError(f"{file}: {exc}") from None
        lead = None
        if default_lead:
            lead = Department.objects.filter(name=default_lead).first()
            if lead is None:
                raise CommandError(f"--default-lead: no department named {default_lead!r}.")
        extraction = extract(text, year=year)
        if not extraction.plan_found:
            raise CommandError(f"{file}: " + ("; ".join(extraction.warnings) or "no plan part found."))
        objects, notes = draft_fixture(
            extraction,
            government=government or "（请填写政府名称）",
            year=year,
            title=title or f"{year}年政府工作报告",
            text=text,
            default_lead=lead,
        )
        payload = json.dumps(objects, ensure_ascii=False, indent=1) + "\n"
        if out:
            try:
                out.write_text(payload, encoding="utf-8")
            except OSError as exc:
                raise CommandError(f"Cannot write {out}: {exc.strerror or exc}") from None
        else:
            sys.stdout.write(payload)
        targets = sum(len(c.targets) for c in extraction.candidates)
        milestones = sum(len(c.milestones) for c in extraction.candidates)
        summary = (
            f"{len(extraction.chapters)} chapters, {len(extraction.candidates)} candidate commitments, "
            f"{targets} targets, {milestones} milestones" + (f"; draft written to {out}" if out else "")
        )
        self.stderr.write(summary)
        for note in notes:
            self.stderr.write(f"  note: {note}")
