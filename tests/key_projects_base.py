"""A key-project ledger in the named world of tests/base.py: the ledger commitment with the report's two
targets (重点项目数 53 个, 年度计划投资 32 亿元) and projects added through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from commitments import services
from commitments.choices import ProjectCategory
from commitments.models import Commitment, KeyProject
from commitments.services import KeyProjectData

from .base import World, checker
from .factories import CommitmentFactory, LeaderFactory, TargetFactory

D = Decimal


def make_ledger(world: World) -> Commitment:
    ledger = CommitmentFactory(
        chapter=world.mine.chapter,
        code="2.3.1",
        title="推动53个重点项目建设，年度计划投资32亿元",
        lead_department=world.own,
    )
    TargetFactory(commitment=ledger, metric="重点项目数", unit="个", target_value=D(53))
    TargetFactory(commitment=ledger, metric="年度计划投资", unit="亿元", target_value=D(32))
    services.ledger_targets_link(user=world.office, ledger=ledger)
    return ledger


def add_project(world: World, ledger: Commitment, sequence: int, **fields) -> KeyProject:
    data = {
        "sequence": sequence,
        "name": f"测试项目{sequence}",
        "department": world.own,
        "planned_investment": D("1.5"),
        "total_investment": D("10"),
        "categories": [ProjectCategory.NEW_START],
        "planned_start": datetime.date(2020, 9, 30),
        **fields,
    }
    return services.key_project_create(user=world.office, ledger=ledger, data=KeyProjectData(**data))


def leader(name: str = "区领导甲", position: str = "副区长"):
    return LeaderFactory(name=name, position=position)


def report_approved(world: World, project: KeyProject, as_of: datetime.date, completed, stages=(), user=None):
    """A monthly report written and submitted by `user` (the owner's reporter by default) and approved by a
    second member of the office."""
    user = user or world.reporter
    update = services.key_project_report(
        user=user,
        project=project,
        as_of=as_of,
        completed_investment=None if completed is None else D(str(completed)),
        stages=stages,
        narrative="本月进展",
        links=["https://example.gov.cn/evidence"] if stages else (),
    )
    services.update_submit(user=user, update=update)
    return services.update_approve(user=checker(), update=update)
