"""The whole loop in a real browser, as the people who use it would go through it.

A supervisor edits a commitment's due date in the admin; a department reporter writes an update and
submits it; the supervisor approves it with the admin action; the leaders' dashboard and the public pages
then show the new progress. Each person has their own browser context (their own login).
"""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from commitments import display
from commitments.choices import UpdateState
from commitments.models import Commitment, ProgressUpdate, Report
from commitments.selectors import progress_summary
from commitments.services.demo import DEMO_DEPARTMENT, DEMO_PASSWORD, demo_users_ensure

from .conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_action(page, changelist: str, update: ProgressUpdate, action: str) -> None:
    """Ticks the update's row on an admin list and runs an admin action on it."""
    page.goto(changelist)
    page.check(f"input.action-select[value='{update.pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    page.locator("ul.messagelist li.success").wait_for()


def figure(page, label: str) -> str:
    return page.locator(".figure", has_text=label).locator(".value").inner_text()


def test_update_goes_from_reporter_to_public_pages(open_page, screenshot):
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    demo_users_ensure()
    report = Report.objects.get(year=2020)
    # A commitment of the reporter's department whose progress is the percent it reports.
    commitment = (
        Commitment.objects.filter(
            report=report, lead_department__name=DEMO_DEPARTMENT, targets=None, milestones=None, children=None
        )
        .order_by("sort_key")
        .first()
    )
    changelist = "/admin/commitments/progressupdate/"

    # The supervisor moves the due date forward.
    supervisor = open_page()
    admin_login(supervisor, "supervisor", DEMO_PASSWORD)
    supervisor.goto(f"/admin/commitments/commitment/{commitment.pk}/change/")
    supervisor.fill("#id_due_date", "2020-11-30")
    supervisor.click("input[name=_continue]")
    supervisor.locator("ul.messagelist li.success").wait_for()
    commitment.refresh_from_db()
    assert commitment.due_date == datetime.date(2020, 11, 30)
    assert supervisor.input_value("#id_due_date") == "2020/11/30"  # the Chinese date format
    screenshot(supervisor, "admin-commitment")

    supervisor.goto("/dashboard/")
    assert figure(supervisor, "平均进度") == "0%"

    # The reporter writes a draft and submits it.
    reporter = open_page()
    admin_login(reporter, "reporter", DEMO_PASSWORD)
    reporter.goto(f"{changelist}add/")
    # The commitment is found in a search box (the admin's autocomplete), not a list of every commitment.
    reporter.click("#id_commitment + .select2")
    reporter.fill(".select2-search__field", commitment.code)
    reporter.locator(".select2-results__option", has_text=commitment.title).click()
    assert reporter.input_value("#id_commitment") == str(commitment.pk)
    reporter.fill("#id_as_of", "2020-09-30")
    reporter.fill("#id_percent", "60")
    reporter.fill("#id_narrative", "已完成全年任务的六成，重点企业复工率达到百分之百。")
    reporter.click("input[name=_save]")
    reporter.locator("ul.messagelist li.success").wait_for()
    update = ProgressUpdate.objects.get(commitment=commitment)
    assert update.state == UpdateState.DRAFT
    run_action(reporter, changelist, update, "submit_updates")
    update.refresh_from_db()
    assert update.state == UpdateState.SUBMITTED

    # Not public before it is approved.
    visitor = open_page()
    visitor.goto(f"/commitments/{commitment.pk}/")
    assert "重点企业复工率" not in visitor.content()

    # The supervisor approves it.
    run_action(supervisor, changelist, update, "approve_updates")
    update.refresh_from_db()
    commitment.refresh_from_db()
    assert update.state == UpdateState.APPROVED
    assert commitment.progress == Decimal("60")

    # The dashboard shows the new figures, the summary's as of today.
    supervisor.goto("/dashboard/")
    summary = progress_summary(report=report, as_of=timezone.localdate())
    assert summary.mean_progress > 0
    assert figure(supervisor, "平均进度") == display.percent(summary.mean_progress)
    assert supervisor.locator("figure.chart svg").count() == 6
    # The figures and charts; the lists below run long when, as of today, every 2020 item is overdue.
    supervisor.set_viewport_size({"width": 1280, "height": 1900})
    screenshot(supervisor, "dashboard", full_page=False)
    # On paper: the charts stay, the navigation, the picker and the data-table toggles go.
    supervisor.emulate_media(media="print")
    assert supervisor.locator("figure.chart svg").first.is_visible()
    assert not supervisor.locator("header.site").is_visible()
    assert not supervisor.locator("form.asof").is_visible()
    screenshot(supervisor, "dashboard-print", full_page=False)
    supervisor.emulate_media(media="screen")

    # The public list and page show the progress and the update.
    visitor.goto(f"/?department={commitment.lead_department_id}")
    row = visitor.locator("li.commitment", has_text=commitment.title)
    assert row.locator(".pct").inner_text() == "60%"
    assert row.locator(".bar span").bounding_box()["width"] > 0
    screenshot(visitor, "public-list")
    visitor.goto(f"/commitments/{commitment.pk}/")
    assert visitor.locator(".progress.large .pct").inner_text() == "60%"
    assert "重点企业复工率" in visitor.locator("ol.timeline").inner_text()
    assert "2020年11月30日" in visitor.locator("dl.facts").inner_text()
    screenshot(visitor, "public-detail")
