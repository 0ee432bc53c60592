"""The demo logins `make run` prints: one per role."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from ..choices import DepartmentKind
from ..models import Department, StaffProfile
from ..permissions import Role

DEMO_PASSWORD = "jiangcheng-2020"
DEMO_DEPARTMENT = "江城区发展和改革局"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    password: str
    role: str


# username, group (None: superuser), description
DEMO_USERS = (
    ("admin", None, "supervision office (superuser)"),
    ("supervisor", Role.SUPERVISOR, "supervision office (督查室): reviews updates, decides statuses"),
    ("reporter", Role.REPORTER, f"reporter of {DEMO_DEPARTMENT}: writes and submits its updates"),
    ("leader", Role.LEADER, "district leader: reads everything, writes nothing"),
    ("viewer", Role.VIEWER, "viewer: reads published reports and approved updates"),
)


@transaction.atomic
def demo_users_ensure() -> list[DemoLogin]:
    """Creates (or resets the password and role of) one demo login per role."""
    User = get_user_model()
    department, _ = Department.objects.get_or_create(
        name=DEMO_DEPARTMENT, defaults={"short_name": "区发展改革局", "kind": DepartmentKind.BUREAU}
    )
    logins = []
    for username, role, description in DEMO_USERS:
        user, _ = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@jiangcheng.example.gov.cn"}
        )
        user.is_staff = True
        user.is_superuser = role is None
        user.set_password(DEMO_PASSWORD)
        user.save()
        if role is not None:
            user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
        if role == Role.REPORTER:
            StaffProfile.objects.update_or_create(user=user, defaults={"department": department})
        logins.append(DemoLogin(username, DEMO_PASSWORD, description))
    return logins
