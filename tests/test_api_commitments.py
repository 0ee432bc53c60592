"""GET /api/commitments/: representation, every filter, ordering, pagination, bad input and query budget."""

import datetime
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from commitments.choices import CommitmentKind, CommitmentStatus, Firmness, Rag, UpdateState

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    LeaderFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportFactory,
    TargetFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/api/commitments/"


@pytest.fixture
def api():
    """A client of the supervision office, who reads everything."""
    client = APIClient()
    client.force_authenticate(UserFactory(username="office", is_superuser=True))
    return client


def codes(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


@pytest.fixture
def chapter():
    return ChapterFactory(number=2, title="抓好项目建设")


def test_representation_has_every_documented_field(api, chapter):
    leader = LeaderFactory(name="李四", position="副区长")
    commitment = CommitmentFactory(
        chapter=chapter,
        code="2.3.1",
        firmness=Firmness.BINDING,
        responsible_leader=leader,
        progress=Decimal("40"),
        status=CommitmentStatus.IN_PROGRESS,
        rag=Rag.GREEN,
    )
    co = CoResponsibilityFactory(commitment=commitment).department
    target = TargetFactory(commitment=commitment, metric="重点项目数", current_value=Decimal("20"))
    milestone = MilestoneFactory(commitment=commitment, title="开工", due_date=datetime.date(2020, 6, 30))
    ProgressUpdateFactory(commitment=commitment, as_of=datetime.date(2020, 6, 30), state=UpdateState.APPROVED)
    ProgressUpdateFactory(
        commitment=commitment, as_of=datetime.date(2020, 9, 30), state=UpdateState.APPROVED, narrative="九月进展"
    )
    # Later, but neither approved: not the latest approved update.
    ProgressUpdateFactory(commitment=commitment, as_of=datetime.date(2020, 10, 31), state=UpdateState.SUBMITTED)
    ProgressUpdateFactory(commitment=commitment, as_of=datetime.date(2020, 11, 30), state=UpdateState.DRAFT)

    body = api.get(f"{LIST}{commitment.pk}/").json()

    assert body["id"] == commitment.pk
    assert body["url"] == f"http://testserver/api/commitments/{commitment.pk}/"
    assert body["code"] == "2.3.1"
    assert body["title"] == commitment.title
    assert body["section"] == commitment.section
    assert body["source_text"] == commitment.source_text
    assert body["kind"] == CommitmentKind.QUANTITATIVE
    assert body["firmness"] == Firmness.BINDING
    assert body["chapter"] == {"id": chapter.pk, "number": 2, "title": "抓好项目建设"}
    assert body["lead_department"] == {"id": commitment.lead_department_id, "name": commitment.lead_department.name}
    assert body["co_departments"] == [{"id": co.pk, "name": co.name}]
    assert body["responsible_leader"] == {"id": leader.pk, "name": "李四", "position": "副区长"}
    assert body["start_date"] == "2020-01-01"
    assert body["due_date"] == "2020-12-31"
    assert body["status"] == CommitmentStatus.IN_PROGRESS
    assert body["progress"] == "40.00"
    assert body["rag"] == Rag.GREEN
    assert body["version"] == 1
    assert body["parent"] is None
    assert [t["id"] for t in body["targets"]] == [target.pk]
    assert body["targets"][0]["metric"] == "重点项目数"
    assert body["targets"][0]["current_value"] == "20.0000"
    assert body["milestones"] == [{"id": milestone.pk, "title": "开工", "due_date": "2020-06-30", "completed_on": None}]
    assert body["latest_update"] == {"as_of": "2020-09-30", "narrative": "九月进展"}


def test_latest_update_is_null_without_an_approved_update(api):
    commitment = CommitmentFactory()
    ProgressUpdateFactory(commitment=commitment, state=UpdateState.SUBMITTED)
    assert api.get(f"{LIST}{commitment.pk}/").json()["latest_update"] is None


def test_anonymous_reads_commitments_of_published_reports_only():
    public = CommitmentFactory(chapter__report__published=True)
    hidden = CommitmentFactory(chapter__report__published=False)
    client = APIClient()
    assert codes(client.get(LIST)) == [public.code]
    assert client.get(f"{LIST}{public.pk}/").status_code == 200
    assert client.get(f"{LIST}{hidden.pk}/").status_code == 404


def test_anonymous_cannot_name_an_unpublished_report_in_a_filter():
    hidden = ReportFactory(published=False)
    response = APIClient().get(LIST, {"report": hidden.pk})
    assert response.status_code == 400
    assert "report" in response.json()


def test_unknown_id_answers_404_in_json(api):
    response = api.get(f"{LIST}999999/")
    assert response.status_code == 404
    assert response.json()["detail"]


def test_id_too_long_for_any_row_answers_404_not_500(api):
    response = api.get(f"{LIST}3039210688597879947264/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


# --- Filters, one test each ---------------------------------------------------------------------


def test_filter_report(api, chapter):
    mine = CommitmentFactory(chapter=chapter)
    CommitmentFactory()
    assert codes(api.get(LIST, {"report": chapter.report_id})) == [mine.code]


def test_filter_chapter(api, chapter):
    mine = CommitmentFactory(chapter=chapter)
    CommitmentFactory(chapter=ChapterFactory(report=chapter.report, number=3))
    assert codes(api.get(LIST, {"chapter": chapter.pk})) == [mine.code]


def test_filter_department_covers_lead_and_co_responsible_without_duplicates(api, chapter):
    department = DepartmentFactory()
    led = CommitmentFactory(chapter=chapter, code="1.1.1", lead_department=department)
    co = CommitmentFactory(chapter=chapter, code="1.1.2")
    CoResponsibilityFactory(commitment=co, department=department)
    CoResponsibilityFactory(commitment=co)  # a second co-owner must not duplicate the row
    CommitmentFactory(chapter=chapter, code="1.1.3")
    response = api.get(LIST, {"department": department.pk})
    assert codes(response) == [led.code, co.code]
    assert response.json()["count"] == 2


def test_filter_lead_department_excludes_co_responsible(api, chapter):
    department = DepartmentFactory()
    led = CommitmentFactory(chapter=chapter, lead_department=department)
    CoResponsibilityFactory(commitment=CommitmentFactory(chapter=chapter), department=department)
    assert codes(api.get(LIST, {"lead_department": department.pk})) == [led.code]


@pytest.mark.parametrize(
    ("name", "wanted", "other"),
    [
        ("status", CommitmentStatus.COMPLETED, CommitmentStatus.IN_PROGRESS),
        ("rag", Rag.RED, Rag.GREEN),
        ("kind", CommitmentKind.MILESTONE, CommitmentKind.ONGOING),
        ("firmness", Firmness.BINDING, Firmness.DIRECTIONAL),
    ],
)
def test_filter_choice_fields(api, chapter, name, wanted, other):
    hit = CommitmentFactory(chapter=chapter, **{name: wanted})
    CommitmentFactory(chapter=chapter, **{name: other})
    assert codes(api.get(LIST, {name: wanted})) == [hit.code]


def test_filter_choice_accepts_several_values(api, chapter):
    first = CommitmentFactory(chapter=chapter, code="1.1.1", status=CommitmentStatus.COMPLETED)
    second = CommitmentFactory(chapter=chapter, code="1.1.2", status=CommitmentStatus.CANCELLED)
    CommitmentFactory(chapter=chapter, code="1.1.3", status=CommitmentStatus.IN_PROGRESS)
    assert codes(api.get(LIST, {"status": ["completed", "cancelled"]})) == [first.code, second.code]


def test_filter_due_before_and_after_are_inclusive(api, chapter):
    june = CommitmentFactory(chapter=chapter, code="1.1.1", due_date=datetime.date(2020, 6, 30))
    december = CommitmentFactory(chapter=chapter, code="1.1.2", due_date=datetime.date(2020, 12, 31))
    assert codes(api.get(LIST, {"due_before": "2020-06-30"})) == [june.code]
    assert codes(api.get(LIST, {"due_after": "2020-07-01"})) == [december.code]
    assert codes(api.get(LIST, {"due_after": "2020-06-30", "due_before": "2020-12-31"})) == [june.code, december.code]


def test_filter_overdue(api, chapter):
    past = {"start_date": datetime.date(2019, 1, 1), "due_date": datetime.date(2019, 12, 31)}
    late = CommitmentFactory(chapter=chapter, code="1.1.1", **past)
    CommitmentFactory(chapter=chapter, code="1.1.2", status=CommitmentStatus.COMPLETED, **past)
    future = CommitmentFactory(chapter=chapter, code="1.1.3", due_date=datetime.date.today() + datetime.timedelta(1))
    assert codes(api.get(LIST, {"overdue": "true"})) == [late.code]
    assert codes(api.get(LIST, {"overdue": "false"})) == ["1.1.2", future.code]


def test_filter_has_targets(api, chapter):
    with_targets = CommitmentFactory(chapter=chapter, code="1.1.1")
    TargetFactory(commitment=with_targets)
    TargetFactory(commitment=with_targets)
    without = CommitmentFactory(chapter=chapter, code="1.1.2")
    assert codes(api.get(LIST, {"has_targets": "true"})) == [with_targets.code]
    assert codes(api.get(LIST, {"has_targets": "false"})) == [without.code]


def test_filter_parent_by_id_and_null(api, chapter):
    parent = CommitmentFactory(chapter=chapter, code="1.1")
    child = CommitmentFactory(chapter=chapter, code="1.1.1", parent=parent)
    assert codes(api.get(LIST, {"parent": parent.pk})) == [child.code]
    assert codes(api.get(LIST, {"parent": "null"})) == [parent.code]


@pytest.mark.parametrize(
    ("field", "needle"),
    [("code", "7.7.7"), ("title", "智慧城市"), ("source_text", "数字政府")],
)
def test_filter_q_searches_code_title_and_source_text(api, chapter, field, needle):
    values = {"code": "7.7.7", "title": "建设智慧城市平台", "source_text": "加快数字政府建设。"}
    hit = CommitmentFactory(chapter=chapter, **{field: values[field]})
    CommitmentFactory(chapter=chapter)
    assert codes(api.get(LIST, {"q": needle})) == [hit.code]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "bogus"}, "status"),
        ({"rag": "purple"}, "rag"),
        ({"kind": "x"}, "kind"),
        ({"firmness": "x"}, "firmness"),
        ({"due_before": "2020-13-45"}, "due_before"),
        ({"due_after": "yesterday"}, "due_after"),
        ({"overdue": "maybe"}, "overdue"),
        ({"has_targets": "2"}, "has_targets"),
        ({"report": "999999"}, "report"),
        ({"report": "abc"}, "report"),
        ({"chapter": "3039210688597879947264"}, "chapter"),
        ({"department": "-1"}, "department"),
        ({"lead_department": "999999"}, "lead_department"),
        ({"parent": "abc"}, "parent"),
        ({"ordering": "title"}, "ordering"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "many"}, "page_size"),
        ({"page": "abc"}, "page"),
    ],
)
def test_invalid_filter_values_answer_400_with_the_reason(api, params, field):
    CommitmentFactory()
    response = api.get(LIST, params)
    assert response.status_code == 400
    body = response.json()
    assert list(body) == [field]
    assert body[field] and all(isinstance(message, str) and message for message in body[field])


