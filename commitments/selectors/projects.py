"""The key-project ledger's figures (重点项目台账), counted from the ledger's rows on a day, never typed.

- the number of projects as the report counts them (formal and reserve: "53个重点项目（含11个预备项目）"),
  the reserves, those promoted to formal, and those that reached 开工 (the ledger target 重点项目数);
- completed investment against the annual plan (the sum of the projects' plans, 亿元): the sum over the
  projects of each one's latest approved cumulative value on the day (only approved updates count, as in the
  engine), with its 序时 pace (supervision/pace.py) and its year-end forecast (supervision/forecast.py, on
  the month-end totals);
- by stage (形象进度: the last stage milestone done by the day, 前期 before any), by category (overlapping
  tags), by owner department, by following leader, and by month (completed against the 序时 plan).

Four queries whatever the number of projects (tests/test_key_project_figures.py counts them).
Home of the rules in docs/rules.md, "Key projects".
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _

from ..choices import Comparator, ProjectCategory, ProjectStage
from ..models import Commitment, KeyProject, Report, StageMilestone
from ..supervision.forecast import Forecast, forecast
from ..supervision.pace import Pace, achieved_share, elapsed_share, pace
from ..supervision.selectors import approved_series

ZERO = Decimal(0)
STAGE_ORDER = list(ProjectStage.values)  # preliminary, land, tender, construction, structure, completion
STARTED = STAGE_ORDER.index(ProjectStage.CONSTRUCTION)


@dataclass(frozen=True)
class ProjectLine:
    project: KeyProject
    stage: str
    completed: Decimal | None  # cumulative this year, as of the day; None before its first approved report
    planned: Decimal

    @property
    def stage_label(self) -> str:
        return str(ProjectStage(self.stage).label)

    @property
    def started(self) -> bool:
        return STAGE_ORDER.index(self.stage) >= STARTED


@dataclass
class GroupLine:
    key: object
    label: str
    count: int = 0
    reserves: int = 0
    planned: Decimal = ZERO
    completed: Decimal = ZERO

    @property
    def completed_percent(self) -> Decimal | None:
        if not self.planned:
            return None
        return (self.completed / self.planned * 100).quantize(Decimal("0.1"))


@dataclass(frozen=True)
class MonthLine:
    as_of: datetime.date  # the month's end, or the day itself in its own month
    completed: Decimal | None
    added: Decimal | None  # completed during the month
    expected: Decimal  # the plan × the elapsed share (序时)


@dataclass(frozen=True)
class LedgerFigures:
    ledger: Commitment
    on: datetime.date
    lines: list[ProjectLine]
    planned: Decimal
    completed: Decimal
    investment_pace: Pace
    investment_forecast: Forecast | None
    started_pace: Pace
    by_stage: list[GroupLine]
    by_category: list[GroupLine]
    by_department: list[GroupLine]
    by_leader: list[GroupLine]
    by_month: list[MonthLine]

    @property
    def count(self) -> int:
        return len(self.lines)

    @property
    def reserves(self) -> int:
        return sum(line.project.is_reserve for line in self.lines)

    @property
    def formal(self) -> int:
        return self.count - self.reserves

    @property
    def promoted(self) -> int:
        return sum(line.project.promoted_on is not None for line in self.lines)

    @property
    def started(self) -> int:
        return sum(line.started for line in self.lines)

    @property
    def examples(self) -> int:
        return sum(line.project.is_example for line in self.lines)

    @property
    def completed_percent(self) -> Decimal:
        return self.investment_pace.achieved_percent


def ledger_projects(ledger: Commitment) -> QuerySet[KeyProject]:
    return KeyProject.objects.filter(ledger=ledger).with_ledger_columns().order_by("sequence")


def _stages(commitment_ids: list[int], on: datetime.date) -> dict[int, str]:
    """Each project's 形象进度 on the day: the furthest stage whose milestone was done by then (one query)."""
    reached: dict[int, int] = {}
    rows = StageMilestone.objects.filter(
        milestone__commitment__in=commitment_ids, milestone__completed_on__lte=on
    ).values_list("milestone__commitment_id", "step__key")
    for commitment_id, key in rows:
        if key in STAGE_ORDER:
            reached[commitment_id] = max(reached.get(commitment_id, 0), STAGE_ORDER.index(key))
    return {pk: STAGE_ORDER[index] for pk, index in reached.items()}


