"""The progress bulletin (通报): a Word document the office can send upward as it is.

The masthead (the office, 督查通报, the issue number 第N期, the office and the date over a red rule), then
the overall picture, a table of chapters, a table per chapter, the lagging departments named, the lists of
completed, on-pace, behind-pace and overdue commitments with their lead departments, and the next steps,
all as of one date. Every figure comes
from `report_standing` (that is, `progress_summary` and `evaluate_commitments`); the document is always in
Chinese, whatever the language of the person who downloads it.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Sequence
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from lxml import etree

from .bulletin_ledger import add_ledger_section
from .choices import CommitmentStatus, Rag
from .display import chinese_date
from .display import percent as display_percent
from .models import Commitment, Report
from .selectors import CommitmentLine, Standing, report_standing
from .selectors.figures_cache import queryset_key, remembered
from .selectors.projects import LedgerFigures, ledger_figures, report_ledgers

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# As an office files it (党政机关公文格式, GB/T 9704-2012): A4, its margins, 仿宋 body in 三号, 黑体 and 楷体
# headings, the title in 小标宋 二号, dates written out in Chinese. A machine without these fonts shows its
# own substitutes; the document names the standard ones.
BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE, MASTHEAD_SIZE = 16, 22, 12, 26  # points: 三号, 二号, 小四, 一号
# What a machine without the standard fonts shows instead (the font table's altName, which Word reads), and
# the fonts a reader's system commonly has: 仿宋_GB2312 is on older Windows, 仿宋 on newer ones.
FONT_FALLBACKS = {
    BODY_FONT: "仿宋",
    TITLE_FONT: "宋体",
    HEADING_FONT: "SimHei",
    SUBHEADING_FONT: "楷体",
}
RED = RGBColor(0xC0, 0x00, 0x00)  # the masthead and its rule
CHINESE_NUMERALS = "一二三四五六七八九十"
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
A4_MM = (210, 297)


def percent(value: Decimal | None) -> str:
    return display_percent(value)


def default_issue(report: Report, as_of: datetime.date) -> int:
    """The issue number (期数) when none is given: a bulletin a month, so the month of the as-of date in the
    report's year (12 once the year is over, 1 before it starts)."""
    if as_of.year != report.year:
        return 12 if as_of.year > report.year else 1
    return as_of.month


def bulletin_filename(report: Report, as_of: datetime.date) -> str:
    return f"bulletin-{report.year}-{as_of:%Y%m%d}.docx"


def _set_font(style, name: str, size: int | None = None) -> None:
    style.font.name = name
    # Word picks the East Asian font from its own attribute; without it Chinese falls back to a default.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    style.font.color.rgb = RGBColor(0, 0, 0)  # Word's built-in headings are blue; a filed document is black
    if size:
        style.font.size = Pt(size)


def _font_fallbacks(document) -> None:
    """Names in the document's font table what to show where the standard fonts are missing (w:altName)."""
    part = next(part for part in document.part.package.iter_parts() if part.partname == "/word/fontTable.xml")
    fonts = etree.fromstring(part.blob)
    for name, alternative in FONT_FALLBACKS.items():
        font = etree.SubElement(fonts, qn("w:font"), {qn("w:name"): name})
        etree.SubElement(font, qn("w:altName"), {qn("w:val"): alternative})
        etree.SubElement(font, qn("w:charset"), {qn("w:val"): "86"})  # GB2312
        etree.SubElement(font, qn("w:family"), {qn("w:val"): "modern" if name == BODY_FONT else "auto"})
    part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)


def _run(paragraph, text: str, *, font: str, size: int, colour: RGBColor | None = None, bold: bool = False):
    run = paragraph.add_run(text)
    run.font.name, run.font.size, run.bold = font, Pt(size), bold
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    if colour is not None:
        run.font.color.rgb = colour
    return run


def _masthead(document, *, office: str, issue: int, day: datetime.date) -> None:
    """督查通报 in red 小标宋, 第N期, then the office and the date on one line over a red rule (版头)."""
    name = document.add_paragraph()
    name.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(name, _("Supervision bulletin"), font=TITLE_FONT, size=MASTHEAD_SIZE, colour=RED)
    number = document.add_paragraph()
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(number, _("Issue %(number)s") % {"number": issue}, font=BODY_FONT, size=BODY_SIZE)
    line = document.add_paragraph()
    text_width = Mm(A4_MM[0] - MARGINS_MM["left_margin"] - MARGINS_MM["right_margin"])
    line.paragraph_format.tab_stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _run(line, f"{office}\t{chinese_date(day)}", font=BODY_FONT, size=BODY_SIZE)
    borders = line._p.get_or_add_pPr()
    rule = etree.SubElement(borders, qn("w:pBdr"))
    etree.SubElement(
        rule, qn("w:bottom"), {qn("w:val"): "single", qn("w:sz"): "12", qn("w:space"): "1", qn("w:color"): "C00000"}
    )


