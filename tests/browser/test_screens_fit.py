"""Screens that fit (issue 17): the office's main pages at 1366 px (the common office screen) without a sideways
scroll, the dashboard and the public pages at 390 px (a phone), the dashboard's chart labels at least 11 px
on the phone. The fixtures of conftest.py fail a test on a console error, an HTTP error (a 500 included) or
any request leaving the server. Screenshots go to test-artifacts/screenshots/fit-*.png.
"""

import datetime
from decimal import Decimal
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from commitments import services
from commitments.models import Commitment, Report
from commitments.services.demo import DEMO_PASSWORD, demo_users_ensure

from .conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
OFFICE = {"width": 1366, "height": 768}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}

# Every element that scrolls sideways on its own, besides the page: a list's results box scrolling hides
# its right-hand columns as surely as the page scrolling would. A chart's frame is allowed to (see site.css).
OVERFLOW = """() => {
  const page = document.documentElement.scrollWidth - window.innerWidth;
  const boxes = [...document.querySelectorAll('.results, .inline-group, #content-main, main')]
    .filter(el => el.scrollWidth > el.clientWidth + 1)
    .map(el => `${el.tagName}.${el.className} ${el.scrollWidth}>${el.clientWidth}`);
  return {page, boxes};
}"""
SMALLEST_CHART_LABEL = """() => Math.min(...[...document.querySelectorAll('figure.chart svg text')].map(text => {
  const svg = text.ownerSVGElement;
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  return parseFloat(getComputedStyle(text).fontSize) * scale;
}))"""


@pytest.fixture
def month_of_work():
    """The 2020 report with a month of work: a reporter's update approved with a target value, another
    returned, and the office's edit of a commitment (so its history and figures are not empty)."""
    # A transactional test before this one flushed the roles' groups and their permissions: made again as
    # their migration makes them, so the office's pages open (the end-to-end test runs first and needs not).
    import_module("commitments.migrations.0003_role_groups").create_groups(django_apps, None)
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    demo_users_ensure()
    users = get_user_model().objects
    reporter, supervisor = users.get(username="reporter"), users.get(username="supervisor")
    admin = users.get(username="admin")
    commitment = Commitment.objects.get(code="2.3.1", report__year=2020)  # 53 key projects, two targets
    target = commitment.targets.get(unit="个")
    update = services.update_create(
        user=reporter,
        commitment=commitment,
        as_of=datetime.date(2020, 6, 30),
        narrative="上半年新开工重点项目29个，完成投资17.6亿元。",
        values=[(target, Decimal("29.3089"))],
        links=["http://127.0.0.1/evidence.pdf"],
    )
    services.update_submit(user=reporter, update=update)
    services.update_approve(user=supervisor, update=update)
    returned = services.update_create(
        user=reporter, commitment=commitment, as_of=datetime.date(2020, 9, 30), narrative="三季度推进情况。"
    )
    services.update_submit(user=reporter, update=returned)
    services.update_return(user=admin, update=returned, note="请补充佐证材料")
    commitment.refresh_from_db()
    services.commitment_update(user=supervisor, commitment=commitment, data={"due_date": datetime.date(2020, 11, 30)})
    return commitment, update


def assert_fits(page, url: str) -> None:
    overflow = page.evaluate(OVERFLOW)
    assert overflow["page"] <= 0, f"{url} is {overflow['page']} px too wide at {page.viewport_size['width']} px"
    assert not overflow["boxes"], f"{url} scrolls sideways inside: {overflow['boxes']}"


def visit(page, url: str, screenshot, name: str) -> None:
    response = page.goto(url)
    assert response.status == 200, url
    page.wait_for_load_state("networkidle")
    assert_fits(page, url)
    screenshot(page, f"fit-{name}")


def test_the_office_pages_fit_1366(open_page, screenshot, month_of_work):
    commitment, update = month_of_work
    page = open_page(viewport=OFFICE)
    admin_login(page, "supervisor", DEMO_PASSWORD)
    visit(page, "/admin/commitments/commitment/", screenshot, "1366-commitment-list")
    # Progress, the RAG colour and the overdue flag are on screen, not behind a scroll.
    width = page.viewport_size["width"]
    for header in ("th.column-progress_bar", "th.column-rag_badge", "th.column-due_with_flag"):
        box = page.locator(header).bounding_box()
        assert box and box["x"] + box["width"] <= width, header
    assert page.locator("#result_list .tracker-flag--overdue").first.is_visible()
    visit(page, f"/admin/commitments/commitment/{commitment.pk}/change/", screenshot, "1366-commitment")
    # The figures as people write them: no 53.0000 nor 29.3089个 on the commitment's page.
    text = page.locator("#content").inner_text()
    assert "53.0000" not in text and "29.3089" not in text and "29个" in text
    assert page.input_value("#id_targets-0-target_value") in {"53", "32"}
    visit(page, f"/admin/commitments/progressupdate/{update.pk}/change/", screenshot, "1366-update")
    visit(page, "/admin/", screenshot, "1366-office-home")  # the to-do
    visit(page, "/admin/commitments/updatereviewqueue/", screenshot, "1366-review-queue")
    visit(page, "/admin/commitments/reportingcompleteness/", screenshot, "1366-completeness")
    # The period of the report's year, in the form a date input takes (it was left blank).
    assert page.input_value("input[name=start]") == "2020-01-01"
    assert page.input_value("input[name=end]") == "2020-12-31"
    visit(page, f"/admin/commitments/commitment/{commitment.pk}/history/", screenshot, "1366-history")
    assert "完成时限：由“2020年12月31日”改为“2020年11月30日”" in page.locator("#change-history").inner_text()
    visit(page, "/dashboard/", screenshot, "1366-dashboard")
    assert page.input_value("input[name=as_of]") == "2020-12-31"


def test_the_dashboard_fits_a_phone_with_readable_charts(open_page, screenshot, month_of_work):
    page = open_page(**PHONE)
    admin_login(page, "leader", DEMO_PASSWORD)
    visit(page, "/dashboard/", screenshot, "390-dashboard")
    assert page.locator("figure.chart svg").count() >= 6
    assert page.evaluate(SMALLEST_CHART_LABEL) >= 11


def test_the_public_pages_fit_a_phone_and_an_office_screen(open_page, screenshot, month_of_work):
    commitment, _update = month_of_work
    Report.objects.filter(year=2020).update(published=True)
    for name, options in (("390", PHONE), ("1366", {"viewport": OFFICE})):
        page = open_page(**options)
        visit(page, "/", screenshot, f"{name}-public-list")
        visit(page, f"/commitments/{commitment.pk}/", screenshot, f"{name}-public-commitment")
        facts = page.locator("dl.facts").inner_text()
        assert "2020年11月30日" in facts
        assert "29个" in page.locator("ol.timeline").inner_text()
