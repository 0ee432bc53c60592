"""Bringing in a new report from its text: the command's draft fixture and the admin's review page."""

import dataclasses
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from commitments.extraction import extract
from commitments.models import Commitment, Department, Report, Target
from commitments.report_drafts import ChosenCandidate, department_for_suggestion, report_create_from_candidates

from .base import make_user
from .factories import DepartmentFactory, ReportFactory

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "fixtures" / "sources" / "jiangcheng_2020.txt"
pytestmark = pytest.mark.django_db


def test_department_suggestions_match_full_short_and_prefixed_names():
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    edu = DepartmentFactory(name="江城区教育局", short_name="区教育局")
    departments = [dev, edu]
    assert department_for_suggestion("区发展和改革局", departments) == dev
    assert department_for_suggestion("区教育局", departments) == edu
    assert department_for_suggestion("区发改局", departments) == dev
    assert department_for_suggestion("区统计局", departments) is None
    assert department_for_suggestion("", departments) is None


def test_command_writes_a_draft_that_loads_after_review(tmp_path, capsys):
    lead = DepartmentFactory(name="江城区人民政府办公室")
    out = tmp_path / "draft.json"
    call_command(
        "extract_commitments",
        str(SEED),
        "--year",
        "2021",
        "--government",
        "测试区人民政府",
        "--out",
        str(out),
        "--default-lead",
        lead.name,
    )
    summary = capsys.readouterr().err
    assert "candidate commitments" in summary and "targets" in summary
    draft = json.loads(out.read_text(encoding="utf-8"))
    models = {obj["model"] for obj in draft}
    assert models == {
        "commitments.report",
        "commitments.chapter",
        "commitments.commitment",
        "commitments.target",
        "commitments.milestone",
    }
    call_command("loaddata", str(out), verbosity=0)
    report = Report.objects.get(government="测试区人民政府", year=2021)
    assert not report.published
    assert report.commitments.count() == sum(1 for obj in draft if obj["model"] == "commitments.commitment")
    assert Target.objects.filter(commitment__report=report, target_value=53, unit="个").exists()


def test_command_reads_gb18030(tmp_path, capsys):
    gb = tmp_path / "report-gb.txt"
    gb.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    call_command("extract_commitments", str(gb), "--year", "2020")
    draft = json.loads(capsys.readouterr().out)
    assert any(obj["fields"].get("code") == "4.3.3" for obj in draft if obj["model"] == "commitments.commitment")


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"", "empty"), (b"\x00\x01\x02binary\x00", "binary"), ("一些文字，没有工作安排。".encode(), "plan")],
)
def test_command_explains_unusable_input(tmp_path, content, message):
    path = tmp_path / "report.txt"
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        call_command("extract_commitments", str(path), "--year", "2020")


