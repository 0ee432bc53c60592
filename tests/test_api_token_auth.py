"""The API's token authentication is DRF's own; what a token reads follows its user's role."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token
from rest_framework.request import Request
from rest_framework.test import APIClient, APIRequestFactory

from commitments.permissions import user_role

from .base import make_user
from .factories import ReportFactory

pytestmark = pytest.mark.django_db


def authenticate(key: str):
    request = Request(APIRequestFactory().get("/api/reports/", HTTP_AUTHORIZATION=f"Token {key}"))
    return TokenAuthentication().authenticate(request)


@pytest.mark.parametrize(
    "groups",
    [["supervisor"], ["reporter"], ["leader"], ["viewer"], [], ["viewer", "leader"], ["reporter", "supervisor"]],
    ids=lambda groups: "+".join(groups) or "no-group",
)
def test_the_role_of_a_token_is_the_one_its_users_groups_give(groups, django_assert_num_queries):
    user = make_user("none")
    user.groups.add(*Group.objects.filter(name__in=groups))
    token = Token.objects.create(user=user)
    with django_assert_num_queries(2):  # the token with its user, then the user's role groups
        authenticated, auth = authenticate(token.key)
        role = user_role(authenticated)
    assert (authenticated.pk, auth.key) == (user.pk, token.key)
    assert role == user_role(get_user_model().objects.get(pk=user.pk))


def test_a_superuser_reads_as_a_supervisor():
    user = make_user("superuser")
    authenticated, _ = authenticate(Token.objects.create(user=user).key)
    assert user_role(authenticated) == "supervisor"


@pytest.mark.parametrize("role, sees_unpublished", [("viewer", False), ("leader", True), ("supervisor", True)])
def test_what_a_token_reads_follows_its_users_role(role, sees_unpublished):
    ReportFactory(published=True)
    hidden = ReportFactory(published=False)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=make_user(role)).key}")
    ids = {row["id"] for row in client.get("/api/reports/").json()["results"]}
    assert (hidden.pk in ids) == sees_unpublished


@pytest.mark.parametrize("case", ["unknown key", "inactive user"])
def test_a_bad_token_is_refused_with_401(case):
    user = make_user("supervisor", is_active=case != "inactive user")
    key = Token.objects.create(user=user).key if case == "inactive user" else "0" * 40
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    response = client.get("/api/reports/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json()["detail"]
