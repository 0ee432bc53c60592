"""Importing the task decomposition table from Excel: dry run, all-or-nothing, round trip."""

import datetime
import io
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.urls import reverse
from openpyxl import Workbook

from commitments.exports import task_table_xlsx
from commitments.models import Commitment, Report, Target
from commitments.selectors import task_table_rows
from commitments.task_table_import import TaskTableError, task_table_import
from commitments.task_table_reading import parse_due_date, parse_targets

from .base import make_user
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory, ReportFactory, TargetFactory


def workbook_bytes(rows: list[list[object]]) -> io.BytesIO:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    return buffer


HEADER = ["序号", "工作任务", "原文", "牵头单位", "配合单位", "目标", "完成时限"]


@pytest.fixture
def world(db):
    report = ReportFactory(year=2021)
    for number in (1, 2):
        ChapterFactory(report=report, number=number)
    lead = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    co = DepartmentFactory(name="江城区住房和城乡建设局", short_name="区住建局")
    return report, lead, co


@pytest.fixture
def office(db):
    """The supervisor who imports (only the supervision office changes commitments)."""
    return make_user("supervisor", username="office")


def test_good_table_creates_commitments_with_owners_and_targets(world, office):
    report, lead, co = world
    table = workbook_bytes(
        [
            HEADER,
            [
                "2.1.1",
                "推动60个重点项目建设",
                "全力推动60个重点项目建设，年度计划投资35亿元。",
                "区发改局",
                "江城区住房和城乡建设局",
                "重点项目数 不少于 60个；年度计划投资 不少于 35亿元",
                "2021-12-31",
            ],
            ["1.1.1", "做好疫情防控", "坚定不移做好疫情防控。", "江城区发展和改革局", "", "", "年底"],
        ]
    )
    result = task_table_import(user=office, report=report, file=table, dry_run=False)
    assert result.ok, result.problem_lines()
    assert sorted(result.created) == ["1.1.1", "2.1.1"]
    projects = Commitment.objects.get(report=report, code="2.1.1")
    assert projects.lead_department == lead
    assert list(projects.co_departments.all()) == [co]
    assert projects.chapter.number == 2
    assert projects.kind == "quantitative"
    assert projects.due_date == datetime.date(2021, 12, 31)
    assert {(t.metric, t.comparator, t.target_value, t.unit) for t in projects.targets.all()} == {
        ("重点项目数", "at_least", Decimal("60"), "个"),
        ("年度计划投资", "at_least", Decimal("35"), "亿元"),
    }
    assert projects.rag  # stored figures are derived at once, not left for the nightly recompute
    epidemic = Commitment.objects.get(report=report, code="1.1.1")
    assert epidemic.kind == "ongoing"
    assert epidemic.due_date == datetime.date(2021, 12, 31)


def test_english_headers_in_another_order_are_matched(world, office):
    report, lead, _ = world
    table = workbook_bytes(
        [
            ["Title", "Code", "Due date", "Lead department", "Source text"],
            ["做好疫情防控", "1.1.1", datetime.datetime(2021, 6, 30), lead.name, "坚定不移做好疫情防控。"],
        ]
    )
    result = task_table_import(user=office, report=report, file=table, dry_run=False)
    assert result.ok, result.problem_lines()
    assert Commitment.objects.get(report=report, code="1.1.1").due_date == datetime.date(2021, 6, 30)


