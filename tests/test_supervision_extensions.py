"""Extension requests (延期申请): the lead department asks, the office decides (never its own request), an
approval moves the effective deadline (rules.effective_due_date) and keeps the original, and every derived
figure (overdue, 序时 pace, RAG, colours) reads the extended deadline."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from commitments.choices import ExtensionState, Rag
from commitments.models import Commitment, ExtensionRequest
from commitments.selectors import evaluate_commitments, rules
from commitments.supervision.colours import escalation_colour
from commitments.supervision.extensions import extension_approve, extension_refuse, extension_request
from commitments.supervision.pace import elapsed_share
from commitments.supervision.selectors import commitment_figures

from .supervision_world import at

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4\n%evidence\n"


def ask(world, **fields):
    values = {
        "user": world.reporter,
        "commitment": world.mine,
        "requested_due_date": D(2021, 3, 31),
        "reason": "征地手续尚未完成",
        "evidence_url": "https://example.gov.cn/pifu.pdf",
        **fields,
    }
    return extension_request(**values)


def test_effective_due_date_is_the_last_approved_extension():
    assert rules.effective_due_date(original=D(2020, 12, 31), approved_extensions=[]) == D(2020, 12, 31)
    assert rules.effective_due_date(
        original=D(2020, 12, 31), approved_extensions=[D(2021, 3, 31), D(2021, 6, 30)]
    ) == D(2021, 6, 30)


def test_deadline_text_shows_the_original_and_the_extension():
    assert rules.deadline_text(due=D(2020, 12, 31), original=None) == "2020年12月31日"
    extended = rules.deadline_text(due=D(2021, 3, 31), original=D(2020, 12, 31))
    assert extended == "原定 2020年12月31日，延期至 2021年3月31日"


def test_lead_reporter_requests_and_office_approves(world):
    extension = ask(world)
    assert extension.state == ExtensionState.PENDING
    assert extension.current_due_date == D(2020, 12, 31)
    approved = extension_approve(user=world.office, extension=extension, note="同意")
    assert approved.state == ExtensionState.APPROVED and approved.decided_by == world.office
    commitment = Commitment.objects.get(pk=world.mine.pk)
    assert commitment.due_date == D(2021, 3, 31)
    assert commitment.original_due_date == D(2020, 12, 31)
    assert commitment.deadline_text == "原定 2020年12月31日，延期至 2021年3月31日"
    # The history names who moved the deadline, and the request's steps.
    assert commitment.history.first().history_user == world.office
    assert [h.state for h in extension.history.order_by("history_date")] == ["pending", "approved"]


def test_a_second_extension_keeps_the_first_original(world):
    extension_approve(user=world.office, extension=ask(world))
    extension_approve(user=world.office, extension=ask(world, requested_due_date=D(2021, 6, 30)))
    commitment = Commitment.objects.get(pk=world.mine.pk)
    assert (commitment.original_due_date, commitment.due_date) == (D(2020, 12, 31), D(2021, 6, 30))


def test_refusal_needs_a_note_and_keeps_the_deadline(world):
    extension = ask(world)
    with pytest.raises(ValidationError) as error:
        extension_refuse(user=world.office, extension=extension, note=" ")
    assert "decision_note" in error.value.message_dict
    extension_refuse(user=world.office, extension=extension, note="理由不充分")
    commitment = Commitment.objects.get(pk=world.mine.pk)
    assert (commitment.due_date, commitment.original_due_date) == (D(2020, 12, 31), None)


def test_a_decided_request_cannot_be_decided_again(world):
    extension = ask(world)
    extension_approve(user=world.office, extension=extension)
    with pytest.raises(ValidationError) as error:
        extension_refuse(user=world.office, extension=extension, note="不同意")
    assert error.value.message_dict["state"] == ["此申请已作出决定。"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"requested_due_date": D(2020, 12, 31)}, "requested_due_date"),
        ({"requested_due_date": D(2020, 6, 30)}, "requested_due_date"),
        ({"reason": "  "}, "reason"),
        ({"evidence_url": ""}, "evidence_url"),
        ({"evidence_url": "ftp://example.gov.cn/x"}, "evidence_url"),
        ({"evidence_url": "", "evidence_file": SimpleUploadedFile("x.exe", b"MZ")}, "evidence_file"),
    ],
)
def test_bad_requests_are_refused_by_field(world, fields, field):
    with pytest.raises(ValidationError) as error:
        ask(world, **fields)
    assert field in error.value.message_dict
    assert not ExtensionRequest.objects.exists()


def test_a_file_is_accepted_as_evidence(world):
    extension = ask(world, evidence_url="", evidence_file=SimpleUploadedFile("批复.pdf", PDF))
    assert extension.evidence_name == "批复.pdf" and extension.evidence_content_type == "application/pdf"


def test_one_pending_request_at_a_time(world):
    ask(world)
    with pytest.raises(ValidationError) as error:
        ask(world, requested_due_date=D(2021, 6, 30))
    assert "commitment" in error.value.message_dict


@pytest.mark.parametrize("who", ["office", "outsider", "leader", "viewer"])
def test_only_the_lead_departments_reporter_requests(world, who):
    with pytest.raises(PermissionDenied):
        ask(world, user=getattr(world, who))


def test_a_co_department_cannot_request(world):
    with pytest.raises(PermissionDenied):
        ask(world, commitment=world.shared)


@pytest.mark.parametrize("who", ["reporter", "outsider", "leader"])
def test_only_the_office_decides(world, who):
    extension = ask(world)
    with pytest.raises(PermissionDenied):
        extension_approve(user=getattr(world, who), extension=extension)


def test_the_effective_deadline_drives_overdue_pace_rag_and_colour(world):
    day = D(2021, 1, 15)
    before = evaluate_commitments(Commitment.objects.filter(pk=world.mine.pk), as_of=day)[world.mine.pk]
    assert before.overdue and before.rag == Rag.RED
    assert Commitment.objects.overdue(day).filter(pk=world.mine.pk).exists()
    # Approved before the day, so in force on it (one approved later would not move that day's figures).
    with at(D(2021, 1, 5)):
        extension_approve(user=world.office, extension=ask(world))
    commitment = Commitment.objects.get(pk=world.mine.pk)
    after = evaluate_commitments(Commitment.objects.filter(pk=world.mine.pk), as_of=day)[world.mine.pk]
    assert not after.overdue
    assert not Commitment.objects.overdue(day).filter(pk=world.mine.pk).exists()
    # 序时: 14 of 455 days elapsed (1 January 2020 → 31 March 2021) rather than all of them.
    assert elapsed_share(start=commitment.start_date, due=commitment.due_date, on=day) < 1
    # The clock starts when the task was assigned (the report's delivery, rules.clock_start).
    assert after.expected_progress == rules.expected_progress(commitment.clock_start_day(), D(2021, 3, 31), day)
    assert commitment_figures(commitment, on=day).red_days == 0
    assert escalation_colour(on=day, due_date=commitment.due_date) != "red"


def test_the_deadline_in_force_on_a_past_day(world):
    from django.utils import timezone

    from commitments.supervision.lifecycle_selectors import effective_due_dates

    scope = Commitment.objects.filter(pk__in=[world.mine.pk, world.theirs.pk])
    today = timezone.localdate()
    assert effective_due_dates(scope, on=today) == {world.mine.pk: D(2020, 12, 31), world.theirs.pk: D(2020, 12, 31)}
    extension_approve(user=world.office, extension=ask(world))
    yesterday = today - datetime.timedelta(days=1)
    assert effective_due_dates(scope, on=yesterday)[world.mine.pk] == D(2020, 12, 31)
    assert effective_due_dates(scope, on=today)[world.mine.pk] == D(2021, 3, 31)
    assert effective_due_dates(scope, on=today)[world.theirs.pk] == D(2020, 12, 31)


def test_the_dashboard_shows_the_extension_from_its_approval(client, world):
    with at(D(2020, 11, 20)):
        extension_approve(user=world.office, extension=ask(world))
    client.force_login(world.leader)
    # The report (2020) is read as of the end of its year by default: the extension was in force by then.
    page = client.get(f"/dashboard/?report={world.mine.report_id}")
    assert page.status_code == 200
    assert "原定 2020年12月31日，延期至 2021年3月31日" in page.content.decode()
    # As of a day before the approval, the deadline then in force, without the extension.
    page = client.get(f"/dashboard/?report={world.mine.report_id}&as_of=2020-11-19").content.decode()
    assert "延期至" not in page and "2020年12月31日" in page
