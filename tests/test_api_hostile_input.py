"""Hostile input gets a 400 in the API's own error format, never a 500 or an HTML page (issue 16, finding 7)."""

import pytest
from rest_framework.test import APIClient

from .base import make_user
from .factories import ReportFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anonymous():
    return APIClient(raise_request_exception=False)


def test_deeply_nested_json_is_a_400_even_anonymously(anonymous):
    body = "[" * 100_000 + "]" * 100_000
    response = anonymous.post("/api/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert "32" in response.json()["detail"]


def test_nesting_inside_strings_does_not_count(anonymous):
    response = anonymous.post(
        "/api/auth/token/", data='{"username": "' + "[" * 100 + '", "password": "x"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert "username" in response.json() or "non_field_errors" in response.json()  # a login error, not a nesting one


def test_an_oversized_body_is_a_json_400(anonymous, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"username": "' + "a" * 5000 + '"}'
    response = anonymous.post("/api/auth/token/", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith("application/json")
    assert "1000" in response.json()["detail"]


def test_a_fractional_year_is_a_400_naming_the_field_not_an_empty_list():
    ReportFactory(year=2020)
    client = APIClient()
    client.force_authenticate(make_user("supervisor"))
    response = client.get("/api/reports/", {"year": "0.5"})
    assert response.status_code == 400
    assert "year" in response.json()
    assert client.get("/api/reports/", {"year": "2020"}).json()["count"] == 1
