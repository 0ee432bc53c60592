"""Writes the task decomposition table as an Excel workbook."""

from __future__ import annotations

import csv
import io
from copy import copy
from dataclasses import astuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from .selectors import TASK_TABLE_HEADERS, TaskTableRow

COLUMN_WIDTHS = (10, 36, 60, 22, 30, 36, 12, 10, 8)
# Text a spreadsheet may take for a formula (OWASP's CSV-injection rule): a title or a narrative written as
# "=HYPERLINK(…)" must reach the reader as the text it is, never as a live formula.
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def task_table_xlsx(rows: list[TaskTableRow], *, title: str = "任务分解表") -> bytes:
    """An .xlsx workbook with one header row and one row per commitment."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(TASK_TABLE_HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        sheet.append(
            [
                row.code,
                row.title,
                row.source_text,
                row.lead_department,
                row.co_departments,
                row.targets,
                row.due_date,
                row.status,
                row.progress,
            ]
        )
    for data_row in sheet.iter_rows(min_row=2):
        for cell in data_row:
            if cell.data_type == "f":  # openpyxl took text starting with "=" for a formula: it is text
                cell.data_type = "s"
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if rows:
        # Every data cell wraps: the alignment is registered once and its style indexes copied to the other
        # cells (assigning an Alignment hashes and looks it up for each cell: a third of a report's export).
        first = sheet.cell(row=2, column=1)
        first.alignment = Alignment(wrap_text=True, vertical="top")
        for data_row in sheet.iter_rows(min_row=2):
            for cell in data_row:
                cell._style = copy(first._style)
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


CSV_CONTENT_TYPE = "text/csv; charset=utf-8"


def task_table_csv(rows: list[TaskTableRow]) -> str:
    """The same table as CSV, with a byte-order mark so that Excel reads the Chinese text as UTF-8."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(TASK_TABLE_HEADERS)
    writer.writerows([csv_safe(value) for value in astuple(row)] for row in rows)
    return buffer.getvalue()


def csv_safe(value):
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value
