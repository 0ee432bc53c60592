"""A database that is away answers 503 with Retry-After, JSON under /api/ and a short page elsewhere,
logged once (issue 16, finding 6); the next request after it returns is served as usual."""

import logging

import pytest
from django.db import connection
from django.test import Client

from commitments import outage

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs a database server to take away (the SQLite test database is in memory)",
    ),
]


@pytest.fixture
def database_away(monkeypatch):
    """The connection closed and pointed at a port where nothing listens: every query fails to connect."""
    monkeypatch.setattr(outage, "_last_outage_logged", 0.0)
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict["PORT"] = "1"
    yield saved
    connection.close()
    connection.settings_dict.clear()
    connection.settings_dict.update(saved)


def test_the_api_answers_503_json_with_retry_after(database_away):
    response = Client(raise_request_exception=False).get("/api/commitments/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_a_page_answers_a_short_503_page_without_a_traceback(database_away):
    response = Client(raise_request_exception=False).get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == str(outage.RETRY_AFTER_SECONDS)
    body = response.content.decode()
    assert "<h1>" in body and "Traceback" not in body and "OperationalError" not in body


def test_an_outage_is_logged_once_not_per_request(database_away):
    logger = logging.getLogger("django.request")
    logged: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = logged.append
    logger.addHandler(handler)
    try:
        client = Client(raise_request_exception=False)
        for _ in range(5):
            assert client.get("/api/commitments/").status_code == 503
    finally:
        logger.removeHandler(handler)
    assert not logger.disabled
    assert len(logged) == 1
    assert "database is unavailable" in logged[0].getMessage()


def test_logging_configured_twice_still_logs_an_outage_once(database_away):
    """A second django.setup() (as some tools do) adds the filter again; the record is decided once."""
    logger = logging.getLogger("django.request")
    extra = outage.OncePerOutage()
    logger.addFilter(extra)
    logged: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = logged.append
    logger.addHandler(handler)
    try:
        for _ in range(3):
            Client(raise_request_exception=False).get("/api/commitments/")
    finally:
        logger.removeHandler(handler)
        logger.removeFilter(extra)
    assert len(logged) == 1


def test_when_the_database_returns_requests_are_served_again(database_away):
    client = Client(raise_request_exception=False)
    assert client.get("/api/commitments/").status_code == 503
    connection.settings_dict["PORT"] = database_away["PORT"]  # it is back, no restart
    assert client.get("/api/commitments/").status_code == 200
