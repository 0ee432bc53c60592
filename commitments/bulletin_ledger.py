"""The bulletin's key-project section (重点项目台账): the ledger's headline figures and its tables by stage,
owner department, following leader and month, from selectors/projects.py (bulletin.py calls it)."""

from __future__ import annotations

from collections.abc import Callable

from django.utils.translation import gettext as _

from . import display
from .selectors.projects import LedgerFigures


def _amount(value) -> str:
    """亿元, by the display rule for money (at most two decimals)."""
    return display.money(value) if value is not None else "—"


def add_ledger_section(document, figures: LedgerFigures, table: Callable) -> None:
    """Appends the ledger's section to the bulletin (`table` is the bulletin's table writer)."""
    pace, forecast = figures.investment_pace, figures.investment_forecast
    document.add_heading(_("Key projects: %(title)s") % {"title": figures.ledger.title}, level=1)
    text = _(
        "%(count)s key projects (including %(reserves)s reserves), %(started)s of them under construction; "
        "%(completed)s of the %(planned)s 亿元 planned for the year completed (%(share)s%%), against %(expected)s%% "
        "of the year elapsed (序时)%(behind)s."
    ) % {
        "count": figures.count,
        "reserves": figures.reserves,
        "started": figures.started,
        "completed": _amount(figures.completed),
        "planned": _amount(figures.planned),
        "share": display.percent(pace.achieved_percent, sign=False),
        "expected": display.percent(pace.expected_percent, sign=False),
        "behind": _(", behind pace") if pace.behind else "",
    }
    if forecast is not None:
        text += _(" At the present rate the year ends at %(projected)s 亿元%(short)s.") % {
            "projected": _amount(forecast.projected),
            "short": _(", short of the plan") if forecast.shortfall else "",
        }
    if figures.examples:
        text += _(" (%(count)s of these projects are example data (示例), shown for the demonstration.)") % {
            "count": figures.examples
        }
    document.add_paragraph(text)
    headers = [_("Projects"), _("Reserves"), _("Plan (亿元)"), _("Completed (亿元)")]
    for heading, groups in (
        (_("Stage"), figures.by_stage),
        (_("Category"), figures.by_category),
        (_("Owner department"), figures.by_department),
        (_("Following leader"), figures.by_leader),
    ):
        table(
            document,
            [heading, *headers],
            [
                [group.label, str(group.count), str(group.reserves), _amount(group.planned), _amount(group.completed)]
                for group in groups
            ],
        )
    table(
        document,
        [_("Month"), _("Completed so far (亿元)"), _("Completed in the month (亿元)"), _("Planned by 序时 (亿元)")],
        [
            [f"{line.as_of.month}月", _amount(line.completed), _amount(line.added), _amount(line.expected)]
            for line in figures.by_month
        ],
    )
