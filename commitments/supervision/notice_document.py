"""The 督办单 as an A4 Word document in the official layout of GB/T 9704-2012 (党政机关公文格式):

- A4 (210 × 297 mm); margins top 37 mm, bottom 35 mm, left 28 mm, right 26 mm;
- the issuing office's mark in red 方正小标宋简体 over the 文号 and a red rule;
- the title in 方正小标宋简体 二号 (22 pt), the body in 仿宋_GB2312 三号 (16 pt), first lines indented two
  characters; where those fonts are not installed Word falls back to 仿宋 / 宋体 (named in the font table);
- the addressee (主送机关), the task and its source text, the deadline in force (with the extension, if any),
  the required actions, the reply deadline, and the issuing office with the date in Chinese.
"""

from __future__ import annotations

import datetime
import io
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt, RGBColor

from ..models import SupervisionNotice

TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
# Installed on most machines that lack the GB fonts; Word reads w:altName when the named font is missing.
FALLBACKS = {TITLE_FONT: "宋体", BODY_FONT: "仿宋"}
LATIN_FONT = "Times New Roman"
RED = RGBColor(0xC0, 0x00, 0x00)
TITLE_SIZE, BODY_SIZE = Pt(22), Pt(16)
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def chinese_date(day: datetime.date) -> str:
    """2020年12月3日: the form GB/T 9704-2012 prescribes for the date of issue (Arabic numerals, no zeros)."""
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run, name: str, size, *, bold: bool = False, colour: RGBColor | None = None) -> None:
    run.font.size, run.font.bold = size, bold
    run.font.name = LATIN_FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if colour is not None:
        run.font.color.rgb = colour


def _paragraph(document, text: str, *, font=BODY_FONT, size=BODY_SIZE, align=None, indent=True, **run_options):
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(28)  # 28–29 pt: 22 lines a page, as the standard sets
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size.pt * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), font, size, **run_options)
    return paragraph


def _red_rule(paragraph) -> None:
    rule = '<w:bottom w:val="single" w:sz="12" w:space="1" w:color="C00000"/>'
    borders = parse_xml(f"<w:pBdr {nsdecls('w')}>{rule}</w:pBdr>")
    paragraph._p.get_or_add_pPr().append(borders)


def _declare_fallbacks(document) -> None:
    for part in document.part.package.iter_parts():
        if str(part.partname) == "/word/fontTable.xml":
            table = parse_xml(part.blob)
            for name, alternative in FALLBACKS.items():
                table.append(
                    parse_xml(
                        f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                        '<w:charset w:val="86"/><w:family w:val="auto"/><w:pitch w:val="variable"/></w:font>'
                    )
                )
            from lxml import etree

            part._blob = etree.tostring(table, xml_declaration=True, encoding="UTF-8", standalone=True)


def notice_document(notice: SupervisionNotice) -> bytes:
    """The notice as a .docx file's bytes."""
    commitment, office = notice.commitment, settings.SUPERVISION_OFFICE_NAME
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(MARGINS_MM["top"]), Mm(MARGINS_MM["bottom"])
    section.left_margin, section.right_margin = Mm(MARGINS_MM["left"]), Mm(MARGINS_MM["right"])
    _declare_fallbacks(document)

    centre = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(
        document,
        _("%(office)s supervision notice") % {"office": office},
        font=TITLE_FONT,
        size=Pt(26),
        align=centre,
        indent=False,
        colour=RED,
    )
    _red_rule(_paragraph(document, notice.number, align=centre, indent=False))
    _paragraph(document, "", indent=False)
    _paragraph(
        document,
        _("Supervision notice on “%(title)s”") % {"title": commitment.title},
        font=TITLE_FONT,
        size=TITLE_SIZE,
        align=centre,
        indent=False,
    )
    _paragraph(document, "", indent=False)
    _paragraph(document, f"{notice.department.name}：", indent=False)
    _paragraph(
        document,
        _(
            "The task %(code)s “%(title)s” of the %(report)s, led by your department, is behind. The office "
            "supervises it as follows."
        )
        % {"code": commitment.code, "title": commitment.title, "report": commitment.report.title},
    )
    _paragraph(document, _("1. The task"), bold=True)
    _paragraph(document, commitment.source_text)
    _paragraph(document, _("Deadline: %(deadline)s") % {"deadline": commitment.deadline_text})
    _paragraph(document, _("2. Required actions"), bold=True)
    for line in notice.required_actions.splitlines():
        if line.strip():
            _paragraph(document, line.strip())
    _paragraph(document, _("3. Reply"), bold=True)
    _paragraph(
        document,
        _("Please reply in writing to %(office)s on what was done by %(date)s.")
        % {"office": office, "date": chinese_date(notice.reply_due)},
    )
    _paragraph(document, "", indent=False)
    right = WD_ALIGN_PARAGRAPH.RIGHT
    _paragraph(document, office, align=right, indent=False)
    _paragraph(document, chinese_date(notice.issued_on), align=right, indent=False)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def notice_content_disposition(notice: SupervisionNotice) -> str:
    """An attachment named after the 文号 (江督〔2020〕12号.docx), with an ASCII name for old clients."""
    return f"attachment; filename=\"notice-{notice.pk}.docx\"; filename*=UTF-8''{quote(notice.number + '.docx')}"