def test_reason_is_given_in_chinese_unless_english_was_chosen(api):
    response = api.get(LIST, {"page_size": "0"})
    assert response.json()["page_size"] == ["请输入不小于 1 的整数。"]
    api.cookies["django_language"] = "en"
    response = api.get(LIST, {"status": "bogus"})
    assert "bogus is not one of the available choices" in response.json()["status"][0]


# --- Ordering and pagination --------------------------------------------------------------------


@pytest.fixture
def ordered(chapter):
    """Three commitments whose code, due date, progress and update time all order differently."""
    rows = [
        CommitmentFactory(chapter=chapter, code="2.10.1", due_date=datetime.date(2020, 6, 30), progress=50),
        CommitmentFactory(chapter=chapter, code="2.9.3", due_date=datetime.date(2020, 12, 31), progress=10),
        CommitmentFactory(chapter=chapter, code="10.1.1", due_date=datetime.date(2020, 9, 30), progress=90),
    ]
    rows[0].save()  # touched last
    return rows


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        (None, ["2.9.3", "2.10.1", "10.1.1"]),
        ("code", ["2.9.3", "2.10.1", "10.1.1"]),
        ("-code", ["10.1.1", "2.10.1", "2.9.3"]),
        ("due_date", ["2.10.1", "10.1.1", "2.9.3"]),
        ("-due_date", ["2.9.3", "10.1.1", "2.10.1"]),
        ("progress", ["2.9.3", "2.10.1", "10.1.1"]),
        ("-progress", ["10.1.1", "2.10.1", "2.9.3"]),
        ("-updated_at", ["2.10.1", "10.1.1", "2.9.3"]),
    ],
)
def test_ordering(api, ordered, ordering, expected):
    params = {"ordering": ordering} if ordering else {}
    assert codes(api.get(LIST, params)) == expected


