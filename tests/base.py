"""A small named world for the tracking engine: two departments, a cast of users (one per role) and helpers
that walk an update through its states with the real services."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser, Group

from commitments import services
from commitments.models import Commitment, Department, ProgressUpdate, StaffProfile

from .factories import ChapterFactory, CommitmentFactory, CoResponsibilityFactory, DepartmentFactory, UserFactory

D = Decimal


def day(month: int, dom: int, year: int = 2020) -> datetime.date:
    return datetime.date(year, month, dom)


def make_user(role: str, department: Department | None = None, **fields):
    """A user in the role's group ("superuser" for a superuser, "anonymous" for AnonymousUser)."""
    if role == "anonymous":
        return AnonymousUser()
    user = UserFactory(is_staff=True, is_superuser=role == "superuser", **fields)
    if role not in ("superuser", "none"):
        user.groups.add(Group.objects.get(name=role))
    if department is not None:
        StaffProfile.objects.create(user=user, department=department)
    return user


@dataclass
class World:
    own: Department  # the reporter's department
    other: Department
    office: object  # a supervisor
    reporter: object  # reporter of `own`
    outsider: object  # reporter of `other`
    leader: object
    viewer: object
    mine: Commitment  # led by `own`
    shared: Commitment  # led by `other`, co-owned by `own`
    theirs: Commitment  # led by `other` only


def build_world() -> World:
    own, other = DepartmentFactory(name="江城区发展和改革局"), DepartmentFactory(name="江城区住房和城乡建设局")
    chapter = ChapterFactory(report__delivered_on=day(1, 10))
    shared = CommitmentFactory(chapter=chapter, lead_department=other)
    CoResponsibilityFactory(commitment=shared, department=own)
    return World(
        own=own,
        other=other,
        office=make_user("supervisor"),
        reporter=make_user("reporter", own),
        outsider=make_user("reporter", other),
        leader=make_user("leader", own),
        viewer=make_user("viewer", own),
        mine=CommitmentFactory(chapter=chapter, lead_department=own),
        shared=shared,
        theirs=CommitmentFactory(chapter=chapter, lead_department=other),
    )


def checker() -> object:
    """A second member of the office, who approves what another wrote (maker-checker)."""
    user = get_user_model().objects.filter(username="checker").first()
    return user or make_user("supervisor", username="checker")


def approved(user, commitment: Commitment, as_of: datetime.date, **fields) -> ProgressUpdate:
    """An update created and submitted by `user` (a supervisor, or the commitment's reporter) and approved
    through the services by another member of the office."""
    update = services.update_create(user=user, commitment=commitment, as_of=as_of, narrative="进展", **fields)
    services.update_submit(user=user, update=update)
    return services.update_approve(user=checker(), update=update)


def submitted(user, commitment: Commitment, as_of: datetime.date, **fields) -> ProgressUpdate:
    update = services.update_create(user=user, commitment=commitment, as_of=as_of, narrative="进展", **fields)
    return services.update_submit(user=user, update=update)
