"""The public site: `/` and `/commitments/<id>/`. Published reports and approved updates only."""

import datetime
import re
from decimal import Decimal

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from commitments.choices import CommitmentStatus, Comparator, Rag, UpdateState
from commitments.models import Commitment, Report
from commitments.pages import PAGE_SIZE

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    LeaderFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportedValueFactory,
    ReportFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("pages:commitment_list")


def detail_url(commitment: Commitment) -> str:
    return reverse("pages:commitment_detail", args=[commitment.pk])


@pytest.fixture
def world():
    """A published report with two chapters and three commitments, and an unpublished report with one."""
    report = ReportFactory(title="2020年测试区政府工作报告", year=2020)
    economy = ChapterFactory(report=report, number=1, title="经济发展")
    livelihood = ChapterFactory(report=report, number=2, title="民生保障")
    roads, schools = DepartmentFactory(name="测试区交通运输局"), DepartmentFactory(name="测试区教育局")
    projects = CommitmentFactory(
        chapter=economy,
        code="1.1.1",
        title="完成53个重点项目建设",
        lead_department=roads,
        status=CommitmentStatus.IN_PROGRESS,
        progress=Decimal("40"),
        rag=Rag.AMBER,
    )
    highway = CommitmentFactory(
        chapter=economy,
        code="1.1.2",
        title="建成沿海公路",
        lead_department=roads,
        status=CommitmentStatus.COMPLETED,
        progress=Decimal("100"),
        rag=Rag.COMPLETED,
    )
    school = CommitmentFactory(chapter=livelihood, code="2.1.1", title="新建一所学校", lead_department=schools)
    CoResponsibilityFactory(commitment=school, department=roads)
    hidden_report = ReportFactory(title="2021年未公布的报告", year=2021, published=False)
    hidden = CommitmentFactory(
        chapter=ChapterFactory(report=hidden_report, number=1, title="未公布的章节"),
        code="1.1.1",
        title="尚未公布的承诺",
        lead_department=roads,
    )
    return {
        "report": report,
        "economy": economy,
        "livelihood": livelihood,
        "roads": roads,
        "schools": schools,
        "projects": projects,
        "highway": highway,
        "school": school,
        "hidden_report": hidden_report,
        "hidden": hidden,
    }


def codes(response) -> list[str]:
    return [c.code for c in response.context["page_obj"].object_list]


# The list