def _value_on(points: list[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal | None:
    """The latest approved cumulative value on or before the day (points in as-of, then review order)."""
    value = None
    for as_of, reported in points:
        if as_of > day:
            break
        value = reported
    return value


def _month_ends(start: datetime.date, on: datetime.date) -> list[datetime.date]:
    days, year, month = [], start.year, start.month
    while datetime.date(year, month, 1) <= on:
        days.append(min(datetime.date(year, month, calendar.monthrange(year, month)[1]), on))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return days


def _grouped(lines: list[ProjectLine], key_of, label_of, order: list | None = None) -> list[GroupLine]:
    groups: dict[object, GroupLine] = {}
    for key in order or []:
        groups[key] = GroupLine(key=key, label=label_of(key, None))
    for line in lines:
        for key in key_of(line):
            group = groups.get(key) or groups.setdefault(key, GroupLine(key=key, label=label_of(key, line)))
            group.count += 1
            group.reserves += line.project.is_reserve
            group.planned += line.planned
            group.completed += line.completed or ZERO
    result = list(groups.values())
    if order is None:
        result.sort(key=lambda group: (-group.count, group.label))
    return result


def ledger_figures(ledger: Commitment, *, on: datetime.date) -> LedgerFigures:
    """The ledger's picture on the day, every figure counted from its rows and their approved updates."""
    projects = list(ledger_projects(ledger))
    commitment_ids = [project.commitment_id for project in projects]
    series = approved_series(commitment_ids, on=on) if projects else {}
    stages = _stages(commitment_ids, on) if projects else {}
    lines = [
        ProjectLine(
            project=project,
            stage=stages.get(project.commitment_id, ProjectStage.PRELIMINARY),
            completed=_value_on(series.get(project.investment_target_id, []), on),
            planned=project.investment_target.target_value,
        )
        for project in projects
    ]
    planned = sum((line.planned for line in lines), ZERO)
    completed = sum((line.completed or ZERO for line in lines), ZERO)
    elapsed = elapsed_share(start=ledger.start_date, due=ledger.due_date, on=on)
    tolerance = settings.TRACKER_RAG_TOLERANCE
    invested = achieved_share(comparator=Comparator.AT_LEAST, target=planned, current=completed, baseline=ZERO)
    started = sum(line.started for line in lines)
    started_share = Decimal(started) / len(lines) if lines else ZERO

    months = []
    previous = None
    for day in _month_ends(ledger.start_date, on):
        values = [_value_on(series.get(line.project.investment_target_id, []), day) for line in lines]
        reported = [value for value in values if value is not None]
        total = sum(reported, ZERO) if reported else None
        added = None if total is None else total - (previous or ZERO)
        expected = (planned * elapsed_share(start=ledger.start_date, due=ledger.due_date, on=day)).quantize(
            Decimal("0.0001")
        )
        months.append(MonthLine(as_of=day, completed=total, added=added, expected=expected))
        previous = total if total is not None else previous
    points = [(month.as_of, month.completed) for month in months if month.completed is not None]

    no_leader = _("No following leader")
    return LedgerFigures(
        ledger=ledger,
        on=on,
        lines=lines,
        planned=planned,
        completed=completed,
        investment_pace=pace(achieved=invested or ZERO, expected=elapsed, tolerance_points=tolerance),
        investment_forecast=forecast(points, due_date=ledger.due_date, target_value=planned) if planned else None,
        started_pace=pace(achieved=started_share, expected=elapsed, tolerance_points=tolerance),
        by_stage=_grouped(lines, lambda line: [line.stage], lambda key, _line: ProjectStage(key).label, STAGE_ORDER),
        by_category=_grouped(
            lines,
            lambda line: [tag.category for tag in line.project.categories.all()],
            lambda key, _line: ProjectCategory(key).label,
            list(ProjectCategory.values),
        ),
        by_department=_grouped(
            lines,
            lambda line: [line.project.commitment.lead_department_id],
            lambda key, line: str(line.project.commitment.lead_department),
        ),
        by_leader=_grouped(
            lines,
            lambda line: [line.project.commitment.responsible_leader_id],
            lambda key, line: str(line.project.commitment.responsible_leader or no_leader),
        ),
        by_month=months,
    )


def report_ledgers(report: Report, queryset: QuerySet[Commitment] | None = None) -> list[Commitment]:
    """The report's commitments that hold a key-project ledger (within `queryset`, what the user may see)."""
    scope = Commitment.objects.all() if queryset is None else queryset
    ids = KeyProject.objects.filter(ledger__report=report).values("ledger_id")
    return list(scope.filter(pk__in=ids).order_by("sort_key"))


def with_stage(queryset: QuerySet[KeyProject]) -> QuerySet[KeyProject]:
    """Each project's 形象进度 today as `stage_key` (the furthest stage milestone done; None: 前期), inside the
    list's own query: _stages' rule on the stored completion dates, for the lists and their stage filter."""
    furthest = (
        StageMilestone.objects.filter(
            milestone__commitment=OuterRef("commitment_id"), milestone__completed_on__isnull=False
        )
        .order_by("-step__position")
        .values("step__key")[:1]
    )
    return queryset.annotate(stage_key=Subquery(furthest))


def stage_of(project: KeyProject, *, on: datetime.date) -> str:
    """One project's 形象进度 on the day (the same rule as the ledger's)."""
    return _stages([project.commitment_id], on).get(project.commitment_id, ProjectStage.PRELIMINARY)
