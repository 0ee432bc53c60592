"""Notifications (issue 17): who is told of each step (office, own-department reporter, other-department
reporter, leader, anonymous), the in-app rows written with the step, opening one, and the daily e-mails
(at most one per person, kind and day) with their log."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.urls import reverse

from commitments import services
from commitments.choices import NotificationKind
from commitments.models import Notification, NotificationEmail
from commitments.supervision import services as supervision_services

from .base import checker, day, make_user, submitted

pytestmark = pytest.mark.django_db


def told(kind: str) -> set:
    return set(Notification.objects.filter(kind=kind).values_list("recipient__username", flat=True))


def names(*users) -> set:
    return {user.username for user in users}


def test_a_submission_tells_the_office_only(world):
    second = checker()
    submitted(world.reporter, world.mine, day(6, 30))
    # The office (both members); not the reporters, the other department, the leader or the viewer.
    assert told(NotificationKind.SUBMITTED) == names(world.office, second)


def test_nobody_is_told_of_their_own_step(world):
    second = checker()
    submitted(world.office, world.mine, day(6, 30))
    assert told(NotificationKind.SUBMITTED) == names(second)


def test_a_return_tells_the_submitting_departments_reporters(world):
    colleague = make_user("reporter", world.own)
    update = submitted(world.reporter, world.mine, day(6, 30))
    services.update_return(user=world.office, update=update, note="数据缺少佐证")
    assert told(NotificationKind.RETURNED) == names(world.reporter, colleague)
    message = Notification.objects.filter(kind=NotificationKind.RETURNED).first().message
    assert "退回" in message and "数据缺少佐证" in message


def test_an_approval_tells_the_submitting_departments_reporters(world):
    update = submitted(world.reporter, world.mine, day(6, 30))
    services.update_approve(user=world.office, update=update)
    # Not the other department's reporter (world.outsider), the leader, the viewer or the office.
    assert told(NotificationKind.APPROVED) == names(world.reporter)


def test_a_co_responsible_departments_update_goes_back_to_that_department(world):
    # world.shared is led by `other` and co-owned by `own`: the co-owner submitted, the co-owner is told.
    update = submitted(world.reporter, world.shared, day(6, 30))
    services.update_approve(user=world.office, update=update)
    assert told(NotificationKind.APPROVED) == names(world.reporter)


def test_an_update_the_office_submitted_goes_to_the_lead_department(world):
    update = submitted(world.office, world.theirs, day(6, 30))
    services.update_approve(user=checker(), update=update)
    assert told(NotificationKind.APPROVED) == names(world.outsider)


def test_a_contested_task_tells_the_office(world):
    (acceptance,) = supervision_services.acceptances_issue(user=world.office, commitments=[world.mine])
    supervision_services.acceptance_contest(
        user=world.reporter, acceptance=acceptance, reason_kind="wrong_owner", reason="应由住建局牵头"
    )
    assert told(NotificationKind.CONTESTED) == names(world.office)
    assert "应由住建局牵头" in Notification.objects.get(kind=NotificationKind.CONTESTED).message


def test_a_refused_step_tells_nobody(world):
    update = submitted(world.office, world.mine, day(6, 30))
    before = Notification.objects.count()
    with pytest.raises(PermissionDenied):
        services.update_approve(user=world.office, update=update)  # maker-checker
    assert Notification.objects.count() == before


def test_opening_marks_ones_own_notification_read_and_refuses_anothers(world):
    submitted(world.reporter, world.mine, day(6, 30))
    notification = Notification.objects.get(recipient=world.office)
    with pytest.raises(PermissionDenied):
        services.notification_open(user=world.leader, notification=notification)
    opened = services.notification_open(user=world.office, notification=notification)
    assert opened.read_at is not None
    again = services.notification_open(user=world.office, notification=notification)
    assert again.read_at == opened.read_at  # the first opening counts


@pytest.mark.parametrize("who", ["office", "reporter", "outsider", "leader", "anonymous"])
def test_the_open_link_leads_only_the_recipient_to_the_update(client, world, who):
    update = submitted(world.reporter, world.mine, day(6, 30))
    notification = Notification.objects.get(recipient=world.office)
    if who != "anonymous":
        client.force_login(getattr(world, who))
    response = client.get(reverse("admin:commitments_notification_open", args=[notification.pk]))
    notification.refresh_from_db()
    if who == "office":
        assert response.status_code == 302
        assert response["Location"] == reverse("admin:commitments_progressupdate_change", args=[update.pk])
        assert notification.read_at is not None
    else:
        assert response.status_code in (302, 404) and notification.read_at is None
        if response.status_code == 302:
            assert "/login/" in response["Location"]


def test_e_mails_batch_one_per_person_and_kind_and_day(world):
    world.office.email = "office@jiangcheng.example.gov.cn"
    world.office.save()
    submitted(world.reporter, world.mine, day(6, 30))
    submitted(world.reporter, world.shared, day(6, 30))
    run = services.notifications_send(on=datetime.date(2026, 1, 5))
    assert len(run.sent) == 1 and len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["office@jiangcheng.example.gov.cn"]
    assert "2" in email.subject and world.mine.code in email.body and world.shared.code in email.body
    log = NotificationEmail.objects.get()
    assert (log.recipient, log.kind, log.items) == (world.office, NotificationKind.SUBMITTED, 2)
    assert not Notification.objects.filter(recipient=world.office, emailed_at=None).exists()

    # A third submission the same day waits for tomorrow's e-mail; nothing is sent twice.
    submitted(world.reporter, world.mine, day(7, 31))
    again = services.notifications_send(on=datetime.date(2026, 1, 5))
    assert len(again.sent) == 0 and len(again.already_sent) == 1 and len(mail.outbox) == 1
    tomorrow = services.notifications_send(on=datetime.date(2026, 1, 6))
    assert len(tomorrow.sent) == 1 and len(mail.outbox) == 2


def test_a_dry_run_sends_and_marks_nothing(world):
    world.office.email = "office@jiangcheng.example.gov.cn"
    world.office.save()
    submitted(world.reporter, world.mine, day(6, 30))
    run = services.notifications_send(dry_run=True)
    assert len(run.sent) == 1 and not mail.outbox and not NotificationEmail.objects.exists()
    assert Notification.objects.filter(emailed_at=None).exists()


def test_a_person_without_an_address_keeps_the_in_app_notification(world):
    world.office.email = ""
    world.office.save()
    submitted(world.reporter, world.mine, day(6, 30))
    run = services.notifications_send()
    assert len(run.no_address) == 1 and not mail.outbox


def test_the_command_reports_what_it_sent(world, capsys):
    world.office.email = "office@jiangcheng.example.gov.cn"
    world.office.save()
    submitted(world.reporter, world.mine, day(6, 30))
    call_command("send_notifications", "--date", "2026-01-05")
    out = capsys.readouterr().out
    assert "sent submitted to" in out and "1 sent" in out
    call_command("send_notifications", "--date", "2026-01-05")
    assert "0 sent" in capsys.readouterr().out


def test_the_command_refuses_a_bad_date(world):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_notifications", "--date", "2026/01/05")
