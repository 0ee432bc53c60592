"""The admin's history page reads as Chinese prose: who, when (local time to the minute), which field by its
name, from what to what with choice labels; never None, no English header, no 'Deleted 用户 (pk=None)'."""

import datetime
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from commitments import services
from commitments.choices import Comparator
from commitments.models import Commitment, Target
from commitments.permissions import can_read_update
from commitments.selectors.history import history_entries

from .base import checker, submitted

pytestmark = pytest.mark.django_db
MINUTE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}")


def history_url(model: str, pk: int) -> str:
    return reverse(f"admin:commitments_{model}_history", args=[pk])


def page(client, user, model: str, pk: int) -> str:
    client.force_login(user)
    response = client.get(history_url(model, pk))
    assert response.status_code == 200
    return response.content.decode()


def assert_reads_as_prose(html: str) -> None:
    for raw in ("None", "CHANGES", "Changes", "Deleted", "pk=None", "+00:00", "submitted →", "→ approved"):
        assert raw not in html, raw
    assert MINUTE.search(html)
    assert not re.search(r"\d{2}:\d{2}:\d{2}\.\d+", html), "no seconds or microseconds"


def test_commitment_history_names_fields_and_dates_in_chinese(client, world):
    commitment = world.mine
    old_due = commitment.due_date
    services.commitment_update(
        user=world.office, commitment=commitment, data={"due_date": datetime.date(2020, 11, 30), "title": "新标题"}
    )
    html = page(client, world.office, "commitment", commitment.pk)
    assert f"完成时限：由“{old_due.year}年{old_due.month}月{old_due.day}日”改为“2020年11月30日”" in html
    assert "改为“新标题”" in html
    assert world.office.username in html
    assert "变更内容" in html
    assert_reads_as_prose(html)


def test_update_history_gives_choice_labels_and_empty_not_none(client, world):
    update = submitted(world.reporter, world.mine, datetime.date(2020, 6, 30), percent=Decimal("40"))
    services.update_return(user=checker(), update=update, note="请补充佐证材料")
    html = page(client, world.office, "progressupdate", update.pk)
    assert "审核状态：由“草稿”改为“已报送”" in html
    assert "审核状态：由“已报送”改为“已退回”" in html
    assert "审核人：由“空”改为“checker”" in html
    assert "审核意见：由“空”改为“请补充佐证材料”" in html
    assert "创建" in html
    assert_reads_as_prose(html)


def test_target_history_shows_values_without_trailing_zeros(client, world):
    target = services.target_save(
        user=world.office,
        target=Target(
            commitment=world.mine,
            metric="重点项目数",
            unit="个",
            target_value=Decimal("50"),
            comparator=Comparator.AT_LEAST,
        ),
    )
    target.target_value = Decimal("53.0000")
    services.target_save(user=world.office, target=target)
    html = page(client, world.office, "target", target.pk)
    assert "目标值：由“50”改为“53”" in html
    assert "53.0000" not in html
    assert_reads_as_prose(html)


def test_times_are_shanghai_local(world):
    services.commitment_update(user=world.office, commitment=world.mine, data={"title": "新标题"})
    record = Commitment.history.filter(id=world.mine.pk).first()
    record.history_date = datetime.datetime(2020, 12, 31, 16, 30, 12, 345678, tzinfo=datetime.UTC)
    with translation.override("zh-hans"):
        (entry, *_rest) = history_entries([record])
    assert entry.when == "2021年1月1日 00:30"


def test_english_mode_reads_in_english(world):
    services.commitment_update(user=world.office, commitment=world.mine, data={"due_date": datetime.date(2020, 11, 30)})
    with translation.override("en"):
        entries = history_entries(Commitment.history.filter(id=world.mine.pk))
        sentences = [change.sentence for entry in entries for change in entry.changes]
    assert any(s.startswith("due date: from ") and s.endswith(" to Nov. 30, 2020") for s in sentences), sentences


def test_history_page_queries_do_not_grow_with_changes(client, world):
    def count(changes: int) -> int:
        for n in range(changes):
            services.commitment_update(user=world.office, commitment=world.mine, data={"title": f"标题{n}"})
        client.force_login(world.office)
        with CaptureQueriesContext(connection) as context:
            assert client.get(history_url("commitment", world.mine.pk)).status_code == 200
        return len(context.captured_queries)

    assert count(3) == count(20)


@pytest.mark.parametrize("role", ["office", "leader", "reporter", "outsider", "viewer"])
def test_an_updates_history_is_read_by_whoever_may_read_the_update(client, world, role):
    update = submitted(world.reporter, world.mine, datetime.date(2020, 6, 30), percent=Decimal("40"))
    user = getattr(world, role)
    client.force_login(user)
    status = client.get(history_url("progressupdate", update.pk)).status_code
    assert (status == 200) == can_read_update(user, update), status
    assert status in (200, 302, 403, 404)


def test_anonymous_is_sent_to_log_in(client, world):
    response = client.get(history_url("commitment", world.mine.pk))
    assert response.status_code == 302 and "/login/" in response["Location"]
