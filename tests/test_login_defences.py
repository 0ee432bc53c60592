"""Brute force and tokens that never die (issue 16, finding 4): failed logins lock out on the admin and on
the token login, logins are throttled per address, tokens expire, can be rotated and revoked by their user,
and die when the password changes."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from .base import make_user

pytestmark = pytest.mark.django_db
PASSWORD = "a-long-enough-password-1"


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()  # the throttles' history
    yield
    cache.clear()


@pytest.fixture
def office():
    user = make_user("supervisor", username="office")
    user.set_password(PASSWORD)
    user.save()
    return user


def token_login(client, password):
    return client.post("/api/auth/token/", {"username": "office", "password": password}, format="json")


def test_the_token_login_locks_out_after_five_failures_even_with_the_right_password(office, settings):
    client = APIClient()
    answers = [token_login(client, "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)]
    assert answers == [400] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = token_login(client, PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["detail"]


def test_the_admin_login_locks_out_after_five_failures(office, settings):
    client = Client()
    answers = [
        client.post("/admin/login/", {"username": "office", "password": "wrong"}).status_code
        for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert answers == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]  # the form again, then the lockout
    locked = client.post("/admin/login/", {"username": "office", "password": PASSWORD})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_success_before_the_limit_resets_the_count(office, settings):
    client = APIClient()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        token_login(client, "wrong")
    assert token_login(client, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        token_login(client, "wrong")
    assert token_login(client, PASSWORD).status_code == 200


def test_token_logins_are_throttled_per_address(office):
    client = APIClient()
    answers = [
        client.post("/api/auth/token/", {"username": f"nobody{n}", "password": "x"}, format="json").status_code
        for n in range(25)
    ]
    assert answers[:20] == [400] * 20
    assert set(answers[20:]) == {429}


def test_a_token_expires(office, settings):
    client = APIClient()
    key = token_login(client, PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/reports/").status_code == 200
    Token.objects.filter(key=key).update(
        created=timezone.now() - datetime.timedelta(hours=settings.TRACKER_TOKEN_TTL_HOURS + 1)
    )
    refused = client.get("/api/reports/")
    assert refused.status_code == 401
    assert refused.json()["detail"]
    fresh = token_login(APIClient(), PASSWORD).json()["token"]  # the next login issues a new one
    assert fresh != key


def test_the_same_login_gives_the_same_token_while_it_lasts(office):
    first = token_login(APIClient(), PASSWORD).json()
    second = token_login(APIClient(), PASSWORD).json()
    assert first["token"] == second["token"] and first["expires"]


def test_a_user_rotates_their_token_and_the_old_one_dies(office):
    client = APIClient()
    old = token_login(client, PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {old}")
    new = client.post("/api/auth/token/rotate/").json()["token"]
    assert new != old
    assert client.get("/api/reports/").status_code == 401
    client.credentials(HTTP_AUTHORIZATION=f"Token {new}")
    assert client.get("/api/reports/").status_code == 200


def test_a_user_revokes_their_token(office):
    client = APIClient()
    key = token_login(client, PASSWORD).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.delete("/api/auth/token/").status_code == 204
    assert client.get("/api/reports/").status_code == 401


def test_rotating_or_revoking_needs_a_login():
    client = APIClient()
    assert client.post("/api/auth/token/rotate/").status_code == 401
    assert client.delete("/api/auth/token/").status_code == 401


def test_a_changed_password_kills_the_token(office):
    client = APIClient()
    key = token_login(client, PASSWORD).json()["token"]
    office.set_password("another-long-password-2")
    office.save()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/reports/").status_code == 401


def test_other_saves_of_the_user_keep_the_token(office):
    client = APIClient()
    key = token_login(client, PASSWORD).json()["token"]
    office.first_name = "督查"
    office.save()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/reports/").status_code == 200
