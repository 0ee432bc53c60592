"""Small helpers shared by the API tests."""

from rest_framework.test import APIClient

from .factories import UserFactory


def client_for(user=None) -> APIClient:
    """An API client authenticated as the user (anonymous without one); no login queries to count."""
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def office_client() -> APIClient:
    """The supervision office: a superuser, who reads everything."""
    return client_for(UserFactory(username="office", is_superuser=True))


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]
