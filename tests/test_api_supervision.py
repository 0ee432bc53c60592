"""The supervision endpoints: /api/supervision/completeness/, /api/supervision/behind-pace/,
/api/commitments/{id}/figures/ and /api/acceptances/ with its actions, by role."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments.choices import AcceptanceRole, AcceptanceState, CommitmentKind
from commitments.models import Acceptance
from commitments.supervision import services

from .api_helpers import client_for
from .factories import CommitmentFactory, TargetFactory
from .supervision_world import at, build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date
COMPLETENESS = "/api/supervision/completeness/"
BEHIND = "/api/supervision/behind-pace/"


@pytest.fixture
def world():
    world = build_world()
    # A commitment 工信局 leads, so that there is another department's completeness to hide.
    world.theirs = CommitmentFactory(
        chapter=world.key_projects.chapter, code="3.1.1", lead_department=world.gongxin, kind=CommitmentKind.ONGOING
    )
    world.anonymous = AnonymousUser()
    return world


def client(world, username: str):
    user = getattr(world, username)
    return client_for(None if username == "anonymous" else user)


# --- Completeness -------------------------------------------------------------------------------


@pytest.fixture
def reported(world):
    """Reports due 25 January, February and March 2020 (the report was delivered on 10 January).

    发改局 owes 6 (甲 and 乙 report; their parent rolls up): 甲's January report on time and approved, its
    February report late (1 March), March missing; 乙 nothing. 工信局 owes 3: January on time, then nothing."""
    report(world, world.project_a, as_of=D(2020, 1, 20), submitted_on=D(2020, 1, 20), approved_on=D(2020, 1, 22))
    report(world, world.project_a, as_of=D(2020, 2, 28), submitted_on=D(2020, 3, 1))
    report(world, world.theirs, as_of=D(2020, 1, 24), submitted_on=D(2020, 1, 24), user=world.gongxin_reporter)
    return world


MARCH = {"start": "2020-01-01", "end": "2020-03-31", "as_of": "2020-03-31"}


def counts(row: dict) -> tuple:
    return tuple(row[name] for name in ("expected", "submitted", "on_time", "late", "missing", "pending", "approved"))


def test_completeness_counts_each_departments_reports(reported):
    body = client(reported, "office").get(COMPLETENESS, MARCH).json()
    assert (body["start"], body["end"], body["as_of"], body["by_period"]) == (
        "2020-01-01",
        "2020-03-31",
        "2020-03-31",
        False,
    )
    rows = {row["department"]["name"]: row for row in body["rows"]}
    assert list(rows) == sorted(rows)
    fagai, gongxin = rows["江城区发展和改革局"], rows["江城区工业和信息化局"]
    assert counts(fagai) == (6, 2, 1, 1, 4, 0, 1)
    assert fagai["rate"] == "33.30"
    assert counts(gongxin) == (3, 1, 1, 0, 2, 0, 0)
    assert counts(body["total"]) == (9, 3, 2, 1, 6, 0, 1)
    assert body["total"]["period"] == ""


def test_completeness_seen_before_the_due_day_counts_pending(reported):
    body = client(reported, "office").get(COMPLETENESS, {**MARCH, "as_of": "2020-03-20"}).json()
    fagai = next(row for row in body["rows"] if row["department"]["id"] == reported.fagai.pk)
    # 25 March has not come: March is not yet due for 甲 and 乙; January and February stand as before.
    assert counts(fagai) == (6, 2, 1, 1, 2, 2, 1)


def test_completeness_by_reporting_month(reported):
    body = client(reported, "office").get(COMPLETENESS, {**MARCH, "by_period": "true"}).json()
    fagai = [row for row in body["rows"] if row["department"]["id"] == reported.fagai.pk]
    assert [(row["period"], row["on_time"], row["late"], row["missing"]) for row in fagai] == [
        ("2020-01", 1, 0, 1),
        ("2020-02", 0, 1, 1),
        ("2020-03", 0, 0, 2),
    ]


def test_completeness_defaults_to_the_year_up_to_the_as_of_month(reported):
    body = client(reported, "office").get(COMPLETENESS, {"as_of": "2020-02-10"}).json()
    assert (body["start"], body["end"]) == ("2020-01-01", "2020-02-29")
    assert body["total"]["expected"] == 6  # January and February, 3 commitments


def test_completeness_filters_by_report_and_department(reported):
    office = client(reported, "office")
    body = office.get(COMPLETENESS, {**MARCH, "department": reported.gongxin.pk}).json()
    assert [row["department"]["id"] for row in body["rows"]] == [reported.gongxin.pk]
    other_report = CommitmentFactory(
        lead_department=reported.gongxin, chapter__report__delivered_on=D(2020, 1, 1)
    ).report
    assert office.get(COMPLETENESS, {**MARCH, "report": other_report.pk}).json()["total"]["expected"] == 3
    assert office.get(COMPLETENESS, {**MARCH, "report": reported.theirs.report_id}).json()["total"]["expected"] == 9


@pytest.mark.parametrize(
    ("username", "status", "departments"),
    [
        ("office", 200, {"江城区发展和改革局", "江城区工业和信息化局"}),
        ("leader_user", 200, {"江城区发展和改革局", "江城区工业和信息化局"}),
        ("fagai_reporter", 200, {"江城区发展和改革局"}),
        ("gongxin_reporter", 200, {"江城区工业和信息化局"}),
        ("zhujian_reporter", 200, set()),  # co-owns, leads nothing: no reports owed
        ("viewer", 403, None),
        ("anonymous", 401, None),
    ],
)
def test_completeness_by_role(reported, username, status, departments):
    response = client(reported, username).get(COMPLETENESS, MARCH)
    assert response.status_code == status, response.content
    if departments is None:
        assert "detail" in response.json()
    else:
        assert {row["department"]["name"] for row in response.json()["rows"]} == departments


def test_a_department_cannot_read_anothers_completeness(reported):
    response = client(reported, "fagai_reporter").get(COMPLETENESS, {**MARCH, "department": reported.gongxin.pk})
    assert response.status_code == 403
    assert "detail" in response.json()
    own = client(reported, "fagai_reporter").get(COMPLETENESS, {**MARCH, "department": reported.fagai.pk})
    assert own.status_code == 200


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2020-02-30"}, "as_of"),
        ({"as_of": "0001-01-01"}, "as_of"),
        ({"start": "2020-04-01", "end": "2020-03-01"}, "start"),
        ({"start": "2010-01-01", "end": "2020-03-01"}, "end"),
        ({"end": "9999-12-31"}, "end"),
        ({"report": "abc"}, "report"),
        ({"report": "999999"}, "report"),
        ({"department": "-3"}, "department"),
        ({"department": "3039210688597879947264"}, "department"),
        ({"by_period": "maybe"}, "by_period"),
    ],
)
def test_completeness_invalid_parameters_answer_400_by_field(world, params, field):
    response = client(world, "office").get(COMPLETENESS, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_staff_may_name_an_unpublished_report(world):
    world.key_projects.report.published = False
    world.key_projects.report.save()
    response = client(world, "fagai_reporter").get(COMPLETENESS, {"report": world.key_projects.report_id})
    assert response.status_code == 200


def grow(world, count: int, first: int = 0) -> None:
    for n in range(first, first + count):
        commitment = CommitmentFactory(
            chapter=world.key_projects.chapter, code=f"9.9.{n + 1}", lead_department=world.fagai
        )
        report(world, commitment, as_of=D(2020, 1, 20), submitted_on=D(2020, 1, 20), approved_on=D(2020, 1, 21))


def test_completeness_costs_the_same_queries_for_few_and_many_commitments(world, django_assert_max_num_queries):
    office = client(world, "office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert office.get(COMPLETENESS, MARCH).status_code == 200
        return len(captured)

    grow(world, 2)
    few = queries()
    grow(world, 20, first=2)
    assert queries() == few
    # The caller's role (cached on the user after the first request); the selector's three: the commitments,
    # the updates submitted in the range, their first submissions from the audit history.
    with django_assert_max_num_queries(4):
        office.get(COMPLETENESS, MARCH)


# --- Figures: pace and forecast beside RAG ------------------------------------------------------


@pytest.fixture
def investment(world):
    """完成投资 32 亿元 by 31 December: 5, 12 and 22 approved by the end of March, June and September."""
    world.investment = CommitmentFactory(
        chapter=world.key_projects.chapter,
        code="2.4.1",
        title="完成固定资产投资",
        kind=CommitmentKind.QUANTITATIVE,
        lead_department=world.fagai,
    )
    world.target = TargetFactory(commitment=world.investment, metric="完成投资", unit="亿元", target_value=Decimal(32))
    for day, value in ((D(2020, 3, 31), 5), (D(2020, 6, 30), 12), (D(2020, 9, 30), 22)):
        report(
            world,
            world.investment,
            as_of=day,
            submitted_on=day,
            approved_on=day,
            values=[(world.target, Decimal(value))],
        )
    return world


def test_figures_show_pace_and_forecast_beside_rag(investment):
    url = f"/api/commitments/{investment.investment.pk}/figures/"
    body = client(investment, "leader_user").get(url, {"as_of": "2020-10-31"}).json()
    assert body["commitment"]["id"] == investment.investment.pk
    assert body["as_of"] == "2020-10-31"
    assert body["rag"] == "amber"
    assert body["shortfall"] is True
    (target,) = body["targets"]
    assert (target["id"], target["metric"], target["current_value"]) == (investment.target.pk, "完成投资", "22.0000")
    # 22 of 32 achieved (68.75 %) against 295 of 356 days elapsed since the delivery on 10 January (82.87 %):
    # 14.12 points behind.
    assert target["pace"] == {"achieved": "68.75", "expected": "82.87", "gap_points": "-14.12", "behind": True}
    assert target["forecast"]["projected"] == "30.0672"
    assert (target["forecast"]["points"], target["forecast"]["shortfall"]) == (3, True)
    assert body["pace"]["behind"] is True
    assert body["colour"] == "yellow"


def test_figures_as_of_an_earlier_date_have_no_forecast_yet(investment):
    url = f"/api/commitments/{investment.investment.pk}/figures/"
    body = client(investment, "office").get(url, {"as_of": "2020-07-01"}).json()
    (target,) = body["targets"]
    assert target["forecast"] is None
    assert target["current_value"] == "12.0000"
    assert body["shortfall"] is False


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("office", 200),
        ("leader_user", 200),
        ("fagai_reporter", 200),
        ("gongxin_reporter", 200),  # staff read every commitment
        ("viewer", 403),
        ("anonymous", 401),  # even though the report is published and the commitment itself is public
    ],
)
def test_figures_by_role(investment, username, status):
    assert investment.investment.report.published
    response = client(investment, username).get(f"/api/commitments/{investment.investment.pk}/figures/")
    assert response.status_code == status
    if status != 200:
        assert "detail" in response.json()
    assert client(investment, "anonymous").get(f"/api/commitments/{investment.investment.pk}/").status_code == 200


def test_figures_invalid_date_answers_400_and_unknown_commitment_404(investment):
    office = client(investment, "office")
    response = office.get(f"/api/commitments/{investment.investment.pk}/figures/", {"as_of": "2020-13-01"})
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]
    assert office.get("/api/commitments/999999/figures/").status_code == 404


def test_figures_cost_a_fixed_number_of_queries(investment, django_assert_max_num_queries):
    office = client(investment, "office")
    url = f"/api/commitments/{investment.investment.pk}/figures/"
    with CaptureQueriesContext(connection) as first:
        office.get(url, {"as_of": "2020-10-31"})
    for day in (D(2020, 10, 10), D(2020, 10, 20)):
        report(
            investment,
            investment.investment,
            as_of=day,
            submitted_on=day,
            approved_on=day,
            values=[(investment.target, Decimal(23))],
        )
    with CaptureQueriesContext(connection) as second:
        office.get(url, {"as_of": "2020-10-31"})
    assert len(first) == len(second)
    with django_assert_max_num_queries(20):
        office.get(url, {"as_of": "2020-10-31"})


def test_the_commitment_list_carries_no_figures(investment):
    row = client(investment, "office").get("/api/commitments/", {"report": investment.investment.report_id}).json()
    assert "pace" not in row["results"][0] and "targets" in row["results"][0]


# --- Behind pace --------------------------------------------------------------------------------


def test_behind_pace_lists_the_target_with_its_forecast_shortfall(investment):
    body = client(investment, "office").get(BEHIND, {"as_of": "2020-10-31"}).json()
    assert body["report"]["id"] == investment.investment.report_id
    assert body["count"] == 1
    (row,) = body["targets"]
    assert row["commitment"]["code"] == "2.4.1"
    assert row["lead_department"]["name"] == "江城区发展和改革局"
    assert row["rag"] == "amber"
    assert row["target"]["pace"]["gap_points"] == "-14.12"  # the clock starts on the delivery, 10 January
    assert row["forecast_gap"] == "1.9328"  # 32 − 30.0672


def test_behind_pace_is_empty_while_the_target_keeps_up(investment):
    # 30 September: 22 of 32 (68.75 %) against 74.79 % elapsed, within the 10-point tolerance.
    body = client(investment, "office").get(BEHIND, {"as_of": "2020-09-30"}).json()
    assert (body["count"], body["targets"]) == (0, [])


def test_behind_pace_filters_by_department(investment):
    office = client(investment, "office")
    assert office.get(BEHIND, {"as_of": "2020-10-31", "department": investment.gongxin.pk}).json()["count"] == 0
    assert office.get(BEHIND, {"as_of": "2020-10-31", "department": investment.fagai.pk}).json()["count"] == 1


@pytest.mark.parametrize(
    ("username", "status"),
    [("office", 200), ("leader_user", 200), ("zhujian_reporter", 200), ("viewer", 403), ("anonymous", 401)],
)
def test_behind_pace_by_role(investment, username, status):
    assert client(investment, username).get(BEHIND, {"as_of": "2020-10-31"}).status_code == status


@pytest.mark.parametrize(
    ("params", "field"),
    [({"as_of": "yesterday"}, "as_of"), ({"report": "0"}, "report"), ({"department": "x"}, "department")],
)
def test_behind_pace_invalid_parameters_answer_400(world, params, field):
    response = client(world, "office").get(BEHIND, params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_behind_pace_costs_the_same_queries_for_few_and_many_targets(investment):
    office = client(investment, "office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert office.get(BEHIND, {"as_of": "2020-10-31"}).status_code == 200
        return len(captured)

    few = queries()
    for n in range(5):
        commitment = CommitmentFactory(
            chapter=investment.key_projects.chapter, code=f"5.1.{n}", lead_department=investment.fagai
        )
        target = TargetFactory(commitment=commitment, target_value=Decimal(100))
        report(
            investment,
            commitment,
            as_of=D(2020, 6, 30),
            submitted_on=D(2020, 6, 30),
            approved_on=D(2020, 6, 30),
            values=[(target, Decimal(10))],
        )
    assert queries() == few
    assert office.get(BEHIND, {"as_of": "2020-10-31"}).json()["count"] == 6


# --- Acceptances --------------------------------------------------------------------------------


@pytest.fixture
def issued(world):
    with at(D(2020, 2, 3)):
        services.acceptances_issue(user=world.office, commitments=[world.key_projects])
    world.lead = Acceptance.objects.get(commitment=world.key_projects, role=AcceptanceRole.LEAD)
    world.co = Acceptance.objects.get(commitment=world.key_projects, role=AcceptanceRole.CO)
    return world


def url(acceptance, step: str = "") -> str:
    return f"/api/acceptances/{acceptance.pk}/" + (f"{step}/" if step else "")


CONTEST = {"reason_kind": "wrong_owner", "reason": "本单位不承担该项任务。"}
ROLES = ["fagai_reporter", "zhujian_reporter", "gongxin_reporter", "office", "leader_user", "viewer", "anonymous"]
REFUSED = {"anonymous": 401}


@pytest.mark.parametrize("username", ROLES)
def test_who_may_accept_the_lead_task(issued, username):
    response = client(issued, username).post(url(issued.lead, "accept"))
    allowed = username == "fagai_reporter"  # only the lead department itself; the office does not sign for it
    assert response.status_code == (200 if allowed else REFUSED.get(username, 403)), response.content
    issued.lead.refresh_from_db()
    assert issued.lead.state == (AcceptanceState.ACCEPTED if allowed else AcceptanceState.PENDING)
    if allowed:
        body = response.json()
        assert (body["state"], body["responded_by"]) == ("accepted", "fagai-staff")
    else:
        assert "detail" in response.json()


@pytest.mark.parametrize("username", ROLES)
def test_who_may_contest_the_co_assignment(issued, username):
    response = client(issued, username).post(url(issued.co, "contest"), CONTEST)
    allowed = username == "zhujian_reporter"  # the co-department itself; not the lead for it
    assert response.status_code == (200 if allowed else REFUSED.get(username, 403)), response.content
    issued.co.refresh_from_db()
    assert issued.co.state == (AcceptanceState.CONTESTED if allowed else AcceptanceState.PENDING)


@pytest.mark.parametrize("username", ROLES)
def test_who_may_acknowledge_the_co_assignment(issued, username):
    response = client(issued, username).post(url(issued.co, "acknowledge"))
    allowed = username == "zhujian_reporter"
    assert response.status_code == (200 if allowed else REFUSED.get(username, 403))


def test_a_co_department_cannot_accept_and_a_lead_cannot_acknowledge(issued):
    response = client(issued, "zhujian_reporter").post(url(issued.co, "accept"))
    assert response.status_code == 400
    assert list(response.json()) == ["role"]
    assert client(issued, "fagai_reporter").post(url(issued.lead, "acknowledge")).status_code == 400


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"reason_kind", "reason"}),
        ({"reason_kind": "because", "reason": "x"}, {"reason_kind"}),
        ({"reason_kind": "other", "reason": "   "}, {"reason"}),
    ],
)
def test_a_contest_needs_a_reason_kind_and_an_explanation(issued, body, fields):
    response = client(issued, "zhujian_reporter").post(url(issued.co, "contest"), body)
    assert response.status_code == 400
    assert set(response.json()) == fields


def test_an_answered_task_cannot_be_answered_again(issued):
    reporter = client(issued, "fagai_reporter")
    assert reporter.post(url(issued.lead, "accept")).status_code == 200
    response = reporter.post(url(issued.lead, "contest"), CONTEST)
    assert response.status_code == 400
    assert list(response.json()) == ["state"]


def test_the_contested_queue_holds_lead_and_co_contests_oldest_first(issued):
    with at(D(2020, 2, 4)):
        client(issued, "zhujian_reporter").post(url(issued.co, "contest"), CONTEST)
    with at(D(2020, 2, 5)):
        client(issued, "fagai_reporter").post(url(issued.lead, "contest"), {**CONTEST, "reason_kind": "unclear_target"})
    queue = client(issued, "office").get("/api/acceptances/contested/").json()
    assert [(row["department"]["name"], row["role"]) for row in queue["results"]] == [
        ("江城区住房和城乡建设局", "co"),
        ("江城区发展和改革局", "lead"),
    ]
    assert queue["results"][0]["reason"] == CONTEST["reason"]
    assert client(issued, "leader_user").get("/api/acceptances/contested/").json()["count"] == 2
    own = client(issued, "zhujian_reporter").get("/api/acceptances/contested/").json()
    assert [row["id"] for row in own["results"]] == [issued.co.pk]
    assert client(issued, "viewer").get("/api/acceptances/contested/").json()["count"] == 0
    assert client(issued, "anonymous").get("/api/acceptances/contested/").status_code == 401
    only_co = client(issued, "office").get("/api/acceptances/contested/", {"role": "co"}).json()
    assert only_co["count"] == 1


@pytest.mark.parametrize("username", ROLES)
def test_only_the_office_clarifies(issued, username):
    client(issued, "zhujian_reporter").post(url(issued.co, "contest"), CONTEST)
    response = client(issued, username).post(url(issued.co, "clarify"), {"note": "住建局负责施工许可。"})
    allowed = username == "office"
    assert response.status_code == (200 if allowed else REFUSED.get(username, 403))
    issued.co.refresh_from_db()
    assert issued.co.state == (AcceptanceState.PENDING if allowed else AcceptanceState.CONTESTED)
    if allowed:
        assert (response.json()["office_note"], response.json()["resolved_by"]) == ("住建局负责施工许可。", "office")


def test_the_office_moves_a_contested_co_assignment_to_another_department(issued):
    client(issued, "zhujian_reporter").post(url(issued.co, "contest"), CONTEST)
    response = client(issued, "office").post(
        url(issued.co, "reassign"), {"department": issued.gongxin.pk, "note": "改由工信局配合。"}
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["contested"]["id"], body["contested"]["state"]) == (issued.co.pk, "reassigned")
    assert (body["opened"]["department"]["id"], body["opened"]["role"], body["opened"]["state"]) == (
        issued.gongxin.pk,
        "co",
        "pending",
    )
    opened = Acceptance.objects.get(pk=body["opened"]["id"])
    assert client(issued, "gongxin_reporter").post(url(opened, "acknowledge")).status_code == 200


def test_the_office_releases_a_contesting_co_department(issued):
    client(issued, "zhujian_reporter").post(url(issued.co, "contest"), CONTEST)
    response = client(issued, "office").post(
        url(issued.co, "reassign"), {"department": None, "note": "不再列为配合单位。"}
    )
    assert response.status_code == 200
    assert response.json()["opened"] is None
    assert list(issued.key_projects.co_departments.all()) == []


def test_reassigning_a_lead_task_needs_a_department(issued):
    client(issued, "fagai_reporter").post(url(issued.lead, "contest"), CONTEST)
    office = client(issued, "office")
    response = office.post(url(issued.lead, "reassign"), {"note": "改派"})
    assert response.status_code == 400
    assert list(response.json()) == ["department"]
    response = office.post(url(issued.lead, "reassign"), {"department": issued.zhujian.pk, "note": ""})
    assert (response.status_code, list(response.json())) == (400, ["note"])
    response = office.post(url(issued.lead, "reassign"), {"department": issued.zhujian.pk, "note": "改由住建局牵头"})
    assert response.status_code == 200
    assert response.json()["opened"]["role"] == "lead"
    issued.key_projects.refresh_from_db()
    assert issued.key_projects.lead_department == issued.zhujian


@pytest.mark.parametrize(
    ("username", "seen"),
    [
        ("office", {"江城区发展和改革局", "江城区住房和城乡建设局"}),
        ("leader_user", {"江城区发展和改革局", "江城区住房和城乡建设局"}),
        ("fagai_reporter", {"江城区发展和改革局"}),
        ("gongxin_reporter", set()),
        ("viewer", set()),
    ],
)
def test_acceptances_listed_by_role(issued, username, seen):
    body = client(issued, username).get("/api/acceptances/").json()
    assert {row["department"]["name"] for row in body["results"]} == seen


def test_anonymous_cannot_list_acceptances(issued):
    assert client(issued, "anonymous").get("/api/acceptances/").status_code == 401


def test_another_departments_task_is_readable_only_by_those_who_list_it(issued):
    assert client(issued, "gongxin_reporter").get(url(issued.lead)).status_code == 404
    assert client(issued, "fagai_reporter").get(url(issued.lead)).json()["state"] == "pending"


def test_unknown_task_answers_404(issued):
    assert client(issued, "fagai_reporter").post("/api/acceptances/999999/accept/").status_code == 404


@pytest.mark.parametrize("filters", [{"state": "nonsense"}, {"department": "abc"}, {"role": "boss"}])
def test_acceptance_filters_refuse_bad_values(issued, filters):
    response = client(issued, "office").get("/api/acceptances/", filters)
    assert response.status_code == 400
    assert list(response.json()) == list(filters)


def test_acceptance_list_costs_the_same_queries_for_few_and_many(issued, django_assert_max_num_queries):
    office = client(issued, "office")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert office.get("/api/acceptances/").status_code == 200
        return len(captured)

    few = queries()
    more = [CommitmentFactory(chapter=issued.key_projects.chapter, code=f"7.1.{n}") for n in range(8)]
    services.acceptances_issue(user=issued.office, commitments=more)
    assert queries() == few
    # The caller's role; the page count; the page with commitments, departments and users joined.
    with django_assert_max_num_queries(3):
        office.get("/api/acceptances/")
