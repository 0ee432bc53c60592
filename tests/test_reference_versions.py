"""Reports, chapters, indicators, departments and leaders name the version they were edited from (issue 16,
finding 5): in the API (`version` or If-Match → 409/412/428) and in the admin (a stale page, or a stale
inline row, is refused and saves nothing)."""

import re

import pytest

from commitments.models import Chapter, Department, Indicator, Leader, Report

from .api_helpers import client_for
from .factories import ChapterFactory, DepartmentFactory, IndicatorFactory, LeaderFactory, ReportFactory

pytestmark = pytest.mark.django_db

CASES = [
    ("reports", ReportFactory, Report, "title", "2020年政府工作报告（修订）", "2020年政府工作报告（再修订）"),
    ("chapters", ChapterFactory, Chapter, "title", "聚焦产业发展", "聚焦产业发展强实力"),
    ("indicators", IndicatorFactory, Indicator, "note", "预期", "约束"),
    ("departments", DepartmentFactory, Department, "short_name", "发改局", "发改"),
    ("leaders", LeaderFactory, Leader, "position", "副区长", "常务副区长"),
]


@pytest.mark.parametrize("kind, make, model, field, first_value, second_value", CASES)
def test_the_second_api_editor_of_reference_data_is_refused(world, kind, make, model, field, first_value, second_value):
    row = make()
    first, second = client_for(world.office), client_for(world.office)
    assert first.get(f"/api/{kind}/{row.pk}/").json()["version"] == 1
    assert first.patch(f"/api/{kind}/{row.pk}/", {field: first_value, "version": 1}, format="json").status_code == 200
    refused = second.patch(f"/api/{kind}/{row.pk}/", {field: second_value, "version": 1}, format="json")
    assert refused.status_code == 409
    stored = model.objects.get(pk=row.pk)
    assert getattr(stored, field) == first_value and stored.version == 2
    stale_header = second.patch(f"/api/{kind}/{row.pk}/", {field: second_value}, format="json", HTTP_IF_MATCH='"1"')
    assert stale_header.status_code == 412
    unnamed = second.patch(f"/api/{kind}/{row.pk}/", {field: second_value}, format="json")
    assert unnamed.status_code == 428
    assert getattr(model.objects.get(pk=row.pk), field) == first_value


def opened_form(client, url: str) -> dict:
    """The change page's form as a browser would post it back: every input's current value."""
    html = client.get(url).content.decode()
    data = {}
    for tag in re.findall(r"<(?:input|select|textarea)[^>]*>", html):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="checkbox"' in tag and "checked" not in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        data[name.group(1)] = value.group(1) if value else ""
    for name, body in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S):
        data[name] = body.strip()
    for name, chosen in re.findall(
        r'<select[^>]*name="([^"]+)"[^>]*>.*?<option value="([^"]*)"[^>]*selected', html, re.S
    ):
        data[name] = chosen
    data.pop("_addanother", None), data.pop("_continue", None), data.pop("_saveasnew", None)
    return data


def test_a_stale_department_page_is_refused_and_saves_nothing(client, world):
    department = DepartmentFactory(name="江城区交通运输局", short_name="交通局")
    client.force_login(world.office)
    url = f"/admin/commitments/department/{department.pk}/change/"
    mine = opened_form(client, url)
    theirs = opened_form(client, url)
    assert client.post(url, {**theirs, "short_name": "交通"}).status_code == 302
    refused = client.post(url, {**mine, "short_name": "运输局"})
    assert refused.status_code == 200
    assert "reload" in refused.content.decode() or "刷新" in refused.content.decode()
    department.refresh_from_db()
    assert (department.short_name, department.version) == ("交通", 2)