def test_list_shows_the_published_report_grouped_by_chapter(client, world):
    response = client.get(LIST_URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert world["report"].title in html
    assert codes(response) == ["1.1.1", "1.1.2", "2.1.1"]
    html = html[html.index('<section class="chapter">') :]  # past the filter's chapter choices
    assert (
        html.index("经济发展")
        < html.index("完成53个重点项目建设")
        < html.index("民生保障")
        < html.index("新建一所学校")
    )


def test_list_row_shows_status_rag_and_progress_bar(client, world):
    html = client.get(LIST_URL).content.decode()
    row = html[html.index("完成53个重点项目建设") - 400 : html.index("完成53个重点项目建设") + 900]
    assert "rag-amber" in row
    assert "status-in_progress" in row
    assert 'aria-valuenow="40.00"' in row
    assert "width:40.00%" in row


def test_list_never_shows_an_unpublished_report(client, world):
    html = client.get(LIST_URL).content.decode()
    assert "尚未公布的承诺" not in html
    assert world["hidden_report"].title not in html


def test_list_of_an_unpublished_report_is_not_found(client, world):
    assert client.get(LIST_URL, {"report": world["hidden_report"].pk}).status_code == 404


def test_list_of_an_unknown_report_is_not_found(client, world):
    assert client.get(LIST_URL, {"report": 999999}).status_code == 404
    assert client.get(LIST_URL, {"report": "abc"}).status_code == 404


def test_list_picks_the_newest_published_report_and_another_by_parameter(client, world):
    newer = ReportFactory(title="2021年测试区政府工作报告", year=2021)
    CommitmentFactory(chapter=ChapterFactory(report=newer, number=1), code="9.9.9")
    assert codes(client.get(LIST_URL)) == ["9.9.9"]
    assert codes(client.get(LIST_URL, {"report": world["report"].pk})) == ["1.1.1", "1.1.2", "2.1.1"]


def test_list_without_a_published_report_says_so(client):
    ReportFactory(published=False)
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert "commitments/no_report.html" in [t.name for t in response.templates]


def test_filter_by_chapter(client, world):
    assert codes(client.get(LIST_URL, {"chapter": world["livelihood"].pk})) == ["2.1.1"]


def test_filter_by_status(client, world):
    assert codes(client.get(LIST_URL, {"status": CommitmentStatus.COMPLETED})) == ["1.1.2"]


def test_filter_by_department_matches_lead_and_co_responsible(client, world):
    assert codes(client.get(LIST_URL, {"department": world["roads"].pk})) == ["1.1.1", "1.1.2", "2.1.1"]
    assert codes(client.get(LIST_URL, {"department": world["schools"].pk})) == ["2.1.1"]


def test_department_filter_offers_only_the_reports_departments(client, world):
    DepartmentFactory(name="测试区无关局")
    choices = [label for _, label in client.get(LIST_URL).context["form"].fields["department"].choices]
    assert "测试区交通运输局" in choices
    assert "测试区无关局" not in choices


def test_search_matches_title_code_and_quote(client, world):
    assert codes(client.get(LIST_URL, {"q": "公路"})) == ["1.1.2"]
    assert codes(client.get(LIST_URL, {"q": "2.1.1"})) == ["2.1.1"]
    world["school"].source_text = "确保秋季学期开学使用。"
    world["school"].save()
    assert codes(client.get(LIST_URL, {"q": "秋季学期"})) == ["2.1.1"]


def test_search_words_must_all_match(client, world):
    assert codes(client.get(LIST_URL, {"q": "沿海 公路"})) == ["1.1.2"]
    assert codes(client.get(LIST_URL, {"q": "沿海 学校"})) == []


def test_filters_combine(client, world):
    params = {"department": world["roads"].pk, "chapter": world["economy"].pk, "status": CommitmentStatus.IN_PROGRESS}
    assert codes(client.get(LIST_URL, params)) == ["1.1.1"]


def test_no_match_says_so(client, world):
    response = client.get(LIST_URL, {"q": "不存在的词"})
    assert codes(response) == []
    assert '<p class="empty">' in response.content.decode()


def test_invalid_filter_values_are_ignored(client, world):
    response = client.get(LIST_URL, {"chapter": "abc", "status": "bogus", "department": 999999})
    assert response.status_code == 200
    assert codes(response) == ["1.1.1", "1.1.2", "2.1.1"]


def test_a_chapter_of_another_report_is_not_a_valid_filter(client, world):
    response = client.get(LIST_URL, {"chapter": world["hidden"].chapter_id})
    assert codes(response) == ["1.1.1", "1.1.2", "2.1.1"]


def test_pagination_pages_through_in_code_order_and_keeps_the_filters(client, world):
    chapter = world["economy"]
    for n in range(PAGE_SIZE + 5):
        CommitmentFactory(chapter=chapter, code=f"1.2.{n + 1}", lead_department=world["roads"])
    first = client.get(LIST_URL, {"department": world["roads"].pk})
    assert len(codes(first)) == PAGE_SIZE
    assert codes(first)[:3] == ["1.1.1", "1.1.2", "1.2.1"]
    html = first.content.decode()
    assert re.search(r'href="\?department=\d+&amp;page=2"', html), "the next-page link keeps the filter"
    second = client.get(LIST_URL, {"department": world["roads"].pk, "page": 2})
    assert codes(second) == ["1.2.29", "1.2.30", "1.2.31", "1.2.32", "1.2.33", "1.2.34", "1.2.35", "2.1.1"]
    assert client.get(LIST_URL, {"page": 99}).context["page_obj"].number == 2
    assert client.get(LIST_URL, {"page": "x"}).context["page_obj"].number == 1


def test_list_is_in_chinese_by_default_and_switches_to_english(client, world):
    assert 'lang="zh-hans"' in client.get(LIST_URL).content.decode()
    assert "搜索" in client.get(LIST_URL).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": LIST_URL})
    assert response.status_code == 302
    html = client.get(LIST_URL).content.decode()
    assert '<html lang="en">' in html
    assert "Search" in html


# The detail page


@pytest.fixture
def detailed(world):
    commitment = world["projects"]
    commitment.responsible_leader = LeaderFactory(name="王副区长")
    commitment.source_text = "确保完成53个重点项目建设，完成年度投资32亿元。"
    commitment.save()
    CoResponsibilityFactory(commitment=commitment, department=world["schools"])
    TargetFactory(
        commitment=commitment,
        metric="重点项目数",
        unit="个",
        comparator=Comparator.AT_LEAST,
        target_value=Decimal("53"),
        current_value=Decimal("20"),
    )
    MilestoneFactory(commitment=commitment, title="完成项目立项", completed_on=datetime.date(2020, 3, 31))
    MilestoneFactory(commitment=commitment, title="全部竣工", due_date=datetime.date(2020, 12, 31))
    approved = ProgressUpdateFactory(
        commitment=commitment,
        state=UpdateState.APPROVED,
        as_of=datetime.date(2020, 6, 30),
        percent=Decimal("40"),
        narrative="已开工20个项目。",
    )
    ReportedValueFactory(update=approved, target=commitment.targets.get(), value=Decimal("20"))
    for state, words in [
        (UpdateState.DRAFT, "草稿中的内容"),
        (UpdateState.SUBMITTED, "待审核的内容"),
        (UpdateState.RETURNED, "被退回的内容"),
    ]:
        ProgressUpdateFactory(commitment=commitment, state=state, narrative=words, percent=Decimal("90"))
    return commitment


def test_detail_shows_quote_owners_schedule_targets_and_milestones(client, detailed):
    html = client.get(detail_url(detailed)).content.decode()
    assert "确保完成53个重点项目建设，完成年度投资32亿元。" in html
    assert "测试区交通运输局" in html and "测试区教育局" in html
    assert "王副区长" in html
    assert "2020-12-31" in html
    assert "重点项目数" in html and "53个" in html and "20个" in html
    assert 'aria-valuenow="37.74"' in html, "the target's progress is 20 of 53"
    assert "完成项目立项" in html and "2020年3月31日" in html and "全部竣工" in html


def test_detail_timeline_shows_approved_updates_only(client, detailed):
    html = client.get(detail_url(detailed)).content.decode()
    assert "已开工20个项目。" in html
    for words in ["草稿中的内容", "待审核的内容", "被退回的内容"]:
        assert words not in html
    assert "90%" not in html


def test_detail_draws_the_progress_history_as_svg_with_a_table(client, detailed):
    ProgressUpdateFactory(
        commitment=detailed, state=UpdateState.APPROVED, as_of=datetime.date(2020, 9, 30), percent=Decimal("70")
    )
    html = client.get(detail_url(detailed)).content.decode()
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert "<td>40%</td>" in html and "<td>70%</td>" in html


def test_detail_of_an_unpublished_report_is_not_found(client, world):
    assert client.get(detail_url(world["hidden"])).status_code == 404


def test_detail_of_an_unknown_commitment_is_not_found(client, world):
    assert client.get(reverse("pages:commitment_detail", args=[999999])).status_code == 404


def test_detail_becomes_public_when_its_report_is_published(client, world):
    Report.objects.filter(pk=world["hidden_report"].pk).update(published=True)
    assert client.get(detail_url(world["hidden"])).status_code == 200


# Query budgets: the same for 5 and for 50 commitments.


def build_report(size: int) -> Report:
    report = ReportFactory()
    chapters = [ChapterFactory(report=report, number=n + 1) for n in range(3)]
    departments = [DepartmentFactory() for _ in range(3)]
    for n in range(size):
        commitment = CommitmentFactory(
            chapter=chapters[n % 3], code=f"{n % 3 + 1}.1.{n + 1}", lead_department=departments[n % 3]
        )
        CoResponsibilityFactory(commitment=commitment, department=departments[(n + 1) % 3])
        TargetFactory(commitment=commitment, current_value=Decimal(n))
        MilestoneFactory(commitment=commitment)
        update = ProgressUpdateFactory(commitment=commitment, state=UpdateState.APPROVED, percent=Decimal(10))
        ReportedValueFactory(update=update, target=commitment.targets.get())
    return report


def count_queries(client, url: str, params: dict | None = None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, params or {}).status_code == 200
    return len(queries)


def test_list_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    small = count_queries(client, LIST_URL, {"report": build_report(5).pk})
    big_report = build_report(50)
    assert count_queries(client, LIST_URL, {"report": big_report.pk}) == small
    first = big_report.commitments.first()
    params = {"report": big_report.pk, "chapter": first.chapter_id, "department": first.lead_department_id, "q": "推进"}
    # report, chapter and department (cleaning the form), count, page, chapters and departments (choices)
    with django_assert_max_num_queries(7):
        client.get(LIST_URL, params)


def test_detail_costs_a_bounded_number_of_queries(client, django_assert_max_num_queries):
    small = build_report(5).commitments.first()
    big = build_report(50).commitments.first()
    for extra in range(10):  # more updates and targets on one commitment cost no more queries
        TargetFactory(commitment=big)
        ProgressUpdateFactory(commitment=big, state=UpdateState.APPROVED, percent=Decimal(extra))
    assert count_queries(client, detail_url(big)) == count_queries(client, detail_url(small))
    # commitment + report/chapter/owners, co-departments, targets, milestones, updates, their values, sub-items,
    # status decisions
    with django_assert_max_num_queries(8):
        client.get(detail_url(big))


class TestPagesOnTheFixture(TestCase):
    """The 2020 Jiangcheng report as the public sees it."""

    fixtures = ["jiangcheng_2020"]

    def test_list_page_with_its_css_stays_under_200_kb(self):
        response = self.client.get(LIST_URL)
        assert response.status_code == 200
        html = len(response.content)
        css = sum(len(open(finders.find(path), "rb").read()) for path in ["commitments/site.css"])
        js = 0  # the public site has no script
        assert "<script" not in response.content.decode()
        assert html + css + js < 200 * 1024, f"{html} + {css} + {js} bytes"

    def test_every_commitment_page_renders(self):
        for pk in Commitment.objects.values_list("pk", flat=True):
            assert self.client.get(reverse("pages:commitment_detail", args=[pk])).status_code == 200

    def test_list_pages_cover_all_commitments(self):
        seen = []
        for page in range(1, 108 // PAGE_SIZE + 2):
            seen += [c.code for c in self.client.get(LIST_URL, {"page": page}).context["page_obj"].object_list]
        assert len(seen) == len(set(seen)) == 108
