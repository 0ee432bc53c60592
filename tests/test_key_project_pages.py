"""The ledger's picture where people read it: the ledger commitment's public page and admin page, a
project's own page (示例 marked), the dashboard and the bulletin, in a fixed number of queries."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from commitments.models import KeyProject

from .base import D, day
from .key_projects_base import add_project, leader, make_ledger, report_approved

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(world):
    ledger = make_ledger(world)
    chief = leader()
    add_project(world, ledger, 1, leader=chief, is_example=True)
    add_project(world, ledger, 2, department=world.other, is_reserve=True, is_example=True)
    first = KeyProject.objects.get(sequence=1)
    report_approved(world, first, day(3, 31), "0.3", stages=["land"])
    report_approved(world, first, day(6, 30), "0.9", stages=["tender", "construction"])
    return ledger


def test_the_public_page_shows_the_ledger(world, ledger, client):
    response = client.get(reverse("pages:commitment_detail", args=[ledger.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    section = response.context["ledger"]
    assert (section.ledger.count, section.ledger.reserves, section.ledger.started) == (2, 1, 1)
    assert section.ledger.completed == D("0.9") and section.ledger.planned == 3
    assert body.count("<svg") >= 4 and "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace(
        "http://www.w3.org/2000/svg", ""
    )  # drawn on the server, nothing fetched
    assert body.count('class="badge example"') == 3  # the section's count and the two rows


def test_a_projects_page_is_marked_example(world, ledger, client):
    project = KeyProject.objects.get(sequence=2)
    response = client.get(reverse("pages:commitment_detail", args=[project.commitment_id]))
    assert response.status_code == 200 and response.context["key_project"] == project
    body = response.content.decode()
    assert 'class="badge example"' in body and 'class="badge reserve"' in body


def test_the_public_page_and_dashboard_take_the_same_queries_for_any_number_of_projects(world, ledger, client):
    page = reverse("pages:commitment_detail", args=[ledger.pk])
    dashboard = reverse("pages:dashboard") + f"?report={ledger.report.pk}&as_of=2020-06-30"
    staff = Client()
    staff.force_login(world.leader)
    before = (_count(client, page), _count(staff, dashboard))
    for n in range(3, 11):
        add_project(world, ledger, n, leader=leader(f"领导{n}"), is_example=True)
    report_approved(world, KeyProject.objects.get(sequence=5), day(6, 30), "0.2", user=world.office)
    assert (_count(client, page), _count(staff, dashboard)) == before


def _count(client, url) -> int:
    client.get(url)  # warm: caches of the user's role and the figure generation
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def test_the_admin_page_of_the_ledger_commitment_shows_it(world, ledger, client):
    client.force_login(world.office)
    response = client.get(reverse("admin:commitments_commitment_change", args=[ledger.pk]))
    assert response.status_code == 200
    assert "Key-project ledger" in response.content.decode() or "重点项目台账" in response.content.decode()
    project = KeyProject.objects.get(sequence=1)
    page = client.get(reverse("admin:commitments_commitment_change", args=[project.commitment_id])).content.decode()
    assert reverse("admin:commitments_keyproject_change", args=[project.pk]) in page and "示例" in page


def test_the_dashboard_shows_the_ledger(world, ledger, client):
    client.force_login(world.leader)
    response = client.get(reverse("pages:dashboard"), {"report": ledger.report.pk, "as_of": "2020-06-30"})
    assert response.status_code == 200
    [section] = response.context["ledgers"]
    assert (section.ledger.count, section.ledger.completed, section.ledger.on) == (2, D("0.9"), day(6, 30))
    assert f'id="ledger-{ledger.pk}"' in response.content.decode()


def test_the_bulletin_has_the_ledger_section(world, ledger, client):
    client.force_login(world.office)
    response = client.get(reverse("pages:dashboard_bulletin"), {"report": ledger.report.pk, "as_of": "2020-06-30"})
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "推动53个重点项目建设" in text
    assert "2个重点项目（含预备项目1个）" in text
    assert "示例" in text
    cells = {cell.text for table in document.tables for row in table.rows for cell in row.cells}
    assert {"开工", "6月", "0.9"} <= cells
