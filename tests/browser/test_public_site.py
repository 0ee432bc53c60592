"""The public site in a real browser: Chinese text, progress bars, filters, the language switch, a phone."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from commitments.choices import CommitmentStatus, Rag, UpdateState
from commitments.models import Commitment, ProgressUpdate

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def published_report():
    """The 2020 Jiangcheng report with some progress recorded and one approved update."""
    call_command("loaddata", "jiangcheng_2020", verbosity=0)
    first = Commitment.objects.get(code="1.1.1")
    Commitment.objects.filter(chapter__number=1).update(
        status=CommitmentStatus.IN_PROGRESS, progress=Decimal("60"), rag=Rag.GREEN
    )
    Commitment.objects.filter(code="2.3.1").update(status=CommitmentStatus.IN_PROGRESS, progress=35, rag=Rag.AMBER)
    for as_of, percent in [(datetime.date(2020, 6, 30), 30), (datetime.date(2020, 9, 30), 60)]:
        ProgressUpdate.objects.create(
            commitment=first, as_of=as_of, percent=percent, state=UpdateState.APPROVED, narrative="疫情防控常态化。"
        )
    ProgressUpdate.objects.create(commitment=first, as_of=datetime.date(2020, 10, 31), narrative="草稿，不应公开")
    return first


def test_public_list_and_detail_in_chinese(page, screenshot, published_report):
    page.goto("/")
    assert page.locator("h1").inner_text() == "2020年江城区政府工作报告"
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert page.get_by_label("章节").is_visible()
    bar = page.locator("li.commitment").first.locator(".bar span")
    assert bar.bounding_box()["width"] > 0, "the progress bar is drawn"
    screenshot(page, "public-site-list")

    page.get_by_label("章节").select_option(label="2. 聚焦产业发展强实力，实现更高质量的发展")
    page.get_by_role("button", name="筛选").click()
    assert page.locator("section.chapter h2").all_inner_texts() == ["2. 聚焦产业发展强实力，实现更高质量的发展"]

    page.goto("/")
    page.get_by_role("link", name="1.1.1").first.click()
    page.wait_for_url(f"**/commitments/{published_report.pk}/")
    assert "外防输入、内防反弹" in page.locator("blockquote.source").inner_text()
    assert page.locator("figure.chart svg").is_visible(), "the progress history is drawn"
    assert page.locator("ol.timeline li").count() == 2
    assert "草稿" not in page.content()
    screenshot(page, "public-site-detail")


def test_language_switch_keeps_the_page(page, published_report):
    page.goto(f"/commitments/{published_report.pk}/")
    page.get_by_role("button", name="English").click()
    page.wait_for_url(f"**/commitments/{published_report.pk}/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="What the report says").is_visible()
    page.get_by_role("button", name="简体中文").click()
    assert page.get_by_role("heading", name="报告原文").is_visible()


def test_public_list_fits_a_phone(phone, screenshot, published_report):
    phone.goto("/")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    assert phone.locator("li.commitment").first.is_visible()
    screenshot(phone, "public-site-phone", full_page=False)
