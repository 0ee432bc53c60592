"""The review page and the review queue (issue 17): a submitted update's page shows what a reviewer weighs, its
通过 and 退回 buttons call the services (maker-checker included), the next waiting update opens after a
decision; the queue lists the waiting updates oldest first at a fixed number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from commitments import services
from commitments.choices import UpdateState
from commitments.models import Evidence, ProgressUpdate

from .base import approved, checker, day, submitted
from .factories import CommitmentFactory, TargetFactory
from .supervision_world import at

pytestmark = pytest.mark.django_db


def page_of(update: ProgressUpdate) -> str:
    return reverse("admin:commitments_progressupdate_change", args=[update.pk])


QUEUE = reverse("admin:commitments_updatereviewqueue_changelist")


@pytest.fixture
def reviewed(world):
    """world.mine with a target, an approved update (40 of 53) and a submitted one (45 of 53) with evidence."""
    target = TargetFactory(commitment=world.mine, metric="重点项目", unit="个", target_value=Decimal("53"))
    approved(world.reporter, world.mine, day(5, 31), values=[(target, Decimal("40"))], percent=Decimal("30"))
    update = services.update_create(
        user=world.reporter,
        commitment=world.mine,
        as_of=day(6, 30),
        narrative="新开工项目五个，累计开工四十五个。",
        percent=Decimal("45"),
        values=[(target, Decimal("45"))],
        links=[("开工通报", "https://www.jiangcheng.gov.cn/kaigong")],
    )
    services.update_submit(user=world.reporter, update=update)
    return update


def test_the_review_page_shows_what_a_reviewer_weighs(client, world, reviewed):
    client.force_login(world.office)
    response = client.get(page_of(reviewed))
    assert response.status_code == 200
    page = response.content.decode()
    assert world.mine.code in page and world.own.name in page
    assert "新开工项目五个" in page
    assert "重点项目 ≥53个" in page  # the target
    assert ">45<" in page and ">40<" in page and ">+5<" in page  # now, last approved, the change
    assert ">30<" in page and ">+15<" in page  # percent before and its change
    evidence = Evidence.objects.get(update=reviewed)
    assert "https://www.jiangcheng.gov.cn/kaigong" in page and evidence.title in page
    assert 'name="_approve"' in page and 'name="_return"' in page
    assert "通过" in page and "退回" in page


@pytest.mark.parametrize("who", ["reporter", "outsider", "leader"])
def test_only_the_office_gets_the_buttons(client, world, reviewed, who):
    client.force_login(getattr(world, who))
    response = client.get(page_of(reviewed))
    if who == "outsider":
        assert response.status_code in (302, 403, 404)  # not theirs to read
        return
    assert response.status_code == 200
    assert 'name="_approve"' not in response.content.decode()


def test_the_buttons_refuse_the_others(client, world, reviewed):
    client.force_login(world.leader)
    client.post(page_of(reviewed), {"_approve": "1"})
    reviewed.refresh_from_db()
    assert reviewed.state == UpdateState.SUBMITTED


def test_approve_approves_and_opens_the_queue_when_nothing_else_waits(client, world, reviewed):
    client.force_login(world.office)
    response = client.post(page_of(reviewed), {"_approve": "1"}, follow=True)
    reviewed.refresh_from_db()
    assert reviewed.state == UpdateState.APPROVED and reviewed.reviewed_by == world.office
    assert response.redirect_chain[-1][0] == QUEUE
    assert "没有其他待您审核的进展" in response.content.decode()


def test_return_without_a_reason_is_a_form_error(client, world, reviewed):
    client.force_login(world.office)
    response = client.post(page_of(reviewed), {"_return": "1", "note": "  "})
    assert response.status_code == 200
    assert response.context["form"].errors["note"] == ["请填写退回意见。"]
    reviewed.refresh_from_db()
    assert reviewed.state == UpdateState.SUBMITTED


def test_return_with_a_reason_returns_and_opens_the_next_waiting(client, world, reviewed):
    later = submitted(world.reporter, world.shared, day(6, 30))
    client.force_login(world.office)
    response = client.post(page_of(reviewed), {"_return": "1", "note": "请补充开工佐证"})
    assert response.status_code == 302 and response["Location"] == page_of(later)
    reviewed.refresh_from_db()
    assert reviewed.state == UpdateState.RETURNED and reviewed.review_note == "请补充开工佐证"


def test_the_next_waiting_is_the_oldest_submission(client, world, reviewed):
    with at(datetime.date(2020, 7, 3)):
        newer = submitted(world.reporter, world.shared, day(6, 30))
    with at(datetime.date(2020, 7, 2)):
        older = submitted(world.outsider, world.theirs, day(6, 30))
    client.force_login(world.office)
    response = client.post(page_of(reviewed), {"_approve": "1"})
    assert response["Location"] == page_of(older)
    response = client.post(page_of(older), {"_approve": "1"})
    assert response["Location"] == page_of(newer)


def test_maker_checker_refuses_with_a_clear_message(client, world):
    own = submitted(world.office, world.mine, day(6, 30))
    client.force_login(world.office)
    page = client.get(page_of(own)).content.decode()
    assert "另一位人员" in page  # said before the click
    response = client.post(page_of(own), {"_approve": "1"}, follow=True)
    assert "另一位人员" in response.content.decode()
    own.refresh_from_db()
    assert own.state == UpdateState.SUBMITTED
    # Another member of the office approves it.
    client.force_login(checker())
    client.post(page_of(own), {"_approve": "1"})
    own.refresh_from_db()
    assert own.state == UpdateState.APPROVED


def test_a_second_click_on_a_reviewed_update_is_not_a_500(client, world, reviewed):
    client.force_login(world.office)
    client.post(page_of(reviewed), {"_approve": "1"})
    response = client.post(page_of(reviewed), {"_approve": "1"}, follow=True)
    assert response.status_code == 200
    assert "只有已报送的进展可以审核通过" in response.content.decode()


# The queue ----------------------------------------------------------------------------------------------


def test_the_queue_lists_waiting_updates_oldest_first(client, world):
    with at(datetime.date(2020, 7, 3)):
        newer = submitted(world.reporter, world.mine, day(6, 30))
    with at(datetime.date(2020, 7, 2)):
        older = submitted(world.outsider, world.theirs, day(6, 30))
        Evidence.objects.create(update=older, title="通报", url="https://www.jiangcheng.gov.cn/1")
    client.force_login(world.office)
    response = client.get(QUEUE)
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert rows == [older, newer]
    assert [row.evidence_count for row in rows] == [1, 0]
    page = response.content.decode()
    assert world.other.name in page and "进展" in page  # department and narrative excerpt


@pytest.mark.parametrize("who", ["reporter", "outsider", "leader", "viewer"])
def test_the_queue_is_the_offices(client, world, who):
    client.force_login(getattr(world, who))
    assert client.get(QUEUE).status_code == 403


def test_the_queue_is_closed_to_the_anonymous(client):
    assert client.get(QUEUE).status_code == 302


def queue_queries(client, django_assert_max_num_queries, budget: int) -> None:
    with django_assert_max_num_queries(budget):
        assert client.get(QUEUE).status_code == 200


def test_the_queue_costs_the_same_for_5_and_50_rows(client, world, django_assert_max_num_queries):
    client.force_login(world.office)

    def fill(count: int) -> None:
        for _ in range(count):
            update = submitted(
                world.reporter, CommitmentFactory(chapter=world.mine.chapter, lead_department=world.own), day(6, 30)
            )
            Evidence.objects.create(update=update, title="通报", url="https://www.jiangcheng.gov.cn/1")

    fill(5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(QUEUE)
    fill(45)
    with CaptureQueriesContext(connection) as many:
        client.get(QUEUE)
    assert len(many.captured_queries) == len(few.captured_queries)
    queue_queries(client, django_assert_max_num_queries, len(few.captured_queries))


def test_a_returned_updates_page_says_what_to_fix(client, world, reviewed):
    services.update_return(user=world.office, update=reviewed, note="请补充开工佐证")
    client.force_login(world.reporter)
    response = client.get(page_of(reviewed))
    assert response.status_code == 200
    assert "督查室退回：请补充开工佐证" in response.content.decode()
