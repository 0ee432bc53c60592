"""The end of the cycle in the admin: adding is the department's request (or the office's notice) through
its service, a refusal is a form error; every step after is an action; the notice downloads as Word; the
lists keep a fixed number of queries; the public pages show the extension and the close-out."""

import datetime
import io

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from commitments.choices import CloseoutState, ExtensionState, NoticeState
from commitments.models import CloseoutApplication, Commitment, ExtensionRequest, SupervisionNotice
from commitments.supervision.closeout import closeout_apply, closeout_close
from commitments.supervision.extensions import extension_approve, extension_request
from commitments.supervision.notices import notice_issue

from .factories import CommitmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def url(model: str, page: str = "changelist", *args) -> str:
    return reverse(f"admin:commitments_{model}_{page}", args=args)


def login(client, user):
    client.force_login(user)
    return client


def ask(world, commitment=None):
    return extension_request(
        user=world.reporter,
        commitment=commitment or world.mine,
        requested_due_date=D(2021, 3, 31),
        reason="征地",
        evidence_url="https://example.gov.cn/a",
    )


def test_the_lead_reporter_requests_an_extension_in_the_admin(client, world):
    login(client, world.reporter)
    body = {
        "commitment": world.mine.pk,
        "requested_due_date": "2021-03-31",
        "reason": "征地手续未完成",
        "evidence_url": "https://example.gov.cn/pifu",
    }
    response = client.post(url("extensionrequest", "add"), body)
    assert response.status_code == 302, response.content.decode()[-2000:]
    extension = ExtensionRequest.objects.get()
    assert extension.requested_by == world.reporter and extension.state == ExtensionState.PENDING


def test_a_refused_request_is_a_form_error(client, world):
    login(client, world.reporter)
    body = {"commitment": world.mine.pk, "requested_due_date": "2020-06-30", "reason": "x", "evidence_url": ""}
    response = client.post(url("extensionrequest", "add"), body)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors["requested_due_date"] == ["申请的时限须晚于现行完成时限（2020-12-31）。"]
    assert not ExtensionRequest.objects.exists()
    login(client, world.outsider)  # a department that does not lead the task
    body = {
        "commitment": world.mine.pk,
        "requested_due_date": "2021-03-31",
        "reason": "x",
        "evidence_url": "https://a.cn",
    }
    response = client.post(url("extensionrequest", "add"), body)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == ["只有牵头单位的人员可以申请延期。"]


def test_the_office_approves_with_the_action(client, world):
    extension = ask(world)
    login(client, world.office)
    body = {"action": "approve", ACTION_CHECKBOX_NAME: [extension.pk], "apply": "1", "note": "同意"}
    response = client.post(url("extensionrequest"), body, follow=True)
    assert response.status_code == 200
    extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
    page = client.get(url("commitment", "change", world.mine.pk)).content.decode()
    # The original stays on the commitment's page, read-only, beside the deadline in force.
    assert "<label>原定完成时限:</label>" in page and '<div class="readonly">2020年12月31日</div>' in page
    listing = client.get(url("commitment")).content.decode()
    assert "原定 2020年12月31日，延期至 2021年3月31日" in listing


def test_the_action_page_asks_for_reasons(client, world):
    extension = ask(world)
    login(client, world.office)
    body = {"action": "refuse", ACTION_CHECKBOX_NAME: [extension.pk], "apply": "1", "note": ""}
    response = client.post(url("extensionrequest"), body)
    assert response.status_code == 200 and "note" in response.context["form"].errors
    extension.refresh_from_db()
    assert extension.state == ExtensionState.PENDING


