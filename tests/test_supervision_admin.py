"""The supervision pages of the admin: they render, their actions call the services, figures beside RAG."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.choices import AcceptanceState, Cadence
from commitments.models import Acceptance, ReportingPlan
from commitments.supervision import services

from .factories import CommitmentFactory
from .supervision_world import build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def office_client(client, world):
    client.force_login(world.office)
    return client


def changelist(model: str) -> str:
    return reverse(f"admin:commitments_{model}_changelist")


@pytest.mark.parametrize(
    "model",
    [
        "acceptance",
        "contestedacceptance",
        "reportingplan",
        "stagetemplate",
        "targetcomputation",
        "sentreminder",
        "reportingcompleteness",
    ],
)
def test_supervision_pages_render_for_the_office(office_client, world, model):
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    assert office_client.get(changelist(model)).status_code == 200


def test_commitment_list_shows_alert_pace_and_forecast(office_client, world):
    response = office_client.get(changelist("commitment"))
    content = response.content.decode()
    assert response.status_code == 200
    assert "序时进度" in content and "督办预警" in content
    # The forecast is on the commitment's page (its supervision section): the list keeps to what fits 1366 px.
    assert "column-forecast_display" not in content


def test_commitment_change_page_shows_the_supervision_section(office_client, world):
    response = office_client.get(reverse("admin:commitments_commitment_change", args=[world.key_projects.pk]))
    assert response.status_code == 200
    assert "督办" in response.content.decode()


def test_commitment_list_query_count_does_not_grow_with_rows(office_client, world):
    def count() -> int:
        with CaptureQueriesContext(connection) as context:
            assert office_client.get(changelist("commitment")).status_code == 200
        return len(context.captured_queries)

    few = count()
    for n in range(20):
        CommitmentFactory(chapter=world.key_projects.chapter, code=f"7.{n}", lead_department=world.gongxin)
    assert count() == few


def test_issue_for_acceptance_action(office_client, world):
    response = office_client.post(
        changelist("commitment"),
        {"action": "issue_for_acceptance", ACTION_CHECKBOX_NAME: [world.key_projects.pk]},
    )
    assert response.status_code == 302
    assert Acceptance.objects.filter(commitment=world.key_projects, state=AcceptanceState.PENDING).count() == 2


def test_set_reporting_plan_action_asks_then_applies(office_client, world):
    data = {"action": "set_reporting_plan", ACTION_CHECKBOX_NAME: [world.project_a.pk, world.project_b.pk]}
    response = office_client.post(changelist("commitment"), data)
    assert response.status_code == 200 and "cadence" in response.content.decode()
    response = office_client.post(
        changelist("commitment"), {**data, "apply": "1", "cadence": "quarterly", "due_day": 20}
    )
    assert response.status_code == 302
    assert set(ReportingPlan.objects.values_list("cadence", "due_day")) == {(Cadence.QUARTERLY, 20)}


def test_department_accepts_through_the_admin_and_cannot_accept_for_another(client, world):
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    lead = Acceptance.objects.get(commitment=world.key_projects, role="lead")
    client.force_login(world.zhujian_reporter)
    client.post(changelist("acceptance"), {"action": "accept", ACTION_CHECKBOX_NAME: [lead.pk]})
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.PENDING
    client.force_login(world.fagai_reporter)
    client.post(changelist("acceptance"), {"action": "accept", ACTION_CHECKBOX_NAME: [lead.pk]})
    lead.refresh_from_db()
    assert (lead.state, lead.responded_by) == (AcceptanceState.ACCEPTED, world.fagai_reporter)


def test_contest_then_reassign_through_the_admin(client, world):
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    lead = Acceptance.objects.get(commitment=world.key_projects, role="lead")
    client.force_login(world.fagai_reporter)
    data = {"action": "contest", ACTION_CHECKBOX_NAME: [lead.pk], "apply": "1"}
    client.post(changelist("acceptance"), {**data, "reason_kind": "wrong_owner", "reason": "应由工信局牵头"})
    lead.refresh_from_db()
    assert lead.state == AcceptanceState.CONTESTED
    client.force_login(world.office)
    queue = client.get(changelist("contestedacceptance"))
    assert "应由工信局牵头" in queue.content.decode()
    data = {"action": "reassign", ACTION_CHECKBOX_NAME: [lead.pk], "apply": "1"}
    client.post(changelist("contestedacceptance"), {**data, "department": world.gongxin.pk, "note": "改由工信局牵头"})
    world.key_projects.refresh_from_db()
    assert world.key_projects.lead_department == world.gongxin


def test_completeness_page_shows_the_numbers(office_client, world):
    report(world, world.project_a, as_of=D(2020, 3, 20), submitted_on=D(2020, 3, 20))
    response = office_client.get(changelist("reportingcompleteness"), {"start": "2020-03-01", "end": "2020-03-31"})
    content = response.content.decode()
    assert response.status_code == 200
    assert world.fagai.name in content
    assert response.context["totals"]["expected"] == 2
    assert response.context["totals"]["on_time"] == 1


def test_a_reporter_sees_only_their_departments_completeness(client, world):
    world.project_b.lead_department = world.zhujian
    world.project_b.save()
    client.force_login(world.zhujian_reporter)
    response = client.get(changelist("reportingcompleteness"), {"start": "2020-03-01", "end": "2020-03-31"})
    assert [row.department for row in response.context["rows"]] == [world.zhujian]


def test_viewers_do_not_see_completeness(client, world):
    client.force_login(world.viewer)
    assert client.get(changelist("reportingcompleteness")).status_code in (302, 403)
