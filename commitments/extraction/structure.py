"""The layout of a report: paragraphs, the plan heading, chapters, sections and sentences.

Paragraphs: text converted from PDF or Word breaks paragraphs at page ends, sometimes inside a
word ("繁\\n\\n荣"). A line is joined to the next non-blank line unless
- it ends a sentence (。！？；： or such a mark followed by a closing quote), or
- it is a heading (chapter/sub-section/numbered item, the plan heading, or a short line of at most
  ``SHORT_LINE`` characters without sentence punctuation such as "2019 年工作回顾"), or
- the next line is a heading.
A row of a table written in text (cells between "|" or tabs) is a paragraph of its own, so each
row is one sentence; the header (short cells without digits) and the rule under it ("|---|---|")
are no text. Lines are joined without
any separator, so a paragraph with its whitespace removed is a substring
of the report with its whitespace removed. Hard-wrapped text (most lines of one length) is
detected; there a paragraph also ends at a line that is clearly shorter than the wrap width or
before an indented line.

Where the plan starts and which annexes belong to it: ``plan.py``.

Chapters: "一、…" (also "第一部分…") at line start; sub-sections "（一）…"; numbered items
"1．…" / "（1）…". When the plan heading is itself "二、…" the chapters are its "（一）…"
sub-sections. Chapters are numbered 1, 2, 3 … in order (a warning tells when the printed numbers
disagree).

Sections: a sub-section or numbered-item heading, or the lead phrase of a paragraph: its first
sentence ending in "。" when it is short (<= 20 characters without whitespace, at most one comma, no
digits, no ；：). A paragraph without a lead phrase continues the current section.

Text between the plan heading and the first chapter (general requirements, "主要预期目标是：…")
is kept as chapter 0; the extractor takes only its sentences that hold targets.

The plan ends (until the next chapter heading) at a paragraph addressed to the audience
("各位代表！", "同志们"), and for good at an appendix ("附件", "名词解释", "注释") unless the annex
belongs to the year's plan (``plan.annex_title``): then the annex is a chapter, and every numbered
item in it a section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .numerals import parse_chinese_numeral
from .plan import STOP_RE, annex_title, heading_match, is_plan_heading, plan_start
from .textutil import compact

SHORT_LINE = 25
LEAD_MAX = 20

_TERMINAL_RE = re.compile(r"[。！？；：!?;:…][”’」』）)\"]*$")
_CONTINUE_PUNCT_RE = re.compile(r"[，、,（(“‘《「『—\-]$")
_ADDRESS_RE = re.compile(r"^(?:各位代表|同志们|各位委员)")
_TABLE_RULE_RE = re.compile(r"^[|｜:：\-—\s]+$")  # "|---|---|": the rule under a table's header
_SENTENCE_RE = re.compile(r"[^。；！？!?;]+(?:[。；！？!?;]+[”’」』]*)?|[。；！？!?;]+[”’」』]*")


# ----------------------------------------------------------------------------- paragraphs


def _is_heading_line(line: str) -> bool:
    c = compact(line)
    if not c:
        return False
    h = heading_match(c)
    if h and h[0] in (1, 2):
        return True
    if h and h[0] == 3 and len(c) <= 40:
        return True
    if is_plan_heading(c) is not None:
        return True
    return len(c) <= SHORT_LINE and not re.search(r"[，,。；;、]", c) and not _CONTINUE_PUNCT_RE.search(c)


def _wrap_width(lines: list[str]) -> int | None:
    lengths = [len(ln.strip()) for ln in lines if ln.strip()]
    if len(lengths) < 20:
        return None
    counts: dict[int, int] = {}
    for n in lengths:
        counts[n] = counts.get(n, 0) + 1
    width, freq = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
    near = sum(counts.get(w, 0) for w in (width - 1, width, width + 1))
    if width >= 15 and near >= 0.5 * len(lengths):
        return width
    return None


def _may_continue(paragraph: str, last_line: str, width: int | None) -> bool:
    """May the next line continue this paragraph?"""
    if width is not None:  # hard-wrapped text: a full line goes on, a short one ends
        return len(last_line) >= width - 1 or bool(_CONTINUE_PUNCT_RE.search(last_line))
    if _TERMINAL_RE.search(paragraph):
        return False
    if _CONTINUE_PUNCT_RE.search(paragraph):
        return True
    return not (paragraph == last_line and _is_heading_line(paragraph))


def paragraphs(text: str) -> list[str]:
    """Logical paragraphs: lines joined across page breaks (see the module docstring)."""
    raw = text.splitlines()
    width = _wrap_width(raw)
    out: list[str] = []
    last_line = ""
    row_last = False
    for ln in raw:
        line = ln.strip()
        if not line or _TABLE_RULE_RE.match(line) or _is_header_row(line):
            continue
        row = is_table_row(line)
        indented = width is not None and ln[:1].isspace()
        if (
            out
            and not (row or row_last or indented)
            and _may_continue(out[-1], last_line, width)
            and not _is_heading_line(line)
        ):
            out[-1] += line
        else:
            out.append(line)
        last_line, row_last = line, row
    return out


def _is_header_row(line: str) -> bool:
    """A table's header: short cells without digits ("| 序号 | 项目 | 目标 | 完成时限 |")."""
    if not is_table_row(line):
        return False
    cells = [c.strip() for c in re.split(r"[|｜\t]", line) if c.strip()]
    return all(len(c) <= 6 and not re.search(r"[0-9０-９]", c) for c in cells)


