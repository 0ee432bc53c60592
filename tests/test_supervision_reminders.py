"""send_reminders: one digest per department and day, --dry-run sends nothing, escalation after K red days."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from commitments.choices import CommitmentKind, ReminderKind
from commitments.models import Commitment, SentReminder
from commitments.supervision.reminders import department_digests

from .factories import CommitmentFactory, LeaderFactory
from .supervision_world import build_world, report

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    world = build_world()
    chapter = world.key_projects.chapter
    # 工信局: one commitment overdue since 10 December (red for 12 days on the 22nd), one due on the 24th.
    world.overdue = CommitmentFactory(
        chapter=chapter,
        code="3.1.1",
        title="建成工业园区污水处理厂",
        lead_department=world.gongxin,
        responsible_leader=LeaderFactory(name="区领导乙", email="yi@jiangcheng.example.gov.cn"),
        due_date=D(2020, 12, 10),
    )
    # Started on 1 December and 95% done: on pace and no report missing, so only its deadline makes it blue.
    world.due_soon = CommitmentFactory(
        chapter=chapter,
        code="3.1.2",
        title="完成技改项目验收",
        kind=CommitmentKind.ONGOING,
        lead_department=world.gongxin,
        start_date=D(2020, 12, 1),
        due_date=D(2020, 12, 24),
    )
    day = D(2020, 12, 20)
    report(world, world.due_soon, as_of=day, submitted_on=day, approved_on=day, percent=95, user=world.gongxin_reporter)
    # 发改局's two projects start in December: their only report, December's, is due on the 25th.
    Commitment.objects.filter(pk__in=[world.project_a.pk, world.project_b.pk]).update(start_date=D(2020, 12, 1))
    return world


def run(*args, **kwargs) -> str:
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err, **kwargs)
    return out.getvalue() + err.getvalue()


def test_each_department_gets_one_digest(world):
    run("--date", "2020-12-22", "--escalate-after", "30")
    digests = [m for m in mail.outbox if m.subject.startswith("【督办提醒】")]
    assert sorted(m.to[0] for m in digests) == ["fgj@jiangcheng.example.gov.cn", "gxj@jiangcheng.example.gov.cn"]
    gongxin = next(m for m in digests if m.to == ["gxj@jiangcheng.example.gov.cn"])
    assert "3.1.1 建成工业园区污水处理厂" in gongxin.body
    assert "已亮红 12 天" in gongxin.body
    assert "3.1.2 完成技改项目验收" in gongxin.body
    assert "【蓝色：临近时限】3.1.2 完成技改项目验收 — 2020年12月24日 到期" in gongxin.body
    fagai = next(m for m in digests if m.to == ["fgj@jiangcheng.example.gov.cn"])
    assert "2020-12" in fagai.body  # December's report, due on the 25th, within 3 days
    assert not [m for m in mail.outbox if m not in digests]  # nothing red for 30 days: no escalation


def test_a_second_run_on_the_same_day_sends_nothing(world):
    run("--date", "2020-12-22")
    sent = len(mail.outbox)
    logged = SentReminder.objects.count()
    output = run("--date", "2020-12-22")
    assert len(mail.outbox) == sent
    assert SentReminder.objects.count() == logged
    assert "already sent" in output


def test_the_next_day_sends_again(world):
    run("--date", "2020-12-22")
    sent = len(mail.outbox)
    run("--date", "2020-12-23")
    assert len(mail.outbox) == 2 * sent


def test_dry_run_sends_and_logs_nothing(world):
    output = run("--date", "2020-12-22", "--dry-run")
    assert mail.outbox == []
    assert SentReminder.objects.count() == 0
    assert "would send" in output
    # and a real run afterwards still sends
    run("--date", "2020-12-22")
    assert mail.outbox


@pytest.mark.parametrize(("escalate_after", "escalated"), [(13, False), (12, True), (3, True)])
def test_escalation_to_the_responsible_leader_after_k_red_days(world, escalate_after, escalated):
    run("--date", "2020-12-22", "--escalate-after", str(escalate_after))
    escalations = [m for m in mail.outbox if m.subject.startswith("【督办升级】")]
    assert bool(escalations) is escalated
    if escalated:
        (email,) = escalations
        assert email.to == ["yi@jiangcheng.example.gov.cn"]
        assert email.cc == ["gxj@jiangcheng.example.gov.cn"]
        assert "3.1.1" in email.body and "3.1.2" not in email.body
        log = SentReminder.objects.get(kind=ReminderKind.ESCALATION)
        assert (log.department, log.sent_on, log.items) == (world.gongxin, D(2020, 12, 22), 1)


def test_escalation_is_sent_once_a_day_too(world):
    run("--date", "2020-12-22", "--escalate-after", "3")
    run("--date", "2020-12-22", "--escalate-after", "3")
    assert len([m for m in mail.outbox if m.subject.startswith("【督办升级】")]) == 1


def test_a_department_without_an_address_is_reported_not_logged(world):
    world.gongxin.contact_email = ""
    world.gongxin.save()
    output = run("--date", "2020-12-22", "--escalate-after", "30")
    assert "no address" in output
    assert not SentReminder.objects.filter(department=world.gongxin).exists()


def test_digest_lists_missing_reports_once_per_commitment(world):
    digests = {d.department: d for d in department_digests(on=D(2021, 1, 27), days=3, escalate_after=7)}
    fagai = digests[world.fagai]
    missing = {item.commitment.code: item.periods for item in fagai.items if item.kind == "report_missing"}
    assert missing == {"2.3.1.1": ("2020-12", "2021-01"), "2.3.1.2": ("2020-12", "2021-01")}
    line = next(str(item) for item in fagai.items if item.kind == "report_missing")
    assert line.endswith("未报送 2 期：2020-12、2021-01")
    # the parent commitment owes no reports of its own
    assert all(item.commitment != world.key_projects or item.kind != "report_missing" for item in fagai.items)


def test_a_bad_date_is_a_command_error(world):
    with pytest.raises(CommandError):
        run("--date", "20-12-2020")