def test_table_with_errors_lists_each_problem_by_row_and_writes_nothing(world, office):
    report, lead, _ = world
    table = workbook_bytes(
        [
            ["江城区2021年政府工作报告任务分解表"],
            HEADER,
            ["1.1.1", "正常任务", "正常。", lead.name, "", "", "2021-12-31"],
            ["1.1.2", "单位不明", "原文。", "江城区不存在局", "", "", "2021-12-31"],
            ["1.1.3", "日期不明", "原文。", lead.name, "", "", "明年春天"],
            ["1.1.4", "数值不明", "原文。", lead.name, "", "重点项目数 不少于 很多", "2021-12-31"],
            ["9.1.1", "章节不存在", "原文。", lead.name, "", "", "2021-12-31"],
            ["1.1.1", "编号重复", "原文。", lead.name, "", "", "2021-12-31"],
            ["1.1.5", "配合单位不明", "", lead.name, "某某办", "", "2021-12-31"],
        ]
    )
    for dry_run in (True, False):
        result = task_table_import(user=office, report=report, file=table, dry_run=dry_run)
        table.seek(0)
        lines = result.problem_lines()
        assert not result.ok
        assert any(line.startswith("第4行") and "江城区不存在局" in line for line in lines), lines
        assert any(line.startswith("第5行") and "明年春天" in line for line in lines), lines
        assert any(line.startswith("第6行") and "很多" in line for line in lines), lines
        assert any(line.startswith("第7行") and "第9章" in line for line in lines), lines
        assert any(line.startswith("第8行") and "重复" in line for line in lines), lines
        assert any(line.startswith("第9行") and "某某办" in line for line in lines), lines
        assert any(line.startswith("第9行") and "原文" in line for line in lines), lines
        assert not any(line.startswith("第3行") for line in lines), lines
    assert not Commitment.objects.filter(report=report).exists()


def test_dry_run_of_a_good_table_writes_nothing(world, office):
    report, lead, _ = world
    table = workbook_bytes([HEADER, ["1.1.1", "任务", "原文。", lead.name, "", "", "2021-12-31"]])
    result = task_table_import(user=office, report=report, file=table, dry_run=True)
    assert result.ok and result.created == ["1.1.1"]
    assert not Commitment.objects.exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"hello, this is not a spreadsheet", b"PK\x03\x04 broken zip", "序号,工作任务\n1,x".encode()],
)
def test_a_file_that_is_not_excel_is_refused_clearly(world, content, office):
    report, _, _ = world
    with pytest.raises(TaskTableError, match="Excel"):
        task_table_import(user=office, report=report, file=io.BytesIO(content), dry_run=True)


def test_a_sheet_without_the_required_columns_is_refused(world, office):
    report, _, _ = world
    with pytest.raises(TaskTableError, match="表头"):
        task_table_import(user=office, report=report, file=workbook_bytes([["甲", "乙"], [1, 2]]), dry_run=True)
    with pytest.raises(TaskTableError, match="牵头单位"):
        task_table_import(
            user=office, report=report, file=workbook_bytes([["序号", "工作任务"], ["1.1.1", "x"]]), dry_run=True
        )


def test_dropping_a_target_with_reported_values_is_a_row_problem(world, office):
    from .factories import ReportedValueFactory

    report, lead, _ = world
    commitment = CommitmentFactory(
        report=report, chapter=report.chapters.get(number=1), code="1.1.1", lead_department=lead
    )
    target = TargetFactory(commitment=commitment, metric="项目数")
    ReportedValueFactory(update__commitment=commitment, target=target)
    table = workbook_bytes([HEADER, ["1.1.1", commitment.title, "", lead.name, "", "", "2020-12-31"]])
    result = task_table_import(user=office, report=report, file=table, dry_run=False)
    assert any("项目数" in line for line in result.problem_lines())
    assert Target.objects.filter(pk=target.pk).exists()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-12-31", datetime.date(2021, 12, 31)),
        ("2021/6/30", datetime.date(2021, 6, 30)),
        ("2021年9月30日", datetime.date(2021, 9, 30)),
        ("2021年9月底", datetime.date(2021, 9, 30)),
        ("2021年2月", datetime.date(2021, 2, 28)),
        ("年底", datetime.date(2021, 12, 31)),
        ("2022年底", datetime.date(2022, 12, 31)),
        ("上半年", datetime.date(2021, 6, 30)),
    ],
)
def test_due_dates_as_offices_write_them(text, expected):
    assert parse_due_date(text, 2021) == expected


