"""Targets and milestones edited through the API name the version they were made from (issue 16, finding
5): two office members editing one target cannot silently overwrite each other."""

import pytest

from commitments.models import Milestone, Target

from .api_helpers import client_for
from .factories import MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "kind, make, field, first_value, second_value",
    [
        ("targets", TargetFactory, "target_value", "12.0000", "13.0000"),
        ("milestones", MilestoneFactory, "title", "开工", "竣工"),
    ],
)
def test_the_second_editor_of_a_part_is_refused(world, kind, make, field, first_value, second_value):
    part = make(commitment=world.mine)
    first, second = client_for(world.office), client_for(world.office)
    read = first.get(f"/api/{kind}/{part.pk}/").json()
    assert read["version"] == 1
    assert first.patch(f"/api/{kind}/{part.pk}/", {field: first_value, "version": 1}, format="json").status_code == 200
    refused = second.patch(f"/api/{kind}/{part.pk}/", {field: second_value, "version": 1}, format="json")
    assert refused.status_code == 409
    stored = (Target if kind == "targets" else Milestone).objects.get(pk=part.pk)
    assert str(getattr(stored, field)) == first_value and stored.version == 2
    assert (
        client_for(world.office).patch(f"/api/{kind}/{part.pk}/", {field: second_value}, format="json").status_code
        == 428
    )


def test_a_new_part_starts_at_version_one_whatever_is_sent(world):
    created = client_for(world.office).post(
        "/api/milestones/", {"commitment": world.mine.pk, "title": "验收", "version": 7}, format="json"
    )
    assert created.status_code == 201 and created.json()["version"] == 1
