"""Writes that carry rules. The admin, the API, the pages and the commands call these."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction

DEMO_PASSWORD = "jiangcheng-2020"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    """Creates (or resets the password of) the demo logins that `make run` prints."""
    User = get_user_model()
    user, _ = User.objects.get_or_create(username="admin", defaults={"email": "admin@jiangcheng.example.gov.cn"})
    user.is_staff = user.is_superuser = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return [DemoLogin("admin", DEMO_PASSWORD, "supervision office (superuser)")]
