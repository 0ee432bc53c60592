"""The permission matrix: role × endpoint × method, as the engine's rules (permissions.py) decide.

Roles: anonymous, viewer, reporter of the commitment's own department, reporter of another department,
leader, supervisor. A 404 where a 403 might be expected means the row is not even visible to the role
(an unpublished report to a viewer, another department's draft to a reporter).
"""

from dataclasses import dataclass
from typing import Any

import pytest
from django.db import transaction

from commitments import services
from commitments.models import Commitment, ProgressUpdate

from .api_helpers import client_for
from .base import World, build_world, day
from .factories import (
    ChapterFactory,
    CommitmentFactory,
    DepartmentFactory,
    IndicatorFactory,
    LeaderFactory,
    MilestoneFactory,
    ReportFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "reporter_own", "reporter_other", "leader", "supervisor"]


def user_for(world: World, role: str):
    return {
        "anonymous": None,
        "viewer": world.viewer,
        "reporter_own": world.reporter,
        "reporter_other": world.outsider,
        "leader": world.leader,
        "supervisor": world.office,
    }[role]


@dataclass
class Scene:
    """The world plus the rows the requests name."""

    world: World
    hidden: Commitment  # a commitment of an unpublished report
    draft: ProgressUpdate  # the own department's draft on `mine`
    submitted: ProgressUpdate  # the own department's submitted update on `mine`


@pytest.fixture
def scene() -> Scene:
    world = build_world()
    hidden = CommitmentFactory(chapter__report__published=False, lead_department=world.own)
    draft = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(3, 31), narrative="草稿")
    submitted = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(4, 30), narrative="报送")
    services.update_submit(user=world.reporter, update=submitted)
    return Scene(world, hidden, draft, submitted)


def commitment_body(scene: Scene) -> dict:
    mine = scene.world.mine
    return {
        "report": mine.report_id,
        "chapter": mine.chapter_id,
        "code": "9.9.9",
        "title": "新任务",
        "source_text": "新任务原文。",
        "kind": "ongoing",
        "lead_department": scene.world.own.pk,
        "start_date": "2020-01-01",
        "due_date": "2020-12-31",
    }


A, V, RO, RX, L, S = ROLES
ALL_OK = dict.fromkeys(ROLES, 200)
LOGGED_IN_OK = {**ALL_OK, A: 401}
SUPERVISOR_ONLY_WRITE = {A: 401, V: 403, RO: 403, RX: 403, L: 403}

