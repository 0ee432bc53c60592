"""Imports a task decomposition table (任务分解表, .xlsx) into a report.

The table is the one offices already keep and the one the export writes: a header row naming columns
such as 序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限 (Chinese or English, matched flexibly),
then one row per commitment. A dry run lists every row's problems by row number and writes nothing; the
real import is all-or-nothing in one transaction, and writes through the commitment services as the
importing user (their permission check, validation, history and side effects). Status and progress
columns are read-only here: they are derived from approved progress updates, never typed in.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException

from . import services
from .choices import CommitmentKind, Comparator
from .models import Chapter, Commitment, Department, Report, Target, code_sort_key
from .permissions import can_manage_commitments

MAX_ROWS = 5000

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


@dataclass
class ImportResult:
    rows: list[TableRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self) -> list[str]:
        return [f"第{row}行：{message}" if row else message for row, message in self.problems]


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


def read_rows(file: IO[bytes]) -> list[tuple[int, dict[str, object]]]:
    """(row number, {column: cell value}) for every non-empty data row of the first sheet."""
    try:
        data = file.read()
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise TaskTableError(f"不是有效的 Excel（.xlsx）文件：{exc.__class__.__name__}") from None
    sheet = workbook.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header_row_number, columns = None, {}
    for number, values in enumerate(rows, start=1):
        found = {}
        for index, value in enumerate(values or ()):
            key = normalise_header(value)
            for column, aliases in COLUMN_ALIASES.items():
                if key in aliases and column not in found:
                    found[column] = index
        if {"code", "title"} <= found.keys():
            header_row_number, columns = number, found
            break
        if number >= 10:
            break
    if header_row_number is None:
        raise TaskTableError("找不到表头：前10行中没有同时含“序号”和“工作任务”的行。")
    missing = [column for column in REQUIRED_COLUMNS if column not in columns]
    if missing:
        names = "、".join(COLUMN_ALIASES[column][0] for column in missing)
        raise TaskTableError(f"表头缺少必需的列：{names}。")
    result = []
    for number, values in enumerate(rows, start=header_row_number + 1):
        values = values or ()
        cells = {column: values[index] if index < len(values) else None for column, index in columns.items()}
        if all(cell_text(value) == "" for value in cells.values()):
            continue
        result.append((number, cells))
        if len(result) > MAX_ROWS:
            raise TaskTableError(f"行数超过上限 {MAX_ROWS}。")
    workbook.close()
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


def task_table_import(*, user, report: Report, file: IO[bytes], dry_run: bool = True) -> ImportResult:
    """Reads the table and, unless dry_run or any row has a problem, applies it as `user` in one transaction,
    through the commitment services (their checks, history and side effects).

    Raises PermissionDenied, even for a dry run, unless the user may change commitments, and TaskTableError
    when the file is not a readable task table. Row problems, including those the services find while
    writing (then nothing is stored), are in the result.
    """
    if not can_manage_commitments(user):
        raise PermissionDenied(_("Only the supervision office changes commitments."))
    result = ImportResult(dry_run=dry_run)
    departments = DepartmentLookup()
    chapters = {chapter.number: chapter for chapter in Chapter.objects.filter(report=report)}
    seen_codes: dict[str, int] = {}
    for number, cells in read_rows(file):
        row, problems = validate_row(number, cells, report, departments)
        if row.code in seen_codes:
            problems.append(f"序号“{row.code}”与第{seen_codes[row.code]}行重复")
        seen_codes.setdefault(row.code, number)
        if CODE_PATTERN.match(row.code) and int(row.code.split(".")[0]) not in chapters:
            problems.append(f"报告中没有第{row.code.split('.')[0]}章")
        result.problems.extend((number, problem) for problem in problems)
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append((0, "表中没有任务行。"))
    existing = {
        commitment.code: commitment
        for commitment in Commitment.objects.filter(report=report).prefetch_related("targets", "co_departments")
    }
    reported_targets = set(
        Target.objects.filter(commitment__report=report)
        .exclude(reported_values=None)
        .values_list("commitment__code", "metric")
    )
    for row in result.rows:
        commitment = existing.get(row.code)
        if commitment is None and not row.source_text:
            result.problems.append((row.number, "新任务须填写原文"))
        if commitment is not None and row.has_targets:
            dropped = {t.metric for t in commitment.targets.all()} - {t.metric for t in row.targets}
            for metric in sorted(dropped):
                if (row.code, metric) in reported_targets:
                    result.problems.append((row.number, f"目标“{metric}”已有报送数值，不能从表中删除"))
        if commitment is not None and row.due_date and row.due_date < commitment.start_date:
            result.problems.append((row.number, f"完成时限早于开始日期 {commitment.start_date:%Y-%m-%d}"))
    if result.problems or dry_run:
        for row in result.rows:
            bucket = result.updated if row.code in existing else result.created
            bucket.append(row.code)
        return result
    try:
        # One transaction.atomic block, all or nothing: the first row a service refuses rolls back every
        # row before it. Left alone, the services would re-derive the stored figures after every write (a
        # commitment, each of its targets, its parent again: twice the time for a new report's table);
        # refresh_deferred re-derives the written commitments once, at the end of this same transaction,
        # attributed to the importing user.
        with services.refresh_deferred(user=user):
            for row in sorted(result.rows, key=lambda r: code_sort_key(r.code)):
                try:
                    apply_row(user=user, report=report, chapters=chapters, existing=existing, row=row, result=result)
                except (ValidationError, services.VersionConflict) as exc:
                    result.problems.append((row.number, problem_text(exc)))
                    raise
    except (ValidationError, services.VersionConflict):
        result.created.clear()
        result.updated.clear()
        result.unchanged.clear()
    return result


def problem_text(error: Exception, model: type[Model] = Commitment) -> str:
    """A service's refusal as one line, each message after the label of its field (as the model names it)."""
    if not isinstance(error, ValidationError):
        return str(error)
    if not hasattr(error, "error_dict"):
        return "；".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = model._meta.get_field(name).verbose_name if name != NON_FIELD_ERRORS else None
        except FieldDoesNotExist:
            label = None
        parts.append(f"{label}：{''.join(messages)}" if label else "".join(messages))
    return "；".join(parts)


