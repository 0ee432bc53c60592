"""The report family: /api/reports/, /api/chapters/, /api/indicators/."""

import pytest

from .api_helpers import client_for, ids, office_client
from .factories import ChapterFactory, IndicatorFactory, ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return office_client()


@pytest.mark.parametrize("url", ["/api/reports/", "/api/chapters/", "/api/indicators/"])
def test_anonymous_is_refused_with_401(url):
    response = client_for().get(url)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


def test_report_representation(api):
    report = ReportFactory(year=2020, published=True)
    body = api.get(f"/api/reports/{report.pk}/").json()
    assert body["url"] == f"http://testserver/api/reports/{report.pk}/"
    assert {k: body[k] for k in ("id", "government", "year", "title", "delivered_on", "published")} == {
        "id": report.pk,
        "government": report.government,
        "year": 2020,
        "title": report.title,
        "delivered_on": "2020-06-16",
        "published": True,
    }
    assert body["source_text"] == report.source_text


def test_report_filters(api):
    old = ReportFactory(year=2019, government="江城区人民政府", published=True)
    new = ReportFactory(year=2020, government="阳东区人民政府", published=False)
    assert ids(api.get("/api/reports/", {"year": 2019})) == [old.pk]
    assert ids(api.get("/api/reports/", {"published": "false"})) == [new.pk]
    assert ids(api.get("/api/reports/", {"q": "阳东"})) == [new.pk]
    assert ids(api.get("/api/reports/", {"ordering": "year"})) == [old.pk, new.pk]
    assert ids(api.get("/api/reports/", {"ordering": "-year"})) == [new.pk, old.pk]


@pytest.mark.parametrize(
    ("url", "params"),
    [
        ("/api/reports/", {"year": "twenty"}),
        ("/api/reports/", {"published": "perhaps"}),
        ("/api/reports/", {"ordering": "title"}),
        ("/api/chapters/", {"report": "0"}),
        ("/api/chapters/", {"number": "x"}),
        ("/api/indicators/", {"report": "999999"}),
    ],
)
def test_invalid_filters_answer_400(api, url, params):
    response = api.get(url, params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_chapters_filter_by_report_and_number_and_order(api):
    first = ChapterFactory(number=1)
    second = ChapterFactory(report=first.report, number=2)
    ChapterFactory(number=1)  # another report
    assert ids(api.get("/api/chapters/", {"report": first.report_id, "ordering": "-number"})) == [second.pk, first.pk]
    assert ids(api.get("/api/chapters/", {"report": first.report_id, "number": 2})) == [second.pk]
    body = api.get(f"/api/chapters/{first.pk}/").json()
    assert body == {
        "id": first.pk,
        "url": f"http://testserver/api/chapters/{first.pk}/",
        "report": first.report_id,
        "number": 1,
        "title": first.title,
        "version": 1,
    }


def test_indicators_filter_by_report_search_and_order(api):
    gdp = IndicatorFactory(name="地区生产总值", position=2)
    revenue = IndicatorFactory(report=gdp.report, name="一般公共预算收入", position=1)
    IndicatorFactory()  # another report
    assert ids(api.get("/api/indicators/", {"report": gdp.report_id})) == [revenue.pk, gdp.pk]
    assert ids(api.get("/api/indicators/", {"q": "生产总值"})) == [gdp.pk]
    body = api.get(f"/api/indicators/{gdp.pk}/").json()
    assert body["value"] == "301.4800"
    assert body["growth_percent"] == "4.30"
    assert body["unit"] == "亿元"


def test_every_list_is_paginated(api):
    ReportFactory.create_batch(3)
    body = api.get("/api/reports/", {"page_size": 2}).json()
    assert body["count"] == 3
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