# name: (method, url(scene), body(scene) or None, {role: expected status})
MATRIX: dict[str, tuple[str, Any, Any, dict[str, int]]] = {
    "list commitments": ("get", lambda s: "/api/commitments/", None, ALL_OK),
    "read a published commitment": ("get", lambda s: f"/api/commitments/{s.world.mine.pk}/", None, ALL_OK),
    "read an unpublished commitment": (
        "get",
        lambda s: f"/api/commitments/{s.hidden.pk}/",
        None,
        {A: 404, V: 404, RO: 200, RX: 200, L: 200, S: 200},
    ),
    "timeline of a published commitment": (
        "get",
        lambda s: f"/api/commitments/{s.world.mine.pk}/timeline/",
        None,
        ALL_OK,
    ),
    "export the task table": ("get", lambda s: "/api/commitments/export.csv", None, ALL_OK),
    "create a commitment": ("post", lambda s: "/api/commitments/", commitment_body, {**SUPERVISOR_ONLY_WRITE, S: 201}),
    "edit a commitment": (
        "patch",
        lambda s: f"/api/commitments/{s.world.theirs.pk}/",
        lambda s: {"title": "改", "version": 1},
        {**SUPERVISOR_ONLY_WRITE, S: 200},
    ),
    "delete a commitment": (
        "delete",
        lambda s: f"/api/commitments/{s.world.theirs.pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "list reports": ("get", lambda s: "/api/reports/", None, LOGGED_IN_OK),
    "read an unpublished report": (
        "get",
        lambda s: f"/api/reports/{s.hidden.report_id}/",
        None,
        {A: 401, V: 404, RO: 200, RX: 200, L: 200, S: 200},
    ),
    "create a report": (
        "post",
        lambda s: "/api/reports/",
        lambda s: {"government": "江城区人民政府", "year": 2021, "title": "2021年政府工作报告"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "edit a report": (
        "patch",
        lambda s: f"/api/reports/{s.world.mine.report_id}/",
        lambda s: {"published": False, "version": 1},
        {**SUPERVISOR_ONLY_WRITE, S: 200},
    ),
    "delete a report": (
        "delete",
        lambda s: f"/api/reports/{ReportFactory().pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "list chapters": ("get", lambda s: "/api/chapters/", None, LOGGED_IN_OK),
    "create a chapter": (
        "post",
        lambda s: "/api/chapters/",
        lambda s: {"report": s.world.mine.report_id, "number": 9, "title": "新章"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "delete a chapter": (
        "delete",
        lambda s: f"/api/chapters/{ChapterFactory(report=s.world.mine.report).pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "list indicators": ("get", lambda s: "/api/indicators/", None, LOGGED_IN_OK),
    "create an indicator": (
        "post",
        lambda s: "/api/indicators/",
        lambda s: {"report": s.world.mine.report_id, "name": "GDP", "value": "300", "unit": "亿元"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "edit an indicator": (
        "patch",
        lambda s: f"/api/indicators/{IndicatorFactory(report=s.world.mine.report).pk}/",
        lambda s: {"value": "301.5", "version": 1},
        {**SUPERVISOR_ONLY_WRITE, S: 200},
    ),
    "list departments": ("get", lambda s: "/api/departments/", None, LOGGED_IN_OK),
    "create a department": (
        "post",
        lambda s: "/api/departments/",
        lambda s: {"name": "江城区数据局"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "delete a department": (
        "delete",
        lambda s: f"/api/departments/{DepartmentFactory().pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "scorecard of a department": (
        "get",
        lambda s: f"/api/departments/{s.world.own.pk}/scorecard/",
        None,
        LOGGED_IN_OK,
    ),
    "list leaders": ("get", lambda s: "/api/leaders/", None, LOGGED_IN_OK),
    "create a leader": (
        "post",
        lambda s: "/api/leaders/",
        lambda s: {"name": "赵六", "position": "副区长"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "edit a leader": (
        "patch",
        lambda s: f"/api/leaders/{LeaderFactory().pk}/",
        lambda s: {"position": "区长", "version": 1},
        {**SUPERVISOR_ONLY_WRITE, S: 200},
    ),
    "list targets": ("get", lambda s: "/api/targets/", None, LOGGED_IN_OK),
    "create a target": (
        "post",
        lambda s: "/api/targets/",
        lambda s: {"commitment": s.world.mine.pk, "metric": "项目数", "unit": "个", "target_value": "10"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "edit a target": (
        "patch",
        lambda s: f"/api/targets/{TargetFactory(commitment=s.world.mine).pk}/",
        lambda s: {"target_value": "12", "version": 1},
        {**SUPERVISOR_ONLY_WRITE, S: 200},
    ),
    "delete a target": (
        "delete",
        lambda s: f"/api/targets/{TargetFactory(commitment=s.world.mine).pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "list milestones": ("get", lambda s: "/api/milestones/", None, LOGGED_IN_OK),
    "create a milestone": (
        "post",
        lambda s: "/api/milestones/",
        lambda s: {"commitment": s.world.mine.pk, "title": "开工", "due_date": "2020-06-30"},
        {**SUPERVISOR_ONLY_WRITE, S: 201},
    ),
    "delete a milestone": (
        "delete",
        lambda s: f"/api/milestones/{MilestoneFactory(commitment=s.world.mine).pk}/",
        None,
        {**SUPERVISOR_ONLY_WRITE, S: 204},
    ),
    "list updates": ("get", lambda s: "/api/updates/", None, LOGGED_IN_OK),
    "read the own department's draft": (
        "get",
        lambda s: f"/api/updates/{s.draft.pk}/",
        None,
        {A: 401, V: 404, RO: 200, RX: 404, L: 200, S: 200},
    ),
    "create an update": (
        "post",
        lambda s: "/api/updates/",
        lambda s: {"commitment": s.world.mine.pk, "as_of": "2020-05-31", "narrative": "进展"},
        {A: 401, V: 403, RO: 201, RX: 403, L: 403, S: 201},
    ),
    "create an update on a co-owned commitment": (
        "post",
        lambda s: "/api/updates/",
        lambda s: {"commitment": s.world.shared.pk, "as_of": "2020-05-31", "narrative": "配合进展"},
        {A: 401, V: 403, RO: 201, RX: 201, L: 403, S: 201},
    ),
    "edit a draft": (
        "patch",
        lambda s: f"/api/updates/{s.draft.pk}/",
        lambda s: {"narrative": "修改", "version": s.draft.version},
        {A: 401, V: 403, RO: 200, RX: 404, L: 403, S: 200},
    ),
    "edit a submitted update": (
        "patch",
        lambda s: f"/api/updates/{s.submitted.pk}/",
        lambda s: {"narrative": "修改"},
        {A: 401, V: 403, RO: 403, RX: 404, L: 403, S: 403},
    ),
    "submit a draft": (
        "post",
        lambda s: f"/api/updates/{s.draft.pk}/submit/",
        None,
        {A: 401, V: 403, RO: 200, RX: 404, L: 403, S: 200},
    ),
    "approve a submitted update": (
        "post",
        lambda s: f"/api/updates/{s.submitted.pk}/approve/",
        None,
        {A: 401, V: 403, RO: 403, RX: 403, L: 403, S: 200},
    ),
    "return a submitted update": (
        "post",
        lambda s: f"/api/updates/{s.submitted.pk}/return/",
        lambda s: {"note": "请补充佐证材料"},
        {A: 401, V: 403, RO: 403, RX: 403, L: 403, S: 200},
    ),
    "delete a draft": (
        "delete",
        lambda s: f"/api/updates/{s.draft.pk}/",
        None,
        {A: 401, V: 403, RO: 204, RX: 404, L: 403, S: 204},
    ),
    "summary": ("get", lambda s: "/api/summary/", None, LOGGED_IN_OK),
}


@pytest.mark.parametrize("case", list(MATRIX))
def test_permission_matrix(scene, case):
    """Each role's request runs in a transaction rolled back afterwards, so every role meets the same rows
    (one role's delete does not turn the next role's answer into a 404)."""
    method, url, body, expected = MATRIX[case]
    answered = {}
    for role in ROLES:
        with transaction.atomic():
            kwargs = {"format": "json"} if body is None else {"format": "json", "data": body(scene)}
            response = getattr(client_for(user_for(scene.world, role)), method)(url(scene), **kwargs)
            answered[role] = response.status_code
            transaction.set_rollback(True)
    assert answered == expected


def test_matrix_covers_every_role_for_every_case():
    for case, (_, _, _, expected) in MATRIX.items():
        assert set(expected) == set(ROLES), case


def test_anonymous_is_told_to_authenticate_with_a_token(scene):
    response = client_for().post("/api/updates/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_refused_writes_change_nothing(scene):
    mine = scene.world.mine
    client_for(scene.world.reporter).patch(f"/api/commitments/{mine.pk}/", {"title": "改", "version": 1}, format="json")
    client_for(scene.world.leader).post(f"/api/updates/{scene.submitted.pk}/approve/")
    mine.refresh_from_db()
    scene.submitted.refresh_from_db()
    assert mine.title != "改" and mine.version == 1
    assert scene.submitted.state == "submitted"


def test_viewer_sees_only_published_rows_and_approved_updates(scene):
    services.update_approve(user=scene.world.office, update=scene.submitted)
    client = client_for(scene.world.viewer)
    commitments = {row["id"] for row in client.get("/api/commitments/", {"page_size": 200}).json()["results"]}
    assert scene.hidden.pk not in commitments and scene.world.mine.pk in commitments
    updates = [row["id"] for row in client.get("/api/updates/").json()["results"]]
    assert updates == [scene.submitted.pk]
    reports = [row["id"] for row in client.get("/api/reports/").json()["results"]]
    assert reports == [scene.world.mine.report_id]


def test_reporter_sees_the_own_departments_drafts_but_not_others(scene):
    theirs = services.update_create(
        user=scene.world.outsider, commitment=scene.world.theirs, as_of=day(3, 31), narrative="他们的草稿"
    )
    own = {row["id"] for row in client_for(scene.world.reporter).get("/api/updates/").json()["results"]}
    assert own == {scene.draft.pk, scene.submitted.pk}
    other = {row["id"] for row in client_for(scene.world.outsider).get("/api/updates/").json()["results"]}
    assert other == {theirs.pk}


def test_token_authentication_reads_as_the_tokens_user(scene):
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    token = Token.objects.create(user=scene.world.reporter)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get(f"/api/updates/{scene.draft.pk}/")
    assert response.status_code == 200
    client.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    assert client.get("/api/updates/").status_code == 401


def test_session_authentication_needs_the_csrf_token_for_writes(scene):
    from rest_framework.test import APIClient

    client = APIClient(enforce_csrf_checks=True)
    client.force_login(scene.world.reporter)
    assert client.get("/api/updates/").status_code == 200
    response = client.post("/api/updates/", {"commitment": scene.world.mine.pk, "as_of": "2020-05-31"}, format="json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]


def test_obtain_a_token_with_username_and_password(scene):
    from rest_framework.test import APIClient

    reporter = scene.world.reporter
    reporter.set_password("s3cret-pass")
    reporter.save()
    response = APIClient().post(
        "/api/auth/token/", {"username": reporter.username, "password": "s3cret-pass"}, format="json"
    )
    assert response.status_code == 200
    assert len(response.json()["token"]) == 40


@pytest.mark.parametrize(
    "url", ["/api/commitments/?report={report}", "/api/chapters/?report={report}", "/api/targets/?commitment={hidden}"]
)
def test_a_viewer_cannot_name_rows_it_may_not_read_in_a_filter(scene, url):
    response = client_for(scene.world.viewer).get(url.format(report=scene.hidden.report_id, hidden=scene.hidden.pk))
    assert response.status_code == 400
    response = client_for(scene.world.leader).get(url.format(report=scene.hidden.report_id, hidden=scene.hidden.pk))
    assert response.status_code == 200
