"""A small named world for the supervision tests, and a clock to script dates.

Three departments (发改局 leads, 住建局 co-owns, 工信局 stands aside), one user per role, and a key-projects
commitment with two construction sub-projects. `at(day)` moves "now" so that submissions, reviews and the
audit history carry scripted dates.
"""

from __future__ import annotations

import datetime
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from commitments import services
from commitments.choices import CommitmentKind
from commitments.models import Commitment, Department, Leader, ProgressUpdate, StaffProfile
from commitments.permissions import forget_cached_role

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    LeaderFactory,
    UserFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@contextmanager
def at(day: datetime.date, hour: int = 10):
    """Within the block, timezone.now() is `day` at `hour` o'clock in Shanghai."""
    moment = datetime.datetime.combine(day, datetime.time(hour), tzinfo=SHANGHAI)
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield moment


def make_user(username: str, role: str | None, department: Department | None = None):
    user = UserFactory(username=username, is_staff=role is not None)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if department is not None:
        StaffProfile.objects.create(user=user, department=department)
    forget_cached_role(user)
    return user


@dataclass
class World:
    fagai: Department
    zhujian: Department
    gongxin: Department
    leader: Leader
    office: object
    fagai_reporter: object
    zhujian_reporter: object
    gongxin_reporter: object
    leader_user: object
    viewer: object
    key_projects: Commitment
    project_a: Commitment
    project_b: Commitment


def build_world() -> World:
    fagai = DepartmentFactory(name="江城区发展和改革局", contact_email="fgj@jiangcheng.example.gov.cn")
    zhujian = DepartmentFactory(name="江城区住房和城乡建设局", contact_email="zjj@jiangcheng.example.gov.cn")
    gongxin = DepartmentFactory(name="江城区工业和信息化局", contact_email="gxj@jiangcheng.example.gov.cn")
    leader = LeaderFactory(name="区领导甲", email="lingdao@jiangcheng.example.gov.cn")
    chapter = ChapterFactory(report__delivered_on=datetime.date(2020, 1, 10))
    key_projects = CommitmentFactory(
        chapter=chapter,
        code="2.3.1",
        title="推动重点项目建设",
        lead_department=fagai,
        responsible_leader=leader,
        kind=CommitmentKind.QUANTITATIVE,
    )
    CoResponsibilityFactory(commitment=key_projects, department=zhujian)
    project_a, project_b = (
        CommitmentFactory(
            chapter=chapter,
            code=f"2.3.1.{n}",
            title=title,
            parent=key_projects,
            lead_department=fagai,
            responsible_leader=leader,
            kind=CommitmentKind.MILESTONE,
        )
        for n, title in ((1, "甲项目"), (2, "乙项目"))
    )
    return World(
        fagai=fagai,
        zhujian=zhujian,
        gongxin=gongxin,
        leader=leader,
        office=make_user("office", "supervisor"),
        fagai_reporter=make_user("fagai-staff", "reporter", fagai),
        zhujian_reporter=make_user("zhujian-staff", "reporter", zhujian),
        gongxin_reporter=make_user("gongxin-staff", "reporter", gongxin),
        leader_user=make_user("leader", "leader"),
        viewer=make_user("viewer", "viewer"),
        key_projects=key_projects,
        project_a=project_a,
        project_b=project_b,
    )


def report(
    world: World,
    commitment: Commitment,
    *,
    as_of: datetime.date,
    submitted_on: datetime.date | None = None,
    approved_on: datetime.date | None = None,
    values=(),
    milestones=(),
    links=(),
    percent: Decimal | None = None,
    user=None,
) -> ProgressUpdate:
    """An update through the engine's services: created and (if dates are given) submitted, approved."""
    user = user or world.fagai_reporter
    with at(submitted_on or as_of):
        update = services.update_create(
            user=user,
            commitment=commitment,
            as_of=as_of,
            narrative="按计划推进。",
            percent=percent,
            values=values,
            milestones_completed=milestones,
            links=links,
        )
        if submitted_on:
            update = services.update_submit(user=user, update=update)
    if approved_on:
        with at(approved_on, hour=16):
            update = services.update_approve(user=world.office, update=update)
    return update


def supervision_rows(commitment: Commitment) -> None:
    """One row of each supervision model around a commitment, for pages that must render (written directly:
    the services are tested on their own)."""
    from django.utils import timezone

    from commitments.choices import AcceptanceRole, AcceptanceState, ComputationRule, ReminderKind
    from commitments.models import Acceptance, ReportingPlan, SentReminder, StageTemplateStep, TargetComputation

    from .factories import TargetFactory

    Acceptance.objects.create(
        commitment=commitment,
        department=commitment.lead_department,
        role=AcceptanceRole.LEAD,
        state=AcceptanceState.CONTESTED,
        reason_kind="unclear_target",
        reason="目标不明确",
        issued_at=timezone.now(),
    )
    ReportingPlan.objects.create(commitment=commitment, cadence="quarterly", due_day=20)
    TargetComputation.objects.create(
        target=TargetFactory(commitment=commitment, metric="开工项目数"),
        rule=ComputationRule.COUNT_STAGE,
        stage=StageTemplateStep.objects.get(template__name="建设项目", key="construction"),
    )
    SentReminder.objects.create(
        department=commitment.lead_department,
        sent_on=timezone.localdate(),
        kind=ReminderKind.DIGEST,
        recipients="dept@example.gov.cn",
        subject="【督办提醒】",
        body="……",
        items=1,
    )