def test_targets_as_the_export_writes_them():
    assert parse_targets("干净整洁村比例 不少于 80%；排放量 不超过 3.5万吨；预备项目 等于 11个") == [
        parse_targets("干净整洁村比例 不少于 80%")[0],
        parse_targets("排放量 ≤ 3.5万吨")[0],
        parse_targets("预备项目 = 11个")[0],
    ]
    assert parse_targets("排放量 不超过 3.5万吨")[0].comparator == "at_most"


class RoundTripTests(TestCase):
    fixtures = ["jiangcheng_2020"]

    @classmethod
    def setUpTestData(cls):
        cls.office = make_user("supervisor", username="office")

    def snapshot(self, report):
        rows = []
        for c in (
            Commitment.objects.filter(report=report).order_by("code").prefetch_related("targets", "co_departments")
        ):
            rows.append(
                (
                    c.code,
                    c.title,
                    c.source_text,
                    c.lead_department_id,
                    c.due_date,
                    c.version,
                    c.kind,
                    sorted(d.pk for d in c.co_departments.all()),
                    sorted((t.metric, t.comparator, t.target_value, t.unit) for t in c.targets.all()),
                )
            )
        return rows

    def test_export_then_import_leaves_the_data_unchanged(self):
        report = Report.objects.get(year=2020)
        before = self.snapshot(report)
        content = task_table_xlsx(task_table_rows(Commitment.objects.filter(report=report)))
        result = task_table_import(user=self.office, report=report, file=io.BytesIO(content), dry_run=False)
        assert result.ok, result.problem_lines()
        assert len(result.unchanged) == len(before) and not result.updated and not result.created
        assert self.snapshot(report) == before

    def test_an_edited_export_updates_only_what_changed(self):
        from openpyxl import load_workbook

        report = Report.objects.get(year=2020)
        content = task_table_xlsx(task_table_rows(Commitment.objects.filter(report=report)))
        workbook = load_workbook(io.BytesIO(content))
        sheet = workbook.active
        for row in sheet.iter_rows(min_row=3):  # under the title and the header
            if row[0].value == "4.3.5":
                row[6].value = "2020-10-31"
                row[5].value = "“四好农村路”建设里程 不少于 60公里"
        buffer = io.BytesIO()
        workbook.save(buffer)
        buffer.seek(0)
        result = task_table_import(user=self.office, report=report, file=buffer, dry_run=False)
        assert result.ok, result.problem_lines()
        assert result.updated == ["4.3.5"]
        road = Commitment.objects.get(report=report, code="4.3.5")
        assert road.due_date == datetime.date(2020, 10, 31)
        assert road.targets.get().target_value == Decimal("60")
        assert road.version == 2
        assert road.history.count() >= 1


def test_command_dry_run_and_errors(world, office, tmp_path, capsys):
    report, lead, _ = world
    good = tmp_path / "good.xlsx"
    good.write_bytes(workbook_bytes([HEADER, ["1.1.1", "任务", "原文。", lead.name, "", "", "2021-12-31"]]).read())
    call_command("import_task_table", str(good), "--report", str(report.pk), "--user", "office", "--dry-run")
    assert "Nothing was written" in capsys.readouterr().out
    assert not Commitment.objects.exists()
    call_command("import_task_table", str(good), "--report", str(report.pk), "--user", "office")
    assert Commitment.objects.filter(report=report).count() == 1

    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(workbook_bytes([HEADER, ["1.1.2", "任务", "原文。", "无此单位", "", "", "2021-12-31"]]).read())
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import_task_table", str(bad), "--report", str(report.pk), "--user", "office")
    assert "第2行" in capsys.readouterr().err
    not_excel = tmp_path / "report.txt"
    not_excel.write_text("not excel")
    with pytest.raises(CommandError, match="Excel"):
        call_command("import_task_table", str(not_excel), "--report", str(report.pk), "--user", "office")
    with pytest.raises(CommandError, match="No report"):
        call_command("import_task_table", str(good), "--report", "999999", "--user", "office")
    with pytest.raises(CommandError, match="Cannot read"):
        call_command(
            "import_task_table", str(tmp_path / "missing.xlsx"), "--report", str(report.pk), "--user", "office"
        )


