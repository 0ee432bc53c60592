"""The key-project plan's import (dry run, row and column in every problem, all or nothing, the task table's
limits), its export with the day's figures, and the round trip import → export → import."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook

from commitments import task_table_reading
from commitments.choices import ProjectCategory
from commitments.key_project_examples import example_reports_create
from commitments.key_project_import import TaskTableError, key_project_import, ledger_xlsx
from commitments.models import Commitment, KeyProject, Leader
from commitments.selectors.projects import ledger_figures

from .base import D, checker, day
from .key_projects_base import add_project, make_ledger, report_approved

pytestmark = pytest.mark.django_db

HEADERS = [
    "序号",
    "项目名称",
    "建设内容",
    "总投资（亿元）",
    "年度计划投资（亿元）",
    "责任单位",
    "挂点区领导",
    "项目类别",
    "计划开工时间",
    "计划竣工时间",
    "是否预备",
]


def plan(rows: list[list], headers: list[str] = HEADERS) -> io.BytesIO:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["2020年重点项目计划表"])
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


def good_rows(world) -> list[list]:
    return [
        [
            1,
            "张小泉刀剪智能制造中心",
            "生产线",
            6,
            1.2,
            world.own.name,
            "区领导甲（副区长）",
            "在建、新投产",
            "2019-03-01",
            "2020年12月",
            "否",
        ],
        [2, "万洋众创城", "", 100, 3, world.other.name, "", "新动工", datetime.date(2020, 9, 1), "2022年底", "否"],
        [3, "预备项目", "厂房", 2, 0.5, world.own.short_name, "区领导甲（副区长）", "基础设施", "", "", "是"],
    ]


def test_a_dry_run_checks_and_writes_nothing(world):
    ledger = make_ledger(world)
    result = key_project_import(user=world.office, ledger=ledger, file=plan(good_rows(world)), dry_run=True)
    assert result.ok and result.created == [1, 2, 3] and result.new_leaders == ["区领导甲（副区长）"]
    assert not KeyProject.objects.exists() and not Leader.objects.exists()


def test_the_import_creates_the_projects_and_links_the_ledger_targets(world):
    ledger = make_ledger(world)
    result = key_project_import(user=world.office, ledger=ledger, file=plan(good_rows(world)), dry_run=False)
    assert result.ok and result.created == [1, 2, 3]
    projects = {project.sequence: project for project in KeyProject.objects.all()}
    first = projects[1]
    assert (first.name, first.total_investment, first.planned_investment) == ("张小泉刀剪智能制造中心", 6, D("1.2"))
    assert (first.planned_start, first.planned_completion) == (day(3, 1, 2019), day(12, 31))
    assert str(first.leader) == "区领导甲（副区长）" and projects[3].leader == first.leader  # one leader added
    assert sorted(tag.category for tag in first.categories.all()) == [
        ProjectCategory.NEW_OPERATION,
        ProjectCategory.UNDER_CONSTRUCTION,
    ]
    assert projects[3].is_reserve and projects[3].department == world.own  # found by short name
    assert projects[2].planned_completion == day(12, 31, 2022)
    assert all(not project.is_example for project in projects.values())


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ([1, "项目", "", 1, "很多", "{own}", "", "在建", "", "", "否"], "第3行：年度计划投资（亿元）：“很多”不是数字"),
        ([1, "项目", "", 1, 1, "不存在局", "", "在建", "", "", "否"], "第3行：责任单位：未知的单位“不存在局”"),
        (
            [1, "项目", "", 1, 1, "{own}", "", "在建、奇怪", "", "", "否"],
            "第3行：项目类别：未知的类别“奇怪”（可填在建、新动工、新投产、基础设施）",
        ),
        (
            [1, "项目", "", 1, 1, "{own}", "", "在建", "明年春天", "", "否"],
            "第3行：计划开工时间：无法识别的日期“明年春天”",
        ),
        (
            [1, "项目", "", 1, 1, "{own}", "", "在建", "2020-09-01", "2020-03-01", "否"],
            "第3行：计划竣工时间：早于计划开工时间",
        ),
        ([1, "项目", "", 1, 1, "{own}", "", "在建", "", "", "也许"], "第3行：是否预备：应填“是”或“否”，不是“也许”"),
        (["一", "项目", "", 1, 1, "{own}", "", "在建", "", "", "否"], "第3行：序号：“一”应为正整数"),
        ([1, "项目", "", -2, 1, "{own}", "", "在建", "", "", "否"], "第3行：总投资（亿元）：“-2”不能为负数"),
        ([1, "项目", "", 1, "", "{own}", "", "在建", "", "", "否"], "第3行：年度计划投资（亿元）：为空"),
    ],
)
def test_each_problem_names_the_row_and_the_column(world, row, message):
    ledger = make_ledger(world)
    row = [cell.format(own=world.own.name) if isinstance(cell, str) else cell for cell in row]
    result = key_project_import(user=world.office, ledger=ledger, file=plan([row]), dry_run=False)
    assert result.problem_lines() == [message]
    assert not KeyProject.objects.exists()


def test_duplicates_in_the_file_name_the_first_row(world):
    rows = good_rows(world)
    rows[2][0] = 1
    result = key_project_import(user=world.office, ledger=make_ledger(world), file=plan(rows), dry_run=True)
    assert result.problem_lines() == ["第5行：序号：与第3行重复"]


def test_a_row_the_service_refuses_rolls_back_every_row(world):
    ledger = make_ledger(world)
    add_project(world, ledger, 9, name="万洋众创城")  # the second row's name, under another 序号
    result = key_project_import(user=world.office, ledger=ledger, file=plan(good_rows(world)), dry_run=False)
    assert not result.ok and result.problems[0][0] == 4  # row 4 of the sheet: 万洋众创城
    assert "项目名称" in result.problems[0][1] or "name" in result.problems[0][1].lower()
    assert list(KeyProject.objects.values_list("sequence", flat=True)) == [9]
    assert not Commitment.objects.filter(code="2.3.1.101").exists()
    assert not Leader.objects.exists()
    assert result.created == []


def test_a_missing_required_column_is_refused(world):
    headers = [header for header in HEADERS if header != "责任单位"]
    with pytest.raises(TaskTableError, match="责任单位"):
        key_project_import(user=world.office, ledger=make_ledger(world), file=plan([], headers), dry_run=True)


def test_the_task_tables_size_limit_applies(world, monkeypatch):
    monkeypatch.setattr(task_table_reading, "MAX_FILE_BYTES", 100)
    with pytest.raises(TaskTableError, match="上限"):
        key_project_import(user=world.office, ledger=make_ledger(world), file=plan(good_rows(world)), dry_run=True)


def test_only_the_office_imports(world):
    ledger = make_ledger(world)
    for user in (world.reporter, world.leader):
        with pytest.raises(PermissionDenied):
            key_project_import(user=user, ledger=ledger, file=plan(good_rows(world)), dry_run=True)


def test_round_trip_import_export_import(world):
    ledger = make_ledger(world)
    key_project_import(user=world.office, ledger=ledger, file=plan(good_rows(world)), dry_run=False)
    project = KeyProject.objects.get(sequence=1)
    report_approved(world, project, day(2, 29), "0.3")
    report_approved(world, project, day(3, 31), "0.5", stages=["land"])
    exported = ledger_xlsx(ledger_figures(ledger, on=day(3, 31)))

    sheet = load_workbook(io.BytesIO(exported)).worksheets[0]
    header = [cell.value for cell in sheet[2]]
    assert header[:11] == HEADERS
    first = [cell.value for cell in sheet[3]]
    assert first[12:16] == [0.5, pytest.approx(0.2), pytest.approx(0.5 / 1.2), "用地"]

    again = key_project_import(user=world.office, ledger=ledger, file=io.BytesIO(exported), dry_run=False)
    assert again.ok and again.unchanged == [1, 2, 3] and again.created == again.updated == []
    assert ledger_xlsx(ledger_figures(ledger, on=day(3, 31))) is not None
    assert KeyProject.objects.count() == 3 and Leader.objects.count() == 1


def test_a_changed_row_updates_the_project(world):
    ledger = make_ledger(world)
    key_project_import(user=world.office, ledger=ledger, file=plan(good_rows(world)), dry_run=False)
    rows = good_rows(world)
    rows[2][4], rows[2][10] = 0.8, "否"  # plan raised, and made formal
    result = key_project_import(user=world.office, ledger=ledger, file=plan(rows), dry_run=False)
    assert result.updated == [3] and result.unchanged == [1, 2]
    project = KeyProject.objects.get(sequence=3)
    assert project.planned_investment == D("0.8") and not project.is_reserve and project.promoted_on


def test_the_command_imports_and_names_problems(world, tmp_path):
    ledger = make_ledger(world)
    path = tmp_path / "plan.xlsx"
    path.write_bytes(plan(good_rows(world)).getvalue())
    office = world.office.username
    report = f"{ledger.report.government}:{ledger.report.year}"
    out = io.StringIO()
    call_command("import_key_projects", str(path), "--report", report, "--user", office, "--dry-run", stdout=out)
    assert "3 rows are valid" in out.getvalue() and not KeyProject.objects.exists()
    call_command("import_key_projects", str(path), "--report", str(ledger.report.pk), "--user", office, stdout=out)
    assert KeyProject.objects.count() == 3
    rows = good_rows(world)
    rows[0][5] = "不存在局"
    path.write_bytes(plan(rows).getvalue())
    with pytest.raises(CommandError, match="第3行：责任单位"):
        call_command("import_key_projects", str(path), "--report", report, "--user", office, stderr=io.StringIO())
    with pytest.raises(CommandError, match="may not"):
        call_command("import_key_projects", str(path), "--report", report, "--user", world.reporter.username)


def test_example_reports_go_through_review_and_only_on_example_projects(world):
    ledger = make_ledger(world)
    example = add_project(world, ledger, 1, is_example=True, categories=[ProjectCategory.UNDER_CONSTRUCTION])
    real = add_project(world, ledger, 2)
    assert example_reports_create(ledger=ledger, writer=world.office, approver=checker()) == 3
    assert example_reports_create(ledger=ledger, writer=world.office, approver=checker()) == 0  # not twice
    assert real.commitment.updates.count() == 0
    update = example.commitment.updates.order_by("as_of").first()
    assert (update.created_by, update.reviewed_by) == (world.office, checker())
    figures = ledger_figures(ledger, on=day(12, 31))
    assert figures.completed > 0 and figures.started == 1
