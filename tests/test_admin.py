import datetime
import io

import pytest
from django.contrib import admin
from django.urls import reverse
from openpyxl import load_workbook

from commitments import services
from commitments.models import (
    Acceptance,
    AssessmentItem,
    AssessmentScheme,
    Commitment,
    ContestedAcceptance,
    Contribution,
    Evidence,
    Notification,
    NotificationEmail,
    ReportingCompleteness,
    SentReminder,
    StatusOverride,
    UpdateReviewQueue,
)
from commitments.selectors import TASK_TABLE_HEADERS

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    IndicatorFactory,
    LeaderFactory,
    MilestoneFactory,
    ReportedValueFactory,
    StaffProfileFactory,
    TargetFactory,
)
from .lifecycle_world import lifecycle_rows
from .supervision_world import supervision_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    chapter = ChapterFactory()
    commitment = CommitmentFactory(chapter=chapter, responsible_leader=LeaderFactory())
    co = CoResponsibilityFactory(commitment=commitment)
    TargetFactory(commitment=commitment)
    MilestoneFactory(commitment=commitment)
    # Submitted and naming a matter: the coordination list's page shows it.
    value = ReportedValueFactory(
        update__commitment=commitment, update__state="submitted", update__coordination_needed="需协调用地指标。"
    )
    Contribution.objects.create(
        commitment=commitment, department=co.department, as_of=value.update.as_of, period="2020-09", narrative="配合"
    )
    scheme = AssessmentScheme.objects.create(year=2020, name="2020年度考核")
    AssessmentItem.objects.create(scheme=scheme, measure="reports_on_time", points=1)
    Evidence.objects.create(update=value.update, title="新闻报道", url="https://www.jiangcheng.gov.cn/1")
    StatusOverride.objects.create(
        commitment=commitment, status="cancelled", reason="取消", effective_on=commitment.start_date
    )
    StaffProfileFactory(department=commitment.lead_department)
    IndicatorFactory(report=chapter.report)
    DepartmentFactory()
    supervision_rows(commitment)
    lifecycle_rows(commitment)
    return commitment


# Rows made by actions and commands, never typed in: their admin has no add page.
WRITTEN_BY_SERVICES_ONLY = {
    Acceptance,
    ContestedAcceptance,
    SentReminder,
    ReportingCompleteness,
    Notification,
    NotificationEmail,
    UpdateReviewQueue,
}


def registered_models():
    return [model for model in admin.site._registry if model._meta.app_label == "commitments"]


def test_every_commitments_model_is_registered():
    names = {model.__name__ for model in registered_models()}
    assert {
        "Department",
        "Report",
        "Chapter",
        "Commitment",
        "Target",
        "Milestone",
        "ProgressUpdate",
        "Indicator",
        "ReportedValue",
        "Leader",
        "CoResponsibility",
        "Evidence",
        "StatusOverride",
    } <= names


@pytest.mark.parametrize("page", ["changelist", "add", "change"])
def test_every_admin_page_renders(admin_client, world, superuser, rf, page):
    notification = Notification.objects.create(recipient=superuser, kind="submitted", message="待审核")
    NotificationEmail.objects.create(
        recipient=superuser, kind="submitted", sent_on=notification.created_at.date(), address="a@b.cn",
        subject="待审核", body="待审核", items=1,
    )  # fmt: skip
    request = rf.get("/")
    request.user = superuser
    # A key project (issue 18), written as the office writes it.
    ledger = CommitmentFactory(chapter=world.chapter, code="2.3.1")
    data = services.KeyProjectData(sequence=1, name="示例项目", department=ledger.lead_department, planned_investment=1)
    services.key_project_create(user=superuser, ledger=ledger, data=data)
    for model in registered_models():
        opts = model._meta
        if page == "add" and not admin.site._registry[model].has_add_permission(request):
            continue  # written only by the services (reported values, evidence, status decisions)
        if page == "add" and model in WRITTEN_BY_SERVICES_ONLY:
            continue
        if page == "change":
            obj = model.objects.first()
            assert obj is not None, f"no {opts.model_name} in the world"
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])
        else:
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_{page}")
        response = admin_client.get(url)
        assert response.status_code == 200, f"{url} answered {response.status_code}"


def test_admin_speaks_chinese_by_default(admin_client, world):
    response = admin_client.get(reverse("admin:commitments_commitment_changelist"))
    content = response.content.decode()
    assert "牵头单位" in content
    assert "任务" in content


