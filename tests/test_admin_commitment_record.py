"""The commitment's page shows its progress updates and status decisions read only, under its editable
parts: each update linked to its own page, a reporter seeing only the updates they may read, and the page
costing the same queries for 2 updates or 12."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments import display, services
from commitments.models import StatusOverride

from .base import approved, day

pytestmark = pytest.mark.django_db


def page(client, user, commitment):
    client.force_login(user)
    response = client.get(reverse("admin:commitments_commitment_change", args=[commitment.pk]))
    assert response.status_code == 200
    return response.content.decode()


def record_section(html: str) -> str:
    start = html.index('id="updates-record"')
    return html[start : html.index("</form>", start)]


def test_the_office_sees_every_update_newest_first_with_links_and_the_decisions(client, world):
    older = approved(world.reporter, world.mine, day(3, 31), percent=20)
    newer = approved(world.reporter, world.mine, day(6, 30), percent=45)
    draft = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(9, 30), narrative="草稿进展")
    StatusOverride.objects.create(
        commitment=world.mine, status="cancelled", reason="区政府常务会议决定", effective_on=day(7, 1)
    )
    record = record_section(page(client, world.office, world.mine))
    links = [reverse("admin:commitments_progressupdate_change", args=[u.pk]) for u in (draft, newer, older)]
    assert all(link in record for link in links)
    assert record.index(links[0]) < record.index(links[1]) < record.index(links[2])  # newest first
    assert f"<td>{display.percent(45)}</td>" in record and "2020年6月30日" in record
    assert world.reporter.username in record  # who submitted it
    assert "区政府常务会议决定" in record and "2020年7月1日" in record


def test_a_reporter_sees_only_the_updates_they_may_read(client, world):
    theirs = services.update_create(user=world.outsider, commitment=world.theirs, as_of=day(6, 30), narrative="未报送")
    shown = approved(world.outsider, world.theirs, day(3, 31))
    record = record_section(page(client, world.reporter, world.theirs))
    assert reverse("admin:commitments_progressupdate_change", args=[shown.pk]) in record
    assert reverse("admin:commitments_progressupdate_change", args=[theirs.pk]) not in record
    assert "未报送" not in record


def queries_of(client, url) -> int:
    client.get(url)  # the first request warms what a process keeps
    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context.captured_queries)


def test_the_page_costs_the_same_queries_for_two_updates_or_twelve(client, world):
    for month in (1, 2):
        approved(world.reporter, world.mine, day(month, 28))
    client.force_login(world.office)
    url = reverse("admin:commitments_commitment_change", args=[world.mine.pk])
    few = queries_of(client, url)
    for month in range(3, 13):
        approved(world.reporter, world.mine, day(month, 28))
    assert queries_of(client, url) == few
