"""Who may do what: the permission matrix through the services, and what each role sees."""

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied

from commitments import services
from commitments.choices import UpdateState
from commitments.models import Commitment, ProgressUpdate
from commitments.permissions import (
    Role,
    can_manage_commitments,
    can_read_commitment,
    can_read_update,
    can_report_on,
    user_department,
    user_role,
    visible_commitments,
    visible_updates,
)

from .base import D, approved, day, make_user
from .factories import ChapterFactory, CommitmentFactory, ProgressUpdateFactory

pytestmark = pytest.mark.django_db

ACTORS = ["supervisor", "reporter", "leader", "viewer", "anonymous"]
# mine: led by the reporter's department; shared: co-owned by it; theirs: another department's alone.
COMMITMENTS = ["mine", "shared", "theirs"]


def actor(world, name):
    return {
        "supervisor": world.office,
        "reporter": world.reporter,
        "leader": world.leader,
        "viewer": world.viewer,
        "anonymous": make_user("anonymous"),
    }[name]


def draft(world, commitment):
    """Written by another member of the office, so that the actor's approval is no maker-checker case."""
    return services.update_create(user=maker(), commitment=commitment, as_of=day(6, 30), narrative="进展")


def maker():
    user = get_user_model().objects.filter(username="maker").first()
    return user or make_user("supervisor", username="maker")


def in_state(world, commitment, state):
    update = draft(world, commitment)
    if state in (UpdateState.SUBMITTED, UpdateState.APPROVED):
        services.update_submit(user=maker(), update=update)
    if state == UpdateState.APPROVED:
        services.update_approve(user=world.office, update=update)
    return update


ACTIONS = {
    "create": lambda world, user, c: services.update_create(user=user, commitment=c, as_of=day(6, 30), narrative="x"),
    "edit draft": lambda world, user, c: services.update_edit(user=user, update=draft(world, c), narrative="改"),
    "submit": lambda world, user, c: services.update_submit(user=user, update=draft(world, c)),
    "approve": lambda world, user, c: services.update_approve(
        user=user, update=in_state(world, c, UpdateState.SUBMITTED)
    ),
    "return": lambda world, user, c: services.update_return(
        user=user, update=in_state(world, c, UpdateState.SUBMITTED), note="数据不全"
    ),
    "edit approved": lambda world, user, c: services.update_edit(
        user=user, update=in_state(world, c, UpdateState.APPROVED), narrative="改"
    ),
    "delete": lambda world, user, c: services.update_delete(user=user, update=draft(world, c)),
}


def allowed(actor_name: str, action: str, commitment: str) -> bool:
    if action == "edit approved":
        return False  # nobody: a correction is a new update
    if action in ("approve", "return"):
        return actor_name == "supervisor"
    if actor_name == "supervisor":
        return True
    return actor_name == "reporter" and commitment in ("mine", "shared")


@pytest.mark.parametrize("commitment", COMMITMENTS)
@pytest.mark.parametrize("action", list(ACTIONS))
@pytest.mark.parametrize("actor_name", ACTORS)
def test_permission_matrix(world, actor_name, action, commitment):
    user, target = actor(world, actor_name), getattr(world, commitment)
    if allowed(actor_name, action, commitment):
        ACTIONS[action](world, user, target)
    else:
        with pytest.raises(PermissionDenied):
            ACTIONS[action](world, user, target)


