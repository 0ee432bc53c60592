"""The dashboard's lines read 进度 / 应达 (the progress to reach by the date), not 应报 (reports due), which
the completeness table means (issue 17, small things)."""

import pytest
from django.urls import reverse

from .base import make_user

pytestmark = pytest.mark.django_db


def test_the_lines_header_says_progress_to_reach(client, world):
    client.force_login(make_user("leader"))
    page = client.get(reverse("pages:dashboard")).content.decode()
    assert "进度 / 应达" in page
    assert "进度 / 应报" not in page
