"""A cancelled task's public page says why (issue 17, small things): the office's decision in force, its
date and reason, by the one rule that decides which decision is in force (rules.decision_in_force)."""

import datetime

import pytest
from django.urls import reverse

from commitments import services
from commitments.choices import OverrideStatus

pytestmark = pytest.mark.django_db


def test_a_cancelled_tasks_page_gives_the_reason(client, world):
    services.commitment_override_status(
        user=world.office,
        commitment=world.mine,
        status=OverrideStatus.CANCELLED,
        reason="项目选址调整，本年度不再实施",
        effective_on=datetime.date(2020, 9, 1),
    )
    page = client.get(reverse("pages:commitment_detail", args=[world.mine.pk])).content.decode()
    assert "督查室决定取消" in page
    assert "项目选址调整，本年度不再实施" in page and "2020年9月1日" in page


def test_a_cleared_decision_is_not_shown(client, world):
    for status, day in ((OverrideStatus.CANCELLED, 1), (OverrideStatus.CLEARED, 2)):
        services.commitment_override_status(
            user=world.office, commitment=world.mine, status=status, reason=f"决定{day}",
            effective_on=datetime.date(2020, 9, day),
        )  # fmt: skip
    page = client.get(reverse("pages:commitment_detail", args=[world.mine.pk])).content.decode()
    assert "督查室决定取消" not in page and "决定1" not in page
