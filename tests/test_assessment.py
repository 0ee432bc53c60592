"""The assessment (考核): an item's points, the ranking from the history (equal for a past day however much
history is added later), the API by role with its 400s, the Excel export and the admin page."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.contrib.auth.models import AnonymousUser
from openpyxl import load_workbook

from commitments.assessment.measures import (
    approved_extensions,
    month_ends,
    notice_replies_on_time,
    notices_received,
    verified_closeouts,
)
from commitments.assessment.ranking import assessment_ranking, item_points, year_scope
from commitments.choices import AssessmentBasis, AssessmentMeasure, CommitmentKind
from commitments.models import AssessmentItem, AssessmentScheme, Department
from commitments.supervision.closeout import closeout_apply, closeout_close, closeout_reopen, closeout_return
from commitments.supervision.extensions import extension_approve, extension_refuse, extension_request
from commitments.supervision.notices import notice_accept, notice_issue, notice_reply, notice_send_back

from .api_helpers import client_for
from .factories import CommitmentFactory
from .supervision_world import at, build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date
DEC = Decimal


# --- An item's points ----------------------------------------------------------------------------------------


def item(**fields) -> AssessmentItem:
    return AssessmentItem(**{"measure": AssessmentMeasure.RED_MONTHS, "points": DEC(1), "weight": DEC(1), **fields})


@pytest.mark.parametrize(
    ("fields", "count", "eligible", "points"),
    [
        ({"points": DEC(2)}, 3, 0, DEC("6.00")),  # per occurrence
        ({"points": DEC(-2), "cap": DEC(5)}, 4, 9, DEC("-5.00")),  # a deduction held within its cap
        ({"points": DEC(3), "cap": DEC(5), "weight": DEC("0.5")}, 4, 9, DEC("2.50")),  # the cap, then the weight
        ({"basis": AssessmentBasis.SHARE, "points": DEC(20)}, 2, 3, DEC("13.33")),  # 2/3 of 20, half up
        ({"basis": AssessmentBasis.SHARE, "points": DEC(20)}, 0, 0, DEC("0.00")),  # nothing eligible: nothing
        ({"points": DEC(-2)}, 0, 0, DEC("0.00")),  # no deduction: zero, not -0.00
        ({"basis": AssessmentBasis.SHARE, "points": DEC(30), "weight": DEC(2)}, 1, 8, DEC("7.50")),
    ],
)
def test_item_points(fields, count, eligible, points):
    assert str(item_points(item(**fields), count, eligible)) == str(points)


def test_month_ends_are_the_months_ended_by_the_day():
    assert month_ends(2020, D(2020, 3, 30)) == [D(2020, 1, 31), D(2020, 2, 29)]
    assert month_ends(2020, D(2020, 3, 31))[-1] == D(2020, 3, 31)
    assert len(month_ends(2020, D(2021, 5, 1))) == 12


# --- The ranking ---------------------------------------------------------------------------------------------


@pytest.fixture
def world():
    """发改局 leads 重点项目 (two sub-projects, due at the year's end); 工信局 leads one ongoing task due 30 June.
    Reports (the report was delivered 10 January, due the 25th): 甲 January on time and approved, February
    late (1 March); 工信局 January on time, then 100% as of 20 June, approved the 21st."""
    world = build_world()
    world.theirs = CommitmentFactory(
        chapter=world.key_projects.chapter,
        code="3.1",
        lead_department=world.gongxin,
        kind=CommitmentKind.ONGOING,
        due_date=D(2020, 6, 30),
    )
    report(world, world.project_a, as_of=D(2020, 1, 20), submitted_on=D(2020, 1, 20), approved_on=D(2020, 1, 22))
    report(world, world.project_a, as_of=D(2020, 2, 28), submitted_on=D(2020, 3, 1))
    report(world, world.theirs, as_of=D(2020, 1, 24), submitted_on=D(2020, 1, 24), user=world.gongxin_reporter)
    world.scheme = AssessmentScheme.objects.create(year=2020, name="2020年度重点工作考核", base_score=DEC(100))
    for position, (measure, basis, points, cap) in enumerate(
        [
            (AssessmentMeasure.REPORTS_ON_TIME, AssessmentBasis.PER_OCCURRENCE, DEC(1), DEC(10)),
            (AssessmentMeasure.REPORTS_MISSING, AssessmentBasis.PER_OCCURRENCE, DEC(-1), None),
            (AssessmentMeasure.COMPLETED_BY_DEADLINE, AssessmentBasis.SHARE, DEC(20), None),
            (AssessmentMeasure.RED_MONTHS, AssessmentBasis.PER_OCCURRENCE, DEC(-2), DEC(6)),
            (AssessmentMeasure.VERIFIED_CLOSEOUTS, AssessmentBasis.PER_OCCURRENCE, DEC(5), None),
        ]
    ):
        AssessmentItem.objects.create(
            scheme=world.scheme, measure=measure, basis=basis, points=points, cap=cap, position=position
        )
    world.anonymous = AnonymousUser()
    return world


def table(ranking) -> list:
    """The ranking as plain values: each row's department, rank, total and (measure, count, eligible, points)."""
    return [
        (row.department.name, row.rank, row.total, [(s.measure, s.count, s.eligible, s.points) for s in row.items])
        for row in ranking.rows
    ]


def test_the_ranking_as_of_the_end_of_march(world):
    ranking = assessment_ranking(world.scheme, as_of=D(2020, 3, 31))
    rows = {row.department.name: row for row in ranking.rows}
    fagai = {s.measure: s for s in rows["江城区发展和改革局"].items}
    gongxin = {s.measure: s for s in rows["江城区工业和信息化局"].items}
    # 发改局 owed 6 reports (甲 and 乙, January to March): 1 on time, 1 late, 4 missing.
    assert (fagai["reports_on_time"].count, fagai["reports_on_time"].eligible) == (1, 6)
    assert (fagai["reports_missing"].count, fagai["reports_missing"].points) == (4, DEC("-4.00"))
    # 工信局 owed 3: January on time, February and March missing.
    assert (gongxin["reports_on_time"].count, gongxin["reports_missing"].count) == (1, 2)
    # Nothing is due yet: no completion to count.
    assert fagai["completed_by_deadline"].eligible == gongxin["completed_by_deadline"].eligible == 0
    # No close-out yet: nothing to count.
    assert fagai["verified_closeouts"].count == 0 and fagai["verified_closeouts"].points == 0
    # Every item adds up, from the base score.
    for row in ranking.rows:
        assert row.total == DEC(100) + sum(score.points for score in row.items)
    assert [row.rank for row in ranking.rows] == [1, 2]


def test_red_months_count_the_months_ended_red(world):
    ranking = assessment_ranking(world.scheme, as_of=D(2020, 3, 31))
    red = {row.department.name: next(s for s in row.items if s.measure == "red_months") for row in ranking.rows}
    # At 31 March 24.6% of the year had passed; nothing reported as done: more than 20 points behind, red.
    # 发改局's three tasks (the parent and its two sub-projects) red in March, 工信局's one (due June) too.
    assert red["江城区发展和改革局"].count == 3
    assert red["江城区工业和信息化局"].count >= 1
    assert red["江城区发展和改革局"].points == DEC("-6.00")  # capped at 6


def test_completion_by_the_deadline_reads_the_status_on_the_due_date(world):
    report(
        world,
        world.theirs,
        as_of=D(2020, 6, 20),
        submitted_on=D(2020, 6, 20),
        approved_on=D(2020, 6, 21),
        percent=DEC(100),
        user=world.gongxin_reporter,
    )
    ranking = assessment_ranking(world.scheme, as_of=D(2020, 7, 31))
    gongxin = next(row for row in ranking.rows if row.department == world.gongxin)
    completed = next(s for s in gongxin.items if s.measure == "completed_by_deadline")
    assert (completed.count, completed.eligible, completed.points) == (1, 1, DEC("20.00"))


def test_a_past_days_ranking_stays_the_same_when_later_history_is_added(world):
    before = table(assessment_ranking(world.scheme, as_of=D(2020, 3, 31)))
    # Later history: reports for April to June, one of them approved, a task completed.
    report(world, world.project_a, as_of=D(2020, 4, 20), submitted_on=D(2020, 4, 20), approved_on=D(2020, 4, 21))
    report(world, world.project_b, as_of=D(2020, 5, 20), submitted_on=D(2020, 5, 30))
    report(
        world,
        world.theirs,
        as_of=D(2020, 6, 20),
        submitted_on=D(2020, 6, 20),
        approved_on=D(2020, 6, 21),
        percent=DEC(100),
        user=world.gongxin_reporter,
    )
    # … and the March report, handed in late in April.
    report(world, world.project_a, as_of=D(2020, 3, 30), submitted_on=D(2020, 4, 5))
    assert table(assessment_ranking(world.scheme, as_of=D(2020, 3, 31))) == before
    assert table(assessment_ranking(world.scheme, as_of=D(2020, 7, 31))) != before


def test_the_day_is_capped_at_the_year_end_and_rows_can_be_limited(world):
    ranking = assessment_ranking(world.scheme, as_of=D(2023, 5, 1))
    assert ranking.as_of == D(2020, 12, 31)
    own = assessment_ranking(
        world.scheme, as_of=D(2020, 3, 31), departments=Department.objects.filter(pk=world.gongxin.pk)
    )
    full = assessment_ranking(world.scheme, as_of=D(2020, 3, 31))
    assert [row.department for row in own.rows] == [world.gongxin]
    assert own.rows[0].rank == next(row.rank for row in full.rows if row.department == world.gongxin)


def test_equal_totals_share_a_rank(world):
    AssessmentItem.objects.filter(scheme=world.scheme).delete()
    ranking = assessment_ranking(world.scheme, as_of=D(2020, 3, 31))
    assert [(row.rank, row.total) for row in ranking.rows] == [(1, DEC(100)), (1, DEC(100))]


# --- The end of the cycle: close-outs, extensions, 督办单 -------------------------------------------------------

LIFECYCLE_MEASURES = {
    "verified_closeouts": verified_closeouts,
    "approved_extensions": approved_extensions,
    "notices_received": notices_received,
    "notice_replies_on_time": notice_replies_on_time,
}


ISSUED, REPLY_DUE = D(2020, 4, 10), D(2020, 4, 20)


def notice(world, commitment, *, on=ISSUED, reply_due=REPLY_DUE):
    with at(on):
        return notice_issue(
            user=world.office, commitment=commitment, required_actions="加快进度", reply_due=reply_due, issued_on=on
        )


def reply(world, notice_, on, user=None):
    with at(on):
        return notice_reply(user=user or world.fagai_reporter, notice=notice_, reply="已整改")


@pytest.fixture
def cycle(world):
    """By the end of May: three 督办单 issued 10 April, replies due the 20th — 甲's answered on the 18th and
    accepted; 乙's answered the 15th, sent back on the 16th with a new deadline of 10 May and answered again on
    20 May (late); 工信局's answered only on 5 May (late). Extensions asked 1 May: 工信局's approved on the 3rd,
    甲's refused on the 2nd."""
    world.notice_a = notice(world, world.project_a)
    world.notice_b = notice(world, world.project_b)
    world.notice_theirs = notice(world, world.theirs)
    world.notice_a = reply(world, world.notice_a, D(2020, 4, 18))
    with at(D(2020, 4, 19)):
        notice_accept(user=world.office, notice=world.notice_a)
    world.notice_b = reply(world, world.notice_b, D(2020, 4, 15))
    with at(D(2020, 4, 16)):
        notice_send_back(user=world.office, notice=world.notice_b, note="未见佐证", reply_due=D(2020, 5, 10))
    reply(world, world.notice_b, D(2020, 5, 20))
    reply(world, world.notice_theirs, D(2020, 5, 5), user=world.gongxin_reporter)
    with at(D(2020, 5, 1)):
        theirs = extension_request(
            user=world.gongxin_reporter,
            commitment=world.theirs,
            requested_due_date=D(2020, 9, 30),
            reason="设备到货延迟",
            evidence_url="https://www.jiangcheng.gov.cn/ext",
        )
        mine = extension_request(
            user=world.fagai_reporter,
            commitment=world.project_a,
            requested_due_date=D(2021, 3, 31),
            reason="征地未完成",
            evidence_url="https://www.jiangcheng.gov.cn/ext2",
        )
    with at(D(2020, 5, 2)):
        extension_refuse(user=world.office, extension=mine, note="理由不充分")
    with at(D(2020, 5, 3)):
        extension_approve(user=world.office, extension=theirs)
    return world


def close_out(world, commitment, *, applied, decided, user=None, send_back=False):
    with at(applied):
        application = closeout_apply(
            user=user or world.fagai_reporter,
            commitment=commitment,
            summary="已完成",
            evidence_url="https://www.jiangcheng.gov.cn/done",
        )
    with at(decided):
        if send_back:
            return closeout_return(user=world.office, application=application, note="佐证不足")
        return closeout_close(user=world.office, application=application)


def lifecycle_tallies(world, day) -> dict:
    """Per measure: {department name: (count, eligible)} for the departments with anything counted."""
    names = {world.fagai.pk: "发改", world.gongxin.pk: "工信", world.zhujian.pk: "住建"}
    result = {}
    for measure, counter in LIFECYCLE_MEASURES.items():
        tally = counter(year_scope(2020), 2020, day)
        departments = set(tally.counts) | set(tally.eligible)
        result[measure] = {
            names[pk]: (tally.counts[pk], tally.eligible[pk])
            for pk in departments
            if tally.counts[pk] or tally.eligible[pk]
        }
    return result


def test_notices_count_as_issued_and_replied_by_the_day(cycle):
    on_19_april = lifecycle_tallies(cycle, D(2020, 4, 19))
    assert on_19_april["notices_received"] == {"发改": (2, 0), "工信": (1, 0)}
    # On the 15th 乙 had answered in time and 甲's reply was not due yet.
    assert lifecycle_tallies(cycle, D(2020, 4, 15))["notice_replies_on_time"] == {"发改": (1, 1)}
    # On the 19th 甲 had answered in time; 乙 was sent back and owes a reply due 10 May: not counted either way.
    assert on_19_april["notice_replies_on_time"] == {"发改": (1, 1)}
    on_30_april = lifecycle_tallies(cycle, D(2020, 4, 30))
    # 工信局's reply is overdue.
    assert on_30_april["notice_replies_on_time"] == {"发改": (1, 1), "工信": (0, 1)}
    on_31_may = lifecycle_tallies(cycle, D(2020, 5, 31))
    # 乙 answered again on 20 May, after its new deadline; 工信局 on 5 May, after the 20 April one.
    assert on_31_may["notice_replies_on_time"] == {"发改": (1, 2), "工信": (0, 1)}
    assert lifecycle_tallies(cycle, D(2020, 4, 9))["notices_received"] == {}


def test_extensions_count_once_approved(cycle):
    assert lifecycle_tallies(cycle, D(2020, 5, 2))["approved_extensions"] == {}  # 甲's refusal counts nothing
    assert lifecycle_tallies(cycle, D(2020, 5, 3))["approved_extensions"] == {"工信": (1, 0)}


def test_close_outs_count_once_verified_and_until_reopened(cycle):
    close_out(cycle, cycle.project_a, applied=D(2020, 6, 1), decided=D(2020, 6, 5))
    reopened = close_out(cycle, cycle.project_b, applied=D(2020, 6, 1), decided=D(2020, 6, 6))
    close_out(
        cycle, cycle.theirs, applied=D(2020, 6, 1), decided=D(2020, 6, 3), user=cycle.gongxin_reporter, send_back=True
    )
    with at(D(2020, 6, 20)):
        closeout_reopen(user=cycle.office, application=reopened, reason="现场核查发现未完工")
    assert lifecycle_tallies(cycle, D(2020, 6, 4))["verified_closeouts"] == {}  # applied, not verified yet
    assert lifecycle_tallies(cycle, D(2020, 6, 10))["verified_closeouts"] == {"发改": (2, 0)}
    assert lifecycle_tallies(cycle, D(2020, 6, 30))["verified_closeouts"] == {"发改": (1, 0)}  # 乙 reopened


QUERIES = {"verified_closeouts": 1, "approved_extensions": 1, "notices_received": 1, "notice_replies_on_time": 2}


@pytest.mark.parametrize(("measure", "queries"), QUERIES.items())
def test_each_lifecycle_measure_costs_a_fixed_number_of_queries(cycle, measure, queries, django_assert_num_queries):
    for n in range(10):
        extra = CommitmentFactory(chapter=cycle.key_projects.chapter, code=f"9.{n}", lead_department=cycle.gongxin)
        notice(cycle, extra)
    with django_assert_num_queries(queries):
        LIFECYCLE_MEASURES[measure](year_scope(2020), 2020, D(2020, 5, 31))


def test_a_past_rankings_lifecycle_counts_stay_when_later_events_are_added(world):
    for position, (measure, basis, points) in enumerate(
        [
            (AssessmentMeasure.APPROVED_EXTENSIONS, AssessmentBasis.PER_OCCURRENCE, DEC(-1)),
            (AssessmentMeasure.NOTICES_RECEIVED, AssessmentBasis.PER_OCCURRENCE, DEC(-2)),
            (AssessmentMeasure.NOTICE_REPLIES_ON_TIME, AssessmentBasis.SHARE, DEC(10)),
        ],
        start=10,
    ):
        AssessmentItem.objects.create(
            scheme=world.scheme, measure=measure, basis=basis, points=points, position=position
        )
    world.notice_b = reply(world, notice(world, world.project_b), D(2020, 4, 15))
    close_out(world, world.project_a, applied=D(2020, 4, 1), decided=D(2020, 4, 5))
    as_of = D(2020, 4, 17)
    before = table(assessment_ranking(world.scheme, as_of=as_of))
    rows = {row.department: row for row in assessment_ranking(world.scheme, as_of=as_of).rows}
    fagai = {s.measure: s for s in rows[world.fagai].items}
    assert (fagai["notice_replies_on_time"].count, fagai["notice_replies_on_time"].eligible) == (1, 1)
    assert fagai["verified_closeouts"].count == 1
    # 工信局's task (due 30 June, nothing reported done) was red at the ends of February and March: the
    # extension approved below (to 30 September) would leave February amber had it been in force then.
    gongxin = {s.measure: s for s in rows[world.gongxin].items}
    assert (gongxin["red_months"].count, gongxin["red_months"].eligible) == (2, 3)
    # Later: 乙's reply sent back with a new deadline and answered late, 甲's close-out reopened, another
    # notice, an extension approved.
    with at(D(2020, 4, 18)):
        notice_send_back(user=world.office, notice=world.notice_b, note="未见佐证", reply_due=D(2020, 4, 25))
    reply(world, world.notice_b, D(2020, 5, 6))
    application = world.project_a.closeout_applications.get()
    with at(D(2020, 4, 20)):
        closeout_reopen(user=world.office, application=application, reason="复核未通过")
    notice(world, world.theirs, on=D(2020, 4, 30), reply_due=D(2020, 5, 10))
    with at(D(2020, 5, 1)):
        extension = extension_request(
            user=world.gongxin_reporter,
            commitment=world.theirs,
            requested_due_date=D(2020, 9, 30),
            reason="设备到货延迟",
            evidence_url="https://www.jiangcheng.gov.cn/ext",
        )
    with at(D(2020, 5, 3)):
        extension_approve(user=world.office, extension=extension)
    assert table(assessment_ranking(world.scheme, as_of=as_of)) == before
    assert table(assessment_ranking(world.scheme, as_of=D(2020, 5, 31))) != before


# --- API -----------------------------------------------------------------------------------------------------


def client(world, who):
    return client_for(None if who == "anonymous" else getattr(world, who))


# The office and leaders read every department; a department's staff its own row (the co-department 住建局
# leads nothing: no row); viewers and the public nothing.
ROLE_MATRIX = [
    ("office", 200, ["江城区发展和改革局", "江城区工业和信息化局"]),
    ("leader_user", 200, ["江城区发展和改革局", "江城区工业和信息化局"]),
    ("fagai_reporter", 200, ["江城区发展和改革局"]),
    ("zhujian_reporter", 200, []),
    ("gongxin_reporter", 200, ["江城区工业和信息化局"]),
    ("viewer", 403, None),
    ("anonymous", 401, None),
]


@pytest.mark.parametrize(("who", "status", "departments"), ROLE_MATRIX)
def test_the_ranking_api_by_role(world, who, status, departments):
    response = client(world, who).get("/api/assessment/?year=2020&as_of=2020-03-31")
    assert response.status_code == status
    if departments is not None:
        body = response.json()
        assert sorted(row["department"]["name"] for row in body["rows"]) == departments
        assert body["as_of"] == "2020-03-31" and body["year"] == 2020


def test_the_ranking_api_shows_each_scores_breakdown(world):
    body = client(world, "office").get("/api/assessment/?year=2020&as_of=2020-03-31").json()
    first = body["rows"][0]
    assert [item["measure"] for item in first["items"]] == [item["measure"] for item in body["items"]]
    assert Decimal(first["total"]) == DEC(body["base_score"]) + sum(Decimal(item["points"]) for item in first["items"])
    expected = table(assessment_ranking(world.scheme, as_of=D(2020, 3, 31)))
    assert [(row["department"]["name"], row["rank"], Decimal(row["total"])) for row in body["rows"]] == [
        row[:3] for row in expected
    ]


@pytest.mark.parametrize(
    ("query", "field"),
    [("", "year"), ("?year=abc", "year"), ("?year=2019", "year"), ("?year=2020&as_of=2999-01-01", "as_of"),
     ("?year=2020&as_of=31/03/2020", "as_of")],
)  # fmt: skip
def test_the_ranking_api_answers_400_by_field(world, query, field):
    response = client(world, "office").get(f"/api/assessment/{query}")
    assert response.status_code == 400 and field in response.json()


def test_the_ranking_api_costs_the_same_for_few_and_many(world, django_assert_max_num_queries):
    office = client(world, "office")
    office.get("/api/assessment/?year=2020&as_of=2020-03-31")
    with django_assert_max_num_queries(40) as few:
        assert office.get("/api/assessment/?year=2020&as_of=2020-03-31").status_code == 200
    for n in range(15):
        CommitmentFactory(chapter=world.key_projects.chapter, code=f"8.{n}", lead_department=world.zhujian)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(office.get("/api/assessment/?year=2020&as_of=2020-03-31").json()["rows"]) == 3


def test_the_schemes_are_read_by_the_office_leaders_and_departments(world):
    assert client(world, "office").get("/api/assessment-schemes/").json()["results"][0]["year"] == 2020
    assert len(client(world, "leader_user").get(f"/api/assessment-schemes/{world.scheme.pk}/").json()["items"]) == 5
    assert client(world, "viewer").get("/api/assessment-schemes/").status_code == 403
    assert client(world, "anonymous").get("/api/assessment-schemes/").status_code == 401
    assert client(world, "office").post("/api/assessment-schemes/", {}).status_code == 405


def test_the_export_types_its_numbers(world):
    response = client(world, "office").get("/api/assessment/export.xlsx?year=2020&as_of=2020-03-31")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    header = [cell.value for cell in sheet[2]]
    assert header[:3] == ["排名", "单位", "总分"]
    first = sheet[3]
    assert isinstance(first[0].value, int) and first[0].data_type == "n"
    assert isinstance(first[1].value, str)
    assert all(cell.data_type == "n" for cell in first[2:])
    expected = table(assessment_ranking(world.scheme, as_of=D(2020, 3, 31)))[0]
    assert (first[1].value, DEC(str(first[2].value))) == (expected[0], expected[2])
    refused = client(world, "office").get("/api/assessment/export.xlsx?year=1990")
    assert refused.status_code == 400 and "year" in refused.json()


def test_the_admin_ranking_page_and_its_export(world, admin_client):
    url = f"/admin/commitments/assessmentscheme/{world.scheme.pk}/ranking/"
    page = admin_client.get(f"{url}?as_of=2020-03-31")
    assert page.status_code == 200
    assert "江城区发展和改革局" in page.content.decode()
    workbook = admin_client.get(f"{url}?as_of=2020-03-31&format=xlsx")
    assert workbook["Content-Type"].startswith("application/vnd.openxmlformats")
    assert admin_client.get(f"{url}?as_of=2999-01-01").status_code == 200  # the form says why, no 500


def test_the_admin_ranking_is_refused_to_a_viewer(world, client):
    client.force_login(world.viewer)
    url = f"/admin/commitments/assessmentscheme/{world.scheme.pk}/ranking/"
    assert client.get(url).status_code in (302, 403)