def is_table_row(line: str) -> bool:
    """A row of a table written in text: cells between "|" or tabs ("1 | 新建幼儿园 | 5所 | 年底前")."""
    return line.count("|") + line.count("｜") >= 2 or line.count("\t") >= 2


def sentences(body: str) -> list[str]:
    """Sentences split after 。；！？ (the delimiter and a closing quote stay with the sentence)."""
    return [s.strip() for s in _SENTENCE_RE.findall(body) if s.strip()]


def sentence_groups(body: str) -> list[list[str]]:
    """Sentences grouped by full stop: the ；-parts of one 。-sentence share tense and tone."""
    groups: list[list[str]] = []
    current: list[str] = []
    for s in sentences(body):
        current.append(s)
        if not re.search(r"[；;][”’」』]*$", s):
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    return groups


def split_lead(paragraph: str) -> tuple[str, str]:
    """(lead phrase without "。", rest) — lead is '' when the paragraph has none."""
    i = paragraph.find("。")
    if i == -1:
        return "", paragraph
    head = compact(paragraph[:i])
    if (
        2 <= len(head) <= LEAD_MAX
        and head.count("，") + head.count(",") <= 1
        and not re.search(r"[\d０-９；;：:！？!?]", head)
    ):
        if head.startswith("“") and head.endswith("”") and head.count("“") == 1:
            head = head[1:-1]
        return head, paragraph[i + 1 :]
    return "", paragraph


# ----------------------------------------------------------------------------- plan layout


@dataclass
class Block:
    """A run of text under one chapter and section."""

    chapter: int
    section_epoch: int  # changes whenever a new section starts
    section: str
    body: str
    listed: bool = False  # in an annex listing the year's promises


@dataclass
class Layout:
    plan_found: bool
    heading_year: int | None = None
    heading: str = ""
    chapters: list[tuple[int, str]] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def _lead_on_own_line(plan: list[str], k: int) -> bool:
    """A short one-sentence paragraph is a lead phrase on its own line when the next paragraph is
    plain text without a lead of its own."""
    if k + 1 >= len(plan):
        return False
    nxt = plan[k + 1]
    c = compact(nxt)
    if heading_match(c) or _ADDRESS_RE.match(c) or STOP_RE.match(c):
        return False
    lead, body = split_lead(nxt)
    return not lead or not compact(body)


def _split_title(rest: str) -> tuple[str, str]:
    """Heading text -> (title, inline body): "坚持稳中求进。全年…" -> ("坚持稳中求进", "全年…")."""
    i = rest.find("。")
    if i != -1 and rest[i + 1 :].strip():
        return compact(rest[:i]), rest[i + 1 :]
    return compact(rest).rstrip("。：:"), ""


