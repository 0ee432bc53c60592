"""Approved monthly reports for the example ledger (示例), so that the demo shows a working ledger.

Deterministic: the same reports on every run, and none twice (a project that already has an approved report
is left alone). Each report is written and submitted by one member of the office and approved by another
(maker-checker), through the same services as any update. Only projects marked is_example get reports:
figures invented for a demonstration never land on a real project.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from . import services
from .choices import ProjectCategory, UpdateState
from .models import Commitment, KeyProject, ProgressUpdate

# (month, share of the annual plan completed by its end) for the formal projects; reserves report from June.
SCHEDULE = ((3, Decimal("0.18")), (6, Decimal("0.42")), (9, Decimal("0.68")))
EVIDENCE = "https://jiangcheng.example.gov.cn/示例/重点项目形象进度"


def _stages(project: KeyProject, month: int) -> list[str]:
    """The stages an example project reports done by the month's end, from its categories (varied a little
    by its 序号, so that the ledger shows every stage)."""
    categories = {tag.category for tag in project.categories.all()}
    sequence = project.sequence
    if project.is_reserve:
        done = (["land"] if month >= 6 else []) + (["tender"] if month >= 9 and sequence % 2 else [])
        return done + (["construction"] if month >= 9 and sequence % 5 == 0 else [])
    if ProjectCategory.UNDER_CONSTRUCTION in categories:
        done = ["land", "tender", "construction"] + (["structure"] if month >= 9 and sequence % 2 else [])
        if ProjectCategory.NEW_OPERATION in categories and month >= 9 and sequence % 3 == 0:
            done.append("completion")
        return done
    done = ["land"] + (["tender"] if month >= 6 else [])
    if (month >= 9 and sequence % 4) or (month >= 6 and sequence % 3 == 0):
        done.append("construction")
    return done


def _month_end(year: int, month: int) -> datetime.date:
    following = datetime.date(year + (month == 12), month % 12 + 1, 1)
    return following - datetime.timedelta(days=1)


@transaction.atomic
def example_reports_create(*, ledger: Commitment, writer, approver) -> int:
    """Adds the example monthly reports to the ledger's example projects; returns how many were approved."""
    projects = (
        KeyProject.objects.filter(ledger=ledger, is_example=True)
        .select_related("commitment", "investment_target")
        .prefetch_related("categories")
    )
    reported = set(
        ProgressUpdate.objects.filter(commitment__key_project__ledger=ledger, state=UpdateState.APPROVED).values_list(
            "commitment_id", flat=True
        )
    )
    count = 0
    for project in projects:
        if project.commitment_id in reported:
            continue
        done: list[str] = []
        for month, share in SCHEDULE:
            if project.is_reserve and month < 6:
                continue
            # A little spread between projects, so the ledger's picture is not uniform.
            spread = Decimal((project.sequence * 7) % 11 - 5) / 100
            completed = (project.investment_target.target_value * max(share + spread, Decimal(0))).quantize(
                Decimal("0.0001")
            )
            stages = [stage for stage in _stages(project, month) if stage not in done]
            done += stages
            update = services.key_project_report(
                user=writer,
                project=project,
                as_of=_month_end(ledger.report.year, month),
                completed_investment=completed,
                stages=stages,
                narrative=f"示例：{month}月底累计完成投资{completed.normalize():f}亿元。",
                links=[("示例佐证", EVIDENCE)] if stages else (),
            )
            services.update_submit(user=writer, update=update)
            services.update_approve(user=approver, update=update)
            count += 1
    return count
