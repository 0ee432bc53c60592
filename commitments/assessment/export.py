"""The assessment ranking as an Excel workbook: one row per department, its rank and total, and for each item
of the scheme the count and the points, as numbers Excel sorts and sums (never text)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .ranking import Ranking

FIXED_HEADERS = 3  # rank, department, total


def ranking_xlsx(ranking: Ranking) -> bytes:
    """A title row, a header row (rank, department, total, then count and points per item) and the rows."""
    workbook = Workbook()
    sheet = workbook.active
    title = _("%(year)s assessment of departments, as of %(day)s") % {
        "year": ranking.scheme.year,
        "day": ranking.as_of.isoformat(),
    }
    sheet.title = str(ranking.scheme.year)
    headers = [_("Rank"), _("Department"), _("Total score")]
    count, points = _("count"), _("points")
    for item in ranking.items:
        headers += [f"{item.get_measure_display()}（{count}）", f"{item.get_measure_display()}（{points}）"]
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append(headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in ranking.rows:
        values = [row.rank, row.department.name, row.total]
        for score in row.items:
            values += [score.count, score.points]
        sheet.append(values)
    for data_row in sheet.iter_rows(min_row=3):
        for index, cell in enumerate(data_row, start=1):
            if index == 2 and cell.data_type == "f":  # a department named "=…" is text, not a formula
                cell.data_type = "s"
            elif index == 3 or (index > FIXED_HEADERS and (index - FIXED_HEADERS) % 2 == 0):
                cell.number_format = "0.00"
    sheet.column_dimensions["B"].width = 30
    for index in range(3, len(headers) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 14
    sheet.freeze_panes = "C3"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
