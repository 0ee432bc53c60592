"""Writes the task decomposition table as an Excel workbook."""

from __future__ import annotations

import csv
import io
from copy import copy
from dataclasses import astuple

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import display
from .selectors import TASK_TABLE_HEADERS, TaskTableRow

COLUMN_WIDTHS = (10, 36, 60, 22, 30, 36, 12, 10, 8)
# Text a spreadsheet may take for a formula (OWASP's CSV-injection rule): a title or a narrative written as
# "=HYPERLINK(…)" must reach the reader as the text it is, never as a live formula.
HEADER_ROW = 2  # under the title row
DUE_COLUMN, PROGRESS_COLUMN = 7, 9
FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
SHEET_NAME = "任务分解表"
DATE_FORMAT = 'yyyy"年"m"月"d"日"'  # a typed date, shown as the office writes it
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def task_table_xlsx(rows: list[TaskTableRow], *, title: str = SHEET_NAME) -> bytes:
    """An .xlsx workbook as an office files it: a title row (the report and the date, task_table_title), the
    header with filters, one row per commitment with its deadline as a date and its progress as a percentage
    (values Excel sorts and sums, not text), frozen under the header and printed landscape on A4 with the
    header on every page and the page number at the foot."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_NAME
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(TASK_TABLE_HEADERS))
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center", vertical="center")
    sheet.row_dimensions[1].height = 30
    sheet.append(TASK_TABLE_HEADERS)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
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
                row.progress / 100,
            ]
        )
    for data_row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for cell in data_row:
            if cell.data_type == "f":  # openpyxl took text starting with "=" for a formula: it is text
                cell.data_type = "s"
    for index, width in enumerate(COLUMN_WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    if rows:
        # Every data cell wraps: the alignment is registered once and its style indexes copied to the other
        # cells (assigning an Alignment hashes and looks it up for each cell: a third of a report's export).
        first = sheet.cell(row=HEADER_ROW + 1, column=1)
        first.alignment = Alignment(wrap_text=True, vertical="top")
        for data_row in sheet.iter_rows(min_row=HEADER_ROW + 1):
            for cell in data_row:
                cell._style = copy(first._style)
        # The number formats after the shared style, which would reset them: a date, a percentage.
        for (due,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=DUE_COLUMN, max_col=DUE_COLUMN):
            due.number_format = DATE_FORMAT
        for (progress,) in sheet.iter_rows(min_row=HEADER_ROW + 1, min_col=PROGRESS_COLUMN, max_col=PROGRESS_COLUMN):
            progress.number_format = "0%" if progress.value * 100 == int(progress.value * 100) else "0.0%"
    last = get_column_letter(len(TASK_TABLE_HEADERS))
    sheet.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + len(rows)}"
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.oddFooter.center.text = "第 &P 页，共 &N 页"
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
    writer.writerows([csv_safe(value) for value in csv_values(row)] for row in rows)
    return buffer.getvalue()


def csv_values(row: TaskTableRow) -> tuple:
    """The row as the CSV writes it: the deadline as YYYY-MM-DD, the progress as "50%"."""
    values = astuple(row)
    return (*values[:6], row.due_date.isoformat(), row.status, display.percent(row.progress))


def csv_safe(value):
    """Text that a spreadsheet would read as a formula, prefixed with an apostrophe (shown as text)."""
    if isinstance(value, str) and value.startswith(FORMULA_LEADS):
        return "'" + value
    return value
