"""The ledger's headline figures are counted from its rows (a recount here agrees), with the 序时 pace and
the forecast of the supervision rules, in a fixed number of queries."""

from __future__ import annotations

import pytest

from commitments.choices import ProjectCategory, ProjectStage
from commitments.selectors.projects import ledger_figures, report_ledgers
from commitments.supervision.pace import elapsed_share

from .base import D, day
from .key_projects_base import add_project, leader, make_ledger, report_approved

pytestmark = pytest.mark.django_db


def _ledger_with(world, projects: int):
    ledger = make_ledger(world)
    chief = leader()
    made = [
        add_project(
            world,
            ledger,
            n,
            is_reserve=n % 3 == 0,
            leader=chief if n % 2 else None,
            department=world.own if n % 2 else world.other,
            categories=[ProjectCategory.NEW_START, ProjectCategory.INFRASTRUCTURE]
            if n % 2
            else [ProjectCategory.UNDER_CONSTRUCTION],
        )
        for n in range(1, projects + 1)
    ]
    return ledger, made


def test_headline_figures_equal_a_recount_of_the_rows(world):
    ledger, projects = _ledger_with(world, 6)
    report_approved(world, projects[0], day(1, 31), "0.2")
    report_approved(world, projects[0], day(2, 29), "0.5", stages=["land", "tender", "construction"])
    report_approved(world, projects[2], day(2, 29), "0.4", user=world.office)
    report_approved(world, projects[1], day(4, 30), "1.0", user=world.outsider)  # after the day: not counted

    figures = ledger_figures(ledger, on=day(3, 31))
    assert (figures.count, figures.reserves, figures.formal) == (6, 2, 4)
    assert figures.planned == D("1.5") * 6
    assert figures.completed == D("0.9")
    assert figures.started == 1
    expected = elapsed_share(start=ledger.start_date, due=ledger.due_date, on=day(3, 31))
    assert figures.investment_pace.expected == expected
    assert figures.investment_pace.achieved == D("0.9") / D("9")
    assert figures.investment_pace.behind  # 10% done at a quarter of the year
    stages = {group.key: group.count for group in figures.by_stage}
    assert stages == {
        ProjectStage.PRELIMINARY: 5,
        ProjectStage.LAND: 0,
        ProjectStage.TENDER: 0,
        ProjectStage.CONSTRUCTION: 1,
        ProjectStage.STRUCTURE: 0,
        ProjectStage.COMPLETION: 0,
    }
    categories = {group.key: group.count for group in figures.by_category}
    assert categories == {"under_construction": 3, "new_start": 3, "new_operation": 0, "infrastructure": 3}
    assert sum(categories.values()) > figures.count  # tags overlap, as the report's do
    departments = {group.label: (group.count, group.completed) for group in figures.by_department}
    assert departments == {str(world.own): (3, D("0.9")), str(world.other): (3, D("0"))}
    leaders = {group.label: group.count for group in figures.by_leader}
    assert sorted(leaders.values()) == [3, 3]
    months = [(line.as_of, line.completed, line.added) for line in figures.by_month]
    assert months == [
        (day(1, 31), D("0.2"), D("0.2")),
        (day(2, 29), D("0.9"), D("0.7")),
        (day(3, 31), D("0.9"), D("0")),
    ]
    assert figures.by_month[-1].expected == (D(9) * expected).quantize(D("0.0001"))
    assert figures.investment_forecast is not None  # three month-ends
    assert figures.investment_forecast.shortfall


def test_the_ledger_commitments_computed_targets_agree_with_the_figures(world):
    ledger, projects = _ledger_with(world, 3)
    report_approved(world, projects[0], day(5, 31), "0.7", stages=["land", "tender", "construction"])
    figures = ledger_figures(ledger, on=day(12, 31))
    plan = ledger.targets.get(metric="年度计划投资")
    count = ledger.targets.get(metric="重点项目数")
    assert plan.current_value == figures.completed
    assert count.current_value == figures.started


def test_without_reports_nothing_is_completed_and_there_is_no_forecast(world):
    ledger, _projects = _ledger_with(world, 2)
    figures = ledger_figures(ledger, on=day(6, 30))
    assert figures.completed == 0 and figures.investment_forecast is None
    assert all(line.completed is None for line in figures.by_month)
    assert report_ledgers(ledger.report) == [ledger]


@pytest.mark.parametrize("size", [3, 12])
def test_figures_take_the_same_queries_for_any_number_of_projects(world, size, django_assert_num_queries):
    ledger, projects = _ledger_with(world, size)
    for project in projects[:3]:
        report_approved(world, project, day(2, 29), "0.3", user=world.office)
    # the projects with their relations, their categories, the approved values, the stages reached
    with django_assert_num_queries(4):
        figures = ledger_figures(ledger, on=day(3, 31))
        [group.label for group in figures.by_department + figures.by_leader]