def layout(text: str, year: int) -> Layout:
    paras = paragraphs(text)
    start = plan_start(paras, year)
    if start is None:
        return Layout(
            False,
            warnings=[
                "未找到“工作安排”部分（如“2021年工作安排”“今年重点做好以下…工作”），没有抽取任何承诺。 / "
                'No plan heading (e.g. "2021年工作安排") was found: no commitments were extracted.'
            ],
        )
    plan_idx, heading_year, has_heading = start
    head_text = compact(paras[plan_idx]) if has_heading else f"{year}年工作安排"
    numbered = heading_match(head_text)
    if numbered and numbered[0] in (1, 2):
        head_text = compact(numbered[2])
    out = Layout(True, heading_year=heading_year, heading=head_text.rstrip("：:"))
    if heading_year and heading_year != year:
        out.warnings.append(
            f"工作安排标题的年份（{heading_year}）与报告年份（{year}）不一致。 / "
            f"The plan heading names {heading_year}, the report year is {year}."
        )
    plan = paras[plan_idx + 1 :]
    head = heading_match(compact(paras[plan_idx])) if has_heading else None
    chapter_levels = _chapter_levels(plan, bool(head and head[0] == 1))
    if not chapter_levels:
        out.warnings.append(
            "工作安排部分没有找到“一、”或“（一）”样式的章节标题，全部内容归入第1章。 / "
            "No chapter headings (一、… or （一）…) in the plan: everything is put in chapter 1."
        )
        out.chapters.append((1, out.heading))
    _walk(plan, year, chapter_levels, out)
    return out


def _chapter_levels(plan: list[str], heading_is_l1: bool) -> set[int]:
    """Which numbering level are the chapters?"""
    levels = []
    for p in plan:
        c = compact(p)
        if STOP_RE.match(c):
            break
        h = heading_match(c)
        if h:
            levels.append(h[0])
    if heading_is_l1 and 2 in levels:
        return {1, 2}
    if 1 in levels:
        return {1}
    if 2 in levels:
        return {2}
    return set()


def _walk(plan: list[str], year: int, chapter_levels: set[int], out: Layout) -> None:
    """Chapters, sections and blocks of the plan's paragraphs."""
    chapter = 1 if not chapter_levels else 0
    epoch = 0
    section = ""
    suspended = False
    misnumbered = False
    annex_heading = None  # the title paragraph of an annex that belongs to the plan
    blocks_before = len(out.blocks)
    for k, p in enumerate(plan):
        c = compact(p)
        if not c or c == annex_heading:
            continue
        if STOP_RE.match(c):
            title = annex_title(plan, k, year)
            if title is None:
                break
            chapter += 1
            out.chapters.append((chapter, title[:200]))
            chapter_levels, annex_heading, suspended, section = set(), title, False, ""
            epoch += 1
            blocks_before = len(out.blocks)
            continue
        h = heading_match(p)
        if h and h[0] in chapter_levels:
            chapter += 1
            title, body = _split_title(h[2])
            out.chapters.append((chapter, title[:200]))
            printed = parse_chinese_numeral(h[1]) if h[1] else None
            if printed is not None and printed != chapter and len(chapter_levels) == 1:
                misnumbered = True
            suspended = False
            epoch += 1
            section = ""
            if body.strip():  # "（一）抓项目。全力推动…": the title is the lead, the rest is text
                out.blocks.append(Block(chapter, epoch, section, body))
            continue
        if chapter == 0:
            # general requirements and expected targets before the first chapter: chapter 0
            if not _ADDRESS_RE.match(c) and not heading_match(c) and is_plan_heading(c, year) is None:
                out.blocks.append(Block(0, 0, "", p))
            continue
        if _ADDRESS_RE.match(c):
            suspended = True
            continue
        if suspended:
            continue
        if h and (not chapter_levels or h[0] > max(chapter_levels)):
            rest = h[2]
            lead, body = split_lead(rest)
            if not lead:
                title, body = _split_title(rest)
                if body or len(title) <= 40:
                    lead = title
                else:
                    lead, body = "", rest
            epoch += 1
            section = lead
            if body.strip():
                out.blocks.append(Block(chapter, epoch, section, body))
            continue
        lead, body = split_lead(p)
        if lead and not compact(body) and not _lead_on_own_line(plan, k):
            lead, body = "", p  # a one-sentence paragraph is a work item, not a lead
        if lead:
            epoch += 1
            section = lead
        if body.strip():
            out.blocks.append(Block(chapter, epoch, section, body))
    if annex_heading is not None:
        for block in out.blocks[blocks_before:]:
            block.listed = True
    if misnumbered:
        out.warnings.append(
            "章节序号不连续或不从“一”开始，已按出现顺序重新编号。 / "
            "Chapter numbers in the text are not 1, 2, 3…: chapters were renumbered in order."
        )
