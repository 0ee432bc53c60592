"""The progress bulletin (通报): a Word document the office can send upward as it is.

Headline figures, a table of chapters, a table per chapter and the lists of completed, on-pace,
behind-pace and overdue commitments with their lead departments, all as of one date. Every figure comes
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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from .bulletin_ledger import add_ledger_section
from .choices import CommitmentStatus, Rag
from .models import Commitment, Report
from .selectors import CommitmentLine, Standing, format_number, report_standing
from .selectors.figures_cache import remembered
from .selectors.projects import LedgerFigures, ledger_figures, report_ledgers

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
# As an office files it (党政机关公文格式, GB/T 9704-2012): A4, its margins, 仿宋 body in 三号, 黑体 and 楷体
# headings, the title in 小标宋 二号, dates written out in Chinese. A machine without these fonts shows its
# own substitutes; the document names the standard ones.
BODY_FONT, TITLE_FONT, HEADING_FONT, SUBHEADING_FONT = "仿宋_GB2312", "方正小标宋简体", "黑体", "楷体_GB2312"
BODY_SIZE, TITLE_SIZE, TABLE_SIZE = 16, 22, 12  # points: 三号, 二号, 小四
MARGINS_MM = {"top_margin": 37, "bottom_margin": 35, "left_margin": 28, "right_margin": 26}
A4_MM = (210, 297)


def chinese_date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def percent(value: Decimal | None) -> str:
    return "—" if value is None else f"{format_number(value.normalize())}%"


def bulletin_filename(report: Report, as_of: datetime.date) -> str:
    return f"bulletin-{report.year}-{as_of:%Y%m%d}.docx"


def _set_font(style, name: str, size: int | None = None) -> None:
    style.font.name = name
    # Word picks the East Asian font from its own attribute; without it Chinese falls back to a default.
    style.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    style.font.color.rgb = RGBColor(0, 0, 0)  # Word's built-in headings are blue; a filed document is black
    if size:
        style.font.size = Pt(size)


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


def bulletin_document(standing: Standing, ledgers: Sequence[LedgerFigures] = ()):
    """The bulletin as a python-docx Document; `ledgers` adds a key-project section for each."""
    with translation.override("zh-hans"):
        return _build(standing, ledgers)


def _build(standing: Standing, ledgers: Sequence[LedgerFigures] = ()):
    summary, report = standing.summary, standing.report
    document = Document()
    _page(document)
    _set_font(document.styles["Normal"], BODY_FONT, BODY_SIZE)
    _set_font(document.styles["Heading 1"], HEADING_FONT, BODY_SIZE)
    _set_font(document.styles["Heading 2"], SUBHEADING_FONT, BODY_SIZE)
    # Tables in 小四, on the grid of Word's "Table Grid".
    table_style = document.styles.add_style("Bulletin table", WD_STYLE_TYPE.TABLE)
    table_style.base_style = document.styles["Table Grid"]
    _set_font(table_style, BODY_FONT, TABLE_SIZE)
    title = document.add_heading(_("Progress bulletin: %(report)s") % {"report": report.title}, level=0)
    _set_font(document.styles["Title"], TITLE_FONT, TITLE_SIZE)
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    dated = document.add_paragraph(_("As of %(date)s") % {"date": chinese_date(standing.as_of)})
    dated.alignment = WD_ALIGN_PARAGRAPH.CENTER

    by_status, by_rag = summary.by_status, summary.by_rag
    document.add_heading(_("Headline figures"), level=1)
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

    document.add_heading(_("By chapter"), level=1)
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

    for heading, lines in [
        (_("Completed commitments (%(count)s)"), standing.completed),
        (_("Commitments on pace (%(count)s)"), standing.on_pace),
        (_("Commitments behind pace (%(count)s)"), standing.behind),
        (_("Overdue commitments (%(count)s)"), standing.overdue),
    ]:
        document.add_heading(heading % {"count": len(lines)}, level=1)
        for number, line in enumerate(lines, start=1):  # numbered by hand: Word's list numbering runs on
            document.add_paragraph(f"{number}. {_line(line)}")
        if not lines:
            document.add_paragraph(_("None."))
    return document


def bulletin_docx(standing: Standing, ledgers: Sequence[LedgerFigures] = ()) -> bytes:
    """The bulletin as the bytes of a .docx file."""
    buffer = io.BytesIO()
    bulletin_document(standing, ledgers).save(buffer)
    return buffer.getvalue()


def remembered_bulletin(*, report: Report, as_of: datetime.date, queryset: QuerySet[Commitment]) -> bytes:
    """bulletin_docx of the report's standing on the date over the scope, remembered per figure generation
    (selectors/figures_cache.py, which the tracking service retires after every change that commits).
    python-docx spent about 0.5 s building a bulletin, whatever the data size, on every download. The key
    names what the document shows besides the tracked figures (the report's title and year; the scope, as
    its statement); the document is always in Chinese, whoever downloads it."""
    sql, params = queryset.order_by().values("pk").query.sql_with_params()
    key = ("bulletin", report.pk, report.title, report.year, as_of, sql, tuple(params), timezone.localdate())

    def build() -> bytes:
        standing = report_standing(report=report, as_of=as_of, queryset=queryset)
        ledgers = [ledger_figures(ledger, on=as_of) for ledger in report_ledgers(report, queryset)]
        return bulletin_docx(standing, ledgers)

    return remembered(key, build)
