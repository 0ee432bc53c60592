"""Reads that carry rules: list querysets with their joins, the task decomposition table."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery

from .. import display
from ..choices import CloseoutState, CommitmentStatus, Comparator, UpdateState
from ..models import Commitment, CoResponsibility, Department, Milestone, ProgressUpdate, Report, Target
from . import rules

COMPARATOR_WORDS = {
    Comparator.AT_LEAST: "不少于",
    Comparator.AT_MOST: "不超过",
    Comparator.EXACTLY: "等于",
    Comparator.ABOUT: "约",
}


def commitment_list_queryset() -> QuerySet[Commitment]:
    """Commitments with everything a list shows, in a fixed number of queries whatever the row count."""
    return Commitment.objects.select_related(
        "report", "chapter", "lead_department", "responsible_leader", "parent"
    ).prefetch_related(
        Prefetch("co_departments", queryset=Department.objects.order_by("name")),
        Prefetch("targets", queryset=Target.objects.order_by("id")),
    )


def latest_approved(column: str) -> Subquery:
    """A column of the commitment's latest approved update (rules.LATEST_UPDATE_FIRST), as an annotation."""
    latest = ProgressUpdate.objects.filter(commitment=OuterRef("pk"), state=UpdateState.APPROVED)
    return Subquery(latest.order_by(*rules.LATEST_UPDATE_FIRST).values(column)[:1])


def commitment_full_queryset() -> QuerySet[Commitment]:
    """Commitments with their milestones and latest approved update too, in a fixed number of queries.

    The latest approved update is two correlated subqueries, not a prefetch of every update: a
    commitment may carry years of updates and the list shows one.
    """
    return (
        commitment_list_queryset()
        .prefetch_related(Prefetch("milestones", queryset=Milestone.objects.order_by("due_date", "id")))
        .annotate(
            latest_update_as_of=latest_approved("as_of"),
            latest_update_narrative=latest_approved("narrative"),
        )
    )


def task_table_title(commitments: QuerySet[Commitment], *, on: datetime.date) -> str:
    """The task table's title row: '2020年江城区政府工作报告任务分解表（截至2020年12月31日）', the report's title
    when the rows are of one report (in one query), the date the figures are of."""
    titles = list(
        Report.objects.filter(pk__in=commitments.order_by().values("report_id")).values_list("title", flat=True)[:2]
    )
    name = f"{titles[0]}任务分解表" if len(titles) == 1 else "任务分解表"
    return f"{name}（截至{display.chinese_date(on)}）"


def describe_target(target: Target) -> str:
    """'重点项目数 不少于 53 个' — how the task table states a target."""
    words = COMPARATOR_WORDS.get(target.comparator, "")
    parts = [target.metric, words, display.quantity(target.target_value, target.unit)]
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class TaskTableRow:
    code: str
    title: str
    source_text: str
    lead_department: str
    co_departments: str
    targets: str
    due_date: datetime.date
    status: str
    progress: Decimal  # percent, 0–100


TASK_TABLE_HEADERS = ("序号", "工作任务", "原文", "牵头单位", "配合单位", "目标", "完成时限", "状态", "进度")


def task_table_rows(commitments: QuerySet[Commitment]) -> list[TaskTableRow]:
    """The task decomposition table (任务分解表), one row per commitment, in code order, in three queries.

    Only the columns the table shows are read (model instances of every joined row cost more than the
    queries: about 60 ms for a report's 330 commitments)."""
    co_departments: dict[int, list[str]] = defaultdict(list)
    targets: dict[int, list[str]] = defaultdict(list)
    status_labels = dict(CommitmentStatus.choices)
    rows = list(
        Commitment.objects.filter(pk__in=commitments.values("pk"))
        .order_by("report", "sort_key")
        .values_list(
            "pk",
            "code",
            "title",
            "source_text",
            "lead_department__name",
            "due_date",
            "status",
            "progress",
            "closeout_state",
        )
    )
    ids = [row[0] for row in rows]
    shared = CoResponsibility.objects.filter(commitment_id__in=ids).order_by("department__name", "department_id")
    for commitment_id, name in shared.values_list("commitment_id", "department__name"):
        co_departments[commitment_id].append(name)
    target_fields = ("metric", "comparator", "target_value", "unit")
    for commitment_id, *fields in (
        Target.objects.filter(commitment_id__in=ids).order_by("id").values_list("commitment_id", *target_fields)
    ):
        targets[commitment_id].append(describe_target(Target(**dict(zip(target_fields, fields, strict=True)))))
    return [
        TaskTableRow(
            code=code,
            title=title,
            source_text=source_text,
            lead_department=lead_department,
            co_departments="、".join(co_departments[pk]),
            targets="；".join(targets[pk]),
            due_date=due_date,
            status=_status_text(status_labels, status, closeout_state),
            progress=progress,
        )
        for pk, code, title, source_text, lead_department, due_date, status, progress, closeout_state in rows
    ]


def _status_text(labels: dict, status: str, closeout_state: str) -> str:
    """The status, and beside it the office's close-out once applied for or verified: a table tells
    "reported complete" (the status) from "verified and closed" (已办结销号)."""
    text = str(labels.get(status, status))
    if closeout_state and closeout_state != CloseoutState.OPEN:
        text += f"（{CloseoutState(closeout_state).label}）"
    return text