def test_closeout_close_with_a_site_check_through_the_action(client, world):
    application = closeout_apply(
        user=world.reporter, commitment=world.mine, summary="完成", evidence_url="https://a.cn"
    )
    login(client, world.office)
    body = {
        "action": "close",
        ACTION_CHECKBOX_NAME: [application.pk],
        "apply": "1",
        "site_check_on": "2020-12-20",
        "site_check_by": "张三",
        "site_check_note": "已完工",
    }
    client.post(url("closeoutapplication"), body, follow=True)
    assert Commitment.objects.get(pk=world.mine.pk).closeout_state == CloseoutState.CLOSED
    assert CloseoutApplication.objects.get().site_check_by == "张三"


def test_the_office_issues_a_notice_and_downloads_it(client, world):
    login(client, world.office)
    body = {
        "commitment": world.mine.pk,
        "required_actions": "加快",
        "reply_due": "2020-10-15",
        "issued_on": "2020-09-30",
    }
    response = client.post(url("supervisionnotice", "add"), body)
    assert response.status_code == 302, response.content.decode()[-2000:]
    notice = SupervisionNotice.objects.get()
    assert notice.number == "督〔2020〕1号"
    listing = client.get(url("supervisionnotice")).content.decode()
    assert "督〔2020〕1号" in listing and "下载 .docx" in listing
    download = client.get(url("supervisionnotice", "document", notice.pk))
    assert download.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(download.content)).paragraphs)
    assert "督〔2020〕1号" in text


def test_the_department_replies_through_the_action(client, world):
    notice = notice_issue(
        user=world.office,
        commitment=world.mine,
        required_actions="加快",
        reply_due=D(2020, 10, 15),
        issued_on=D(2020, 9, 30),
    )
    login(client, world.reporter)
    body = {"action": "reply", ACTION_CHECKBOX_NAME: [notice.pk], "apply": "1", "reply": "已整改"}
    client.post(url("supervisionnotice"), body, follow=True)
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED and notice.reply == "已整改"


@pytest.mark.parametrize("model", ["extensionrequest", "closeoutapplication", "supervisionnotice"])
def test_the_lists_keep_a_fixed_number_of_queries(client, world, model):
    def add(count):
        for _ in range(count):
            commitment = CommitmentFactory(lead_department=world.own, chapter=world.mine.chapter)
            ask(world, commitment)
            closeout_apply(user=world.reporter, commitment=commitment, summary="完成", evidence_url="https://a.cn")
            notice_issue(
                user=world.office,
                commitment=commitment,
                required_actions="加快",
                reply_due=D(2020, 10, 15),
                issued_on=D(2020, 9, 30),
            )

    login(client, world.office)
    add(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url(model)).status_code == 200
    add(15)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url(model)).status_code == 200
    assert len(many) == len(few)


def test_the_public_pages_show_the_extension_and_the_closeout(client, world):
    extension_approve(user=world.office, extension=ask(world))
    detail = client.get(f"/commitments/{world.mine.pk}/").content.decode()
    assert "原定 2020年12月31日，延期至 2021年3月31日" in detail
    application = closeout_apply(
        user=world.reporter, commitment=world.mine, summary="完成", evidence_url="https://a.cn"
    )
    assert "已申请办结" in client.get(f"/commitments/{world.mine.pk}/").content.decode()
    closeout_close(user=world.office, application=application)
    listing = client.get(f"/?report={world.mine.report_id}").content.decode()
    assert "已办结销号" in listing and "原定 2020年12月31日，延期至 2021年3月31日" in listing


def test_the_evidence_file_is_linked_through_the_permission_checked_download(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    extension = extension_request(
        user=world.reporter,
        commitment=world.mine,
        requested_due_date=D(2021, 3, 31),
        reason="征地",
        evidence_file=SimpleUploadedFile("批复.pdf", b"%PDF-1.4 x"),
    )
    login(client, world.office)
    page = client.get(url("extensionrequest", "change", extension.pk)).content.decode()
    link = f"/api/extension-requests/{extension.pk}/evidence/"
    assert f'<a href="{link}">批复.pdf</a>' in page and "/media/" not in page
    assert client.get(link).status_code == 200
    login(client, world.outsider)
    assert client.get(link).status_code == 404