@pytest.mark.parametrize(
    "query",
    [
        "status=not_started",
        "kind=quantitative",
        "overdue=yes",
        "overdue=no",
        "firmness=binding",
        "q=重点项目",
    ],
)
def test_commitment_list_filters_render(admin_client, world, query):
    response = admin_client.get(reverse("admin:commitments_commitment_changelist") + "?" + query)
    assert response.status_code == 200


def test_department_filter_covers_lead_and_co_responsible(admin_client, world):
    co_department = world.co_departments.get()
    other = CommitmentFactory(chapter=world.chapter)
    url = reverse("admin:commitments_commitment_changelist")
    response = admin_client.get(url, {"department": co_department.pk})
    shown = list(response.context["cl"].result_list)
    assert shown == [world]
    response = admin_client.get(url, {"department": other.lead_department_id})
    assert list(response.context["cl"].result_list) == [other]


def commitment_list_queries(admin_client, django_assert_num_queries, expected=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = admin_client.get(reverse("admin:commitments_commitment_changelist"))
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_commitment_list_queries_do_not_grow_with_rows(admin_client, world, django_assert_num_queries):
    few = commitment_list_queries(admin_client, django_assert_num_queries)
    for _ in range(40):
        commitment = CommitmentFactory(chapter=world.chapter)
        CoResponsibilityFactory(commitment=commitment)
    many = commitment_list_queries(admin_client, django_assert_num_queries)
    # Only the department filter's lookup list grows in rows, not in queries.
    assert many == few


def test_export_action_writes_one_row_per_selected_commitment(admin_client, world):
    second = CommitmentFactory(chapter=world.chapter, code="1.1.99")
    CommitmentFactory(chapter=world.chapter)  # not selected
    response = admin_client.post(
        reverse("admin:commitments_commitment_changelist"),
        {"action": "export_task_table", "_selected_action": [world.pk, second.pk]},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=2, values_only=True))  # under the title row
    assert rows[0] == TASK_TABLE_HEADERS
    assert len(rows) == 3
    by_code = {row[0]: row for row in rows[1:]}
    first_row = by_code[world.code]
    assert first_row[1] == world.title
    assert first_row[2] == world.source_text
    assert first_row[3] == world.lead_department.name
    assert first_row[4] == world.co_departments.get().name
    assert first_row[5] == "；".join(f"{target.metric} 不少于 53个" for target in world.targets.order_by("id"))
    assert first_row[6] == datetime.datetime(2020, 12, 31)  # a date Excel sorts, not text
    assert first_row[8] == 0  # a percentage: 0 shown as 0%
    assert Commitment.objects.count() == 3


def test_chinese_is_the_default_even_for_an_english_browser(admin_client, world):
    url = reverse("admin:commitments_commitment_changelist")
    response = admin_client.get(url, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "牵头单位" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_english_is_available_through_the_language_switch(admin_client, world):
    response = admin_client.post(reverse("set_language"), {"language": "en", "next": "/admin/"})
    assert response.status_code == 302
    content = admin_client.get(reverse("admin:commitments_commitment_changelist")).content.decode()
    assert "lead department" in content.lower()
    assert "牵头单位" not in content
    assert "Work report task supervision" in content and "督办系统" not in content  # the header too


def test_the_header_is_chinese_by_default(admin_client, world):
    content = admin_client.get(reverse("admin:index")).content.decode()
    assert "政府工作报告任务督办系统" in content


def test_overdue_commitments_are_flagged_in_the_list(admin_client, world):
    import datetime

    late = CommitmentFactory(
        chapter=world.chapter, start_date=datetime.date(2020, 1, 1), due_date=datetime.date(2020, 3, 31)
    )
    future = CommitmentFactory(
        chapter=world.chapter, start_date=datetime.date(2020, 1, 1), due_date=datetime.date(2099, 12, 31)
    )
    response = admin_client.get(reverse("admin:commitments_commitment_changelist"), {"overdue": "yes"})
    shown = {c.pk for c in response.context["cl"].result_list}
    assert late.pk in shown and future.pk not in shown
    assert "tracker-flag--overdue" in response.content.decode()
    response = admin_client.get(reverse("admin:commitments_commitment_changelist"), {"overdue": "no"})
    shown = {c.pk for c in response.context["cl"].result_list}
    assert future.pk in shown and late.pk not in shown
