"""A small run of the benchmark's cases (CI smoke): they answer, the raw baseline serves the same page as
the API, and queries per request stay constant as the data grows. Never a timing assertion."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from bench import views as bench_views
from bench.synthetic import seed_synthetic
from commitments.models import Commitment, Department, Report

from .factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 30)


def case_paths(report: Report) -> list[str]:
    department = Department.objects.filter(led_commitments__report=report).order_by("pk").first()
    return [
        f"/api/commitments/?report={report.pk}&page_size=50",
        f"/api/commitments/?department={department.pk}&page_size=50",
        "/api/commitments/?status=in_progress&page_size=50",
        "/api/commitments/?overdue=true&page_size=50",
        "/api/commitments/?q=1.1&page_size=50",
        f"/api/summary/?report={report.pk}",
        f"/api/summary/?report={report.pk}&as_of={report.year}-06-30",
        "/api/summary/",
        f"/api/departments/{department.pk}/scorecard/",
    ]  # The timeline is left out: it evaluates its one commitment once per approved update (documented).


def queries_per_path(client, report: Report) -> list[int]:
    counts = []
    for path in case_paths(report):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, (path, response.content[:200])
        assert response.json().get("count", 1), f"{path} found nothing: the comparison needs rows on both sizes"
        counts.append(len(ctx.captured_queries))
    return counts


def test_cases_answer_with_queries_constant_in_the_data_size(client):
    client.force_login(UserFactory(username="bench", is_superuser=True, is_staff=True))
    seed_synthetic(reports=1, commitments=30, updates=200, seed=21, today=TODAY)
    small = queries_per_path(client, Report.objects.get())
    seed_synthetic(reports=1, commitments=120, updates=900, seed=22, today=TODAY)
    large_report = Report.objects.order_by("-pk").first()
    large = queries_per_path(client, large_report)
    assert large == small


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the raw-SQL baseline is PostgreSQL's")
def test_raw_baseline_serves_the_same_page_as_the_api(client):
    seed_synthetic(reports=1, commitments=80, updates=400, seed=23, today=TODAY)
    report = Report.objects.get()
    api = client.get(f"/api/commitments/?report={report.pk}&page_size=50").json()
    request = RequestFactory().get("/bench/raw/commitments/", {"report": report.pk})
    with CaptureQueriesContext(connection) as ctx:
        raw = bench_views.orjson.loads(bench_views.raw_commitment_page(request).content)
    assert len(ctx.captured_queries) == 1
    assert raw["count"] == api["count"] == 80
    assert [item["id"] for item in raw["results"]] == [item["id"] for item in api["results"]]
    assert raw["results"][0]["code"] == api["results"][0]["code"]
    assert raw["results"][0]["lead_department"]["name"] == api["results"][0]["lead_department"]["name"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the raw-SQL baseline is PostgreSQL's")
@pytest.mark.parametrize("filter_name", ["department", "status", "overdue", "q"])
def test_raw_baseline_filters_select_the_same_commitments_as_the_api(client, filter_name):
    """The filtered baselines are only fair if they pick the very rows the API's filters pick."""
    client.force_login(UserFactory(username="bench", is_superuser=True, is_staff=True))
    seed_synthetic(reports=1, commitments=120, updates=600, seed=24, today=TODAY)
    report = Report.objects.get()
    report.published = True
    report.save()
    department = Commitment.objects.values_list("lead_department", flat=True).first()
    value = {"department": department, "status": "in_progress", "overdue": "true", "q": "学校"}[filter_name]
    api = client.get("/api/commitments/", {filter_name: value, "page_size": 50}).json()
    request = RequestFactory().get("/bench/raw/commitments/", {filter_name: value})
    raw = bench_views.orjson.loads(bench_views.raw_commitment_page(request).content)
    assert raw["count"] == api["count"] > 0
    assert [item["id"] for item in raw["results"]] == [item["id"] for item in api["results"]]


def test_the_product_does_not_route_the_baselines():
    from django.urls import Resolver404, resolve

    for path in ("/bench/bare/", "/bench/raw/commitments/"):
        with pytest.raises(Resolver404):
            resolve(path)
        assert resolve(path, urlconf="bench.urls").func in (bench_views.bare_json, bench_views.raw_commitment_page)


def page_queries(report: Report, past: datetime.date) -> dict[str, int]:
    """Each page of bench/pages.py opened as its role: its query count (after a first, warming request)."""
    from django.test import Client

    from bench.pages import bench_users, pages

    department = Department.objects.filter(led_commitments__report=report).order_by("pk").first()
    commitment = Commitment.objects.filter(report=report, updates__state="approved").order_by("pk").first()
    users = bench_users(department.pk)
    params = {"report": report.pk, "department": department.pk, "commitment": commitment.pk, "past": past}
    counts = {}
    for page in pages(params):
        client = Client()
        if page.role:
            client.force_login(users[page.role])
        client.get(page.path)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page.path)
        assert response.status_code == 200, (page.name, page.path, response.status_code)
        counts[page.name] = len(ctx.captured_queries)
    return counts


def test_pages_answer_their_roles_with_queries_constant_in_the_data_size():
    """The pages people open (issue 15), as bench/run.py measures them: each answers 200 to its role, with
    the same number of queries for a report of 30 commitments and one of 120 among more reports."""
    seed_synthetic(reports=1, commitments=30, updates=200, seed=31, today=TODAY)
    report = Report.objects.get()
    Report.objects.update(published=True)
    small = page_queries(report, datetime.date(report.year, 6, 30))
    seed_synthetic(reports=2, commitments=240, updates=1800, seed=32, today=TODAY)
    Report.objects.update(published=True)
    large_report = Report.objects.order_by("-year", "-pk").first()
    large = page_queries(large_report, datetime.date(large_report.year, 6, 30))
    assert large == small
