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
    """Creates the demo logins that do not exist yet, one per role; existing users are never touched (a
    password the office changed stays changed). Each login's password is given only while it is still the
    demo password (empty otherwise)."""
    User = get_user_model()
    department, _ = Department.objects.get_or_create(
        name=DEMO_DEPARTMENT, defaults={"short_name": "区发展改革局", "kind": DepartmentKind.BUREAU}
    )
    logins = []
    for username, role, description in DEMO_USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, email=f"{username}@jiangcheng.example.gov.cn", is_staff=True)
            user.is_superuser = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
            if role is not None:
                user.groups.set([Group.objects.get_or_create(name=role.value)[0]])
            if role == Role.REPORTER:
                StaffProfile.objects.create(user=user, department=department)
        password = DEMO_PASSWORD if user.check_password(DEMO_PASSWORD) else ""
        logins.append(DemoLogin(username, password, description))
    return logins
