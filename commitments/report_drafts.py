"""From a new report's text to its commitments: the draft fixture and the one-step import.

The extractor (commitments.extraction) knows nothing of the database; this module matches its suggested
lead departments to the departments on file and writes what a person chose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from .choices import CommitmentKind
from .extraction import Candidate, Extraction, to_fixture
from .models import Chapter, Commitment, Department, Milestone, Report, Target
from .services import recompute_all


def department_for_suggestion(suggestion: str, departments: Iterable[Department]) -> Department | None:
    """The department a suggestion such as "区发展和改革局" names: by full or short name, or by the name
    without its district prefix ("江城区发展和改革局"). None when nothing or more than one matches."""
    if not suggestion:
        return None
    departments = list(departments)
    for department in departments:
        if suggestion in (department.name, department.short_name):
            return department
    core = suggestion.removeprefix("区")
    matches = [d for d in departments if d.name.endswith(core) or d.short_name.endswith(core)]
    return matches[0] if len(matches) == 1 else None


def draft_fixture(
    extraction: Extraction,
    *,
    government: str,
    year: int,
    title: str,
    text: str,
    default_lead: Department | None = None,
) -> tuple[list[dict], list[str]]:
    """A loadable draft fixture and the notes a reviewer must read (candidates with no lead, …)."""
    objects = to_fixture(extraction, government=government, year=year, title=title, report_text=text)
    departments = list(Department.objects.all())
    by_code = {candidate.code: candidate for candidate in extraction.candidates}
    notes = list(extraction.warnings)
    for obj in objects:
        fields = obj["fields"]
        if obj["model"] == "commitments.report":
            fields["published"] = False
        elif obj["model"] == "commitments.commitment":
            candidate = by_code[fields["code"]]
            lead = department_for_suggestion(candidate.suggested_lead, departments) or default_lead
            fields["lead_department"] = [lead.name] if lead else None
            if lead is None:
                notes.append(f"{fields['code']}: no lead department (suggested: {candidate.suggested_lead or '-'})")
            if not fields.get("due_date"):
                fields["due_date"] = f"{year}-12-31"
            fields.pop("status", None)
            fields.pop("progress", None)
    return objects, notes


@dataclass(frozen=True)
class ChosenCandidate:
    candidate: Candidate
    title: str
    lead_department: Department


@transaction.atomic
def report_create_from_candidates(
    *, government: str, year: int, title: str, text: str, extraction: Extraction, chosen: list[ChosenCandidate]
) -> Report:
    """Creates an unpublished report with the chosen candidates as commitments, all or nothing."""
    if not chosen:
        raise ValidationError({"chosen": "请至少选择一项任务。"})
    if Report.objects.filter(government=government, year=year).exists():
        raise ValidationError({"year": f"{government}已有{year}年的报告。"})
    report = Report(government=government, year=year, title=title, source_text=text, published=False)
    report.full_clean()
    report.save()
    used_chapters = {item.candidate.chapter for item in chosen}
    chapters = {}
    for chapter in extraction.chapters:
        if chapter.number in used_chapters:
            chapters[chapter.number] = Chapter.objects.create(
                report=report, number=chapter.number, title=chapter.title[:200]
            )
    for number in used_chapters - chapters.keys():  # e.g. chapter 0: targets stated before chapter one
        chapters[number] = Chapter.objects.create(report=report, number=number, title="主要目标")
    start = datetime.date(year, 1, 1)
    for item in sorted(chosen, key=lambda i: [int(part) for part in i.candidate.code.split(".")]):
        candidate = item.candidate
        due = candidate.due_date or datetime.date(year, 12, 31)
        commitment = Commitment(
            report=report,
            chapter=chapters[candidate.chapter],
            code=candidate.code,
            section=candidate.section[:100],
            title=item.title[:200],
            source_text=candidate.source_text,
            kind=candidate.kind if candidate.kind in CommitmentKind.values else CommitmentKind.ONGOING,
            firmness=candidate.firmness,
            lead_department=item.lead_department,
            start_date=min(start, due),
            due_date=due,
        )
        commitment.full_clean()
        commitment.save()
        for target in candidate.targets:
            Target.objects.create(
                commitment=commitment,
                metric=target.metric[:100],
                unit=target.unit,
                comparator=target.comparator,
                target_value=target.value,
            )
        for milestone in candidate.milestones:
            Milestone.objects.get_or_create(
                commitment=commitment, title=milestone.title[:200], defaults={"due_date": milestone.due_date}
            )
    recompute_all(report=report)  # the stored progress, status and RAG of the new commitments
    return report
