"""The OpenAPI document is built once per process and language, and its endpoint is throttled (issue 16,
finding 9: rebuilt on every request, 0.4–1.1 s each, it let 16 anonymous clients slow everything else)."""

import pytest
from django.core.cache import cache
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()  # the throttle's history
    yield
    cache.clear()


def test_the_schema_is_built_once_and_served_the_same(monkeypatch):
    built = []
    original = SchemaGenerator.get_schema

    def counting(self, *args, **kwargs):
        built.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SchemaGenerator, "get_schema", counting)
    from commitments.api.views import schema

    monkeypatch.setattr(schema, "_built", {})
    client = APIClient()
    first = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    second = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert first.status_code == second.status_code == 200
    assert first.content == second.content
    assert b'"/api/commitments/"' in first.content
    assert len(built) == 1


def test_anonymous_clients_asking_for_the_schema_in_a_loop_are_throttled(monkeypatch):
    from rest_framework.throttling import SimpleRateThrottle

    monkeypatch.setitem(SimpleRateThrottle.THROTTLE_RATES, "schema", "3/minute")
    client = APIClient()
    answers = [client.get("/api/schema/").status_code for _ in range(5)]
    assert answers[:3] == [200, 200, 200]
    assert answers[3:] == [429, 429]
    refused = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    assert client.get("/api/commitments/").status_code != 429  # other endpoints are not counted
