"""The reporting endpoints: /api/summary/, /api/departments/{id}/scorecard/, /api/commitments/{id}/timeline/."""

import datetime
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from commitments.models import Commitment, Milestone

from .api_helpers import client_for
from .base import approved, build_world, day, make_user
from .factories import ChapterFactory, CommitmentFactory, CoResponsibilityFactory, DepartmentFactory, ReportFactory

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "jiangcheng_2020.json"
STATUSES = ["not_started", "in_progress", "completed", "cancelled"]
RAGS = ["green", "amber", "red", "completed", "not_due", "cancelled", "unrated"]


def zeros(keys: list[str]) -> dict[str, int]:
    return dict.fromkeys(keys, 0)


# --- Summary of the Jiangcheng 2020 report, counted by hand -------------------------------------


@pytest.fixture
def jiangcheng_rows() -> list[dict]:
    """The fixture's own commitments, read from the JSON file rather than through the code under test."""
    return [row["fields"] for row in json.loads(FIXTURE.read_text()) if row["model"] == "commitments.commitment"]


@pytest.fixture
def jiangcheng_tracked(jiangcheng_2020):
    """Four approved updates on the loaded report: 1.1.1 done in March, 1.2.1 at 60 % in June, the one
    milestone of 2.1.7 done in September, 3.1.1 at 20 % in August."""
    office = make_user("supervisor")
    by_code = {c.code: c for c in Commitment.objects.filter(report=jiangcheng_2020)}
    approved(office, by_code["1.1.1"], day(3, 31), percent=Decimal(100))
    approved(office, by_code["1.2.1"], day(6, 30), percent=Decimal(60))
    approved(
        office, by_code["2.1.7"], day(9, 30), milestones_completed=[Milestone.objects.get(commitment=by_code["2.1.7"])]
    )
    approved(office, by_code["3.1.1"], day(8, 31), percent=Decimal(20))
    return jiangcheng_2020, office


def test_summary_of_jiangcheng_as_of_two_dates_matches_a_count_by_hand(jiangcheng_tracked, jiangcheng_rows):
    report, office = jiangcheng_tracked
    total = len(jiangcheng_rows)
    assert total == 108
    # Every commitment of the report runs through 2020.
    assert {(row["start_date"], row["due_date"]) for row in jiangcheng_rows} == {("2020-01-01", "2020-12-31")}
    per_chapter = Counter(row["chapter"][2] for row in jiangcheng_rows)
    per_department = Counter(row["lead_department"][0] for row in jiangcheng_rows)
    client = client_for(office)

    # 31 July: the clock starts on the delivery, 16 June; 45 of 198 days gone, so 22.73 % expected (more than
    # twice the tolerance). 1.1.1 is completed and 1.2.1 (60 %) on plan; the other 106 have nothing approved
    # yet (2.1.7 and 3.1.1 only from August), so they are red. None is late.
    july = client.get("/api/summary/", {"report": report.pk, "as_of": "2020-07-31"}).json()
    assert july["as_of"] == "2020-07-31"
    assert july["count"] == total
    assert july["by_status"] == {**zeros(STATUSES), "completed": 1, "in_progress": 1, "not_started": total - 2}
    assert july["by_rag"] == {**zeros(RAGS), "completed": 1, "green": 1, "red": total - 2}
    assert july["overdue"] == 0
    assert Decimal(july["mean_progress"]) == (Decimal(100 + 60) / total).quantize(Decimal("0.01"))

    # 15 January 2021: past every due date. 1.1.1 and 2.1.7 are completed; 1.2.1 and 3.1.1 in progress; every
    # open commitment is overdue and red.
    january = client.get("/api/summary/", {"report": report.pk, "as_of": "2021-01-15"}).json()
    assert january["by_status"] == {**zeros(STATUSES), "completed": 2, "in_progress": 2, "not_started": total - 4}
    assert january["by_rag"] == {**zeros(RAGS), "completed": 2, "red": total - 2}
    assert january["overdue"] == total - 2
    assert Decimal(january["mean_progress"]) == (Decimal(100 + 100 + 60 + 20) / total).quantize(Decimal("0.01"))

    # The breakdowns cover every chapter and lead department of the fixture, with its own counts.
    chapters = {group["label"].split(".")[0]: group for group in january["by_chapter"]}
    assert {int(number): group["count"] for number, group in chapters.items()} == dict(per_chapter)
    assert chapters["1"]["overdue"] == per_chapter[1] - 1  # 1.1.1 is done
    assert chapters["2"]["by_status"]["completed"] == 1  # 2.1.7
    assert {group["label"]: group["count"] for group in january["by_department"]} == dict(per_department)
    assert sum(group["overdue"] for group in january["by_department"]) == total - 2