def _page(document) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Mm(A4_MM[0]), Mm(A4_MM[1])
    for name, millimetres in MARGINS_MM.items():
        setattr(section, name, Mm(millimetres))


def _table(document, headers: list[str], rows: list[list[str]]):
    table = document.add_table(rows=1, cols=len(headers))
    table.style = document.styles["Bulletin table"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        cell.text = header
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        for cell, value in zip(table.add_row().cells, values, strict=True):
            cell.text = value
    return table


def _line(line: CommitmentLine) -> str:
    return _("%(code)s %(title)s (lead: %(department)s; progress %(progress)s)") % {
        "code": line.code,
        "title": line.title,
        "department": line.lead_department,
        "progress": percent(line.progress),
    }


def bulletin_document(standing: Standing, ledgers: Sequence[LedgerFigures] = (), *, issue: int | None = None):
    """The bulletin as a python-docx Document; its issue number (期数) counted when not given; `ledgers` adds a
    key-project section for each."""
    with translation.override("zh-hans"):
        return _build(standing, ledgers, issue or default_issue(standing.report, standing.as_of))


def _heading(document, number: int, text: str):
    return document.add_heading(f"{CHINESE_NUMERALS[number - 1]}、{text}", level=1)


def _build(standing: Standing, ledgers: Sequence[LedgerFigures], issue: int):
    summary, report = standing.summary, standing.report
    document = Document()
    _page(document)
    _font_fallbacks(document)
    _set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    _set_font(document.styles["Heading 1"], HEADING_FONT, BODY_SIZE)
    _set_font(document.styles["Heading 2"], SUBHEADING_FONT, BODY_SIZE)
    # Tables in 小四, on the grid of Word's "Table Grid".
    table_style = document.styles.add_style("Bulletin table", WD_STYLE_TYPE.TABLE)
    table_style.base_style = document.styles["Table Grid"]
    _set_font(table_style, BODY_FONT, TABLE_SIZE)
    office = _("%(government)s supervision office") % {"government": report.government}
    _masthead(document, office=office, issue=issue, day=standing.as_of)
    title = document.add_heading(_("Progress bulletin: %(report)s") % {"report": report.title}, level=0)
    _set_font(document.styles["Title"], TITLE_FONT, TITLE_SIZE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated = document.add_paragraph(_("As of %(date)s") % {"date": chinese_date(standing.as_of)})
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER

    by_status, by_rag = summary.by_status, summary.by_rag
    _heading(document, 1, _("Headline figures"))
    document.add_paragraph(
        _(
            "Of the %(count)s commitments of the report, %(completed)s are completed, %(in_progress)s in progress, "
            "%(not_started)s not started and %(cancelled)s cancelled; mean progress is %(mean)s, and "
            "%(overdue)s are overdue."
        )
        % {
            "count": summary.count,
            "completed": by_status.get(CommitmentStatus.COMPLETED, 0),
            "in_progress": by_status.get(CommitmentStatus.IN_PROGRESS, 0),
            "not_started": by_status.get(CommitmentStatus.NOT_STARTED, 0),
            "cancelled": by_status.get(CommitmentStatus.CANCELLED, 0),
            "mean": percent(summary.mean_progress),
            "overdue": summary.overdue,
        }
    )
    figures = [
        [_("Number of commitments"), str(summary.count)],
        # Status and RAG share some words (已完成), so each row names its scale.
        *[[_("Status: %(label)s") % {"label": name}, str(by_status.get(v, 0))] for v, name in CommitmentStatus.choices],
        *[[_("RAG: %(label)s") % {"label": name}, str(by_rag.get(v, 0))] for v, name in Rag.choices],
        [_("Mean progress"), percent(summary.mean_progress)],
        [_("Overdue"), str(summary.overdue)],
    ]
    _table(document, [_("Figure"), _("Value")], figures)
    for ledger in ledgers:
        add_ledger_section(document, ledger, _table)

    _heading(document, 2, _("By chapter"))
    _table(
        document,
        [_("Chapter"), _("Number of commitments"), _("Completed"), _("Mean progress"), _("Overdue")],
        [
            [
                group.label,
                str(group.count),
                str(group.by_status.get(CommitmentStatus.COMPLETED, 0)),
                percent(group.mean_progress),
                str(group.overdue),
            ]
            for group in summary.by_chapter
        ],
    )
    for chapter in standing.chapters:
        document.add_heading(str(chapter), level=2)
        _table(
            document,
            [_("Code"), _("Commitment"), _("Lead department"), _("Progress"), _("Status"), _("RAG")],
            [
                [
                    line.code,
                    line.title,
                    line.lead_department,
                    percent(line.progress),
                    str(CommitmentStatus(line.status).label),
                    str(Rag(line.rag).label) if line.rag else "—",
                ]
                for line in standing.chapter_lines(chapter)
            ],
        )

    _heading(document, 3, _("Departments lagging behind"))
    lagging = standing.lagging_departments
    document.add_paragraph(_lagging_sentence(lagging) if lagging else _("No lead department is behind or overdue."))

    _heading(document, 4, _("The commitments by standing"))
    for part, (heading, lines) in enumerate(
        [
            (_("Completed commitments (%(count)s)"), standing.completed),
            (_("Commitments on pace (%(count)s)"), standing.on_pace),
            (_("Commitments behind pace (%(count)s)"), standing.behind),
            (_("Overdue commitments (%(count)s)"), standing.overdue),
        ]
    ):
        document.add_heading(f"（{CHINESE_NUMERALS[part]}）" + heading % {"count": len(lines)}, level=2)
        for number, line in enumerate(lines, start=1):  # numbered by hand: Word's list numbering runs on
            document.add_paragraph(f"{number}. {_line(line)}")
        if not lines:
            document.add_paragraph(_("None."))

    _heading(document, 5, _("Next steps"))
    for number, step in enumerate(_next_steps(standing, lagging), start=1):
        document.add_paragraph(f"（{CHINESE_NUMERALS[number - 1]}）{step}")
    return document


def _lagging_sentence(lagging) -> str:
    def counts(department) -> str:
        parts = [_("%(count)s overdue") % {"count": department.overdue}] if department.overdue else []
        parts += [_("%(count)s behind") % {"count": department.behind}] if department.behind else []
        return "、".join(parts)

    named = "、".join(
        _("%(department)s (%(counts)s)") % {"department": department.name, "counts": counts(department)}
        for department in lagging
    )
    return _("Commitments led by these departments are overdue or behind pace: %(departments)s.") % {
        "departments": named
    }


def _next_steps(standing: Standing, lagging) -> list[str]:
    """What the office asks next, from the standing: the lagging named, the overdue followed up."""
    steps = []
    if lagging:
        named = "、".join(department.name for department in lagging[:10])
        if len(lagging) > 10:
            named += _(" (and %(count)s more departments)") % {"count": len(lagging) - 10}
        steps.append(
            _(
                "%(departments)s: find out why against the expected progress, set measures to catch up and report "
                "them to the supervision office."
            )
            % {"departments": named}
        )
    if standing.overdue:
        steps.append(
            _(
                "The %(count)s overdue commitments are followed up by the supervision office until done; their "
                "lead departments report their progress every month."
            )
            % {"count": len(standing.overdue)}
        )
    steps.append(
        _(
            "Every lead department reports its progress by the due day of each reporting period; the supervision "
            "office reviews the reports and publishes the next bulletin."
        )
    )
    return steps


def bulletin_docx(standing: Standing, ledgers: Sequence[LedgerFigures] = (), *, issue: int | None = None) -> bytes:
    """The bulletin as the bytes of a .docx file."""
    buffer = io.BytesIO()
    bulletin_document(standing, ledgers, issue=issue).save(buffer)
    return buffer.getvalue()


def remembered_bulletin(
    *, report: Report, as_of: datetime.date, queryset: QuerySet[Commitment], issue: int | None = None
) -> bytes:
    """bulletin_docx of the report's standing on the date over the scope, remembered per figure generation
    (selectors/figures_cache.py, which the tracking service retires after every change that commits).
    python-docx spent about 0.5 s building a bulletin, whatever the data size, on every download. The key
    names what the document shows besides the tracked figures (the report's title and year; the scope, as
    its statement); the document is always in Chinese, whoever downloads it."""
    key = ("bulletin", report.pk, report.title, report.year, report.government, as_of, queryset_key(queryset), issue)
    key += (timezone.localdate(),)

    def build() -> bytes:
        standing = report_standing(report=report, as_of=as_of, queryset=queryset)
        ledgers = [ledger_figures(ledger, on=as_of) for ledger in report_ledgers(report, queryset)]
        return bulletin_docx(standing, ledgers, issue=issue)

    return remembered(key, build)
