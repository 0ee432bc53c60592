"""Dates that fit the report: the dashboard's as-of picker and the completeness page's period default to the
report's year (today within it, else its last day), and date inputs are filled as a browser takes them."""

import datetime

import pytest
from django.urls import reverse

from commitments.selectors import default_as_of

from .factories import ChapterFactory, CommitmentFactory, ReportFactory
from .supervision_world import at, build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date
COMPLETENESS = reverse("admin:commitments_reportingcompleteness_changelist")


@pytest.fixture
def world():
    return build_world()


def test_default_as_of_is_today_within_the_report_year_and_its_last_day_after():
    report = ReportFactory.build(year=2020)
    with at(D(2020, 3, 20)):
        assert default_as_of(report) == D(2020, 3, 20)
    with at(D(2023, 5, 1)):
        assert default_as_of(report) == D(2020, 12, 31)


def test_completeness_of_a_past_report_covers_its_year(client, world):
    client.force_login(world.office)
    response = client.get(COMPLETENESS)
    assert response.status_code == 200
    assert (response.context["start"], response.context["end"]) == (D(2020, 1, 1), D(2020, 12, 31))
    assert response.context["report"] == world.key_projects.report
    html = response.content.decode()
    # Filled in the form a date input accepts, not the locale's 2020/01/01 (which the browser drops).
    assert 'type="date" name="start" value="2020-01-01"' in html
    assert 'type="date" name="end" value="2020-12-31"' in html
    assert "2020/01/01" not in html


def test_completeness_within_the_report_year_runs_to_this_month(client, world):
    report(world, world.project_a, as_of=D(2020, 3, 20), submitted_on=D(2020, 3, 20))
    client.force_login(world.office)
    with at(D(2020, 3, 20)):
        response = client.get(COMPLETENESS)
    assert (response.context["start"], response.context["end"]) == (D(2020, 1, 1), D(2020, 3, 31))
    assert response.context["totals"]["submitted"] >= 1


def test_completeness_offers_the_reports_and_defaults_to_the_newest(client, world):
    newer = ChapterFactory(report=ReportFactory(year=2021)).report
    CommitmentFactory(chapter=newer.chapters.get(), code="1.1.1", lead_department=world.fagai)
    unrelated = ReportFactory(year=2022)  # none of its commitments is led by a department of the page
    client.force_login(world.office)
    response = client.get(COMPLETENESS)
    assert response.context["report"] == newer
    assert (response.context["start"], response.context["end"]) == (D(2021, 1, 1), D(2021, 12, 31))
    assert unrelated not in response.context["form"].fields["report"].queryset
    chosen = world.key_projects.report
    response = client.get(COMPLETENESS, {"report": chosen.pk, "start": "2020-01-01", "end": "2020-12-31"})
    assert response.context["report"] == chosen


def test_dashboard_picker_is_filled_with_the_report_year_end_in_iso(client, world):
    client.force_login(world.office)
    html = client.get(reverse("pages:dashboard")).content.decode()
    assert 'name="as_of" value="2020-12-31"' in html
