"""A structured report in a real browser: the co-department writes its contribution and submits it, the lead
department writes its update with the four parts, sees the contribution on its page and consolidates it, the
office sees the matter needing coordination on the dashboard, approves, and the assessment ranks the
departments on its admin page. Each person has their own browser context (their own login)."""

import datetime

import pytest

from commitments.choices import AssessmentBasis, AssessmentMeasure
from commitments.models import AssessmentItem, AssessmentScheme, Contribution, ProgressUpdate

from ..factories import CommitmentFactory, CoResponsibilityFactory
from ..supervision_world import build_world
from .conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-for-tests-123"


def run_action(page, changelist: str, pk: int, action: str) -> None:
    page.goto(changelist)
    page.check(f"input.action-select[value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.locator("ul.messagelist li.success").wait_for()


def test_a_structured_report_with_a_contribution_reaches_the_office(open_page, role_groups, screenshot):
    world = build_world()
    task = CommitmentFactory(
        chapter=world.key_projects.chapter, code="5.1", title="老旧小区改造", lead_department=world.fagai
    )
    CoResponsibilityFactory(commitment=task, department=world.zhujian)
    scheme = AssessmentScheme.objects.create(year=2020, name="2020年度考核", base_score=100)
    AssessmentItem.objects.create(
        scheme=scheme, measure=AssessmentMeasure.REPORTS_ON_TIME, basis=AssessmentBasis.PER_OCCURRENCE, points=1
    )

    # The co-department writes its contribution and submits it to the lead department.
    co = open_page()
    admin_login(co, "zhujian-staff", PASSWORD)
    co.goto("/admin/commitments/contribution/add/")
    co.select_option("#id_commitment", str(task.pk))
    co.fill("#id_as_of", "2020-03-20")
    co.fill("#id_narrative", "完成配套道路设计。")
    co.fill("#id_coordination_needed", "需协调用地指标。")
    co.click("input[name=_save]")
    co.locator("ul.messagelist li.success").wait_for()
    contribution = Contribution.objects.get()
    run_action(co, "/admin/commitments/contribution/", contribution.pk, "submit_contributions")

    # The lead department writes its update with the four parts, sees the contribution and consolidates it.
    lead = open_page()
    admin_login(lead, "fagai-staff", PASSWORD)
    lead.goto("/admin/commitments/progressupdate/add/")
    lead.click("#id_commitment + .select2")
    lead.fill(".select2-search__field", task.code)
    lead.locator(".select2-results__option", has_text=task.title).click()
    lead.fill("#id_as_of", "2020-03-24")
    lead.fill("#id_narrative", "完成改造12个小区。")
    lead.fill("#id_problems", "资金到位慢。")
    lead.fill("#id_next_steps", "四月启动二期。")
    lead.click("input[name=_save]")
    lead.locator("ul.messagelist li.success").wait_for()
    update = ProgressUpdate.objects.get(commitment=task)
    lead.goto(f"/admin/commitments/progressupdate/{update.pk}/change/")
    assert "完成配套道路设计。" in lead.content()
    screenshot(lead, "update-with-contribution")
    run_action(lead, "/admin/commitments/progressupdate/", update.pk, "consolidate_contributions")
    update.refresh_from_db()
    assert update.coordination_needed == "【江城区住房和城乡建设局】需协调用地指标。"
    run_action(lead, "/admin/commitments/progressupdate/", update.pk, "submit_updates")

    # The office sees the matter on the dashboard and approves the update.
    office = open_page()
    admin_login(office, "office", PASSWORD)
    office.goto(f"/dashboard/?report={task.report_id}&as_of=2020-03-31")
    assert "需协调用地指标" in office.locator("table.coordination").inner_text()
    run_action(office, "/admin/commitments/progressupdate/", update.pk, "approve_updates")

    # The assessment ranks the departments with each score's breakdown.
    office.goto(f"/admin/commitments/assessmentscheme/{scheme.pk}/ranking/?as_of={datetime.date(2020, 3, 31)}")
    table = office.locator("#result_list").inner_text()
    assert "江城区发展和改革局" in table and "江城区工业和信息化局" not in table
    screenshot(office, "assessment-ranking")
