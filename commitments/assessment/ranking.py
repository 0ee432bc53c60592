"""The assessment (考核) of a year's scheme as of a day: each department's score with its breakdown, and the
ranking (docs/rules.md, "Assessment"). The one selector the admin, the API and the export call.

An item's points: its count (per occurrence) or its count's share of the eligible (share; nothing eligible
gives nothing) times the item's points, held within ± its cap, times its weight, rounded half up to 0.01.
A department's total: the scheme's base score plus its items' points. Ranked by total, highest first;
equal totals share a rank (1, 1, 3), then by name. The departments are the lead departments of the year's
tasks (every source kind's reports of the scheme's year), each department answering for the tasks it leads.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet
from django.utils import timezone

from ..choices import AssessmentBasis
from ..models import AssessmentItem, AssessmentScheme, Commitment, Department
from .measures import measure_tallies

CENT = Decimal("0.01")


@dataclass(frozen=True)
class ItemScore:
    item: AssessmentItem
    count: int
    eligible: int
    points: Decimal

    @property
    def measure(self) -> str:
        return self.item.measure


@dataclass(frozen=True)
class DepartmentScore:
    department: Department
    rank: int
    total: Decimal
    items: tuple[ItemScore, ...]


@dataclass(frozen=True)
class Ranking:
    scheme: AssessmentScheme
    as_of: datetime.date
    items: tuple[AssessmentItem, ...]
    rows: tuple[DepartmentScore, ...]


def item_points(item: AssessmentItem, count: int, eligible: int) -> Decimal:
    """An item's points for a count (see the module's docstring)."""
    if item.basis == AssessmentBasis.SHARE:
        value = Decimal(count) / Decimal(eligible) if eligible else Decimal(0)
    else:
        value = Decimal(count)
    raw = value * item.points
    if item.cap is not None:
        raw = max(-item.cap, min(item.cap, raw))
    # + 0 turns a deduction's zero (-0.00) into 0.00, as pages and the export show it.
    return (raw * item.weight).quantize(CENT, rounding=ROUND_HALF_UP) + 0


def year_scope(year: int) -> QuerySet[Commitment]:
    """The tasks a year's assessment counts: those of every source of that year."""
    return Commitment.objects.filter(report__year=year)


def assessment_day(scheme: AssessmentScheme, as_of: datetime.date | None) -> datetime.date:
    """The day the ranking is read on: as_of (today if None), no later than the scheme year's last day."""
    day = as_of or timezone.localdate()
    return min(day, datetime.date(scheme.year, 12, 31))


def assessment_ranking(
    scheme: AssessmentScheme,
    *,
    as_of: datetime.date | None = None,
    departments: QuerySet[Department] | None = None,
) -> Ranking:
    """The scheme's ranking as of the day (today if None; capped at the year's end), computed from the
    history dated up to that day. `departments` keeps only their rows (ranked among all departments)."""
    day = assessment_day(scheme, as_of)
    items = tuple(scheme.items.all())
    scope = year_scope(scheme.year)
    tallies = measure_tallies({item.measure for item in items}, scope, scheme.year, day)
    everyone = Department.objects.filter(pk__in=scope.order_by().values("lead_department_id")).order_by("name")
    scored = []
    for department in everyone:
        breakdown = tuple(
            ItemScore(
                item=item,
                count=tallies[item.measure].counts[department.pk],
                eligible=tallies[item.measure].eligible[department.pk],
                points=item_points(
                    item, tallies[item.measure].counts[department.pk], tallies[item.measure].eligible[department.pk]
                ),
            )
            for item in items
        )
        total = (scheme.base_score + sum((score.points for score in breakdown), Decimal(0))).quantize(CENT)
        scored.append((department, total, breakdown))
    scored.sort(key=lambda entry: (-entry[1], entry[0].name))
    rows, previous_total, rank = [], None, 0
    for position, (department, total, breakdown) in enumerate(scored, start=1):
        if total != previous_total:
            rank, previous_total = position, total
        rows.append(DepartmentScore(department=department, rank=rank, total=total, items=breakdown))
    if departments is not None:
        allowed = set(departments.values_list("pk", flat=True))
        rows = [row for row in rows if row.department.pk in allowed]
    return Ranking(scheme=scheme, as_of=day, items=items, rows=tuple(rows))
