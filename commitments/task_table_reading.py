"""Reads a task decomposition table (任务分解表, .xlsx): finds the header row, whose column names offices
write in many ways (序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限, in Chinese or English, matched
flexibly), and parses each data row's cells into a TableRow with its problems, worded for the office.
Nothing here writes; task_table_import.py checks the rows against the report and applies them.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from openpyxl import load_workbook

from .choices import Comparator
from .models import Department, Report

MAX_ROWS = 5000
# Limits on what an upload may make the server do (issue 16): a 1.3 MB file of blank rows held a worker
# 30 s, and a "zip bomb" of shared strings grew memory to twice its unpacked size. Each refusal names it.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # all parts of the .xlsx together, as unzipped
MAX_SCANNED_ROWS = 4 * MAX_ROWS  # blank rows included: a table's blank rows are few
MAX_COLUMNS = 50  # cells right of this are not read

# Column → the header names offices use for it, compared with spaces and punctuation removed, lower case.
COLUMN_ALIASES: dict[str, tuple[str, ...]] = {
    "code": ("序号", "编号", "任务编号", "code", "no", "number"),
    "title": ("工作任务", "任务", "任务名称", "重点工作", "title", "task"),
    "source_text": ("原文", "报告原文", "原文表述", "source", "sourcetext", "quote"),
    "lead_department": ("牵头单位", "牵头部门", "责任单位", "lead", "leaddepartment"),
    "co_departments": ("配合单位", "协办单位", "配合部门", "co", "codepartments", "coresponsible"),
    "targets": ("目标", "量化目标", "目标任务", "target", "targets"),
    "due_date": ("完成时限", "时限", "完成时间", "截止时间", "due", "duedate", "deadline"),
}
REQUIRED_COLUMNS = ("code", "title", "lead_department", "due_date")

COMPARATOR_WORDS = {
    "不少于": Comparator.AT_LEAST,
    "不低于": Comparator.AT_LEAST,
    "以上": Comparator.AT_LEAST,
    "≥": Comparator.AT_LEAST,
    ">=": Comparator.AT_LEAST,
    "不超过": Comparator.AT_MOST,
    "不高于": Comparator.AT_MOST,
    "≤": Comparator.AT_MOST,
    "<=": Comparator.AT_MOST,
    "等于": Comparator.EXACTLY,
    "=": Comparator.EXACTLY,
    "约": Comparator.ABOUT,
    "≈": Comparator.ABOUT,
}
TARGET_PATTERN = re.compile(
    r"^(?P<metric>.+?)\s*(?P<cmp>不少于|不低于|不超过|不高于|等于|约|≈|≥|>=|≤|<=|=)?\s*"
    r"(?P<value>-?\d+(?:\.\d+)?)\s*(?P<unit>[^\s\d]*)$"
)
CODE_PATTERN = re.compile(r"^\d+(\.\d+)*$")
LIST_SEPARATORS = re.compile(r"[、，,；;\n]+")
TARGET_SEPARATORS = re.compile(r"[；;\n]+")
DATE_PATTERNS = (
    re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})[-/.月](?P<d>\d{1,2})日?$"),
    re.compile(r"^(?P<y>\d{4})[-/.年](?P<m>\d{1,2})月?(底|末)?$"),
)
YEAR_END_WORDS = ("年底", "年内", "年末", "全年", "下半年")


class TaskTableError(Exception):
    """The file cannot be read as a task table at all (not Excel, no header, too many rows)."""


@dataclass(frozen=True)
class TargetRow:
    metric: str
    comparator: str
    value: Decimal
    unit: str


@dataclass
class TableRow:
    number: int  # the spreadsheet row number, as Excel shows it
    code: str = ""
    title: str = ""
    source_text: str = ""
    lead_department: Department | None = None
    co_departments: list[Department] = field(default_factory=list)
    targets: list[TargetRow] = field(default_factory=list)
    due_date: datetime.date | None = None
    has_source_text: bool = False
    has_co_departments: bool = False
    has_targets: bool = False


def normalise_header(value: object) -> str:
    return re.sub(r"[\s_\-（）()：:]", "", str(value or "")).lower()


def cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def parse_due_date(value: object, year: int) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = re.sub(r"\s", "", cell_text(value))
    if not text:
        raise ValueError("完成时限为空")
    if any(text.endswith(word) or text == word for word in YEAR_END_WORDS):
        digits = re.match(r"^(\d{4})", text)
        return datetime.date(int(digits.group(1)) if digits else year, 12, 31)
    if text == "上半年" or text.endswith("年上半年"):
        digits = re.match(r"^(\d{4})", text)
        return datetime.date(int(digits.group(1)) if digits else year, 6, 30)
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if not match:
            continue
        y, m = int(match.group("y")), int(match.group("m"))
        if "d" in match.groupdict() and match.group("d"):
            return datetime.date(y, m, int(match.group("d")))
        if 1 <= m <= 12:
            next_month = datetime.date(y + (m == 12), m % 12 + 1, 1)
            return next_month - datetime.timedelta(days=1)
    raise ValueError(f"无法识别的完成时限“{text}”")


def parse_targets(text: str) -> list[TargetRow]:
    targets = []
    for part in TARGET_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        match = TARGET_PATTERN.match(part)
        if not match:
            raise ValueError(f"无法识别的目标“{part}”（应写作“指标 不少于 数值单位”）")
        comparator = COMPARATOR_WORDS.get(match.group("cmp") or "", Comparator.AT_LEAST)
        try:
            value = Decimal(match.group("value"))
        except InvalidOperation:
            raise ValueError(f"目标“{part}”中的数值无效") from None
        targets.append(TargetRow(match.group("metric").strip(), comparator, value, match.group("unit").strip() or "项"))
    metrics = [target.metric for target in targets]
    if len(set(metrics)) != len(metrics):
        raise ValueError("同一任务的目标指标重复")
    return targets


class DepartmentLookup:
    """Finds departments by full or short name; one query for the whole table."""

    def __init__(self) -> None:
        self.by_name: dict[str, Department] = {}
        for department in Department.objects.all():
            self.by_name.setdefault(department.name, department)
            if department.short_name:
                self.by_name.setdefault(department.short_name, department)

    def get(self, name: str) -> Department | None:
        return self.by_name.get(name.strip())


@dataclass(frozen=True)
class TableColumns:
    """What a kind of table's header names: each column's aliases, the columns the header row must carry
    to be found (`header`), and those a table must have (`required`)."""

    aliases: dict[str, tuple[str, ...]]
    header: tuple[str, ...]
    required: tuple[str, ...]


TASK_TABLE_COLUMNS = TableColumns(aliases=COLUMN_ALIASES, header=("code", "title"), required=REQUIRED_COLUMNS)


def read_rows(file: IO[bytes], columns: TableColumns = TASK_TABLE_COLUMNS) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: cell value}) for every non-empty data row of the first sheet. Raises
    TaskTableError for a file that is no readable table or is past one of the limits above. `columns` says
    which table it is (the task table by default; the key-project ledger has its own)."""
    data = file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise TaskTableError(f"文件超过上限 {MAX_FILE_BYTES // (1024 * 1024)} MB。")
    check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        try:
            return _table_rows(workbook.worksheets[0], columns)
        finally:
            workbook.close()
    except TaskTableError:
        raise
    except Exception as exc:  # noqa: BLE001 - whatever a hostile or broken file makes the parser raise
        raise TaskTableError(f"不是有效的 Excel（.xlsx）文件：{exc.__class__.__name__}") from None