def test_summary_filters_by_chapter_and_department_as_the_fixture_says(jiangcheng_tracked, jiangcheng_rows):
    report, office = jiangcheng_tracked
    client = client_for(office)
    department = "江城区发展和改革局"
    co_owned = {
        tuple(row["fields"]["commitment"])[2]
        for row in json.loads(FIXTURE.read_text())
        if row["model"] == "commitments.coresponsibility" and row["fields"]["department"] == [department]
    }
    by_hand = {row["code"] for row in jiangcheng_rows if row["lead_department"] == [department]} | co_owned
    department_id = report.commitments.get(code="1.2.3").lead_department_id
    body = client.get("/api/summary/", {"report": report.pk, "department": department_id, "as_of": "2020-07-31"})
    assert body.json()["count"] == len(by_hand)
    chapter = report.chapters.get(number=3)
    body = client.get("/api/summary/", {"chapter": chapter.pk, "as_of": "2020-07-31"}).json()
    assert body["count"] == sum(1 for row in jiangcheng_rows if row["chapter"][2] == 3)
    assert [group["id"] for group in body["by_chapter"]] == [chapter.pk]


def test_summary_without_a_date_reads_the_stored_figures(jiangcheng_tracked):
    report, office = jiangcheng_tracked
    body = client_for(office).get("/api/summary/", {"report": report.pk}).json()
    assert body["as_of"] is None
    assert body["count"] == 108
    # Stored figures are today's: the four commitments the approvals re-derived, and 104 still unrated.
    assert body["by_rag"]["unrated"] == 104
    assert body["by_status"]["completed"] == 2


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"as_of": "2020-02-30"}, "as_of"),
        ({"report": "abc"}, "report"),
        ({"report": "999999"}, "report"),
        ({"chapter": "3039210688597879947264"}, "chapter"),
        ({"department": "-3"}, "department"),
    ],
)
def test_summary_invalid_parameters_answer_400(params, field):
    response = client_for(make_user("supervisor")).get("/api/summary/", params)
    assert response.status_code == 400
    assert list(response.json()) == [field]


def test_viewer_summary_covers_published_reports_only():
    viewer = make_user("viewer")
    CommitmentFactory(chapter__report__published=True)
    hidden = CommitmentFactory(chapter__report__published=False)
    client = client_for(viewer)
    assert client.get("/api/summary/").json()["count"] == 1
    assert client.get("/api/summary/", {"report": hidden.report_id}).status_code == 400


# --- Scorecard ----------------------------------------------------------------------------------


def test_scorecard_lists_led_and_co_owned_commitments_with_lateness_and_update_age():
    world = build_world()
    approved(world.office, world.mine, day(6, 30), percent=Decimal(50))
    body = client_for(world.viewer).get(f"/api/departments/{world.own.pk}/scorecard/", {"as_of": "2020-07-31"}).json()
    assert body["department"] == {"id": world.own.pk, "name": world.own.name}
    assert body["as_of"] == "2020-07-31"
    rows = {row["commitment"]["id"]: row for row in body["commitments"]}
    assert set(rows) == {world.mine.pk, world.shared.pk}  # not `theirs`
    mine, shared = rows[world.mine.pk], rows[world.shared.pk]
    assert (mine["role"], shared["role"]) == ("lead", "co")
    assert (mine["status"], mine["progress"], mine["rag"]) == ("in_progress", "50.00", "green")
    assert mine["expected_progress"] == "57.02"  # 203 of 356 days: the clock starts on delivery, 2020-01-10
    assert (mine["last_approved_update"], mine["days_since_last_update"]) == ("2020-06-30", 31)
    assert (shared["last_approved_update"], shared["days_since_last_update"]) == (None, None)
    assert body["count"] == 2
    assert (body["overdue_count"], body["overdue"]) == (0, [])


def test_scorecard_as_of_after_the_due_date_lists_the_overdue_ones():
    world = build_world()
    approved(world.office, world.mine, day(6, 30), percent=Decimal(100))
    body = client_for(world.office).get(f"/api/departments/{world.own.pk}/scorecard/", {"as_of": "2021-01-31"}).json()
    assert body["overdue_count"] == 1
    assert [row["commitment"]["id"] for row in body["overdue"]] == [world.shared.pk]
    assert body["overdue"][0]["rag"] == "red"


def test_scorecard_invalid_date_answers_400_and_unknown_department_404():
    client = client_for(make_user("supervisor"))
    department = DepartmentFactory()
    response = client.get(f"/api/departments/{department.pk}/scorecard/", {"as_of": "tomorrow"})
    assert response.status_code == 400
    assert list(response.json()) == ["as_of"]
    assert client.get("/api/departments/999999/scorecard/").status_code == 404


# --- Timeline -----------------------------------------------------------------------------------


