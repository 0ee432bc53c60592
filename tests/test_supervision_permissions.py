"""The supervision rules in permissions.py, role × own/other department."""

import pytest
from django.core.exceptions import PermissionDenied

from commitments.choices import Cadence
from commitments.models import Acceptance
from commitments.permissions import (
    can_answer_acceptance,
    can_issue_acceptances,
    can_plan_reporting,
    can_read_completeness,
    can_resolve_contests,
    completeness_departments,
    visible_acceptances,
)
from commitments.supervision import services

from .supervision_world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


ROLES = ["office", "fagai_reporter", "zhujian_reporter", "leader_user", "viewer"]


@pytest.mark.parametrize("username", ROLES)
def test_only_the_office_issues_resolves_and_plans(world, username):
    user = getattr(world, username)
    expected = username == "office"
    assert can_issue_acceptances(user) is expected
    assert can_resolve_contests(user) is expected
    assert can_plan_reporting(user) is expected


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("office", False, False),
        ("fagai_reporter", True, False),
        ("zhujian_reporter", False, True),
        ("leader_user", False, False),
        ("viewer", False, False),
    ],
)
def test_a_task_is_answered_by_its_own_departments_reporters_only(world, username, own, other):
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    fagai_task = Acceptance.objects.get(commitment=world.key_projects, department=world.fagai)
    zhujian_task = Acceptance.objects.get(commitment=world.key_projects, department=world.zhujian)
    user = getattr(world, username)
    assert can_answer_acceptance(user, fagai_task) is own
    assert can_answer_acceptance(user, zhujian_task) is other


@pytest.mark.parametrize(
    ("username", "own", "other"),
    [
        ("office", True, True),
        ("leader_user", True, True),
        ("fagai_reporter", True, False),
        ("viewer", False, False),
    ],
)
def test_completeness_is_read_by_the_office_and_leaders_and_by_a_department_for_itself(world, username, own, other):
    user = getattr(world, username)
    assert can_read_completeness(user, world.fagai) is own
    assert can_read_completeness(user, world.gongxin) is other
    readable = set(completeness_departments(user))
    assert (world.fagai in readable, world.gongxin in readable) == (own, other)


@pytest.mark.parametrize(
    ("username", "seen"),
    [
        ("office", {"江城区发展和改革局", "江城区住房和城乡建设局"}),
        ("leader_user", {"江城区发展和改革局", "江城区住房和城乡建设局"}),
        ("fagai_reporter", {"江城区发展和改革局"}),
        ("gongxin_reporter", set()),
        ("viewer", set()),
    ],
)
def test_acceptances_are_visible_to_the_office_leaders_and_their_own_department(world, username, seen):
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    visible = visible_acceptances(getattr(world, username))
    assert {row.department.name for row in visible} == seen


@pytest.mark.parametrize("username", ["fagai_reporter", "leader_user", "viewer"])
def test_only_the_office_sets_reporting_plans(world, username):
    with pytest.raises(PermissionDenied):
        services.reporting_plan_set(
            user=getattr(world, username), commitment=world.project_a, cadence=Cadence.QUARTERLY, due_day=25
        )


def test_an_anonymous_user_may_do_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    anonymous = AnonymousUser()
    assert not can_issue_acceptances(anonymous)
    assert not can_read_completeness(anonymous, world.fagai)
    assert not completeness_departments(anonymous).exists()
    services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    assert not can_answer_acceptance(anonymous, Acceptance.objects.first())