def test_admin_import_page_checks_then_imports(admin_client, world):
    report, lead, _ = world
    url = reverse("admin:commitments_report_import_task_table", args=[report.pk])
    assert admin_client.get(url).status_code == 200
    assert url in admin_client.get(reverse("admin:commitments_report_change", args=[report.pk])).content.decode()

    def upload(dry_run: bool, name="table.xlsx", content=None):
        data = content or workbook_bytes([HEADER, ["1.1.1", "任务", "原文。", lead.name, "", "", "2021-12-31"]]).read()
        payload = {"file": SimpleUploadedFile(name, data)}
        if dry_run:
            payload["dry_run"] = "on"
        return admin_client.post(url, payload)

    response = upload(dry_run=True)
    assert response.status_code == 200 and "1" in response.content.decode()
    assert not Commitment.objects.exists()
    response = upload(dry_run=False)
    assert response.status_code == 302
    assert Commitment.objects.filter(report=report).count() == 1
    response = upload(dry_run=False, name="table.txt", content=b"x")
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = upload(dry_run=False, content=b"not a zip")
    assert response.status_code == 200 and "Excel" in str(response.context["form"].errors["file"])


def test_about_targets_round_trip_through_the_table_text():
    from commitments.models import Target
    from commitments.selectors import describe_target

    target = Target(metric="地区生产总值增速", unit="%", comparator="about", target_value=Decimal("6"))
    assert describe_target(target) == "地区生产总值增速 约 6%"
    assert parse_targets(describe_target(target))[0].comparator == "about"


# Through the services: who may import, all or nothing, history -------------------------------------


def good_table(lead) -> io.BytesIO:
    return workbook_bytes(
        [
            HEADER,
            ["1.1.1", "做好疫情防控", "坚定不移做好疫情防控。", lead.name, "", "", "2021-12-31"],
            ["2.1.1", "推动重点项目建设", "全力推动重点项目建设。", lead.name, "", "重点项目数 不少于 60个", "年底"],
        ]
    )


@pytest.mark.parametrize("role", ["reporter", "leader", "viewer"])
def test_only_the_office_may_import_even_a_dry_run(world, role):
    report, lead, _ = world
    user = make_user(role, lead)
    for dry_run in (True, False):
        with pytest.raises(PermissionDenied):
            task_table_import(user=user, report=report, file=good_table(lead), dry_run=dry_run)
    assert not Commitment.objects.exists()


def test_a_row_the_services_refuse_stores_nothing_and_is_named(world, office):
    report, lead, _ = world
    too_long = "指" * 101  # the table's rules allow it; the target's metric column does not
    table = workbook_bytes(
        [
            HEADER,
            ["1.1.1", "做好疫情防控", "坚定不移做好疫情防控。", lead.name, "", "", "2021-12-31"],
            ["1.1.2", "稳定就业", "稳定就业。", lead.name, "", "", "2021-12-31"],
            ["2.1.1", "推动重点项目建设", "全力推动重点项目建设。", lead.name, "", f"{too_long} 不少于 60个", "年底"],
        ]
    )
    result = task_table_import(user=office, report=report, file=table, dry_run=False)
    assert not result.ok
    assert [line[:3] for line in result.problem_lines()] == ["第4行"]
    assert too_long in result.problem_lines()[0]
    assert not (result.created or result.updated or result.unchanged)
    assert not Commitment.objects.exists() and not Target.objects.exists()  # rows 2 and 3 were rolled back


def test_imported_rows_carry_history_by_the_importing_user(world, office):
    report, lead, co = world
    result = task_table_import(user=office, report=report, file=good_table(lead), dry_run=False)
    assert result.ok, result.problem_lines()
    projects = Commitment.objects.get(report=report, code="2.1.1")
    assert projects.history.earliest().history_type == "+"
    assert {record.history_user for record in projects.history.all()} == {office}
    assert {record.history_user for record in projects.targets.get().history.all()} == {office}
    assert projects.rag  # derived once, at the end of the import's transaction

    edited = workbook_bytes(
        [HEADER, ["2.1.1", "推动重点项目建设", "", lead.name, co.name, "重点项目数 不少于 70个", "年底"]]
    )
    result = task_table_import(user=office, report=report, file=edited, dry_run=False)
    assert result.updated == ["2.1.1"]
    projects.refresh_from_db()
    assert projects.version == 2  # the co-department changed: commitment_update bumps the version
    assert list(projects.co_departments.all()) == [co]
    latest = projects.history.latest()
    assert (latest.history_type, latest.history_user) == ("~", office)
    assert projects.targets.get().history.latest().history_user == office