def test_timeline_compares_expected_and_actual_progress_on_each_date():
    world = build_world()
    approved(world.office, world.mine, day(4, 1), percent=Decimal(10))
    approved(world.office, world.mine, day(7, 1), percent=Decimal(40))
    body = client_for().get(f"/api/commitments/{world.mine.pk}/timeline/").json()
    assert body["commitment"]["id"] == world.mine.pk
    assert (body["start_date"], body["clock_start"], body["due_date"]) == ("2020-01-01", "2020-01-10", "2020-12-31")
    points = {point["date"]: point for point in body["points"]}
    today = datetime.date.today().isoformat()
    # The clock starts on the report's delivery, 10 January (a point of its own): 82 of 356 days by 1 April.
    assert list(points) == ["2020-01-01", "2020-01-10", "2020-04-01", "2020-07-01", "2020-12-31", today]
    assert (points["2020-01-01"]["expected_progress"], points["2020-01-01"]["actual_progress"]) == ("0.00", "0.00")
    assert points["2020-01-01"]["rag"] == "not_due"
    assert points["2020-01-10"]["expected_progress"] == "0.00"
    assert (points["2020-04-01"]["expected_progress"], points["2020-04-01"]["actual_progress"]) == ("23.03", "10.00")
    assert points["2020-07-01"]["actual_progress"] == "40.00"
    assert points["2020-12-31"]["expected_progress"] == "100.00"
    assert points["2020-12-31"]["rag"] == "red"
    assert [update["as_of"] for update in body["updates"]] == ["2020-04-01", "2020-07-01"]
    assert body["updates"][1]["percent"] == "40.00"


def test_timeline_shows_approved_updates_only():
    world = build_world()
    from commitments import services

    services.update_create(user=world.reporter, commitment=world.mine, as_of=day(5, 1), narrative="草稿")
    body = client_for(world.office).get(f"/api/commitments/{world.mine.pk}/timeline/").json()
    assert body["updates"] == []


# --- Query budgets ------------------------------------------------------------------------------


def grow(count: int, chapter, department) -> None:
    for _ in range(count):
        commitment = CommitmentFactory(chapter=chapter, lead_department=department)
        CoResponsibilityFactory(commitment=commitment)


@pytest.fixture
def budget_world():
    report = ReportFactory()
    chapters = [ChapterFactory(report=report, number=n) for n in (1, 2)]
    department = DepartmentFactory()
    return report, chapters, department, client_for(make_user("supervisor"))


# Each budget starts with 1 query for the caller's role (the supervisor's groups; cached for the request).
# Stored figures: 1 validating `report`, 2 grouped queries (by chapter, by lead department).
SUMMARY_STORED_QUERIES = 1 + 3
# As of a date: the same, from the snapshots in force on the date.
SUMMARY_AS_OF_QUERIES = 1 + 3
# 1 the department, 9 the bulk evaluation, 1 the commitments in code order.
SCORECARD_QUERIES = 1 + 11


@pytest.mark.parametrize(
    ("params", "budget"), [({}, SUMMARY_STORED_QUERIES), ({"as_of": "2020-09-30"}, SUMMARY_AS_OF_QUERIES)]
)
def test_summary_costs_the_same_queries_for_5_and_200_commitments(
    budget_world, django_assert_max_num_queries, params, budget
):
    report, chapters, department, client = budget_world
    for chapter in chapters:
        grow(3, chapter, department)
    with django_assert_max_num_queries(budget):
        assert client.get("/api/summary/", {"report": report.pk, **params}).json()["count"] == 6
    for chapter in chapters:
        grow(97, chapter, DepartmentFactory())
    with django_assert_max_num_queries(budget):
        assert client.get("/api/summary/", {"report": report.pk, **params}).json()["count"] == 200


def test_scorecard_costs_the_same_queries_for_5_and_200_commitments(budget_world, django_assert_max_num_queries):
    report, chapters, department, client = budget_world
    grow(5, chapters[0], department)
    url = f"/api/departments/{department.pk}/scorecard/"
    with django_assert_max_num_queries(SCORECARD_QUERIES):
        assert client.get(url, {"as_of": "2020-09-30"}).json()["count"] == 5
    grow(195, chapters[1], department)
    with django_assert_max_num_queries(SCORECARD_QUERIES):
        assert client.get(url, {"as_of": "2020-09-30"}).json()["count"] == 200


@pytest.mark.parametrize("as_of", [None, datetime.date(2020, 7, 31)])
def test_summary_answer_is_what_the_summary_serializer_renders(jiangcheng_tracked, as_of):
    """The view builds the summary's JSON directly (for speed); the documented serializer must agree."""
    from commitments.api.serializers import SummarySerializer
    from commitments.selectors import progress_summary

    report, office = jiangcheng_tracked
    CommitmentFactory(rag="")  # a never-evaluated commitment: counted as unrated
    params = {} if as_of is None else {"as_of": as_of.isoformat()}
    body = client_for(office).get("/api/summary/", params).json()
    expected = json.loads(json.dumps(SummarySerializer(progress_summary(as_of=as_of)).data))
    assert body == expected
    assert body["by_rag"]["unrated"] >= (1 if as_of is None else 0)


def test_timeline_costs_the_same_queries_for_2_and_30_approved_updates():
    """All of a timeline's points come from one gathering of the history, not one evaluation per date."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = build_world()
    client = client_for(world.office)
    url = f"/api/commitments/{world.mine.pk}/timeline/"

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as ctx:
            body = client.get(url).json()
        return len(ctx.captured_queries), len(body["points"])

    for month in (3, 6):
        approved(world.office, world.mine, day(month, 1), percent=Decimal(month))
    few, few_points = queries()
    for week in range(28):
        approved(world.office, world.mine, datetime.date(2020, 7, 1) + datetime.timedelta(days=5 * week + 1))
    many, many_points = queries()
    assert many_points == few_points + 28
    assert many == few
