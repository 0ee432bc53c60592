"""extract(): from the plain text of a report to candidate commitments."""

from __future__ import annotations

import datetime
import re

from . import classify
from .deadlines import IMPLICIT_HINT, find_deadlines, find_milestones, latest
from .departments import suggest_lead
from .models import Candidate, ChapterCandidate, Extraction, MilestoneCandidate
from .numbers import find_figures, find_targets_with_spans, forget
from .structure import layout, sentence_groups
from .textutil import compact

_OPENING_RE = re.compile(r"(?:力争|确保|争取|努力)?")  # what may stand before a deadline that opens a clause


def extract(text: str, *, year: int, departments=None) -> Extraction:
    """Candidate commitments of a report's plan. Never raises: problems become warnings.

    ``departments`` optionally replaces the keyword table of ``departments.DEPARTMENT_KEYWORDS``.
    """
    try:
        return _extract(text, year=year, departments=departments)
    except Exception as exc:  # pragma: no cover - a safety net; the tests call _extract directly
        return Extraction(
            False,
            [],
            [],
            [f"抽取时发生内部错误，未得到结果。 / Internal error while extracting: {type(exc).__name__}: {exc}"],
        )


def _extract(text: str, *, year: int, departments=None) -> Extraction:
    if not isinstance(text, str):
        return Extraction(
            False, [], [], [f"报告文本必须是字符串。 / The report text must be a str, got {type(text).__name__}."]
        )
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        return Extraction(False, [], [], [f"报告年份无效：{year!r}。 / Invalid report year: {year!r}."])
    if not text.strip():
        return Extraction(False, [], [], ["报告文本为空。 / The report text is empty."])

    forget()
    lay = layout(text, year)
    warnings = list(lay.warnings)
    if not lay.plan_found:
        return Extraction(False, [], [], warnings)
    chapters = [ChapterCandidate(n, t) for n, t in lay.chapters]

    candidates: list[Candidate] = []
    section_no: dict[int, int] = {}
    last_epoch: dict[int, int] = {}
    item_no = 0
    for block in lay.blocks:
        for part, before, inherited in _work_items(block.body, year, block.chapter == 0, block.listed):
            if last_epoch.get(block.chapter) != block.section_epoch:
                last_epoch[block.chapter] = block.section_epoch
                section_no[block.chapter] = section_no.get(block.chapter, 0) + 1
                item_no = 0
            item_no += 1
            code = f"{block.chapter}.{section_no[block.chapter]}.{item_no}"
            candidates.append(
                _candidate(code, block.chapter, block.section, part, before, year, departments, inherited)
            )
    if any(c.chapter == 0 for c in candidates):
        chapters.insert(0, ChapterCandidate(0, lay.heading or "总体要求和主要目标"))
        warnings.append(
            "章节之前的总体要求中含有量化目标，已归入第0章（以工作安排标题命名）。 / "
            "Targets stated before the first chapter (e.g. expected growth) are put in chapter 0."
        )
    if lay.plan_found and not candidates:
        warnings.append(
            "找到了工作安排部分，但没有识别出任何承诺。 / The plan part was found but no commitment was recognised."
        )
    return Extraction(True, chapters, candidates, warnings)


def _work_items(body: str, year: int, targets_only: bool = False, listed: bool = False):
    """(text, text of the sentence before it, inherited deadline) of every work item of a block.

    The deadline of an enumeration's lead-in ("今年经济社会发展的主要预期目标是：…；…；…。") covers
    each of its ；-parts that names none of its own, and a deadline opening a comma clause of a part of
    a sentence cut at its comma clauses covers the parts after it.
    """
    for group in sentence_groups(body):
        full = "".join(group)
        if len(group) > 1 and classify.is_past_group(full):
            continue  # "疫情发生以来，…；…；…打响了…。": every ；-part is the past
        inherited = _lead_in_deadline(group[0], year) if len(group) > 1 else None
        for sentence in group:
            found = find_targets_with_spans(sentence, year)
            measurable = bool(found) or _directional(sentence, year)
            if targets_only and not measurable:
                continue
            if not classify.is_work_item(sentence, has_targets=measurable, context=full, listed=listed)[0]:
                continue
            carried = inherited
            for a, b in classify.split_points(sentence, [f.start for f in found]):
                if compact(sentence[a:b]):
                    yield sentence[a:b], sentence[:a], carried
                    carried = _opening_deadline(sentence[a:b], year) or carried


def _opening_deadline(part: str, year: int):
    """The last deadline that opens a comma clause of ``part``: "年内改造老旧小区21个，完成棚户区改造
    190万平方米" dates both; "推动…11个泊位年内建成，…" dates only its own clause."""
    found = None
    for d in find_deadlines(part, year):
        before = part[: d.start]
        clause = before[max(before.rfind(c) for c in "，,；;：:") + 1 :]
        if _OPENING_RE.fullmatch(compact(clause)):
            found = d
    return found


def _lead_in_deadline(first: str, year: int):
    """The deadline written before the colon of an enumeration's lead-in, or None."""
    colon = max(first.find("："), first.find(":"))
    if colon == -1:
        return None
    return latest(find_deadlines(first[:colon], year))


def _directional(sentence: str, year: int) -> bool:
    return any(f.kind == "directional" for f in find_figures(sentence, year))


def _candidate(
    code: str, chapter: int, section: str, text: str, before: str, year: int, departments, inherited=None
) -> Candidate:
    found = find_targets_with_spans(text, year)
    targets = [f.target for f in found]
    milestones_found = find_milestones(text, year, section)
    if not milestones_found and before:
        # a split part: "…开工建设" may refer to an object named earlier in the sentence
        milestones_found = [m for m in find_milestones(before + text, year, section) if m.start >= len(before)]
    milestones: list[MilestoneCandidate] = []
    seen_titles: set[str] = set()
    for m in milestones_found:
        if m.title in seen_titles:
            continue
        seen_titles.add(m.title)
        milestones.append(MilestoneCandidate(m.title, m.date))
    deadlines = find_deadlines(text, year)
    last = latest(deadlines) or inherited
    due: datetime.date | None = last.date if last else None
    hint = last.hint if last else ""
    if due is None and milestones:  # only implicit milestones (通过…复审 in an annual plan)
        due, hint = max(m.due_date for m in milestones), IMPLICIT_HINT

    spans = classify.clauses(text)
    focus_points = [f.start for f in found] + [m.start for m in milestones_found]
    measurable_clauses = [text[a:b] for a, b in spans if any(a <= p < b for p in focus_points)]
    firm = classify.firmness(text, measurable_clauses, bool(targets or milestones))
    kind = classify.kind(bool(targets), bool(milestones))
    subj = classify.subject(text) or classify.subject(before)
    focus = found[0].start if found else (milestones_found[0].start if milestones_found else None)
    title = classify.make_title(text, focus, subj)
    lead = suggest_lead(text, section, departments)
    return Candidate(
        code=code,
        chapter=chapter,
        section=section,
        title=title,
        source_text=text.strip(),
        kind=kind,
        firmness=firm,
        targets=targets,
        due_date=due,
        deadline_hint=hint,
        milestones=milestones,
        suggested_lead=lead,
        figures=find_figures(text, year),
    )
