"""Other sources of tasks (领导批示, 常务会议, 民生实事, 人大建议 / 政协提案): the same commitments with a source
kind, the reply period's default deadline, the filters, the natural keys of a source."""

import datetime
from io import BytesIO

import pytest
from django.core import serializers
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import load_workbook

from commitments import services
from commitments.choices import CommitmentKind, SourceKind, UpdateState
from commitments.models import Chapter, Commitment, Report
from commitments.supervision.deadlines import add_months, default_due_date, reply_months

from .api_helpers import client_for
from .base import checker, make_user
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory, ReportFactory
from .supervision_world import build_world

pytestmark = pytest.mark.django_db
D = datetime.date


# --- The rule ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2020, 3, 10), 3, D(2020, 6, 10)),
        (D(2020, 11, 30), 3, D(2021, 2, 28)),  # February is shorter: its last day
        (D(2019, 11, 30), 3, D(2020, 2, 29)),  # a leap year's
        (D(2020, 10, 31), 3, D(2021, 1, 31)),
        (D(2020, 12, 15), 1, D(2021, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_suggestions_and_proposals_reply_within_three_months_and_others_carry_no_default():
    assert reply_months(SourceKind.NPC_SUGGESTION) == reply_months(SourceKind.CPPCC_PROPOSAL) == 3
    assert default_due_date(SourceKind.NPC_SUGGESTION, D(2020, 3, 10)) == D(2020, 6, 10)
    for kind in (SourceKind.WORK_REPORT, SourceKind.LEADER_INSTRUCTION, SourceKind.LIVELIHOOD_PROJECT):
        assert default_due_date(kind, D(2020, 3, 10)) is None
    assert default_due_date(SourceKind.NPC_SUGGESTION, None) is None


# --- A 人大建议 through the whole cycle ----------------------------------------------------------------------


@pytest.fixture
def suggestion(db):
    return ReportFactory(
        kind=SourceKind.NPC_SUGGESTION,
        government="江城区人民政府",
        title="关于加快老旧小区改造的建议",
        reference_number="第2020015号",
        proposer="王代表等5名代表",
        received_on=D(2020, 3, 10),
        delivered_on=D(2020, 3, 10),
        source_text="建议加快老旧小区改造。",
    )


def suggestion_data(report, department, **fields) -> dict:
    return {
        "report": report,
        "chapter": ChapterFactory(report=report, number=1, title="城乡建设类"),
        "code": "建-15",
        "title": "答复并落实老旧小区改造建议",
        "source_text": report.source_text,
        "kind": CommitmentKind.MILESTONE,
        "lead_department": department,
        **fields,
    }


def test_a_suggestion_gets_its_reply_deadline_and_runs_through_submit_and_approve(suggestion):
    office, department = checker(), DepartmentFactory(name="江城区住房和城乡建设局")
    reporter = make_user("reporter", department)
    commitment = services.commitment_create(user=office, data=suggestion_data(suggestion, department))
    # Assigned on 10 March (the source's assignment day): due three months later.
    assert (commitment.start_date, commitment.due_date) == (D(2020, 3, 10), D(2020, 6, 10))
    update = services.update_create(
        user=reporter, commitment=commitment, as_of=D(2020, 5, 20), narrative="已答复代表，满意。", percent=100
    )
    services.update_submit(user=reporter, update=update)
    approved = services.update_approve(user=office, update=update)
    assert approved.state == UpdateState.APPROVED
    commitment.refresh_from_db()
    assert commitment.status == "completed"
    assert Commitment.objects.filter(report__kind=SourceKind.NPC_SUGGESTION).get() == commitment


def test_a_given_deadline_is_kept_and_a_work_report_still_needs_one(suggestion):
    office, department = checker(), DepartmentFactory()
    given = services.commitment_create(
        user=office, data=suggestion_data(suggestion, department, start_date=D(2020, 4, 1), due_date=D(2020, 5, 1))
    )
    assert given.due_date == D(2020, 5, 1)
    work_report = ReportFactory()
    data = suggestion_data(work_report, department, start_date=D(2020, 1, 1))
    with pytest.raises(ValidationError) as refused:
        services.commitment_create(user=office, data=data)
    assert "due_date" in refused.value.message_dict


def test_the_api_creates_a_suggestion_task_without_a_due_date(suggestion):
    department = DepartmentFactory()
    chapter = ChapterFactory(report=suggestion)
    body = {"report": suggestion.pk, "chapter": chapter.pk, "code": "建-1", "title": "答复建议", "source_text": "建议",
            "kind": "milestone", "lead_department": department.pk, "start_date": "2020-04-15"}  # fmt: skip
    office = client_for(checker())
    created = office.post("/api/commitments/", body, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["due_date"] == "2020-07-15"
    work_report = ReportFactory()
    body |= {"report": work_report.pk, "chapter": ChapterFactory(report=work_report).pk, "code": "1"}
    refused = office.post("/api/commitments/", body, format="json")
    assert refused.status_code == 400 and "due_date" in refused.json()


def test_the_admin_fills_a_suggestions_due_date(suggestion, admin_client):
    department = DepartmentFactory()
    chapter = ChapterFactory(report=suggestion)
    form = {"report": suggestion.pk, "chapter": chapter.pk, "code": "建-2", "title": "答复建议", "source_text": "建议",
            "kind": "milestone", "lead_department": department.pk, "start_date": "2020-04-15", "due_date": "",
            "opened_version": ""}  # fmt: skip
    for prefix in ("co_responsibilities", "targets", "milestones", "updates", "status_overrides"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    response = admin_client.post("/admin/commitments/commitment/add/", form)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Commitment.objects.get(code="建-2").due_date == D(2020, 7, 15)


# --- Sources side by side ------------------------------------------------------------------------------------


def test_a_government_has_one_work_report_a_year_but_many_sources(suggestion):
    ReportFactory(government=suggestion.government, kind=SourceKind.WORK_REPORT)
    ReportFactory(government=suggestion.government, kind=SourceKind.NPC_SUGGESTION, title="另一件建议")
    with transaction.atomic(), pytest.raises(IntegrityError):
        ReportFactory(government=suggestion.government, kind=SourceKind.WORK_REPORT, title="又一份报告")
    with pytest.raises(ValidationError):
        Report(government=suggestion.government, year=2020, kind=suggestion.kind, title=suggestion.title).full_clean()


def test_natural_keys_of_a_source_round_trip_beside_the_work_report(suggestion):
    work_report = ReportFactory(government=suggestion.government)
    for report in (work_report, suggestion):
        CommitmentFactory(chapter=ChapterFactory(report=report, number=1), code="1")
    assert work_report.natural_key() == ("江城区人民政府", 2020)
    assert suggestion.natural_key() == ("江城区人民政府", 2020, "npc_suggestion", "关于加快老旧小区改造的建议")
    text = serializers.serialize(
        "json", [*Chapter.objects.all(), *Commitment.objects.all()], use_natural_foreign_keys=True
    )
    restored = [item.object for item in serializers.deserialize("json", text)]
    assert {(obj.report_id, getattr(obj, "code", None)) for obj in restored if isinstance(obj, Commitment)} == {
        (work_report.pk, "1"),
        (suggestion.pk, "1"),
    }
    assert Commitment.objects.get_by_natural_key(*suggestion.natural_key(), "1").report == suggestion
    assert Chapter.objects.get_by_natural_key("江城区人民政府", 2020, 1).report == work_report


@pytest.fixture
def mixed():
    world = build_world()
    suggestion = ReportFactory(kind=SourceKind.NPC_SUGGESTION, title="建议一", received_on=D(2020, 3, 1))
    world.suggestion_task = CommitmentFactory(
        chapter=ChapterFactory(report=suggestion), code="建-1", lead_department=world.fagai
    )
    return world


@pytest.mark.parametrize(
    ("url", "field"),
    [("/api/commitments/?source_kind=npc_suggestion", "code"), ("/api/reports/?kind=npc_suggestion", "title")],
)
def test_lists_filter_by_source_kind(mixed, url, field):
    rows = client_for(mixed.office).get(url).json()["results"]
    assert [row[field] for row in rows] == (["建-1"] if field == "code" else ["建议一"])


def test_the_source_kind_filter_answers_400_for_an_unknown_kind(mixed):
    response = client_for(mixed.office).get("/api/commitments/?source_kind=rumour")
    assert response.status_code == 400 and "source_kind" in response.json()


def test_the_commitment_list_names_its_source_kind(mixed):
    rows = client_for(mixed.office).get("/api/commitments/?source_kind=npc_suggestion").json()["results"]
    assert rows[0]["report"]["kind"] == "npc_suggestion"


def test_the_export_filters_by_source_kind(mixed):
    response = client_for(mixed.office).get("/api/commitments/export.xlsx?source_kind=npc_suggestion")
    assert response.status_code == 200
    sheet = load_workbook(BytesIO(response.content)).active
    assert [row[0] for row in sheet.iter_rows(min_row=3, values_only=True)] == ["建-1"]


def test_the_admin_lists_filter_by_source_kind(mixed, admin_client):
    response = admin_client.get("/admin/commitments/commitment/?source_kind=npc_suggestion")
    assert response.status_code == 200
    assert [row.code for row in response.context["cl"].result_list] == ["建-1"]
    reports = admin_client.get("/admin/commitments/report/?kind__exact=npc_suggestion")
    assert [report.title for report in reports.context["cl"].result_list] == ["建议一"]


def test_the_dashboard_picks_a_source_kind(mixed, client):
    client.force_login(mixed.office)
    response = client.get("/dashboard/?source_kind=npc_suggestion&as_of=2020-06-30")
    assert response.status_code == 200
    assert response.context["report"].kind == SourceKind.NPC_SUGGESTION