def apply_row(
    *, user, report: Report, chapters: dict, existing: dict[str, Commitment], row: TableRow, result: ImportResult
) -> None:
    """Creates or updates the row's commitment through the services, changing only what differs."""
    commitment = existing.get(row.code)
    created = commitment is None
    changes: dict[str, object] = {}
    values: dict[str, object] = {"title": row.title, "lead_department": row.lead_department, "due_date": row.due_date}
    if row.has_source_text and row.source_text:
        values["source_text"] = row.source_text
    if created:
        data = {
            "report": report,
            "chapter": chapters[int(row.code.split(".")[0])],
            "code": row.code,
            "kind": CommitmentKind.QUANTITATIVE if row.targets else CommitmentKind.ONGOING,
            "start_date": min(datetime.date(report.year, 1, 1), row.due_date),
            **values,
        }
        parent_code = row.code.rsplit(".", 1)[0]
        if row.code.count(".") >= 3 and parent_code in existing:
            data["parent"] = existing[parent_code]
        if row.has_co_departments:
            data["co_departments"] = row.co_departments
        current_targets: list[Target] = []
        commitment = services.commitment_create(user=user, data=data)
        existing[row.code] = commitment
    else:
        # The prefetched targets and co-departments of the commitment as the import read it.
        current_targets = list(commitment.targets.all())
        for name, value in values.items():
            stored = commitment.lead_department_id if name == "lead_department" else getattr(commitment, name)
            if stored != (value.pk if name == "lead_department" else value):
                changes[name] = value
        if row.has_co_departments:
            if {d.pk for d in commitment.co_departments.all()} != {d.pk for d in row.co_departments}:
                changes["co_departments"] = row.co_departments
        if changes:
            # expected_version: a commitment someone changed since the import read it is not overwritten.
            commitment = services.commitment_update(
                user=user, commitment=commitment, data=changes, expected_version=commitment.version
            )
            existing[row.code] = commitment
    changed = created or bool(changes)
    if row.has_targets:
        changed |= sync_targets(user=user, commitment=commitment, current=current_targets, rows=row.targets)
    (result.created if created else result.updated if changed else result.unchanged).append(row.code)


def sync_targets(*, user, commitment: Commitment, current: list[Target], rows: list[TargetRow]) -> bool:
    """Makes the commitment's targets those of the table through the services; a target with reported values
    is never removed (validation refused that row already; target_delete would refuse it too)."""
    changed = False
    targets = {target.metric: target for target in current}
    for row in rows:
        target = targets.pop(row.metric, None)
        if target is None:
            target = Target(commitment=commitment, metric=row.metric)
        elif (target.comparator, target.target_value, target.unit) == (row.comparator, row.value, row.unit):
            continue
        target.comparator, target.target_value, target.unit = row.comparator, row.value, row.unit
        try:
            services.target_save(user=user, target=target)
        except ValidationError as exc:
            raise ValidationError(f"目标“{row.metric}”：{problem_text(exc, Target)}") from exc
        changed = True
    for target in targets.values():
        try:
            services.target_delete(user=user, target=target)
        except ValidationError as exc:
            raise ValidationError(f"目标“{target.metric}”：{problem_text(exc, Target)}") from exc
        changed = True
    return changed
