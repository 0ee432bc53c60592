"""The dashboard's lines read 进度 / 应达 (the progress to reach by the date), not 应报 (reports due), which
the completeness table means (issue 17, small things)."""

import pytest
from django.urls import reverse

from .base import make_user

pytestmark = pytest.mark.django_db


def test_the_lines_header_says_progress_to_reach(client, world):
    client.force_login(make_user("leader"))
    page = client.get(reverse("pages:dashboard")).content.decode()
    assert "进度 / 应达" in page
    assert "进度 / 应报" not in page


def test_a_past_reports_dashboard_opens_as_of_its_years_end(client, world):
    """Issue 17: opened in a later year, the 2020 report showed everything overdue as of today."""
    report = world.mine.report
    client.force_login(make_user("leader"))
    page = client.get(reverse("pages:dashboard"), {"report": report.pk}).content.decode()
    end = f"{report.year}-12-31"
    assert f'value="{end}"' in page  # the picker shows the date in force
    assert end in page


def test_a_chosen_date_is_kept(client, world):
    report = world.mine.report
    client.force_login(make_user("leader"))
    page = client.get(reverse("pages:dashboard"), {"report": report.pk, "as_of": f"{report.year}-06-30"})
    assert f'value="{report.year}-06-30"' in page.content.decode()
