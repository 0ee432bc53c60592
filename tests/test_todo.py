"""Each role's to-do (issue 17): the counts of selectors/todo.py for the office, a department's reporter (own
and other department), a leader and the anonymous; the admin home titled for the role with each count linked
to the list it counts; the header's counts; a reporter's task list opening on 我的任务."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from commitments import services
from commitments.choices import Rag
from commitments.models import Commitment
from commitments.selectors.todo import TodoKey, report_due_commitments, todo_for
from commitments.supervision import services as supervision_services
from commitments.supervision.notices import notice_accept, notice_issue, notice_reply, notice_send_back

from .base import day, submitted
from .factories import CommitmentFactory, LeaderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def busy(world):
    """One update waiting for review, one returned to `own`, a task contested by `own`, a task waiting for
    `other`'s acceptance, and a red commitment in the leader's portfolio."""
    submitted(world.reporter, world.mine, day(6, 30))
    returned = submitted(world.reporter, world.shared, day(6, 30))
    services.update_return(user=world.office, update=returned, note="补充佐证")
    issued = supervision_services.acceptances_issue(user=world.office, commitments=[world.mine, world.theirs])
    mine = next(acceptance for acceptance in issued if acceptance.commitment_id == world.mine.pk)
    supervision_services.acceptance_contest(
        user=world.reporter, acceptance=mine, reason_kind="other", reason="不是本部门职责"
    )
    leader = LeaderFactory(user=world.leader)
    Commitment.objects.filter(pk=world.theirs.pk).update(responsible_leader=leader, rag=Rag.RED)
    Commitment.objects.filter(pk=world.mine.pk).update(responsible_leader=leader, rag=Rag.GREEN)
    return world


def test_the_office_counts_updates_to_review_and_contested_tasks(busy):
    todo = todo_for(busy.office)
    assert todo.counts == {TodoKey.REVIEW: 1, TodoKey.CONTESTED: 1, TodoKey.REPLIES_OVERDUE: 0}
    assert todo.unread == 3  # the submissions of the two updates, the contested task


def test_the_office_does_not_count_what_it_may_not_approve(world):
    submitted(world.office, world.mine, day(6, 30))  # maker-checker: another member approves it
    assert todo_for(world.office).counts[TodoKey.REVIEW] == 0


REPLY_DUE = day(10, 15)


def notice(world, commitment=None, *, reply_due=REPLY_DUE):
    """A 督办单 issued on 30 September (three quarters gone, nothing reported: the task is red)."""
    return notice_issue(
        user=world.office,
        commitment=commitment or world.mine,
        required_actions="加快进度",
        reply_due=reply_due,
        issued_on=day(9, 30),
    )


def test_the_office_counts_notices_whose_reply_is_overdue(world):
    notice(world)  # unanswered
    notice(world, world.theirs, reply_due=day(10, 20))  # not due yet on 16 October
    answered = notice(world, world.shared)  # led by `other`: its staff reply
    notice_reply(user=world.outsider, notice=answered, reply="已整改")
    sent_back = notice(world, world.shared)
    notice_reply(user=world.outsider, notice=sent_back, reply="已整改")
    notice_send_back(user=world.office, notice=sent_back, note="未见佐证")  # owed again, past its deadline
    count = lambda on: todo_for(world.office, on=on).counts[TodoKey.REPLIES_OVERDUE]  # noqa: E731
    assert count(day(10, 15)) == 0  # the deadline itself is still in time
    assert count(day(10, 16)) == 2  # unanswered and sent back
    assert count(day(10, 21)) == 3
    notice_reply(user=world.outsider, notice=sent_back, reply="补充佐证")
    notice_accept(user=world.office, notice=sent_back)
    assert count(day(10, 16)) == 1  # the unanswered one
    # Only the office has this count.
    assert TodoKey.REPLIES_OVERDUE not in todo_for(world.reporter, on=day(10, 16)).counts


def test_a_reporter_counts_their_departments_work(busy):
    todo = todo_for(busy.reporter, on=day(7, 1))
    assert todo.department == busy.own
    # mine and shared (co-responsible) owe June's report; shared came back; the contested task is answered.
    assert todo.counts == {TodoKey.REPORT_DUE: 2, TodoKey.RETURNED: 1, TodoKey.TO_ACCEPT: 0}
    assert todo.unread == 1  # the return


def test_another_departments_reporter_counts_their_own(busy):
    todo = todo_for(busy.outsider, on=day(7, 1))
    assert todo.department == busy.other
    # shared is led by `other`: its returned update is theirs to fix too (both may report on it), but the
    # notification went to the department that submitted it.
    assert todo.counts == {TodoKey.REPORT_DUE: 2, TodoKey.RETURNED: 1, TodoKey.TO_ACCEPT: 1}
    assert todo.unread == 0


def test_a_leader_counts_the_red_items_of_their_portfolio(busy):
    todo = todo_for(busy.leader)
    assert todo.counts == {TodoKey.RED: 1}


def test_a_leader_without_a_leader_record_has_no_portfolio(world):
    assert todo_for(world.leader).counts == {}


def test_the_anonymous_have_no_to_do():
    assert todo_for(AnonymousUser()) is None


def test_reports_due_follow_the_reminders_rule(world):
    # Monthly reports due on the 25th; a report counts when missing or due within SUPERVISION_REMINDER_DAYS (3).
    assert report_due_commitments(world.own, on=day(1, 12)).count() == 0
    assert set(report_due_commitments(world.own, on=day(1, 23))) == {world.mine, world.shared}
    assert set(report_due_commitments(world.own, on=day(2, 1))) == {world.mine, world.shared}


@pytest.mark.parametrize("rows", [5, 50])
def test_the_to_do_costs_the_same_queries_however_many_rows(world, rows, django_assert_max_num_queries):
    for _ in range(rows):
        commitment = CommitmentFactory(chapter=world.mine.chapter, lead_department=world.own)
        submitted(world.reporter, commitment, day(6, 30))
        notice(world, commitment)
    for user in (world.office, world.reporter, world.leader):
        user = type(user).objects.get(pk=user.pk)  # no cached role
        with django_assert_max_num_queries(12):
            todo_for(user, on=day(7, 1))


# The admin home and header ---------------------------------------------------------------------------


def home(client, user):
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_office_home_links_each_count_to_its_list(client, busy):
    page = home(client, busy.office)
    assert "<h1>督查室工作台</h1>" in page
    assert reverse("admin:commitments_updatereviewqueue_changelist") in page
    assert reverse("admin:commitments_contestedacceptance_changelist") in page
    assert "1 条待审核" in page  # the header
    assert "3 条未读通知" in page
    assert busy.mine.code in page  # an unread notification names the commitment


def test_a_reporters_home_is_titled_for_the_department(client, busy):
    page = home(client, busy.reporter)
    assert f"部门工作台 — {busy.own.name}" in page
    assert "?todo=report_due" in page and "?state__exact=returned" in page and "?state__exact=pending" in page
    assert "1 条被退回" in page


def test_a_leaders_home_counts_red_items(client, busy):
    page = home(client, busy.leader)
    assert "<h1>领导工作台</h1>" in page and "?todo=red" in page and "1 项红灯" in page


def test_the_header_shows_the_counts_on_other_admin_pages(client, busy):
    client.force_login(busy.office)
    page = client.get(reverse("admin:commitments_commitment_changelist")).content.decode()
    assert "1 条待审核" in page


def test_the_replies_overdue_count_links_to_the_notices_it_counts(client, world):
    overdue = notice(world)  # its reply was due 15 October 2020: overdue today
    answered = notice(world, world.shared)
    notice_reply(user=world.outsider, notice=answered, reply="已整改")
    page = home(client, world.office)
    link = reverse("admin:commitments_supervisionnotice_changelist") + "?todo=replies_overdue"
    assert link in page and "1 条督办单逾期未回复" in page
    response = client.get(link)
    assert list(response.context["cl"].result_list) == [overdue]
    assert len(client.get(reverse("admin:commitments_supervisionnotice_changelist")).context["cl"].result_list) == 2


def test_the_linked_lists_show_what_was_counted(client, busy):
    client.force_login(busy.leader)
    response = client.get(reverse("admin:commitments_commitment_changelist"), {"todo": "red"})
    assert list(response.context["cl"].result_list) == [busy.theirs]
    client.force_login(busy.reporter)
    response = client.get(reverse("admin:commitments_progressupdate_changelist"), {"state__exact": "returned"})
    assert [update.commitment for update in response.context["cl"].result_list] == [busy.shared]
    client.force_login(busy.outsider)
    response = client.get(reverse("admin:commitments_acceptance_changelist"), {"state__exact": "pending"})
    assert [acceptance.commitment for acceptance in response.context["cl"].result_list] == [busy.theirs]


def test_a_reporters_task_list_opens_on_my_tasks(client, world):
    client.force_login(world.reporter)
    url = reverse("admin:commitments_commitment_changelist")
    response = client.get(url)
    assert set(response.context["cl"].result_list) == {world.mine, world.shared}
    assert "我的任务" in response.content.decode() and "全部任务" in response.content.decode()
    assert set(client.get(url, {"scope": "all"}).context["cl"].result_list) == {world.mine, world.shared, world.theirs}


def test_the_office_list_shows_everything_by_default(client, world):
    client.force_login(world.office)
    response = client.get(reverse("admin:commitments_commitment_changelist"))
    assert set(response.context["cl"].result_list) == {world.mine, world.shared, world.theirs}
    assert "我的任务" not in response.content.decode()


def test_the_home_costs_the_same_queries_for_5_and_50_waiting(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def fill(count: int) -> None:
        for _ in range(count):
            commitment = CommitmentFactory(chapter=world.mine.chapter, lead_department=world.own)
            submitted(world.reporter, commitment, day(6, 30))

    client.force_login(world.office)
    fill(5)
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("admin:index")).status_code == 200
    fill(45)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("admin:index")).content.decode()
    assert "50 条待审核" in page
    assert len(many.captured_queries) == len(few.captured_queries)