def test_pagination_walks_every_row_once(api, chapter):
    for number in range(1, 6):
        CommitmentFactory(chapter=chapter, code=f"1.{number}", progress=0)  # equal progress: ties broken by id
    first = api.get(LIST, {"page_size": 2, "ordering": "progress"}).json()
    assert first["count"] == 5
    assert first["previous"] is None
    second = api.get(first["next"]).json()
    third = api.get(second["next"]).json()
    assert third["next"] is None
    seen = [row["code"] for page in (first, second, third) for row in page["results"]]
    assert seen == ["1.1", "1.2", "1.3", "1.4", "1.5"]


def test_page_past_the_end_answers_404(api):
    CommitmentFactory()
    assert api.get(LIST, {"page": 2}).status_code == 404


def test_default_page_size_is_50_and_page_size_is_capped_at_200(api, chapter):
    CommitmentFactory.create_batch(201, chapter=chapter, lead_department=DepartmentFactory())
    assert len(api.get(LIST).json()["results"]) == 50
    body = api.get(LIST, {"page_size": 1000}).json()
    assert body["count"] == 201
    assert len(body["results"]) == 200


# --- Query budget -------------------------------------------------------------------------------


def make_full_commitments(count: int, chapter) -> None:
    department = DepartmentFactory()
    for _ in range(count):
        commitment = CommitmentFactory(chapter=chapter, lead_department=department)
        CoResponsibilityFactory(commitment=commitment)
        TargetFactory(commitment=commitment)
        MilestoneFactory(commitment=commitment)
        ProgressUpdateFactory(commitment=commitment, state=UpdateState.APPROVED)


