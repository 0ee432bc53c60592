"""The department family: /api/departments/ and /api/leaders/."""

import pytest

from commitments.choices import DepartmentKind

from .api_helpers import client_for, ids, office_client
from .factories import DepartmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return office_client()


@pytest.mark.parametrize("url", ["/api/departments/", "/api/leaders/"])
def test_anonymous_is_refused_with_401(url):
    assert client_for().get(url).status_code == 401


def test_department_representation_and_filters(api):
    bureau = DepartmentFactory(name="江城区发展和改革局", short_name="发改局", kind=DepartmentKind.BUREAU)
    town = DepartmentFactory(name="江城区白沙街道", short_name="白沙", kind=DepartmentKind.TOWN, is_active=False)
    body = api.get(f"/api/departments/{bureau.pk}/").json()
    assert body == {
        "id": bureau.pk,
        "url": f"http://testserver/api/departments/{bureau.pk}/",
        "name": "江城区发展和改革局",
        "short_name": "发改局",
        "kind": "bureau",
        "contact_email": bureau.contact_email,
        "is_active": True,
        "version": 1,
    }
    assert ids(api.get("/api/departments/", {"kind": "town"})) == [town.pk]
    assert ids(api.get("/api/departments/", {"is_active": "false"})) == [town.pk]
    assert ids(api.get("/api/departments/", {"q": "发改"})) == [bureau.pk]
    by_name_descending = [d.pk for d in sorted([bureau, town], key=lambda d: d.name, reverse=True)]
    assert ids(api.get("/api/departments/", {"ordering": "-name"})) == by_name_descending


@pytest.mark.parametrize("params", [{"kind": "ministry"}, {"is_active": "sometimes"}, {"ordering": "email"}])
def test_department_invalid_filters_answer_400(api, params):
    response = api.get("/api/departments/", params)
    assert response.status_code == 400
    assert list(response.json()) == list(params)


def test_leaders_filter_and_order(api):
    li = LeaderFactory(name="李四", position="副区长")
    wang = LeaderFactory(name="王五", position="区长")
    assert ids(api.get("/api/leaders/", {"q": "副区长"})) == [li.pk]
    by_name_descending = [leader.pk for leader in sorted([li, wang], key=lambda leader: leader.name, reverse=True)]
    assert ids(api.get("/api/leaders/", {"ordering": "-name"})) == by_name_descending
    assert api.get(f"/api/leaders/{wang.pk}/").json()["position"] == "区长"
