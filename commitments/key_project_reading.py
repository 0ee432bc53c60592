"""Reads a key-project plan (重点项目计划表, .xlsx) as a 发改局 keeps it: 序号, 项目名称, 建设内容, 总投资,
年度计划投资, 责任单位, 挂点区领导, 项目类别, 计划开工时间, 计划竣工时间, 是否预备 (and 示例), header names
matched flexibly, amounts in 亿元 (or 万元 when the header says so). The file's limits and its reading are
the task table's (task_table_reading.read_rows); here each row's cells become a KeyProjectData and the
problems, each naming its column. Nothing here writes: key_project_import.py applies the rows.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from .choices import ProjectCategory, ProjectStage
from .models import Department, Leader
from .services import KeyProjectData
from .task_table_reading import LIST_SEPARATORS, TableColumns, cell_text, parse_due_date

TEN_THOUSAND = Decimal(10000)

# Column → the header names (spaces, brackets and colons removed, lower case) that name it.
ALIASES: dict[str, tuple[str, ...]] = {
    "sequence": ("序号", "编号", "项目序号", "no", "sequence"),
    "name": ("项目名称", "项目", "name", "project"),
    "content": ("建设内容", "建设规模及内容", "主要建设内容", "建设规模和内容", "content"),
    "total_investment": ("总投资", "总投资亿元", "项目总投资", "项目总投资亿元", "totalinvestment"),
    "total_investment_wan": ("总投资万元", "项目总投资万元"),
    "planned_investment": ("年度计划投资", "年度计划投资亿元", "计划投资", "计划投资亿元", "plannedinvestment"),
    "planned_investment_wan": ("年度计划投资万元", "计划投资万元"),
    "department": ("责任单位", "牵头单位", "责任部门", "department"),
    "leader": ("挂点区领导", "挂点领导", "联系区领导", "挂钩区领导", "leader"),
    "categories": ("项目类别", "类别", "项目类型", "category", "categories"),
    "planned_start": ("计划开工时间", "开工时间", "计划开工", "plannedstart"),
    "planned_completion": ("计划竣工时间", "竣工时间", "计划竣工", "plannedcompletion"),
    "is_reserve": ("是否预备", "是否预备项目", "预备项目", "reserve"),
    "is_example": ("示例", "是否示例", "example"),
}
LEDGER_COLUMNS = TableColumns(aliases=ALIASES, header=("sequence", "name"), required=("sequence", "name", "department"))
# The one name the export writes and the messages use for each column.
COLUMN_NAMES = {
    "sequence": "序号",
    "name": "项目名称",
    "content": "建设内容",
    "total_investment": "总投资（亿元）",
    "planned_investment": "年度计划投资（亿元）",
    "department": "责任单位",
    "leader": "挂点区领导",
    "categories": "项目类别",
    "planned_start": "计划开工时间",
    "planned_completion": "计划竣工时间",
    "is_reserve": "是否预备",
    "is_example": "示例",
}
CATEGORY_WORDS = {
    "在建": ProjectCategory.UNDER_CONSTRUCTION,
    "续建": ProjectCategory.UNDER_CONSTRUCTION,
    "在建项目": ProjectCategory.UNDER_CONSTRUCTION,
    "新动工": ProjectCategory.NEW_START,
    "新开工": ProjectCategory.NEW_START,
    "新动工项目": ProjectCategory.NEW_START,
    "新投产": ProjectCategory.NEW_OPERATION,
    "投产": ProjectCategory.NEW_OPERATION,
    "新投产项目": ProjectCategory.NEW_OPERATION,
    "基础设施": ProjectCategory.INFRASTRUCTURE,
    "基础及配套设施": ProjectCategory.INFRASTRUCTURE,
    "配套设施": ProjectCategory.INFRASTRUCTURE,
    **{value: value for value in ProjectCategory.values},
}
# The short words the export writes for each category (the import reads them back).
CATEGORY_NAMES = {
    ProjectCategory.UNDER_CONSTRUCTION: "在建",
    ProjectCategory.NEW_START: "新动工",
    ProjectCategory.NEW_OPERATION: "新投产",
    ProjectCategory.INFRASTRUCTURE: "基础设施",
}
# The 形象进度 the export writes (the stage template's titles; 前期 before any).
STAGE_NAMES = {
    ProjectStage.PRELIMINARY: "前期",
    ProjectStage.LAND: "用地",
    ProjectStage.TENDER: "招标",
    ProjectStage.CONSTRUCTION: "开工",
    ProjectStage.STRUCTURE: "主体",
    ProjectStage.COMPLETION: "竣工",
}
YES = {"是", "y", "yes", "true", "1", "预备", "√", "✓"}
NO = {"", "否", "n", "no", "false", "0", "正式"}
LEADER_PATTERN = re.compile(r"^(?P<name>[^（(]+?)\s*(?:[（(](?P<position>[^）)]*)[）)])?$")


@dataclass
class LedgerRow:
    number: int  # the spreadsheet's row number, as Excel shows it
    data: KeyProjectData | None
    problems: list[str] = field(default_factory=list)
    leader_name: tuple[str, str] | None = None  # (name, position) of a leader not yet on record


class Lookups:
    """Departments by full or short name, leaders by name (and position); one query each for the table."""

    def __init__(self) -> None:
        self.departments: dict[str, Department] = {}
        for department in Department.objects.all():
            self.departments.setdefault(department.name, department)
            if department.short_name:
                self.departments.setdefault(department.short_name, department)
        self.leaders: dict[tuple[str, str], Leader] = {}
        self.leaders_by_name: dict[str, list[Leader]] = {}
        for leader in Leader.objects.all():
            self.leaders[(leader.name, leader.position)] = leader
            self.leaders_by_name.setdefault(leader.name, []).append(leader)


def _amount(cells: dict, column: str, problems: list[str], required: bool) -> Decimal | None:
    """An amount in 亿元 from the column, or from its 万元 twin divided by 10,000."""
    for key, divisor in ((column, 1), (f"{column}_wan", TEN_THOUSAND)):
        if key not in cells:
            continue
        text = cell_text(cells[key]).replace(",", "")
        if not text:
            break
        try:
            value = Decimal(text) / divisor
        except InvalidOperation:
            problems.append(f"{COLUMN_NAMES[column]}：“{text}”不是数字")
            return None
        if not value.is_finite() or value < 0:
            problems.append(f"{COLUMN_NAMES[column]}：“{text}”不能为负数")
            return None
        return value.quantize(Decimal("0.0001"))
    if required:
        problems.append(f"{COLUMN_NAMES[column]}：为空")
    return None


def _date(cells: dict, column: str, year: int, problems: list[str]) -> datetime.date | None:
    value = cells.get(column)
    if cell_text(value) == "":
        return None
    try:
        return parse_due_date(value, year)
    except ValueError:
        problems.append(f"{COLUMN_NAMES[column]}：无法识别的日期“{cell_text(value)}”")
    except (TypeError, OverflowError):
        problems.append(f"{COLUMN_NAMES[column]}：无效的日期“{cell_text(value)}”")
    return None


def _flag(cells: dict, column: str, problems: list[str]) -> bool:
    text = cell_text(cells.get(column)).lower()
    if text in YES:
        return True
    if text not in NO:
        problems.append(f"{COLUMN_NAMES[column]}：应填“是”或“否”，不是“{text}”")
    return False


def leader_parts(text: str) -> tuple[str, str]:
    match = LEADER_PATTERN.match(text.strip())
    if not match:
        return text.strip(), ""
    return match.group("name").strip(), (match.group("position") or "").strip()


def leader_label(leader: Leader | None) -> str:
    """How the export writes a leader: 姓名（职务）, which leader_parts reads back."""
    if leader is None:
        return ""
    return f"{leader.name}（{leader.position}）" if leader.position else leader.name


def parse_row(number: int, cells: dict, *, year: int, lookups: Lookups, example: bool) -> LedgerRow:
    """One row's KeyProjectData, or its problems, each naming the column."""
    problems: list[str] = []
    row = LedgerRow(number=number, data=None, problems=problems)
    text = cell_text(cells.get("sequence"))
    sequence = int(text) if text.isdigit() and int(text) > 0 else None
    if sequence is None:
        problems.append(f"序号：“{text}”应为正整数")
    name = cell_text(cells.get("name"))
    if not name:
        problems.append("项目名称：为空")
    elif len(name) > 200:
        problems.append("项目名称：超过200字")
    department_name = cell_text(cells.get("department"))
    department = lookups.departments.get(department_name)
    if not department_name:
        problems.append("责任单位：为空")
    elif department is None:
        problems.append(f"责任单位：未知的单位“{department_name}”")
    leader = None
    leader_text = cell_text(cells.get("leader"))
    if leader_text:
        leader_name, position = leader_parts(leader_text)
        leader = lookups.leaders.get((leader_name, position))
        if leader is None and not position and len(lookups.leaders_by_name.get(leader_name, [])) == 1:
            leader = lookups.leaders_by_name[leader_name][0]
        if leader is None:
            row.leader_name = (leader_name[:50], position[:100])
    categories = []
    for word in LIST_SEPARATORS.split(cell_text(cells.get("categories"))):
        word = word.strip()
        if not word:
            continue
        if word not in CATEGORY_WORDS:
            problems.append(f"项目类别：未知的类别“{word}”（可填在建、新动工、新投产、基础设施）")
        elif CATEGORY_WORDS[word] not in categories:
            categories.append(CATEGORY_WORDS[word])
    total = _amount(cells, "total_investment", problems, required=False)
    planned = _amount(cells, "planned_investment", problems, required=True)
    start = _date(cells, "planned_start", year, problems)
    completion = _date(cells, "planned_completion", year, problems)
    if start and completion and completion < start:
        problems.append("计划竣工时间：早于计划开工时间")
    is_reserve = _flag(cells, "is_reserve", problems)
    is_example = _flag(cells, "is_example", problems) or example
    if problems:
        return row
    row.data = KeyProjectData(
        sequence=sequence,
        name=name,
        content=cell_text(cells.get("content")),
        department=department,
        leader=leader,
        total_investment=total or Decimal(0),
        planned_investment=planned,
        planned_start=start,
        planned_completion=completion,
        is_reserve=is_reserve,
        categories=categories,
        is_example=is_example,
    )
    return row
