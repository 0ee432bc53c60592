"""/api/key-projects/: reads by role (the public only published reports), writes by the office, monthly
reports by the owning department, filters, 400 on bad input, a fixed number of queries for the list."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from commitments.models import KeyProject, ProgressUpdate

from .base import checker, day
from .key_projects_base import add_project, leader, make_ledger, report_approved

pytestmark = pytest.mark.django_db
LIST = "/api/key-projects/"


@pytest.fixture
def ledger(world):
    ledger = make_ledger(world)
    add_project(world, ledger, 1, leader=leader(), is_example=True)
    add_project(world, ledger, 2, department=world.other, is_reserve=True)
    return ledger


def api(user) -> APIClient:
    client = APIClient()
    if getattr(user, "is_authenticated", False):
        client.force_authenticate(user)
    return client


ROLES = ["office", "reporter", "outsider", "leader", "viewer", "anonymous"]


def user_of(world, role):
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser() if role == "anonymous" else getattr(world, role)


@pytest.mark.parametrize("role", ROLES)
def test_everyone_reads_a_published_ledger(world, ledger, role):
    response = api(user_of(world, role)).get(LIST)
    assert response.status_code == 200
    assert [row["sequence"] for row in response.data["results"]] == [1, 2]
    first = response.data["results"][0]
    assert first["is_example"] is True and first["stage"] == "preliminary" and first["planned_investment"] == "1.5000"
    assert first["department"]["id"] == world.own.pk and first["leader"]["name"] == "区领导甲"


@pytest.mark.parametrize(("role", "visible"), [(role, role not in ("viewer", "anonymous")) for role in ROLES])
def test_an_unpublished_ledger_is_for_staff_only(world, ledger, role, visible):
    ledger.report.published = False
    ledger.report.save()
    response = api(user_of(world, role)).get(LIST)
    assert response.status_code == 200 and len(response.data["results"]) == (2 if visible else 0)
    project = KeyProject.objects.get(sequence=1)
    assert api(user_of(world, role)).get(f"{LIST}{project.pk}/").status_code == (200 if visible else 404)


def _new(world, ledger_commitment, **fields):
    return {
        "ledger": ledger_commitment.pk,
        "sequence": 3,
        "name": "新项目",
        "department": world.own.pk,
        "planned_investment": "2",
        "categories": ["new_start"],
        **fields,
    }


@pytest.mark.parametrize(("role", "code"), [("office", 201), ("reporter", 403), ("outsider", 403), ("leader", 403),
                                            ("viewer", 403), ("anonymous", 401)])  # fmt: skip
def test_only_the_office_adds(world, ledger, role, code):
    response = api(user_of(world, role)).post(LIST, _new(world, ledger), format="json")
    assert response.status_code in ((code,) if code != 401 else (401, 403))
    assert KeyProject.objects.filter(sequence=3).exists() == (code == 201)


@pytest.mark.parametrize(("role", "code"), [("office", 200), ("reporter", 403), ("leader", 403), ("viewer", 403)])
def test_only_the_office_changes_and_promotes(world, ledger, role, code):
    project = KeyProject.objects.get(sequence=2)
    client = api(user_of(world, role))
    change = {"planned_investment": "4", "version": 1}
    assert client.patch(f"{LIST}{project.pk}/", change, format="json").status_code == code
    assert client.post(f"{LIST}{project.pk}/promote/", {"on": "2020-08-01", "note": "转正"}).status_code == code
    project.refresh_from_db()
    assert project.is_reserve == (code != 200)
    if code == 200:
        assert project.planned_investment == 4 and project.history.first().history_change_reason == "转正"


def test_a_project_is_never_deleted(world, ledger):
    project = KeyProject.objects.get(sequence=1)
    assert api(world.office).delete(f"{LIST}{project.pk}/").status_code == 405


@pytest.mark.parametrize(
    ("role", "sequence", "code"),
    [
        ("office", 1, 201),
        ("reporter", 1, 201),  # its own department's project
        ("reporter", 2, 403),  # another department's
        ("outsider", 2, 201),
        ("leader", 1, 403),
        ("viewer", 1, 403),
    ],
)
def test_the_owning_department_reports_monthly(world, ledger, role, sequence, code):
    project = KeyProject.objects.get(sequence=sequence)
    body = {"as_of": "2020-03-31", "completed_investment": "0.4", "narrative": "三月"}
    response = api(user_of(world, role)).post(f"{LIST}{project.pk}/report/", body, format="json")
    assert response.status_code == code
    assert ProgressUpdate.objects.filter(commitment=project.commitment).exists() == (code == 201)


def test_a_report_submitted_and_approved_through_the_api_moves_the_ledger(world, ledger):
    project = KeyProject.objects.get(sequence=1)
    body = {
        "as_of": "2020-03-31",
        "completed_investment": "0.6",
        "stages": ["land", "tender", "construction"],
        "evidence": ["https://example.gov.cn/permit"],
    }
    created = api(world.reporter).post(f"{LIST}{project.pk}/report/", body, format="json")
    assert created.status_code == 201 and created.data["state"] == "draft"
    update_id = created.data["id"]
    assert api(world.reporter).post(f"/api/updates/{update_id}/submit/").status_code == 200
    assert api(checker()).post(f"/api/updates/{update_id}/approve/").status_code == 200
    figures = api(world.viewer).get(f"{LIST}figures/", {"ledger": ledger.pk, "as_of": "2020-03-31"})
    assert figures.status_code == 200
    assert (figures.data["count"], figures.data["reserves"], figures.data["started"]) == (2, 1, 1)
    assert figures.data["completed"] == "0.6000" and figures.data["planned"] == "3.0000"
    assert figures.data["investment_pace"]["behind"] is False
    row = api(world.viewer).get(f"{LIST}{project.pk}/").data
    assert row["stage"] == "construction" and row["completed_investment"] == "0.6000"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"as_of": "2020-13-01"}, "as_of"),
        ({"as_of": "2020-03-31", "completed_investment": "-1"}, "completed_investment"),
        ({"as_of": "2020-03-31", "stages": ["moon"]}, "stages"),
        ({"as_of": "2030-01-01", "completed_investment": "1"}, "as_of"),
    ],
)
def test_a_bad_report_is_a_400_naming_the_field(world, ledger, body, field):
    project = KeyProject.objects.get(sequence=1)
    response = api(world.reporter).post(f"{LIST}{project.pk}/report/", body, format="json")
    assert response.status_code == 400 and field in response.data


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"planned_investment": "-1"}, "planned_investment"),
        ({"sequence": 1}, "sequence"),  # taken
        ({"categories": ["nonsense"]}, "categories"),
        ({"ledger": None}, "ledger"),
        ({"department": 999999}, "department"),
    ],
)
def test_a_bad_write_is_a_400_naming_the_field(world, ledger, body, field):
    response = api(world.office).post(LIST, {**_new(world, ledger), **body}, format="json")
    assert response.status_code == 400 and field in response.data, response.data


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("is_reserve=true", [2]),
        ("is_example=true", [1]),
        ("stage=preliminary", [1, 2]),
        ("stage=construction", []),
        ("category=new_start", [1, 2]),
        ("category=infrastructure", []),
        ("q=测试项目2", [2]),
        ("ordering=-sequence", [2, 1]),
    ],
)
def test_each_filter(world, ledger, query, expected):
    response = api(world.office).get(f"{LIST}?{query}")
    assert [row["sequence"] for row in response.data["results"]] == expected


def test_filters_by_relation(world, ledger):
    project = KeyProject.objects.get(sequence=1)
    client = api(world.office)
    assert [r["sequence"] for r in client.get(LIST, {"department": world.other.pk}).data["results"]] == [2]
    assert [r["sequence"] for r in client.get(LIST, {"leader": project.leader.pk}).data["results"]] == [1]
    assert len(client.get(LIST, {"ledger": ledger.pk}).data["results"]) == 2
    assert len(client.get(LIST, {"report": ledger.report.pk}).data["results"]) == 2


@pytest.mark.parametrize("query", ["stage=moon", "is_reserve=maybe", "department=999999", "category=x"])
def test_a_bad_filter_is_a_400(world, ledger, query):
    assert api(world.office).get(f"{LIST}?{query}").status_code == 400


def test_figures_need_a_ledger(world, ledger):
    assert api(world.office).get(f"{LIST}figures/").status_code == 400
    assert api(world.office).get(f"{LIST}figures/", {"ledger": 999999}).status_code == 400


@pytest.mark.parametrize("extra", [0, 10])
def test_the_list_takes_the_same_queries_for_any_length(world, ledger, extra, django_assert_num_queries):
    for n in range(3, 3 + extra):
        add_project(world, ledger, n, leader=leader(f"领导{n}"))
    report_approved(world, KeyProject.objects.get(sequence=1), day(3, 31), "0.2")
    client = api(world.viewer)
    client.get(LIST)  # the role is cached on the user from here on
    # the count, the page (with its relations and stage), the categories
    with django_assert_num_queries(3):
        response = client.get(LIST)
    assert response.status_code == 200 and response.data["count"] == 2 + extra
