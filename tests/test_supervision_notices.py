"""督办单: numbered per prefix and year, issued only for a lagging task, replied by the addressed department,
reviewed by the office; an unanswered reply past its deadline turns the task red and goes to the reminders;
the notice prints as an A4 Word document in the official layout."""

import datetime
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from docx import Document
from docx.shared import Mm

from commitments.choices import Colour, NoticeState
from commitments.models import Commitment, SupervisionNotice
from commitments.supervision import colours
from commitments.supervision.extensions import extension_approve, extension_request
from commitments.supervision.notice_document import notice_document
from commitments.supervision.notices import notice_accept, notice_issue, notice_reply, notice_send_back
from commitments.supervision.reminders import ItemKind, department_digests
from commitments.supervision.selectors import commitment_figures

from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date
# 30 September 2020: three quarters of the year gone and nothing reported, so the task is red by RAG.
LATE = D(2020, 9, 30)


def issue(world, **fields):
    values = {
        "user": world.office,
        "commitment": world.mine,
        "required_actions": "加快征地拆迁\n每周报送进展",
        "reply_due": D(2020, 10, 15),
        "issued_on": LATE,
        **fields,
    }
    return notice_issue(**values)


def test_numbers_run_per_prefix_and_year(world):
    world.mine.report.notice_prefix = "江督"
    world.mine.report.save()
    first, second = issue(world), issue(world)
    assert (first.number, second.number) == ("江督〔2020〕1号", "江督〔2020〕2号")
    next_year = issue(world, issued_on=D(2021, 1, 5), reply_due=D(2021, 1, 20))
    assert next_year.number == "江督〔2021〕1号"
    other = CommitmentFactory(lead_department=world.own)  # another report: the office's default prefix
    assert issue(world, commitment=other).number == "督〔2020〕1号"
    assert first.department == world.own and first.state == NoticeState.ISSUED


def test_a_task_on_pace_gets_no_notice(world):
    today = timezone.localdate()
    fresh = CommitmentFactory(lead_department=world.own, start_date=today, due_date=today + datetime.timedelta(365))
    with pytest.raises(ValidationError) as error:
        issue(world, commitment=fresh, issued_on=None, reply_due=today + datetime.timedelta(15))
    assert error.value.message_dict["commitment"] == ["督办单只用于滞后或逾期（黄色、红色）的任务。"]
    assert not SupervisionNotice.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"required_actions": " "}, "required_actions"), ({"reply_due": D(2020, 9, 1)}, "reply_due")],
)
def test_bad_notices_are_refused_by_field(world, fields, field):
    with pytest.raises(ValidationError) as error:
        issue(world, **fields)
    assert field in error.value.message_dict


@pytest.mark.parametrize("who", ["reporter", "outsider", "leader", "viewer"])
def test_only_the_office_issues(world, who):
    with pytest.raises(PermissionDenied):
        issue(world, user=getattr(world, who))


def test_reply_review_and_send_back(world):
    notice = issue(world)
    with pytest.raises(PermissionDenied):
        notice_reply(user=world.outsider, notice=notice, reply="不是我们的")
    with pytest.raises(ValidationError):
        notice_accept(user=world.office, notice=notice)  # nothing to review yet
    notice_reply(user=world.reporter, notice=notice, reply="已召开专题会，10月底前完成征地")
    returned = notice_send_back(user=world.office, notice=notice, note="措施不具体", reply_due=D(2020, 10, 25))
    assert returned.state == NoticeState.RETURNED and returned.reply_due == D(2020, 10, 25)
    notice_reply(user=world.reporter, notice=notice, reply="明确到周的计划")
    accepted = notice_accept(user=world.office, notice=notice, note="认可")
    assert accepted.state == NoticeState.ACCEPTED and accepted.reviewed_by == world.office
    steps = [h.state for h in notice.history.order_by("history_date")]
    assert steps == ["issued", "replied", "returned", "replied", "accepted"]
    with pytest.raises(ValidationError):
        notice_reply(user=world.reporter, notice=notice, reply="again")


def test_notice_colour_scale():
    due = D(2020, 10, 15)
    assert colours.notice_colour(on=D(2020, 10, 1), reply_due=due, answered=False) == Colour.NONE
    assert colours.notice_colour(on=D(2020, 10, 13), reply_due=due, answered=False) == Colour.BLUE
    assert colours.notice_colour(on=due, reply_due=due, answered=False) == Colour.BLUE
    assert colours.notice_colour(on=D(2020, 10, 16), reply_due=due, answered=False) == Colour.RED
    assert colours.notice_colour(on=D(2020, 10, 16), reply_due=due, answered=True) == Colour.NONE


def test_an_overdue_reply_turns_the_task_red_until_answered(world):
    # Behind pace but not past its due date, the task is yellow: the overdue reply is what makes it red.
    notice = issue(world)
    day = D(2020, 10, 20)
    figures = commitment_figures(world.mine, on=day)
    assert figures.overdue_replies == 1 and figures.colour == Colour.RED
    notice_reply(user=world.reporter, notice=notice, reply="已整改")
    answered = commitment_figures(world.mine, on=day)
    assert answered.overdue_replies == 0 and answered.colour == Colour.YELLOW


def test_overdue_and_upcoming_replies_go_to_the_reminders(world):
    issue(world, reply_due=D(2020, 10, 15))
    issue(world, reply_due=D(2020, 10, 22))
    digests = department_digests(on=D(2020, 10, 20), days=3, escalate_after=3)
    digest = next(d for d in digests if d.department == world.own)
    kinds = {item.kind: item for item in digest.items if item.notice}
    overdue, due = kinds[ItemKind.NOTICE_OVERDUE], kinds[ItemKind.NOTICE_DUE]
    assert overdue.colour == Colour.RED and overdue.red_days == 5
    assert str(overdue).endswith("督〔2020〕1号 须于 2020年10月15日 前反馈，已亮红 5 天")
    assert due.colour == Colour.BLUE
    assert overdue in digest.escalated and due not in digest.escalated


def test_the_document_is_a4_with_official_margins_number_and_deadline(world):
    world.mine.report.notice_prefix = "江督"
    world.mine.report.save()
    for _ in range(11):
        issue(world)
    extension_approve(
        user=world.office,
        extension=extension_request(
            user=world.reporter,
            commitment=world.mine,
            requested_due_date=D(2021, 3, 31),
            reason="征地",
            evidence_url="https://example.gov.cn/a",
        ),
    )
    notice = issue(world, reply_due=D(2020, 10, 30))
    content = notice_document(SupervisionNotice.objects.select_related("commitment__report").get(pk=notice.pk))
    assert zipfile.is_zipfile(io.BytesIO(content))
    document = Document(io.BytesIO(content))
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = [section.top_margin, section.bottom_margin, section.left_margin, section.right_margin]
    assert [round(m.mm) for m in margins] == [37, 35, 28, 26]
    assert abs(section.top_margin - Mm(37)) < Mm(0.1)
    text = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert "江督〔2020〕12号" in text
    assert "请于2020年10月30日前将办理情况书面反馈督查室。" in text
    assert "原定 2020年12月31日，延期至 2021年3月31日" in text
    assert world.own.name + "：" in text and world.mine.source_text in text
    assert "2020年9月30日" in text
    title = next(p for p in document.paragraphs if p.text.startswith("关于督促落实"))
    fonts = title.runs[0]._element.rPr.rFonts
    assert fonts.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia") == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    body = next(p for p in document.paragraphs if p.text.startswith("请于"))
    assert body.runs[0].font.size.pt == 16
    assert Commitment.objects.get(pk=world.mine.pk).due_date == D(2021, 3, 31)
