"""A month of work in a real browser (issue 17), each person in their own browser context:

a reporter writes and submits an update; the office opens its queue from the home's to-do, returns one update
with a reason (after being told a reason is needed) and approves another, the next waiting update opening
after each decision; the reporter sees the return in their to-do, fixes the update and resubmits; a leader
reads the dashboard and downloads the bulletin. The fixtures fail the test on any server error, console
error or request leaving the server. Screenshots at 1366 and 390 px go to test-artifacts/screenshots/.
"""

import importlib

import pytest
from django.apps import apps
from django.core.management import call_command

from commitments import services
from commitments.choices import UpdateState
from commitments.models import Commitment, Leader, ProgressUpdate, Report
from commitments.services.demo import DEMO_DEPARTMENT, DEMO_PASSWORD, demo_users_ensure

from .conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDE, PHONE = {"width": 1366, "height": 768}, {"width": 390, "height": 844}


def shoot(page, screenshot, name: str) -> None:
    """The page at the office's screen width and at a phone's, then back to the office's."""
    page.set_viewport_size(WIDE)
    screenshot(page, f"month-{name}-1366")
    page.set_viewport_size(PHONE)
    screenshot(page, f"month-{name}-390")
    page.set_viewport_size(WIDE)


def submit_from_list(page, update: ProgressUpdate) -> None:
    page.goto("/admin/commitments/progressupdate/")
    page.check(f"input.action-select[value='{update.pk}']")
    page.select_option("select[name=action]", "submit_updates")
    page.click("button[name=index]")
    page.locator("ul.messagelist li.success").wait_for()


def test_a_month_of_work(open_page, screenshot):
    # An earlier transactional test's flush removed the role groups and their model permissions: grant them
    # again as the data migration does, so the reporter may open the update pages whatever ran before.
    importlib.import_module("commitments.migrations.0003_role_groups").create_groups(apps, None)
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    demo_users_ensure()
    from django.contrib.auth import get_user_model

    users = {user.username: user for user in get_user_model().objects.all()}
    report = Report.objects.get(year=2020)
    first, second = (
        Commitment.objects.filter(
            report=report, lead_department__name=DEMO_DEPARTMENT, targets=None, milestones=None, children=None
        )
        .order_by("sort_key")
        .distinct()[:2]
    )
    # The leader's login answers for the second commitment, which is red.
    leader = Leader.objects.create(name="李明", position="副区长", user=users["leader"])
    Commitment.objects.filter(pk=second.pk).update(responsible_leader=leader, rag="red")

    # The reporter writes a draft in the admin and submits it from the list.
    reporter = open_page(viewport=WIDE)
    admin_login(reporter, "reporter", DEMO_PASSWORD)
    assert "部门工作台" in reporter.locator("h1").inner_text()
    reporter.goto("/admin/commitments/progressupdate/add/")
    reporter.click("#id_commitment + .select2")
    reporter.fill(".select2-search__field", first.code)
    reporter.locator(".select2-results__option", has_text=first.title).click()
    reporter.fill("#id_as_of", "2020-09-30")
    reporter.fill("#id_percent", "50")
    reporter.fill("#id_narrative", "完成年度任务的一半。")
    reporter.click("input[name=_save]")
    reporter.locator("ul.messagelist li.success").wait_for()
    written = ProgressUpdate.objects.get(commitment=first)
    submit_from_list(reporter, written)
    # A second update, written and submitted through the services, waits behind it.
    other = services.update_create(
        user=users["reporter"], commitment=second, as_of=report.delivered_on, narrative="已完成前期工作。"
    )
    services.update_submit(user=users["reporter"], update=other)

    # The office: the home counts two updates to review, the to-do opens the queue, oldest first.
    office = open_page(viewport=WIDE)
    admin_login(office, "supervisor", DEMO_PASSWORD)
    assert office.locator("h1").inner_text() == "督查室工作台"
    assert "2 条待审核" in office.locator("#tracker-header-todo").inner_text()
    shoot(office, screenshot, "office-home")
    office.click("#tracker-todo a.tracker-todo__review")
    office.wait_for_url("**/updatereviewqueue/")
    rows = office.locator("#result_list tbody tr")
    rows.first.wait_for()
    assert rows.count() == 2 and first.code in rows.first.inner_text()
    shoot(office, screenshot, "queue")

    # The first: returned, after the page says a reason is needed.
    rows.first.locator("a").first.click()
    office.wait_for_url(f"**/progressupdate/{written.pk}/change/")
    assert "完成年度任务的一半" in office.locator("#content-main").inner_text()
    shoot(office, screenshot, "review")
    office.click("input[name=_return]")
    office.locator(".errorlist").wait_for()
    assert office.locator(".errorlist").inner_text() == "请填写退回意见。"
    office.fill("textarea[name=note]", "请补充项目开工的佐证材料。")
    office.click("input[name=_return]")
    # The next waiting update opens: approved.
    office.wait_for_url(f"**/progressupdate/{other.pk}/change/")
    office.click("input[name=_approve]")
    office.wait_for_url("**/updatereviewqueue/")
    assert "没有其他待您审核的进展" in office.locator("ul.messagelist").inner_text()
    written.refresh_from_db()
    other.refresh_from_db()
    assert written.state == UpdateState.RETURNED and other.state == UpdateState.APPROVED

    # The reporter sees the return in the to-do and the notifications, fixes the update and resubmits.
    reporter.goto("/admin/")
    assert "1 条被退回" in reporter.locator("#tracker-header-todo").inner_text()
    assert "请补充项目开工的佐证材料" in reporter.locator("#tracker-notifications").inner_text()
    shoot(reporter, screenshot, "reporter-home")
    reporter.click("#tracker-todo a.tracker-todo__returned")
    reporter.wait_for_url("**/progressupdate/?state__exact=returned")
    reporter.locator("#result_list tbody tr a").first.click()
    reporter.wait_for_url(f"**/progressupdate/{written.pk}/change/**")
    reporter.fill("#id_narrative", "完成年度任务的一半，开工通报已附。")
    reporter.click("input[name=_continue]")
    reporter.locator("ul.messagelist li.success").wait_for()
    submit_from_list(reporter, written)
    written.refresh_from_db()
    assert written.state == UpdateState.SUBMITTED
    reporter.goto("/admin/commitments/commitment/")
    reporter.locator("#changelist-filter").wait_for()
    assert "我的任务" in reporter.locator("#changelist-filter").inner_text()
    shoot(reporter, screenshot, "reporter-tasks")

    # The leader: their portfolio's red item on the home, the dashboard and the bulletin.
    leader_page = open_page(viewport=WIDE)
    admin_login(leader_page, "leader", DEMO_PASSWORD)
    assert leader_page.locator("h1").inner_text() == "领导工作台"
    assert "1 项红灯" in leader_page.locator("#tracker-header-todo").inner_text()
    shoot(leader_page, screenshot, "leader-home")
    leader_page.goto("/dashboard/")
    shoot(leader_page, screenshot, "dashboard")
    with leader_page.expect_download() as download:
        leader_page.click("a.download")
    assert download.value.suggested_filename.endswith(".docx")