def test_command_refuses_a_missing_file_and_an_unknown_default_lead(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("extract_commitments", str(tmp_path / "none.txt"), "--year", "2020")
    with pytest.raises(CommandError, match="no department"):
        call_command("extract_commitments", str(SEED), "--year", "2020", "--default-lead", "无此单位")


def test_admin_review_page_imports_only_the_chosen_candidates(admin_client):
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    url = reverse("admin:commitments_report_extract_candidates")
    assert admin_client.get(url).status_code == 200
    assert url in admin_client.get(reverse("admin:commitments_report_changelist")).content.decode()
    identity = {"government": "测试区人民政府", "year": "2021", "title": "2021年测试区政府工作报告"}
    upload = SimpleUploadedFile("report.txt", SEED.read_bytes(), content_type="text/plain")
    response = admin_client.post(url, {"step": "extract", "file": upload, **identity})
    assert response.status_code == 200
    rows = response.context["candidates"]
    assert len(rows) > 60
    projects = next(row for row in rows if any(t.value == 53 for t in row["candidate"].targets))
    assert projects["lead_id"] == dev.pk  # suggested 区发展和改革局 matched to the department on file

    text = response.context["report_text"]
    chosen = {"step": "import", "report_text": text, **identity, "pick": [projects["code"], rows[0]["code"]]}
    chosen[f"title_{projects['code']}"] = "推动重点项目建设"
    chosen[f"lead_{projects['code']}"] = str(dev.pk)
    chosen[f"title_{rows[0]['code']}"] = rows[0]["title"]
    response = admin_client.post(url, chosen)  # the first row has no lead yet: refused, nothing written
    assert response.status_code == 200
    assert any(row.get("error") for row in response.context["candidates"])
    assert not Report.objects.filter(year=2021).exists()
    # Said at the top of the page, naming the row, not only beside it far down the table (issue 17).
    assert rows[0]["code"] in response.context["errors"][0] and "未导入" in response.context["errors"][0]
    page = response.content.decode()
    assert "binding" not in page and "at_least" not in page  # firmness and comparators in Chinese
    assert "约束性" in page or "预期性" in page or "方向性" in page

    chosen[f"lead_{rows[0]['code']}"] = str(dev.pk)
    response = admin_client.post(url, chosen)
    assert response.status_code == 302
    report = Report.objects.get(government="测试区人民政府", year=2021)
    assert not report.published
    assert set(report.commitments.values_list("code", flat=True)) == {projects["code"], rows[0]["code"]}
    imported = Commitment.objects.get(report=report, code=projects["code"])
    assert imported.title == "推动重点项目建设"
    assert imported.targets.filter(target_value=53).exists()
    assert imported.rag  # stored figures derived on import

    response = admin_client.post(url, chosen)  # the same government and year again
    assert response.status_code == 200 and response.context["errors"]
    assert Report.objects.filter(year=2021).count() == 1


def test_admin_review_page_explains_bad_text(admin_client):
    ReportFactory()
    url = reverse("admin:commitments_report_extract_candidates")
    identity = {"government": "测试区", "year": "2021", "title": "报告"}
    response = admin_client.post(
        url, {"step": "extract", "file": SimpleUploadedFile("x.txt", b"\x00\x00bin"), **identity}
    )
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = admin_client.post(url, {"step": "extract", "text": "没有计划部分的文字。", **identity})
    assert response.status_code == 200 and response.context["errors"]
    response = admin_client.post(url, {"step": "extract", **identity})
    assert response.status_code == 200 and response.context["form"].non_field_errors()


def review_and_choose(client, lead: Department) -> dict:
    """Extracts the seed report on the review page and returns the import form choosing its first candidate."""
    url = reverse("admin:commitments_report_extract_candidates")
    identity = {"government": "测试区人民政府", "year": "2021", "title": "2021年测试区政府工作报告"}
    upload = SimpleUploadedFile("report.txt", SEED.read_bytes(), content_type="text/plain")
    response = client.post(url, {"step": "extract", "file": upload, **identity})
    rows = response.context["candidates"]
    projects = next(row for row in rows if any(t.value == 53 for t in row["candidate"].targets))
    code = projects["code"]
    return {
        "step": "import",
        "report_text": response.context["report_text"],
        **identity,
        "pick": [code],
        f"title_{code}": "推动重点项目建设",
        f"lead_{code}": str(lead.pk),
    }


def test_admin_review_page_creates_commitments_through_the_services_as_the_user(admin_client, superuser):
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    response = admin_client.post(
        reverse("admin:commitments_report_extract_candidates"), review_and_choose(admin_client, dev)
    )
    assert response.status_code == 302
    imported = Commitment.objects.get(report__year=2021)
    assert imported.history.earliest().history_type == "+"
    assert {record.history_user for record in imported.history.all()} == {superuser}
    assert {record.history_user for target in imported.targets.all() for record in target.history.all()} == {superuser}
    assert imported.rag  # derived once, when the report's transaction ends


def test_admin_review_page_refuses_users_outside_the_office(client):
    dev = DepartmentFactory(name="江城区发展和改革局", short_name="区发改局")
    # A viewer someone gave the model permission gets through the admin's door; the service still refuses.
    viewer = make_user("viewer")
    viewer.user_permissions.add(Permission.objects.get(codename="add_report"))
    client.force_login(viewer)
    response = client.post(reverse("admin:commitments_report_extract_candidates"), review_and_choose(client, dev))
    assert response.status_code == 200 and response.context["errors"]
    assert not Report.objects.exists() and not Commitment.objects.exists()


def test_report_from_candidates_needs_the_office_and_names_a_refused_candidate(db):
    dev = DepartmentFactory(name="江城区发展和改革局")
    office, reporter = make_user("supervisor"), make_user("reporter", dev)
    extraction = extract(SEED.read_text(encoding="utf-8"), year=2021)
    first, second = extraction.candidates[:2]
    identity = {"government": "测试区人民政府", "year": 2021, "title": "报告", "text": "……", "extraction": extraction}
    chosen = [ChosenCandidate(first, "任务一", dev), ChosenCandidate(second, "任务二", dev)]
    with pytest.raises(PermissionDenied):
        report_create_from_candidates(user=reporter, **identity, chosen=chosen)
    bad = [chosen[0], ChosenCandidate(dataclasses.replace(second, firmness="maybe"), "任务二", dev)]
    with pytest.raises(ValidationError, match=second.code):
        report_create_from_candidates(user=office, **identity, chosen=bad)
    assert not Report.objects.exists() and not Commitment.objects.exists()
    report = report_create_from_candidates(user=office, **identity, chosen=chosen)
    assert {c.history.earliest().history_user for c in report.commitments.all()} == {office}
