"""A parent's progress follows one stated rule (rules.parent_progress), and every page that shows it shows how:
its sub-items with their progress and its own targets, so that no figure contradicts another."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from rest_framework.test import APIClient

from commitments import services
from commitments.choices import CommitmentKind, OverrideStatus

from .base import approved, day, make_user
from .factories import ChapterFactory, CommitmentFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def key_projects():
    """Like 2.3.1 of the 2020 report: a count of its own and sub-items reporting percents."""
    office = make_user("supervisor")
    chapter = ChapterFactory(report__published=True)
    parent = CommitmentFactory(
        chapter=chapter, code="2.3.1", title="推进53个重点项目建设", kind=CommitmentKind.QUANTITATIVE
    )
    goal = TargetFactory(commitment=parent, metric="重点项目", unit="个", target_value=D(53))
    children = [
        CommitmentFactory(chapter=chapter, parent=parent, code=f"2.3.1.{n}", kind=CommitmentKind.ONGOING)
        for n in (1, 2, 3)
    ]
    approved(office, children[0], day(6, 30), percent=D(40))
    approved(office, children[1], day(6, 30), percent=D(80))
    services.commitment_override_status(
        user=office,
        commitment=children[2],
        status=OverrideStatus.CANCELLED,
        reason="并入其他项目",
        effective_on=day(6, 1),
    )
    approved(office, parent, day(6, 30), values=[(goal, D(53) / 2)])
    parent.refresh_from_db()
    return parent, children


def test_the_api_detail_lists_the_parts_that_make_the_parent_progress(key_projects):
    parent, children = key_projects
    client = APIClient()
    body = client.get(f"/api/commitments/{parent.pk}/").json()
    basis = body["progress_basis"]
    assert basis["rolled_up"] is True
    parts = {part["commitment"]["code"] if part["commitment"] else "own": part for part in basis["parts"]}
    assert parts["own"]["progress"] == "50.00"  # 26.5 of 53
    assert [parts[child.code]["progress"] for child in children] == ["40.00", "80.00", "0.00"]
    assert parts[children[2].code]["counted"] is False
    # The parent's figure is the mean of the counted parts: (50 + 40 + 80) / 3.
    assert body["progress"] == "56.67"
    counted = [D(part["progress"]) for part in basis["parts"] if part["counted"]]
    assert (sum(counted) / len(counted)).quantize(D("0.01")) == D(body["progress"])
    # Each child's own page shows the figure its row in the parent's table shows.
    for child in children[:2]:
        assert client.get(f"/api/commitments/{child.pk}/").json()["progress"] == parts[child.code]["progress"]


def test_the_public_page_shows_the_parts_and_links_the_sub_items(client, key_projects):
    parent, children = key_projects
    html = client.get(f"/commitments/{parent.pk}/").content.decode()
    assert "进度构成" in html
    for child in children:
        assert f'href="/commitments/{child.pk}/"' in html
    assert "56.67%" in html


def test_a_commitment_without_sub_items_has_no_parts(key_projects):
    _, children = key_projects
    basis = APIClient().get(f"/api/commitments/{children[0].pk}/").json()["progress_basis"]
    assert basis == {"rolled_up": False, "explanation": basis["explanation"], "parts": []}


def test_the_admin_page_shows_the_parts_with_links_to_the_sub_items(client, key_projects):
    parent, children = key_projects
    client.force_login(make_user("supervisor"))
    html = client.get(f"/admin/commitments/commitment/{parent.pk}/change/").content.decode()
    for child in children:
        assert f"/admin/commitments/commitment/{child.pk}/change/" in html
    assert "56.67%" in html