def test_a_stale_chapter_row_on_the_report_page_is_refused(client, world):
    chapter = ChapterFactory(title="第一章")
    client.force_login(world.office)
    url = f"/admin/commitments/report/{chapter.report_id}/change/"
    mine = opened_form(client, url)
    prefix = next(name[: -len("-0-title")] for name in mine if name.endswith("-0-title"))
    other = client_for(world.office)
    assert (
        other.patch(f"/api/chapters/{chapter.pk}/", {"title": "第一章（改）", "version": 1}, format="json").status_code
        == 200
    )
    refused = client.post(url, {**mine, f"{prefix}-0-title": "第一章（我改）"})
    assert refused.status_code == 200
    chapter.refresh_from_db()
    assert chapter.title == "第一章（改）"


def test_a_stale_reporting_plan_page_is_refused_and_saves_nothing(client, world):
    from commitments.models import ReportingPlan
    from commitments.supervision import services as supervision

    plan = supervision.reporting_plan_set(user=world.office, commitment=world.mine, cadence="monthly", due_day=25)
    client.force_login(world.office)
    url = f"/admin/commitments/reportingplan/{plan.pk}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    assert client.post(url, {**theirs, "due_day": "20"}).status_code == 302
    refused = client.post(url, {**mine, "due_day": "28"})
    assert refused.status_code == 200 and "刷新" in refused.content.decode()
    assert ReportingPlan.objects.get(pk=plan.pk).due_day == 20


def test_a_stale_stage_step_row_is_refused(client, world):
    from commitments.models import StageTemplateStep

    step = StageTemplateStep.objects.select_related("template").first()
    client.force_login(world.office)
    url = f"/admin/commitments/stagetemplate/{step.template_id}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    row = next(name[: -len("-id")] for name, value in mine.items() if name.endswith("-id") and value == str(step.pk))
    first = client.post(url, {**theirs, f"{row}-title": "立项（改）"})
    assert first.status_code == 302
    refused = client.post(url, {**mine, f"{row}-title": "立项（我改）"})
    assert refused.status_code == 200
    assert StageTemplateStep.objects.get(pk=step.pk).title == "立项（改）"


def test_a_stale_indicator_row_on_the_report_page_is_refused(client, world):
    indicator = IndicatorFactory(name="地区生产总值", value="300")
    client.force_login(world.office)
    url = f"/admin/commitments/report/{indicator.report_id}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    prefix = next(name[: -len("-0-name")] for name in mine if name.endswith("-0-name") and "indicator" in name)
    assert client.post(url, {**theirs, f"{prefix}-0-note": "预期"}).status_code == 302
    refused = client.post(url, {**mine, f"{prefix}-0-note": "约束"})
    assert refused.status_code == 200
    indicator.refresh_from_db()
    assert (indicator.note, indicator.version) == ("预期", 2)


def test_a_stale_assessment_scheme_page_is_refused(client, world):
    from decimal import Decimal

    from commitments.models import AssessmentScheme

    scheme = AssessmentScheme.objects.create(year=2020, name="2020年度考核", base_score=Decimal(100))
    client.force_login(world.office)
    url = f"/admin/commitments/assessmentscheme/{scheme.pk}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    assert client.post(url, {**theirs, "base_score": "90"}).status_code == 302
    refused = client.post(url, {**mine, "base_score": "80"})
    assert refused.status_code == 200 and "刷新" in refused.content.decode()
    assert AssessmentScheme.objects.get(pk=scheme.pk).base_score == Decimal(90)


def test_a_stale_key_project_page_is_refused(client, world):
    from commitments.models import KeyProject

    from .key_projects_base import add_project, make_ledger

    project = add_project(world, make_ledger(world), 1, name="张小泉刀剪智能制造中心")
    client.force_login(world.office)
    url = f"/admin/commitments/keyproject/{project.pk}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    owner = {"department": world.own.pk}  # an autocomplete select: its chosen option is drawn by script
    assert client.post(url, {**theirs, **owner, "content": "刀剪智能制造"}).status_code == 302
    refused = client.post(url, {**mine, **owner, "content": "厨刀生产线"})
    assert refused.status_code == 200 and "刷新" in refused.content.decode()
    assert KeyProject.objects.get(pk=project.pk).content == "刀剪智能制造"
