"""The key-project ledger's picture, as the public commitment page, the admin's commitment page and the
dashboard show it: headline figures, charts (server-side SVG, commitments/charts.py) and tables, all from
selectors/projects.py (nothing computed here but labels)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from . import charts
from .models import Commitment, KeyProject
from .selectors.projects import LedgerFigures, ledger_figures

STAGE_COLOURS = ("#9ca3af", "#a78bfa", "#60a5fa", "#2563eb", "#0f766e", "#15803d")


def holds_ledger(commitment: Commitment) -> bool:
    return KeyProject.objects.filter(ledger=commitment).exists()


def ledger_day(ledger: Commitment, on: datetime.date | None = None) -> datetime.date:
    """Today, or the ledger's due date once it is past (a past year is read as it closed)."""
    return min(on or timezone.localdate(), ledger.due_date)


def ledger_charts(figures: LedgerFigures) -> dict[str, charts.Chart]:
    by_stage = charts.bar_chart(
        [
            charts.Bar(group.label, group.count, STAGE_COLOURS[index % len(STAGE_COLOURS)])
            for index, group in enumerate(figures.by_stage)
        ],
        title=_("Key projects by stage (形象进度)"),
        description=_("How many key projects have reached each stage."),
        label_header=_("Stage"),
        value_header=_("Projects"),
        unit="",
        max_value=None,
    )
    labels = [f"{line.as_of.month}月" for line in figures.by_month]
    by_month = charts.line_chart(
        labels,
        [
            charts.Series(
                _("Planned by 序时 (亿元)"), [line.expected for line in figures.by_month], charts.SECOND, True
            ),
            charts.Series(_("Completed (亿元)"), [line.completed for line in figures.by_month], "#15803d", filled=True),
        ],
        title=_("Investment completed against the annual plan, by month"),
        description=_("At each month's end: investment completed so far and the plan's elapsed share (序时), in 亿元."),
        label_header=_("Month"),
        unit="",
        max_value=None,
    )
    by_department = charts.bar_chart(
        [charts.Bar(group.label, group.completed_percent or 0) for group in figures.by_department],
        label_width=240,
        title=_("Share of the annual plan completed, by owner department"),
        description=_("Investment completed against each department's planned investment, in percent."),
        label_header=_("Owner department"),
        value_header=_("Completed"),
    )
    by_leader = charts.bar_chart(
        [charts.Bar(group.label, group.completed_percent or 0) for group in figures.by_leader],
        label_width=240,
        title=_("Share of the annual plan completed, by following leader"),
        description=_("Investment completed against the planned investment of each leader's projects, in percent."),
        label_header=_("Following leader"),
        value_header=_("Completed"),
    )
    return {
        "stage_chart": by_stage,
        "month_chart": by_month,
        "department_chart": by_department,
        "leader_chart": by_leader,
    }


@dataclass(frozen=True)
class LedgerSection:
    """What commitments/_ledger.html shows: the figures, the charts, and whether to list the projects."""

    ledger: LedgerFigures
    stage_chart: charts.Chart
    month_chart: charts.Chart
    department_chart: charts.Chart
    leader_chart: charts.Chart
    show_projects: bool = True


def ledger_section(ledger: Commitment, *, on: datetime.date | None = None, projects: bool = True) -> LedgerSection:
    figures = ledger_figures(ledger, on=ledger_day(ledger, on))
    return LedgerSection(ledger=figures, show_projects=projects, **ledger_charts(figures))


def ledger_html(ledger: Commitment, *, on: datetime.date | None = None, projects: bool = True) -> str:
    """The ledger section, for the admin's commitment page."""
    return render_to_string("commitments/_ledger.html", {"section": ledger_section(ledger, on=on, projects=projects)})
