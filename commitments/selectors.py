"""Reads that carry rules: list querysets with their joins, the public site's reads, the task table."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet

from .choices import Comparator, UpdateState
from .models import Chapter, Commitment, CoResponsibility, Department, ProgressUpdate, Report, ReportedValue, Target

COMPARATOR_WORDS = {Comparator.AT_LEAST: "不少于", Comparator.AT_MOST: "不超过", Comparator.EXACTLY: ""}


def commitment_list_queryset() -> QuerySet[Commitment]:
    """Commitments with everything a list shows, in a fixed number of queries whatever the row count."""
    return Commitment.objects.select_related(
        "report", "chapter", "lead_department", "responsible_leader", "parent"
    ).prefetch_related(
        Prefetch("co_departments", queryset=Department.objects.order_by("name")),
        Prefetch("targets", queryset=Target.objects.order_by("id")),
    )


def published_reports() -> QuerySet[Report]:
    """Reports the public may read, newest first."""
    return Report.objects.filter(published=True).order_by("-year", "government")


def public_report(report_id: int | None = None) -> Report | None:
    """The published report asked for, or the newest published one; None if there is none (or not that one)."""
    reports = published_reports()
    if report_id is not None:
        return reports.filter(pk=report_id).first()
    return reports.first()


def public_commitments(
    report: Report,
    *,
    chapter: Chapter | None = None,
    status: str = "",
    department: Department | None = None,
    search: str = "",
) -> QuerySet[Commitment]:
    """A published report's commitments, filtered, in chapter and code order, with what a list row shows.

    The department filter matches the lead or a co-responsible department; a subquery rather than a join
    keeps each commitment once without DISTINCT.
    """
    commitments = (
        Commitment.objects.published()
        .filter(report=report)
        .select_related("chapter", "lead_department")
        .order_by("chapter__number", "sort_key")
    )
    if chapter is not None:
        commitments = commitments.filter(chapter=chapter)
    if status:
        commitments = commitments.filter(status=status)
    if department is not None:
        co_owned = CoResponsibility.objects.filter(department=department).values("commitment_id")
        commitments = commitments.filter(Q(lead_department=department) | Q(pk__in=co_owned))
    for word in search.split():
        commitments = commitments.filter(
            Q(code__icontains=word)
            | Q(title__icontains=word)
            | Q(source_text__icontains=word)
            | Q(section__icontains=word)
        )
    return commitments


def public_report_departments(report: Report) -> QuerySet[Department]:
    """Departments that lead or share a commitment of the report: the choices of the public filter."""
    return (
        Department.objects.filter(Q(led_commitments__report=report) | Q(co_responsibilities__commitment__report=report))
        .distinct()
        .order_by("name")
    )


def approved_updates() -> QuerySet[ProgressUpdate]:
    """Approved updates of commitments in published reports: all that the public ever sees of updates.

    Drafts, submitted and returned updates, and anything of an unpublished report, never pass.
    """
    return ProgressUpdate.objects.filter(state=UpdateState.APPROVED, commitment__report__published=True)


def public_commitment(pk: int) -> Commitment:
    """One commitment of a published report with its owners, targets, milestones and approved updates.

    Raises Commitment.DoesNotExist for an unknown commitment or one of an unpublished report.
    """
    updates = (
        approved_updates()
        .order_by("-as_of", "-id")
        .prefetch_related(Prefetch("values", queryset=ReportedValue.objects.select_related("target")))
    )
    return (
        Commitment.objects.published()
        .select_related("report", "chapter", "lead_department", "responsible_leader")
        .prefetch_related(
            Prefetch("co_departments", queryset=Department.objects.order_by("name")),
            Prefetch("targets", queryset=Target.objects.order_by("id")),
            "milestones",
            Prefetch("updates", queryset=updates, to_attr="approved_updates"),
        )
        .get(pk=pk)
    )


def target_progress(target: Target) -> Decimal | None:
    """How far the current value has come from the baseline (0 if none) to the target, 0–100; None if unknown."""
    if target.current_value is None:
        return None
    current, goal = target.current_value, target.target_value
    start = target.baseline_value if target.baseline_value is not None else Decimal(0)
    if target.comparator == Comparator.AT_MOST:
        if current <= goal:
            return Decimal(100)
        share = (start - current) / (start - goal) if start > goal else Decimal(0)
    elif target.comparator == Comparator.EXACTLY and current == goal:
        return Decimal(100)
    else:
        share = (current - start) / (goal - start) if goal != start else Decimal(current >= goal)
    return min(max(share * 100, Decimal(0)), Decimal(100)).quantize(Decimal("0.1"))


def format_number(value: Decimal | None) -> str:
    if value is None:
        return ""
    text = f"{value.normalize():f}"
    return text


def describe_target(target: Target) -> str:
    """'重点项目数 不少于 53 个' — how the task table states a target."""
    words = COMPARATOR_WORDS.get(target.comparator, "")
    parts = [target.metric, words, f"{format_number(target.target_value)}{target.unit}"]
    return " ".join(part for part in parts if part)


@dataclass(frozen=True)
class TaskTableRow:
    code: str
    title: str
    source_text: str
    lead_department: str
    co_departments: str
    targets: str
    due_date: str
    status: str
    progress: str


TASK_TABLE_HEADERS = ("序号", "工作任务", "原文", "牵头单位", "配合单位", "目标", "完成时限", "状态", "进度")


def task_table_rows(commitments: QuerySet[Commitment]) -> list[TaskTableRow]:
    """The task decomposition table (任务分解表), one row per commitment, in code order."""
    rows = []
    for commitment in commitment_list_queryset().filter(pk__in=commitments.values("pk")).order_by("report", "sort_key"):
        rows.append(
            TaskTableRow(
                code=commitment.code,
                title=commitment.title,
                source_text=commitment.source_text,
                lead_department=commitment.lead_department.name,
                co_departments="、".join(dept.name for dept in commitment.co_departments.all()),
                targets="；".join(describe_target(target) for target in commitment.targets.all()),
                due_date=commitment.due_date.isoformat(),
                status=str(commitment.get_status_display()),
                progress=f"{format_number(commitment.progress)}%",
            )
        )
    return rows
