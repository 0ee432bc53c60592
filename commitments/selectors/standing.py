"""Where a report stands on a date, commitment by commitment: the dashboard's lists and the bulletin.

Figures come from `progress_summary` and the per-commitment lines from the figures it counts
(`summary.figures_on`), both as of the same date over the same scope, so the lists and the headline
figures agree.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from ..choices import CommitmentStatus, Rag
from ..models import Chapter, Commitment, Report
from . import rules
from .rules import expected_progress
from .summary import Summary, figures_on, progress_summary, summary_queryset

BEHIND = (Rag.AMBER, Rag.RED)


@dataclass(frozen=True, kw_only=True)
class CommitmentLine:
    """One commitment as evaluated on the date."""

    id: int
    code: str
    title: str
    chapter_id: int
    lead_department: str
    due_date: datetime.date
    progress: Decimal
    expected_progress: Decimal
    status: str
    rag: str
    overdue: bool
    original_due_date: datetime.date | None = None
    closeout_state: str = ""

    @property
    def deadline_text(self) -> str:
        """The deadline as shown, with the original once extended (rules.deadline_text)."""
        return rules.deadline_text(due=self.due_date, original=self.original_due_date)

    @property
    def standing(self) -> str:
        """One of completed, cancelled, overdue, behind, on_pace: disjoint, in that order of precedence."""
        if self.status == CommitmentStatus.COMPLETED:
            return "completed"
        if self.status == CommitmentStatus.CANCELLED:
            return "cancelled"
        if self.overdue:
            return "overdue"
        if self.rag in BEHIND:
            return "behind"
        return "on_pace"


@dataclass(frozen=True)
class LaggingDepartment:
    name: str
    overdue: int
    behind: int


def _gap(line: CommitmentLine) -> tuple:
    return (line.progress - line.expected_progress, line.code)


@dataclass(frozen=True, kw_only=True)
class Standing:
    report: Report
    as_of: datetime.date
    summary: Summary
    chapters: list[Chapter]
    lines: list[CommitmentLine]

    def having(self, standing: str) -> list[CommitmentLine]:
        """The lines of one standing; the late and the lagging ones furthest behind their plan first."""
        lines = [line for line in self.lines if line.standing == standing]
        return sorted(lines, key=_gap) if standing in ("overdue", "behind") else lines

    @property
    def completed(self) -> list[CommitmentLine]:
        return self.having("completed")

    @property
    def overdue(self) -> list[CommitmentLine]:
        return self.having("overdue")

    @property
    def behind(self) -> list[CommitmentLine]:
        return self.having("behind")

    @property
    def on_pace(self) -> list[CommitmentLine]:
        return self.having("on_pace")

    @property
    def at_risk(self) -> list[CommitmentLine]:
        """Open, not yet overdue, and behind or off track by the RAG: the ones that can still be saved."""
        return self.behind

    @property
    def lagging_departments(self) -> list[LaggingDepartment]:
        """The lead departments with commitments overdue or behind pace on the date, the most overdue first
        (then the most behind, then by name): the bulletin names them."""
        counts: dict[str, list[int]] = {}
        for line in self.lines:
            if line.standing in ("overdue", "behind"):
                tally = counts.setdefault(line.lead_department, [0, 0])
                tally[0 if line.standing == "overdue" else 1] += 1
        departments = [LaggingDepartment(name, overdue, behind) for name, (overdue, behind) in counts.items()]
        return sorted(departments, key=lambda department: (-department.overdue, -department.behind, department.name))

    def chapter_lines(self, chapter: Chapter) -> list[CommitmentLine]:
        return [line for line in self.lines if line.chapter_id == chapter.pk]


def report_standing(*, report: Report, as_of: datetime.date, queryset: QuerySet[Commitment] | None = None) -> Standing:
    """The report's summary and every commitment's figures as of the date, in chapter and code order.

    `queryset` narrows the scope (to what a user may see); the summary and the lines share it, and each line
    is read from the very figures the summary counts (`figures_on`: the progress snapshot in force on the
    date, which the tracking service writes from the engine's evaluation, with RAG and lateness by the rules'
    query expressions), so a list never contradicts a count. Its deadline is the one in force on the date
    (`f_due`): as of a day before an extension was approved, the original alone. Evaluating every
    commitment's history in Python instead cost about 0.2 s for a report of 330 commitments.
    """
    scope = summary_queryset(report=report, queryset=queryset)
    summary = progress_summary(report=report, as_of=as_of, queryset=queryset)
    rows = (
        figures_on(scope, as_of)
        .with_clock_start()
        .order_by("chapter__number", "sort_key")
        .values_list(
            "pk",
            "code",
            "title",
            "chapter_id",
            "lead_department__name",
            "clock_start",
            "f_due",
            "original_due_date",
            "closeout_state",
            "f_progress",
            "f_status",
            "f_rag",
            "f_late",
        )
    )
    lines = [
        CommitmentLine(
            id=pk,
            code=code,
            title=title,
            chapter_id=chapter_id,
            lead_department=department,
            due_date=due_date,
            progress=progress,
            expected_progress=expected_progress(start_date, due_date, as_of),
            status=status,
            rag=rag,
            overdue=bool(late),
            original_due_date=original_due_date,
            closeout_state=closeout_state,
        )
        for (
            pk,
            code,
            title,
            chapter_id,
            department,
            start_date,
            due_date,
            original_due_date,
            closeout_state,
            progress,
            status,
            rag,
            late,
        ) in rows
    ]
    chapters = Chapter.objects.filter(pk__in={line.chapter_id for line in lines}).order_by("number", "pk")
    return Standing(report=report, as_of=as_of, summary=summary, chapters=list(chapters), lines=lines)


@dataclass(frozen=True, kw_only=True)
class MonthPoint:
    """The report as of the end of a month (or as of the chosen date, in its own month)."""

    month: int
    as_of: datetime.date
    mean_progress: Decimal | None
    completed: int
    total: int


def monthly_progress(
    *, report: Report, as_of: datetime.date, queryset: QuerySet[Commitment] | None = None
) -> list[MonthPoint]:
    """Mean progress and completed-against-all counts at each month's end of the report's year, up to as_of.

    One summary per month, so the cost is bounded by twelve summaries whatever the number of commitments.
    """
    points = []
    for month in range(1, 13):
        start = datetime.date(report.year, month, 1)
        if start > as_of:
            break
        end = min(datetime.date(report.year, month, calendar.monthrange(report.year, month)[1]), as_of)
        summary = progress_summary(report=report, as_of=end, queryset=queryset)
        points.append(
            MonthPoint(
                month=month,
                as_of=end,
                mean_progress=summary.mean_progress,
                completed=summary.by_status.get(CommitmentStatus.COMPLETED, 0),
                total=summary.count,
            )
        )
    return points


def default_as_of(report: Report | None) -> datetime.date:
    """The day a report is read on unless someone picks another: today, or the end of the report's year once
    that is past (a past report is read as it closed, not as of a day on which all its deadlines have long
    gone by). The dashboard, the bulletin and reporting completeness default to it."""
    today = timezone.localdate()
    if report is None:
        return today
    return min(today, datetime.date(report.year, 12, 31))