def test_command_needs_a_user_of_the_office(world, office, tmp_path):
    report, lead, _ = world
    table = tmp_path / "table.xlsx"
    table.write_bytes(good_table(lead).read())
    make_user("reporter", lead, username="clerk")
    make_user("viewer", username="citizen")
    with pytest.raises(CommandError, match="--user"):
        call_command("import_task_table", str(table), "--report", str(report.pk))
    with pytest.raises(CommandError, match="No user named 'nobody'"):
        call_command("import_task_table", str(table), "--report", str(report.pk), "--user", "nobody")
    for username in ("clerk", "citizen"):
        for extra in ([], ["--dry-run"]):
            with pytest.raises(CommandError, match=f"'{username}' may not import"):
                call_command("import_task_table", str(table), "--report", str(report.pk), "--user", username, *extra)
    assert not Commitment.objects.exists()
    call_command("import_task_table", str(table), "--report", str(report.pk), "--user", "office")
    assert {record.history_user for record in Commitment.objects.get(code="1.1.1").history.all()} == {office}


def test_command_names_the_row_the_services_refuse(world, office, tmp_path):
    report, lead, _ = world
    table = tmp_path / "table.xlsx"
    rows = [HEADER, ["1.1.1", "任务", "原文。", lead.name, "", "", "2021-12-31"]]
    rows.append(["1.1.2", "任务", "原文。", lead.name, "", f"{'指' * 101} 不少于 1个", "2021-12-31"])
    table.write_bytes(workbook_bytes(rows).read())
    with pytest.raises(CommandError, match="第3行.*nothing was imported"):
        call_command("import_task_table", str(table), "--report", str(report.pk), "--user", "office")
    assert not Commitment.objects.exists()


def test_admin_import_page_refuses_users_outside_the_office(client, world):
    report, lead, _ = world
    url = reverse("admin:commitments_report_import_task_table", args=[report.pk])
    reporter = make_user("reporter", lead)
    client.force_login(reporter)
    response = client.post(url, {"file": SimpleUploadedFile("table.xlsx", good_table(lead).read())})
    assert response.status_code == 403  # no model permission to change reports: the page stays shut
    # A viewer someone gave the model permission gets through the admin's door; the service still refuses.
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="change_report"))
    client.force_login(viewer)
    response = client.post(url, {"file": SimpleUploadedFile("table.xlsx", good_table(lead).read())})
    assert response.status_code == 200
    assert [m.level_tag for m in response.context["messages"]] == ["error"]
    assert not Commitment.objects.exists()


def test_admin_import_attributes_the_history_and_names_a_refused_row(admin_client, superuser, world):
    report, lead, _ = world
    url = reverse("admin:commitments_report_import_task_table", args=[report.pk])
    rows = [HEADER, ["1.1.1", "任务", "原文。", lead.name, "", "", "2021-12-31"]]
    bad = [*rows, ["1.1.2", "任务", "原文。", lead.name, "", f"{'指' * 101} 不少于 1个", "2021-12-31"]]
    response = admin_client.post(url, {"file": SimpleUploadedFile("t.xlsx", workbook_bytes(bad).read())})
    assert response.status_code == 200
    assert response.context["result"].problem_lines()[0].startswith("第3行")
    assert "第3行" in response.content.decode()
    assert not Commitment.objects.exists()
    response = admin_client.post(url, {"file": SimpleUploadedFile("t.xlsx", workbook_bytes(rows).read())})
    assert response.status_code == 302
    assert {record.history_user for record in Commitment.objects.get(code="1.1.1").history.all()} == {superuser}
