"""From a new report's text to its commitments: the draft fixture and the one-step import.

The extractor (commitments.extraction) knows nothing of the database; this module matches its suggested
lead departments to the departments on file and writes what a person chose.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from . import services
from .choices import CommitmentKind, SourceKind
from .extraction import Candidate, Extraction, to_fixture
from .models import Chapter, Commitment, Department, Milestone, Report, Target
from .permissions import can_manage_commitments


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
            notes.extend(f"{fields['code']}: {_FIGURE_NOTES[f.kind]}: {f.text}" for f in candidate.figures)
            fields.pop("status", None)
            fields.pop("progress", None)
    return objects, notes


# Figures the extractor kept as information, named for the reviewer (see extraction/nontargets.py).
_FIGURE_NOTES = {
    "capacity": "capacity, not a target",
    "total": "total of a pool of projects, not a target",
    "multi-year": "multi-year figure, not this year's target",
    "past": "past result, not a target",
    "sub-count": "part of a total already counted",
    "directional": "directional target without a number",
}


@dataclass(frozen=True)
class ChosenCandidate:
    candidate: Candidate
    title: str
    lead_department: Department


def report_create_from_candidates(
    *,
    user,
    government: str,
    year: int,
    title: str,
    text: str,
    extraction: Extraction,
    chosen: list[ChosenCandidate],
) -> Report:
    """Creates an unpublished report with the chosen candidates as commitments, all or nothing, as `user`
    and through the services (reference_save, commitment_create, target_save, milestone_save): the office
    only (PermissionDenied otherwise), with their validation and the history attributed to the user."""
    if not can_manage_commitments(user):
        raise PermissionDenied(_("Only the supervision office changes commitments."))
    if not chosen:
        raise ValidationError({"chosen": "请至少选择一项任务。"})
    if Report.objects.filter(government=government, year=year, kind=SourceKind.WORK_REPORT).exists():
        raise ValidationError({"year": f"{government}已有{year}年的报告。"})
    # One transaction.atomic block; the new commitments' stored figures are derived once, at its end, not
    # after every commitment, target and milestone (see refresh_deferred).
    with services.refresh_deferred(user=user):
        report = services.reference_save(
            user=user,
            instance=Report(government=government, year=year, title=title, source_text=text, published=False),
        )
        used_chapters = {item.candidate.chapter for item in chosen}
        chapters = {}
        for chapter in extraction.chapters:
            if chapter.number in used_chapters:
                chapters[chapter.number] = services.reference_save(
                    user=user, instance=Chapter(report=report, number=chapter.number, title=chapter.title[:200])
                )
        for number in used_chapters - chapters.keys():  # e.g. chapter 0: targets stated before chapter one
            chapters[number] = services.reference_save(
                user=user, instance=Chapter(report=report, number=number, title="主要目标")
            )
        start = datetime.date(year, 1, 1)
        for item in sorted(chosen, key=lambda i: [int(part) for part in i.candidate.code.split(".")]):
            try:
                _commitment_from_candidate(user=user, report=report, chapters=chapters, item=item, start=start)
            except ValidationError as exc:
                # Name the candidate: the page lists many, and this one passed the page's own checks.
                raise ValidationError(f"{item.candidate.code}：{'；'.join(exc.messages)}") from exc
    return report


def _commitment_from_candidate(
    *, user, report: Report, chapters: dict[int, Chapter], item: ChosenCandidate, start: datetime.date
) -> Commitment:
    candidate = item.candidate
    due = candidate.due_date or datetime.date(report.year, 12, 31)
    commitment = services.commitment_create(
        user=user,
        data={
            "report": report,
            "chapter": chapters[candidate.chapter],
            "code": candidate.code,
            "section": candidate.section[:100],
            "title": item.title[:200],
            "source_text": candidate.source_text,
            "kind": candidate.kind if candidate.kind in CommitmentKind.values else CommitmentKind.ONGOING,
            "firmness": candidate.firmness,
            "lead_department": item.lead_department,
            "start_date": min(start, due),
            "due_date": due,
            # The figures the extractor set apart as information (a capacity, a pool's total …), verbatim:
            # kept on the commitment, never as targets (docs/rules.md, "Information figures").
            "note": "；".join(figure.text for figure in candidate.figures),
        },
    )
    for target in candidate.targets:
        services.target_save(
            user=user,
            target=Target(
                commitment=commitment,
                metric=target.metric[:100],
                unit=target.unit,
                comparator=target.comparator,
                target_value=target.value,
                baseline_value=target.baseline,
            ),
        )
    titles: set[str] = set()
    for milestone in candidate.milestones:
        title = milestone.title[:200]
        if title not in titles:  # the extractor may find one milestone twice: the first one counts
            titles.add(title)
            services.milestone_save(
                user=user, milestone=Milestone(commitment=commitment, title=title, due_date=milestone.due_date)
            )
    return commitment