def check_unpacked_size(data: bytes) -> None:
    """Refuses an archive whose parts unpack past MAX_UNPACKED_BYTES, before anything is unpacked (the
    sizes are the archive directory's; a part that lies about its size fails its CRC check when read)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(item.file_size for item in archive.infolist())
    except (zipfile.BadZipFile, ValueError) as exc:
        raise TaskTableError(f"不是有效的 Excel（.xlsx）文件：{exc.__class__.__name__}") from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise TaskTableError(f"文件解压后超过上限 {MAX_UNPACKED_BYTES // (1024 * 1024)} MB。")


def _table_rows(sheet, spec: TableColumns) -> list[tuple[int, dict[str, object]]]:
    rows = sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    header_row_number, columns = None, {}
    for number, values in enumerate(rows, start=1):
        found = {}
        for index, value in enumerate(values or ()):
            key = normalise_header(value)
            for column, aliases in spec.aliases.items():
                if key in aliases and column not in found:
                    found[column] = index
        if set(spec.header) <= found.keys():
            header_row_number, columns = number, found
            break
        if number >= 10:
            break
    if header_row_number is None:
        names = "”和“".join(spec.aliases[column][0] for column in spec.header)
        raise TaskTableError(f"找不到表头：前10行中没有同时含“{names}”的行。")
    missing = [column for column in spec.required if column not in columns]
    if missing:
        names = "、".join(spec.aliases[column][0] for column in missing)
        raise TaskTableError(f"表头缺少必需的列：{names}。")
    result = []
    for number, values in enumerate(rows, start=header_row_number + 1):
        if number > MAX_SCANNED_ROWS:
            raise TaskTableError(f"表格（含空行）超过 {MAX_SCANNED_ROWS} 行的上限，请删除多余的空行。")
        values = values or ()
        cells = {column: values[index] if index < len(values) else None for column, index in columns.items()}
        if all(cell_text(value) == "" for value in cells.values()):
            continue
        result.append((number, cells))
        if len(result) > MAX_ROWS:
            raise TaskTableError(f"行数超过上限 {MAX_ROWS}。")
    return result


def validate_row(number: int, cells: dict[str, object], report: Report, departments: DepartmentLookup):
    """A parsed row and its problems."""
    row, problems = TableRow(number=number), []
    row.code = cell_text(cells.get("code"))
    if not CODE_PATTERN.match(row.code):
        problems.append(f"序号“{row.code}”无效，应为如 2.3.1 的编号")
    row.title = cell_text(cells.get("title"))
    if not row.title:
        problems.append("工作任务为空")
    elif len(row.title) > 200:
        problems.append("工作任务超过200字")
    row.has_source_text = "source_text" in cells
    row.source_text = cell_text(cells.get("source_text"))
    lead_name = cell_text(cells.get("lead_department"))
    row.lead_department = departments.get(lead_name) if lead_name else None
    if not lead_name:
        problems.append("牵头单位为空")
    elif row.lead_department is None:
        problems.append(f"未知的牵头单位“{lead_name}”")
    row.has_co_departments = "co_departments" in cells
    for name in LIST_SEPARATORS.split(cell_text(cells.get("co_departments"))):
        if not name.strip():
            continue
        department = departments.get(name)
        if department is None:
            problems.append(f"未知的配合单位“{name.strip()}”")
        elif department != row.lead_department and department not in row.co_departments:
            row.co_departments.append(department)
    row.has_targets = "targets" in cells
    try:
        row.targets = parse_targets(cell_text(cells.get("targets")))
    except ValueError as exc:
        problems.append(str(exc))
    try:
        row.due_date = parse_due_date(cells.get("due_date"), report.year)
    except ValueError as exc:
        problems.append(str(exc))
    return row, problems