# 1 count, 2 the page's ids, 3 their rows with report/chapter/departments/leader joined and the latest
# approved update as subqueries, 4 co-departments, 5 targets, 6 milestones. The office is a superuser: no
# role lookup.
LIST_QUERIES = 6


def test_list_costs_the_same_queries_for_5_and_200_commitments(api, chapter, django_assert_max_num_queries):
    make_full_commitments(5, chapter)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert len(api.get(LIST, {"page_size": 200}).json()["results"]) == 5
    make_full_commitments(195, chapter)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert len(api.get(LIST, {"page_size": 200}).json()["results"]) == 200


def test_filter_q_takes_percent_and_underscore_literally(api, chapter):
    hit = CommitmentFactory(chapter=chapter, title="完成率达到100%以上")
    CommitmentFactory(chapter=chapter, title="完成率达到100以上")
    assert codes(api.get(LIST, {"q": "100%"})) == [hit.code]
    assert codes(api.get(LIST, {"q": "0_"})) == []


def test_default_order_is_report_by_report_in_code_order(api):
    first, second = ChapterFactory(), ChapterFactory()  # the first report entered has the lower id
    assert first.report_id < second.report_id
    for chapter, codes_ in ((second, ["2.1", "1.10", "1.2"]), (first, ["3.1", "1.1"])):
        for code in codes_:
            CommitmentFactory(chapter=chapter, code=code)
    assert codes(api.get(LIST)) == ["1.1", "3.1", "1.2", "1.10", "2.1"]
