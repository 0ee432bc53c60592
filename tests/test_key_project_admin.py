"""The office's ledger pages: the list with its filters in a fixed number of queries, a project's page,
adding and changing through the services (their messages on the form), 预备转正, import and export."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from commitments.models import KeyProject

from .base import D, day
from .key_projects_base import add_project, leader, make_ledger, report_approved
from .test_key_project_import import good_rows, plan

pytestmark = pytest.mark.django_db
LIST = "admin:commitments_keyproject_changelist"


@pytest.fixture
def ledger(world):
    return make_ledger(world)


@pytest.fixture
def office_client(client, world):
    client.force_login(world.office)
    return client


def _projects(world, ledger, count):
    chief = leader()
    for n in range(1, count + 1):
        add_project(world, ledger, n, leader=chief if n % 2 else None, is_example=n % 2 == 0, is_reserve=n % 3 == 0)


@pytest.mark.parametrize("count", [3, 15])
def test_the_list_takes_the_same_queries_for_any_length(
    world, ledger, office_client, count, django_assert_max_num_queries
):
    _projects(world, ledger, count)
    report_approved(world, KeyProject.objects.get(sequence=1), day(3, 31), "0.5", stages=["land"])
    # The same for 3 or 15 projects; the header's to-do adds its remembered counts' token and the unread count.
    with django_assert_max_num_queries(15):
        response = office_client.get(reverse(LIST))
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('class="tracker-flag tracker-flag--example"') == count // 2
    assert "测试项目1" in body and "key-projects" not in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("stage=land", [1]),
        ("stage=preliminary", [2, 3, 4]),
        ("category=new_start", [1, 2, 3, 4]),
        ("category=infrastructure", []),
        ("is_reserve__exact=1", [3]),
        ("is_example__exact=1", [2, 4]),
        ("q=测试项目4", [4]),
    ],
)
def test_each_filter(world, ledger, office_client, query, expected):
    _projects(world, ledger, 4)
    report_approved(world, KeyProject.objects.get(sequence=1), day(3, 31), "0.5", stages=["land"])
    response = office_client.get(reverse(LIST) + "?" + query)
    assert sorted(project.sequence for project in response.context["cl"].result_list) == expected


def test_department_and_leader_filters(world, ledger, office_client):
    _projects(world, ledger, 4)
    add_project(world, ledger, 5, department=world.other)
    chief = KeyProject.objects.get(sequence=1).leader
    by_department = office_client.get(reverse(LIST) + f"?department={world.other.pk}")
    assert [project.sequence for project in by_department.context["cl"].result_list] == [5]
    by_leader = office_client.get(reverse(LIST) + f"?leader={chief.pk}")
    assert sorted(project.sequence for project in by_leader.context["cl"].result_list) == [1, 3]


def test_pages_render(world, ledger, office_client):
    _projects(world, ledger, 2)
    project = KeyProject.objects.get(sequence=1)
    for url in (
        reverse("admin:commitments_keyproject_change", args=[project.pk]),
        reverse("admin:commitments_keyproject_add"),
        reverse("admin:commitments_keyproject_history", args=[project.pk]),
        reverse("admin:commitments_keyproject_import"),
    ):
        assert office_client.get(url).status_code == 200, url


def _form(world, ledger, **fields):
    return {
        "ledger": ledger.pk,
        "sequence": 9,
        "name": "新增项目",
        "content": "厂房",
        "total_investment": "5",
        "planned_investment": "1.25",
        "department": world.own.pk,
        "leader": "",
        "categories": ["new_start", "infrastructure"],
        "planned_start": "2020-08-01",
        "planned_completion": "",
        **fields,
    }


def test_adding_a_project_goes_through_the_service(world, ledger, office_client):
    response = office_client.post(reverse("admin:commitments_keyproject_add"), _form(world, ledger))
    assert response.status_code == 302, response.context["adminform"].form.errors
    project = KeyProject.objects.get(sequence=9)
    assert project.commitment.parent == ledger and project.planned_investment == D("1.25")
    assert sorted(tag.category for tag in project.categories.all()) == ["infrastructure", "new_start"]
    assert project.history.first().history_user == world.office


def test_a_clash_is_a_form_error_not_a_500(world, ledger, office_client):
    add_project(world, ledger, 9)
    response = office_client.post(reverse("admin:commitments_keyproject_add"), _form(world, ledger, name="测试项目9"))
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "sequence" in errors and "name" in errors
    assert KeyProject.objects.count() == 1


def test_changing_a_project(world, ledger, office_client):
    project = add_project(world, ledger, 9)
    url = reverse("admin:commitments_keyproject_change", args=[project.pk])
    # Posted as the page was opened: its digest of the stored row (a stale page is refused, see
    # tests/test_reference_versions.py).
    opened = office_client.get(url).context["adminform"].form.initial["opened_state"]
    form = _form(world, ledger, department=world.other.pk, planned_investment="2")
    response = office_client.post(url, {**form, "opened_state": opened})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.department == world.other and project.planned_investment == D(2)


def test_promote_action(world, ledger, office_client):
    project = add_project(world, ledger, 1, is_reserve=True)
    response = office_client.post(reverse(LIST), {"action": "promote", "_selected_action": [project.pk]})
    assert response.status_code == 302
    project.refresh_from_db()
    assert not project.is_reserve and project.promoted_on is not None


def test_readers_see_the_list_but_cannot_change_it(world, ledger, client):
    project = add_project(world, ledger, 1, is_reserve=True)
    client.force_login(world.reporter)
    assert client.get(reverse(LIST)).status_code == 200
    assert client.get(reverse("admin:commitments_keyproject_add")).status_code == 403
    assert client.get(reverse("admin:commitments_keyproject_import")).status_code == 403
    client.post(reverse(LIST), {"action": "promote", "_selected_action": [project.pk]})
    project.refresh_from_db()
    assert project.is_reserve


def test_import_page_dry_run_then_import(world, ledger, office_client):
    url = reverse("admin:commitments_keyproject_import")
    response = office_client.post(url, {"ledger": ledger.pk, "file": _upload(world), "dry_run": "on"})
    assert response.status_code == 200 and response.context["result"].created == [1, 2, 3]
    assert not KeyProject.objects.exists()
    response = office_client.post(url, {"ledger": ledger.pk, "file": _upload(world)})
    assert response.status_code == 302 and KeyProject.objects.count() == 3


def test_import_page_shows_row_problems(world, ledger, office_client):
    rows = good_rows(world)
    rows[1][4] = "abc"
    upload = plan(rows)
    upload.name = "plan.xlsx"
    response = office_client.post(reverse("admin:commitments_keyproject_import"), {"ledger": ledger.pk, "file": upload})
    assert response.status_code == 200
    assert "第4行：年度计划投资（亿元）：“abc”不是数字" in response.content.decode()


def test_export(world, ledger, office_client):
    _projects(world, ledger, 2)
    response = office_client.get(reverse("admin:commitments_keyproject_export", args=[ledger.pk]) + "?as_of=2020-06-30")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert [sheet.cell(row=row, column=2).value for row in (3, 4)] == ["测试项目1", "测试项目2"]


def _upload(world):
    upload = plan(good_rows(world))
    upload.name = "plan.xlsx"
    return upload
