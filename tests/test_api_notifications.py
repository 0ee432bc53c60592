"""The API's notifications and to-do (issue 17): each caller reads and marks their own notifications only, the
to-do answers the role's counts, the anonymous are refused; both are in the OpenAPI schema."""

import pytest
from django.urls import reverse

from commitments import services
from commitments.models import Notification

from .api_helpers import client_for
from .base import day, submitted

pytestmark = pytest.mark.django_db

NOTIFICATIONS = reverse("api:notification-list")
TODO = reverse("api:todo")


@pytest.fixture
def told(world):
    update = submitted(world.reporter, world.mine, day(6, 30))
    services.update_return(user=world.office, update=update, note="请补充佐证")
    return world


@pytest.mark.parametrize(
    ("who", "expected"), [("office", 1), ("reporter", 1), ("outsider", 0), ("leader", 0), ("viewer", 0)]
)
def test_each_caller_reads_their_own_notifications(told, who, expected):
    response = client_for(getattr(told, who)).get(NOTIFICATIONS)
    assert response.status_code == 200
    assert response.json()["count"] == expected


def test_the_anonymous_read_no_notifications(told):
    assert client_for().get(NOTIFICATIONS).status_code in (401, 403)
    assert client_for().get(TODO).status_code in (401, 403)


def test_marking_read_is_the_recipients_and_filters_follow(told):
    notification = Notification.objects.get(recipient=told.reporter)
    url = reverse("api:notification-read", args=[notification.pk])
    assert client_for(told.outsider).post(url).status_code == 404  # not theirs: unknown
    client = client_for(told.reporter)
    assert client.get(NOTIFICATIONS, {"unread": "true"}).json()["count"] == 1
    response = client.post(url)
    assert response.status_code == 200 and response.json()["read_at"]
    assert client.get(NOTIFICATIONS, {"unread": "true"}).json()["count"] == 0
    assert client.get(NOTIFICATIONS, {"unread": "maybe"}).status_code == 400


def test_the_todo_answers_the_roles_counts(told):
    office = client_for(told.office).get(TODO).json()
    assert office["role"] == "supervisor" and office["counts"] == {"review": 0, "contested": 0, "replies_overdue": 0}
    reporter = client_for(told.reporter).get(TODO).json()
    assert reporter["department"]["id"] == told.own.pk
    assert reporter["counts"]["returned"] == 1 and reporter["unread"] == 1
    assert client_for(told.leader).get(TODO).json()["counts"] == {}


def test_the_schema_has_them(client):
    schema = client.get(reverse("api:schema"), {"format": "json"}).json()
    assert "/api/notifications/{id}/read/" in schema["paths"] and "/api/todo/" in schema["paths"]
