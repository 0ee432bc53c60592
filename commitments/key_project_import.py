"""Imports a key-project plan (.xlsx) into a ledger commitment, and exports the ledger with a month's figures.

A dry run lists every row's problems (row number and column) and writes nothing. The real import is all or
nothing, in one transaction: rows are matched to the ledger's projects by 序号 (new ones created, known ones
changed), through services/projects.py as the importing user (checks, history, re-derivation once at the
end), and the ledger commitment's 重点项目数 and 年度计划投资 targets are then computed from the projects.
Leaders named in 挂点区领导 who are not on record yet are added (and listed). Completed investment and stages
are never imported: they come from the projects' approved monthly reports. Reading: key_project_reading.py.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from . import services
from .key_project_reading import (
    CATEGORY_NAMES,
    COLUMN_NAMES,
    LEDGER_COLUMNS,
    STAGE_NAMES,
    LedgerRow,
    Lookups,
    leader_label,
    parse_row,
)
from .models import Commitment, KeyProject, Leader
from .permissions import can_manage_key_projects
from .selectors.projects import LedgerFigures
from .services.projects import key_project_differs
from .task_table_import import problem_text
from .task_table_reading import TaskTableError, read_rows

__all__ = ["LedgerImportResult", "TaskTableError", "key_project_import", "ledger_xlsx"]


@dataclass
class LedgerImportResult:
    rows: list[LedgerRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    created: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    new_leaders: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self) -> list[str]:
        return [f"第{row}行：{message}" if row else message for row, message in self.problems]


def key_project_import(
    *, user, ledger: Commitment, file: IO[bytes], dry_run: bool = True, example: bool = False
) -> LedgerImportResult:
    """Reads the plan and, unless dry_run or any row has a problem, applies it to the ledger as `user` in one
    transaction. `example` marks every row 示例. PermissionDenied (even for a dry run) unless the user keeps
    the ledger; TaskTableError when the file is no readable table (too large, no header, not Excel)."""
    if not can_manage_key_projects(user):
        raise PermissionDenied(_("Only the supervision office keeps the key-project ledger."))
    result = LedgerImportResult(dry_run=dry_run)
    lookups = Lookups()
    seen_sequences: dict[int, int] = {}
    seen_names: dict[str, int] = {}
    for number, cells in read_rows(file, LEDGER_COLUMNS):
        row = parse_row(number, cells, year=ledger.report.year, lookups=lookups, example=example)
        if row.data is not None:
            for seen, key, column in (
                (seen_sequences, row.data.sequence, "序号"),
                (seen_names, row.data.name, "项目名称"),
            ):
                if key in seen:
                    row.problems.append(f"{column}：与第{seen[key]}行重复")
                seen.setdefault(key, number)
        result.problems.extend((number, problem) for problem in row.problems)
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append((0, "表中没有项目行。"))
    leaders = sorted({row.leader_name for row in result.rows if row.leader_name})
    result.new_leaders = [f"{name}（{position}）" if position else name for name, position in leaders]
    existing = {
        project.sequence: project
        for project in KeyProject.objects.filter(ledger=ledger)
        .select_related("commitment", "investment_target")
        .prefetch_related("categories")
    }
    if result.problems or dry_run:
        for row in result.rows:
            if row.data is not None:
                (result.updated if row.data.sequence in existing else result.created).append(row.data.sequence)
        return result
    try:
        with transaction.atomic():
            made = _add_leaders(leaders)
            for row in result.rows:
                if row.leader_name:
                    row.data.leader = made[row.leader_name]
            with services.refresh_deferred(user=user):
                for row in sorted(result.rows, key=lambda row: row.data.sequence):
                    try:
                        _apply(user, ledger, existing, row, result)
                    except (ValidationError, PermissionDenied) as exc:
                        result.problems.append((row.number, problem_text(exc, KeyProject)))
                        raise
            services.ledger_targets_link(user=user, ledger=ledger)
    except (ValidationError, PermissionDenied):
        result.created.clear(), result.updated.clear(), result.unchanged.clear()
    return result


def _add_leaders(names: list[tuple[str, str]]) -> dict[tuple[str, str], Leader]:
    made = {}
    for name, position in names:
        leader = Leader(name=name, position=position)
        leader.full_clean()
        leader.save()
        made[(name, position)] = leader
    return made


def _apply(user, ledger: Commitment, existing: dict[int, KeyProject], row: LedgerRow, result) -> None:
    data = row.data
    project = existing.get(data.sequence)
    if project is None:
        services.key_project_create(user=user, ledger=ledger, data=data)
        result.created.append(data.sequence)
    elif key_project_differs(project, data):
        services.key_project_update(user=user, project=project, data=data)
        result.updated.append(data.sequence)
    else:
        result.unchanged.append(data.sequence)


# Export -------------------------------------------------------------------------------------------------

PLAN_COLUMNS = tuple(COLUMN_NAMES.values())
HEADER_ROW = 2  # under the title row; the import finds the header in the first ten rows
DATE_COLUMNS = (9, 10)


def _figure_headers(figures: LedgerFigures) -> tuple[str, ...]:
    day = f"{figures.on:%Y-%m-%d}"
    month = f"{figures.on.month}月"
    return (f"截至{day}完成投资（亿元）", f"{month}完成投资（亿元）", "完成年度计划（%）", f"形象进度（{day}）")


def _text(value: str) -> str:
    """Text a spreadsheet would take for a formula is written as text (the task table's rule)."""
    return "'" + value if value.startswith(("=", "+", "-", "@")) else value


def ledger_xlsx(figures: LedgerFigures) -> bytes:
    """The ledger as an .xlsx: the plan's columns (which the import reads back) and the day's figures: the
    completed investment so far, this month's, the share of the year's plan and the stage."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "重点项目台账"
    headers = (*PLAN_COLUMNS, *_figure_headers(figures))
    title = f"{figures.ledger.report.year}年重点项目台账（{figures.ledger.title}）"
    sheet.append([title])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(headers))
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append(headers)
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    previous = _previous_month_values(figures)
    for line in figures.lines:
        project = line.project
        completed = line.completed
        added = None if completed is None else completed - previous.get(project.pk, 0)
        share = None if not line.planned or completed is None else float(completed / line.planned)
        sheet.append(
            [
                project.sequence,
                _text(project.name),
                _text(project.content),
                float(project.total_investment),
                float(line.planned),
                project.commitment.lead_department.name,
                leader_label(project.commitment.responsible_leader),
                "、".join(CATEGORY_NAMES[tag.category] for tag in project.categories.all()),
                project.planned_start,
                project.planned_completion,
                "是" if project.is_reserve else "否",
                "是" if project.is_example else "否",
                None if completed is None else float(completed),
                None if added is None else float(added),
                share,
                STAGE_NAMES[line.stage],
            ]
        )
    for row in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for column in DATE_COLUMNS:
            row[column - 1].number_format = "yyyy-mm-dd"
        row[len(PLAN_COLUMNS) + 2].number_format = "0.0%"
    widths = (6, 30, 40, 10, 12, 24, 16, 18, 12, 12, 8, 6, 14, 14, 12, 12)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _summary_sheet(workbook.create_sheet("汇总"), figures)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_sheet(sheet, figures: LedgerFigures) -> None:
    """The headline figures and the months, on a sheet of their own (the import reads the first sheet)."""
    rows = [
        ("截至日期", figures.on),
        ("重点项目数（个）", figures.count),
        ("其中预备项目（个）", figures.reserves),
        ("已开工项目（个）", figures.started),
        ("年度计划投资（亿元）", float(figures.planned)),
        ("完成投资（亿元）", float(figures.completed)),
        ("完成年度计划", float(figures.investment_pace.achieved)),
        ("序时进度", float(figures.investment_pace.expected)),
    ]
    for row in rows:
        sheet.append(row)
    sheet["B1"].number_format = "yyyy-mm-dd"
    sheet["B7"].number_format = sheet["B8"].number_format = "0.0%"
    sheet.append([])
    sheet.append(("月份", "累计完成投资（亿元）", "当月完成投资（亿元）", "序时计划投资（亿元）"))
    for month in figures.by_month:
        completed = None if month.completed is None else float(month.completed)
        added = None if month.added is None else float(month.added)
        sheet.append((f"{month.as_of.month}月", completed, added, float(month.expected)))
    sheet.column_dimensions["A"].width = 22
    for column in "BCD":
        sheet.column_dimensions[column].width = 20


def _previous_month_values(figures: LedgerFigures) -> dict[int, object]:
    """Each project's completed investment at the end of the month before the day's (0 before any)."""
    from .selectors.projects import ledger_figures

    if len(figures.by_month) < 2:
        return {}
    earlier = ledger_figures(figures.ledger, on=figures.by_month[-2].as_of)
    return {line.project.pk: line.completed or 0 for line in earlier.lines}
