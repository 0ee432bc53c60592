"""The Atom feeds of approved updates, per report and per department."""

import datetime
import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.choices import UpdateState
from commitments.feeds import FEED_LENGTH

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    ProgressUpdateFactory,
    ReportFactory,
)

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world():
    report = ReportFactory(title="2020年测试区政府工作报告")
    roads, schools = DepartmentFactory(name="测试区交通运输局"), DepartmentFactory(name="测试区教育局")
    led = CommitmentFactory(chapter=ChapterFactory(report=report), code="1.1.1", lead_department=roads)
    shared = CommitmentFactory(chapter=led.chapter, code="1.1.2", lead_department=schools)
    CoResponsibilityFactory(commitment=shared, department=roads)
    ProgressUpdateFactory(
        commitment=led,
        state=UpdateState.APPROVED,
        narrative="已批准的进展",
        percent=Decimal("40"),
        reviewed_at=timezone.now(),
    )
    ProgressUpdateFactory(commitment=shared, state=UpdateState.APPROVED, narrative="配合单位的进展")
    for state in [UpdateState.DRAFT, UpdateState.SUBMITTED, UpdateState.RETURNED]:
        ProgressUpdateFactory(commitment=led, state=state, narrative=f"不应公开的{state}")
    hidden_report = ReportFactory(published=False)
    hidden = CommitmentFactory(chapter=ChapterFactory(report=hidden_report), lead_department=roads)
    ProgressUpdateFactory(commitment=hidden, state=UpdateState.APPROVED, narrative="未公布报告的进展")
    return {"report": report, "roads": roads, "schools": schools, "led": led, "hidden_report": hidden_report}


def entries(response) -> list[ET.Element]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def contents(response) -> str:
    return response.content.decode()


def test_report_feed_lists_approved_updates_only(client, world):
    response = client.get(reverse("pages:report_feed", args=[world["report"].pk]))
    assert len(entries(response)) == 2
    body = contents(response)
    assert "已批准的进展" in body and "配合单位的进展" in body
    assert "不应公开的" not in body
    assert "未公布报告的进展" not in body


def test_report_feed_entry_links_to_the_commitment_page(client, world):
    response = client.get(reverse("pages:report_feed", args=[world["report"].pk]))
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries(response)]
    detail = reverse("pages:commitment_detail", args=[world["led"].pk])
    assert any(link.endswith(detail + "#update-" + link.rsplit("-", 1)[1]) for link in links)
    assert "40%" in contents(response)


def test_report_feed_of_an_unpublished_report_is_not_found(client, world):
    assert client.get(reverse("pages:report_feed", args=[world["hidden_report"].pk])).status_code == 404


def test_report_feed_of_an_unknown_report_is_not_found(client):
    assert client.get(reverse("pages:report_feed", args=[999999])).status_code == 404


def test_department_feed_lists_led_and_shared_commitments_of_published_reports(client, world):
    response = client.get(reverse("pages:department_feed", args=[world["roads"].pk]))
    assert len(entries(response)) == 2
    body = contents(response)
    assert "已批准的进展" in body and "配合单位的进展" in body
    assert "未公布报告的进展" not in body and "不应公开的" not in body


def test_department_feed_leaves_out_other_departments_work(client, world):
    response = client.get(reverse("pages:department_feed", args=[world["schools"].pk]))
    assert len(entries(response)) == 1
    assert "已批准的进展" not in contents(response)


def test_department_feed_of_an_unknown_department_is_not_found(client):
    assert client.get(reverse("pages:department_feed", args=[999999])).status_code == 404


def test_feed_is_newest_first_and_bounded(client, world, django_assert_max_num_queries):
    commitment = world["led"]
    for day in range(FEED_LENGTH + 5):
        ProgressUpdateFactory(
            commitment=commitment, state=UpdateState.APPROVED, as_of=datetime.date(2020, 1, 1) + datetime.timedelta(day)
        )
    # the report, the updates with their commitments and departments
    with django_assert_max_num_queries(2):
        response = client.get(reverse("pages:report_feed", args=[world["report"].pk]))
    found = entries(response)
    assert len(found) == FEED_LENGTH
    # Reviewed updates lead (newest review first, on every database); the rest follow, newest as-of date first.
    assert "已批准的进展" in found[0].find(f"{ATOM}summary").text
    assert found[1].find(f"{ATOM}title").text.startswith("1.1.2")
    assert found[2].find(f"{ATOM}title").text.endswith("2020-02-24")


def test_a_narratives_markup_reaches_feed_readers_as_text(client, world):
    """The summary is type="html": a reader renders what it decodes, so a reporter's markup must decode to
    escaped text, never to a live element (issue 16, finding 3)."""
    hostile = '<script>alert(1)</script><img src=x onerror="alert(2)">第一行\n第二行'
    ProgressUpdateFactory(commitment=world["led"], state=UpdateState.APPROVED, narrative=hostile)
    summaries = [
        entry.find(f"{ATOM}summary")
        for entry in entries(client.get(reverse("pages:report_feed", args=[world["report"].pk])))
    ]
    ours = next(summary for summary in summaries if "第一行" in summary.text)
    assert ours.get("type") == "html"
    html = ours.text  # what a feed reader renders
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "第一行<br>第二行" in html
