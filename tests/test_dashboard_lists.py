"""The dashboard's lists show the furthest behind and link to the whole list in the admin, filtered."""

import datetime
import re

import pytest
from django.urls import reverse

from commitments.dashboard import DASHBOARD_LINES
from commitments.services import recompute_all

from .base import make_user
from .factories import ChapterFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowded_report():
    """More overdue commitments than the dashboard lists, and a few that are not overdue."""
    chapter = ChapterFactory(report__delivered_on=datetime.date(2020, 1, 10))
    june = datetime.date(2020, 6, 30)
    overdue = [CommitmentFactory(chapter=chapter, due_date=june) for _ in range(DASHBOARD_LINES + 5)]
    later = [CommitmentFactory(chapter=chapter, due_date=datetime.date(2020, 12, 31)) for _ in range(3)]
    recompute_all()
    return chapter.report, overdue, later


def section(html: str, heading: str) -> str:
    start = html.index(f"<h2>{heading}")
    return html[start : html.index("</section>", start)]


def test_the_overdue_list_shows_the_first_rows_and_links_to_all_of_them(client, crowded_report):
    report, overdue, later = crowded_report
    client.force_login(make_user("supervisor"))
    html = client.get(f"{reverse('pages:dashboard')}?report={report.pk}&as_of=2020-09-30").content.decode()
    overdue_section = section(html, "逾期")
    assert f"({len(overdue)})" in overdue_section  # the heading counts them all
    assert overdue_section.count("<tr class=") == DASHBOARD_LINES
    link = re.search(r'<p class="more">[^<]*<a href="([^"]+)"', overdue_section).group(1).replace("&amp;", "&")
    listed = client.get(link)
    assert listed.status_code == 200
    # Judged today (the admin's overdue filter): every one of them, and none of the others' report.
    assert {row.pk for row in listed.context["cl"].queryset} == {c.pk for c in overdue + later}


def test_the_at_risk_link_opens_a_filtered_admin_list(client, crowded_report):
    report, _, _ = crowded_report
    client.force_login(make_user("supervisor"))
    changelist = reverse("admin:commitments_commitment_changelist")
    url = f"{changelist}?report__id__exact={report.pk}&rag__in=amber,red&overdue=no"
    response = client.get(url)
    assert response.status_code == 200  # a lookup the admin refuses redirects to ?e=1
