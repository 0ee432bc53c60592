"""The dashboard's supervision section: this month's reporting completeness by department and the targets
behind 序时进度 beside RAG, as of the picker's date, within what the user may read; a bounded query count."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.choices import CommitmentKind

from .factories import CommitmentFactory, TargetFactory
from .supervision_world import build_world, report

pytestmark = pytest.mark.django_db
URL = reverse("pages:dashboard")
D = datetime.date


@pytest.fixture
def world():
    """发改局's 完成投资 (5, 12, 22 of 32 亿元 approved by the end of March, June and September) and its two
    construction projects; 工信局 leads one more commitment. Every one reports monthly by the 25th."""
    world = build_world()
    world.investment = CommitmentFactory(
        chapter=world.key_projects.chapter,
        code="2.4.1",
        title="完成固定资产投资",
        kind=CommitmentKind.QUANTITATIVE,
        lead_department=world.fagai,
    )
    world.target = TargetFactory(commitment=world.investment, metric="完成投资", unit="亿元", target_value=Decimal(32))
    for day, value in ((D(2020, 3, 31), 5), (D(2020, 6, 30), 12), (D(2020, 9, 30), 22)):
        report(world, world.investment, as_of=day, submitted_on=day, approved_on=day, values=[(world.target, value)])
    world.theirs = CommitmentFactory(chapter=world.key_projects.chapter, code="3.1.1", lead_department=world.gongxin)
    # October: 甲 on time (approved), 乙 late, 工信局 on time; 完成投资 and the rest nothing.
    report(world, world.project_a, as_of=D(2020, 10, 20), submitted_on=D(2020, 10, 20), approved_on=D(2020, 10, 21))
    report(world, world.project_b, as_of=D(2020, 10, 26), submitted_on=D(2020, 10, 27))
    report(world, world.theirs, as_of=D(2020, 10, 2), submitted_on=D(2020, 10, 2), user=world.gongxin_reporter)
    return world


def page(client, world, user, as_of: str):
    client.force_login(user)
    response = client.get(URL, {"report": world.investment.report_id, "as_of": as_of})
    assert response.status_code == 200
    return response


def completeness(response) -> dict:
    rows = response.context["supervision"]["completeness"]["rows"]
    return {row.department.name: (row.expected, row.submitted, row.approved, row.missing, row.late) for row in rows}


def test_completeness_for_the_as_of_month_by_department(client, world):
    response = page(client, world, world.leader_user, "2020-10-31")
    section = response.context["supervision"]
    assert section["completeness"]["month"] == D(2020, 10, 1)
    # 发改局 owes 3 October reports (甲, 乙, 完成投资: the parent rolls up), 工信局 one.
    assert completeness(response) == {"江城区发展和改革局": (3, 2, 1, 1, 1), "江城区工业和信息化局": (1, 1, 0, 0, 0)}
    total = section["completeness"]["total"]
    assert (total.expected, total.submitted, total.missing) == (4, 3, 1)
    html = response.content.decode()
    assert "报送完成情况：2020年10月 应报" in html
    assert '<th scope="row">合计</th>' in html


def test_the_picker_moves_the_month(client, world):
    response = page(client, world, world.office, "2020-10-10")
    # On 10 October nothing is due yet: the September reports are last month's.
    assert completeness(response) == {"江城区发展和改革局": (3, 0, 0, 0, 0), "江城区工业和信息化局": (1, 1, 0, 0, 0)}
    assert response.context["supervision"]["completeness"]["total"].pending == 3


def test_targets_behind_pace_with_forecast_shortfall_beside_rag(client, world):
    response = page(client, world, world.leader_user, "2020-10-31")
    (item,) = response.context["supervision"]["behind_pace"]
    assert item.commitment == world.investment
    assert item.target.pace.gap_points == Decimal("-14.12")  # the clock starts on delivery, 2020-01-10
    assert item.forecast_gap == Decimal("1.9328")
    assert item.figures.rag == "amber"
    html = response.content.decode()
    assert "完成固定资产投资" in html
    assert "68.8% / 82.9%" in html
    assert "滞后于序时进度的指标 (1)" in html
    assert "完成进度 / 序时进度" in html
    assert "缺口 1.93亿元（预计 30.07亿元）" in html
    assert reverse("admin:commitments_commitment_change", args=[world.investment.pk]) in html


def test_no_target_is_behind_pace_while_it_keeps_up(client, world):
    response = page(client, world, world.office, "2020-09-30")
    assert response.context["supervision"]["behind_pace"] == []


@pytest.mark.parametrize(
    ("username", "departments", "behind"),
    [
        ("office", {"江城区发展和改革局", "江城区工业和信息化局"}, 1),
        ("leader_user", {"江城区发展和改革局", "江城区工业和信息化局"}, 1),
        ("fagai_reporter", {"江城区发展和改革局"}, 1),  # its own completeness; staff read every commitment
        ("gongxin_reporter", {"江城区工业和信息化局"}, 1),
        ("zhujian_reporter", set(), 1),  # leads nothing: no reports owed
        ("viewer", None, None),  # no supervision section at all
    ],
)
def test_the_section_follows_the_users_scope(client, world, username, departments, behind):
    response = page(client, world, getattr(world, username), "2020-10-31")
    section = response.context["supervision"]
    if departments is None:
        assert section == {}
        assert 'id="supervision-heading"' not in response.content.decode()
        return
    assert set(completeness(response)) == departments
    assert len(section["behind_pace"]) == behind


def test_the_section_covers_the_chosen_report_only(client, world):
    other = CommitmentFactory(lead_department=world.fagai, chapter__report__delivered_on=D(2020, 1, 1))
    target = TargetFactory(commitment=other, target_value=Decimal(100))
    report(
        world,
        other,
        as_of=D(2020, 6, 30),
        submitted_on=D(2020, 6, 30),
        approved_on=D(2020, 6, 30),
        values=[(target, Decimal(1))],
    )
    response = page(client, world, world.office, "2020-10-31")
    assert [item.commitment for item in response.context["supervision"]["behind_pace"]] == [world.investment]
    assert response.context["supervision"]["completeness"]["total"].expected == 4


def grow(world, count: int, first: int) -> None:
    for n in range(first, first + count):
        department, user = (world.fagai, world.fagai_reporter) if n % 2 else (world.gongxin, world.gongxin_reporter)
        commitment = CommitmentFactory(chapter=world.key_projects.chapter, code=f"8.1.{n}", lead_department=department)
        target = TargetFactory(commitment=commitment, target_value=Decimal(100))
        report(
            world,
            commitment,
            as_of=D(2020, 6, 30),
            submitted_on=D(2020, 6, 30),
            approved_on=D(2020, 6, 30),
            values=[(target, Decimal(n))],
            user=user,
        )


def test_the_dashboard_costs_the_same_queries_for_few_and_many_targets(client, world, django_assert_max_num_queries):
    client.force_login(world.leader_user)
    params = {"report": world.investment.report_id, "as_of": "2020-10-31"}

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, params).status_code == 200
        return len(queries)

    grow(world, 2, first=0)
    few = count()
    grow(world, 12, first=2)
    assert count() == few
    assert len(client.get(URL, params).context["supervision"]["behind_pace"]) == 15
    # 47 when written: the page's as-of summaries and charts, this month's completeness (3) and the behind-pace
    # figures (the engine's bulk evaluation and the figures' reads); none of them per commitment.
    with django_assert_max_num_queries(60):
        client.get(URL, params)