def test_reporter_of_another_department_cannot_touch_our_drafts(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    for call in (
        lambda: services.update_edit(user=world.outsider, update=update, narrative="改"),
        lambda: services.update_submit(user=world.outsider, update=update),
        lambda: services.update_delete(user=world.outsider, update=update),
    ):
        with pytest.raises(PermissionDenied):
            call()


def test_reporter_cannot_approve_own_update(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    services.update_submit(user=world.reporter, update=update)
    with pytest.raises(PermissionDenied):
        services.update_approve(user=world.reporter, update=update)


def test_returned_update_can_be_revised_and_resubmitted_but_not_deleted(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    services.update_submit(user=world.reporter, update=update)
    services.update_return(user=world.office, update=update, note="请补充数据")
    services.update_edit(user=world.reporter, update=update, narrative="已补充")
    with pytest.raises(PermissionDenied):
        services.update_delete(user=world.reporter, update=update)
    assert services.update_submit(user=world.reporter, update=update).state == UpdateState.SUBMITTED


def test_submitted_update_is_not_edited_while_under_review(world):
    update = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    services.update_submit(user=world.reporter, update=update)
    with pytest.raises(PermissionDenied):
        services.update_edit(user=world.reporter, update=update, narrative="改")


def test_only_supervisors_manage_commitments(world):
    assert can_manage_commitments(world.office)
    for user in (world.reporter, world.leader, world.viewer, make_user("anonymous")):
        assert not can_manage_commitments(user)
        with pytest.raises(PermissionDenied):
            services.commitment_update(user=user, commitment=world.mine, data={"title": "改"})
        with pytest.raises(PermissionDenied):
            services.commitment_override_status(user=user, commitment=world.mine, status="cancelled", reason="x")


@pytest.mark.parametrize(
    "role, expected",
    [
        ("superuser", Role.SUPERVISOR),
        ("supervisor", Role.SUPERVISOR),
        ("reporter", Role.REPORTER),
        ("leader", Role.LEADER),
        ("viewer", Role.VIEWER),
        ("none", Role.VIEWER),
        ("anonymous", Role.ANONYMOUS),
    ],
)
def test_user_role_follows_groups_and_superuser_flag(db, role, expected):
    assert user_role(make_user(role)) == expected


def test_strongest_group_wins(world):
    from django.contrib.auth.models import Group

    world.viewer.groups.add(Group.objects.get(name="reporter"))
    fresh = type(world.viewer).objects.get(pk=world.viewer.pk)
    assert user_role(fresh) == Role.REPORTER


def test_inactive_user_is_anonymous(world):
    world.office.is_active = False
    assert user_role(world.office) == Role.ANONYMOUS


def test_user_department_comes_from_the_membership(world):
    assert user_department(world.reporter) == world.own
    assert user_department(world.office) is None
    assert not can_report_on(make_user("reporter"), world.mine)  # a reporter without a department


def test_public_reads_only_published_reports(world):
    hidden = CommitmentFactory(chapter=ChapterFactory(report__published=False))
    for name in ("viewer", "anonymous"):
        user = actor(world, name)
        assert not can_read_commitment(user, hidden)
        assert hidden not in visible_commitments(user)
        assert world.mine in visible_commitments(user)
    for name in ("supervisor", "reporter", "leader"):
        assert can_read_commitment(actor(world, name), hidden)
        assert hidden in visible_commitments(actor(world, name), Commitment.objects.all())


def test_visible_updates_per_role(world):
    ours = services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="x")
    co_owned = services.update_create(user=world.office, commitment=world.shared, as_of=day(6, 30), narrative="x")
    theirs = services.update_create(user=world.office, commitment=world.theirs, as_of=day(6, 30), narrative="x")
    public = approved(world.office, world.theirs, day(6, 30), percent=D(10))
    unpublished = ProgressUpdateFactory(
        commitment=CommitmentFactory(chapter=ChapterFactory(report__published=False)), state=UpdateState.APPROVED
    )
    everything = {ours, co_owned, theirs, public, unpublished}
    expected = {
        "supervisor": everything,
        "leader": everything,
        "reporter": {ours, co_owned, public, unpublished},
        "viewer": {public},
        "anonymous": {public},
    }
    for name, updates in expected.items():
        user = actor(world, name)
        assert set(visible_updates(user)) == updates, name
        for update in everything:
            assert can_read_update(user, update) == (update in updates), (name, update)


def test_visible_updates_narrows_a_given_queryset(world):
    approved(world.office, world.theirs, day(6, 30), percent=D(10))
    queryset = ProgressUpdate.objects.filter(commitment=world.mine)
    assert not visible_updates(world.viewer, queryset).exists()
