"""One task through the end of the supervision cycle in a real browser: it falls behind, the office issues a
督办单 (and downloads it as Word), the department replies and the office accepts; the department asks for an
extension, the office approves it and every page shows the original deadline beside the new one; the
department applies for completion with a file, the office verifies it on site and closes the task (销号),
which the public page shows as 已办结销号. Each person has their own browser context (their own login)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from docx import Document

from commitments.choices import CloseoutState, ExtensionState, NoticeState
from commitments.display import chinese_date
from commitments.models import Commitment, ExtensionRequest, SupervisionNotice
from commitments.supervision.selectors import commitment_figures

from ..base import make_user
from ..factories import ChapterFactory, CommitmentFactory, DepartmentFactory
from .conftest import admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-for-tests-123"  # factories.UserFactory's
# Opens the admin's doors for the reporter (a transactional test's flush removes what migrations granted);
# what the reporter may do to which task is still permissions.py's.
REPORTER_PERMISSIONS = [
    "view_commitment",
    *(
        f"{action}_{model}"
        for model in ("extensionrequest", "closeoutapplication", "supervisionnotice")
        for action in ("add", "change", "view")
    ),
]


def pick_commitment(page, commitment) -> None:
    page.click("#id_commitment + .select2")
    page.fill(".select2-search__field", commitment.code)
    page.locator(".select2-results__option", has_text=commitment.title).click()


def run_action(page, changelist: str, pk: int, action: str, fields: dict[str, str]) -> None:
    """Ticks the row, runs the action, fills its confirmation page and confirms."""
    page.goto(changelist)
    page.check(f"input.action-select[value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    for selector, value in fields.items():
        page.fill(selector, value)
    page.click("input[type=submit].default")
    page.locator("ul.messagelist li.success").wait_for()


def test_a_task_goes_through_notice_extension_and_closeout(open_page, role_groups, screenshot, tmp_path):
    today = timezone.localdate()
    department = DepartmentFactory(name="江城区发展和改革局")
    chapter = ChapterFactory(report__notice_prefix="江督", report__published=True)
    # Two thirds of its time gone and nothing reported: behind pace, so a notice may be issued.
    original_due = today + datetime.timedelta(days=100)
    commitment = CommitmentFactory(
        chapter=chapter,
        lead_department=department,
        title="建成城区污水管网",
        source_text="新建城区污水管网40公里，确保年底前投入使用。",
        start_date=today - datetime.timedelta(days=200),
        due_date=original_due,
    )
    assert commitment_figures(commitment).pace.behind
    office = make_user("superuser", username="duchashi")
    reporter = make_user("reporter", department, username="fagaiju")
    reporter.user_permissions.add(*Permission.objects.filter(codename__in=REPORTER_PERMISSIONS))
    notices, extensions = "/admin/commitments/supervisionnotice/", "/admin/commitments/extensionrequest/"
    closeouts = "/admin/commitments/closeoutapplication/"

    supervisor = open_page()
    admin_login(supervisor, office.username, PASSWORD)
    department_page = open_page()
    admin_login(department_page, reporter.username, PASSWORD)

    # The office issues a numbered 督办单 with a reply deadline, and downloads it as Word.
    reply_due = today + datetime.timedelta(days=10)
    supervisor.goto(f"{notices}add/")
    pick_commitment(supervisor, commitment)
    supervisor.fill("#id_required_actions", "倒排工期，加快管网施工\n每周报送进展")
    supervisor.fill("#id_reply_due", reply_due.isoformat())
    supervisor.click("input[name=_save]")
    supervisor.locator("ul.messagelist li.success").wait_for()
    notice = SupervisionNotice.objects.get()
    number = f"江督〔{today.year}〕1号"
    assert notice.number == number
    assert number in supervisor.locator("#result_list").inner_text()
    with supervisor.expect_download() as download:
        supervisor.click(f"#result_list a[href$='/{notice.pk}/document/']")
    saved = tmp_path / "notice.docx"
    download.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert number in text and f"{reply_due.year}年{reply_due.month}月{reply_due.day}日" in text
    screenshot(supervisor, "notice-list")

    # The department replies; the office accepts the reply.
    run_action(department_page, notices, notice.pk, "reply", {"#id_reply": "已召开专题会，倒排工期，每周报送。"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.REPLIED
    run_action(supervisor, notices, notice.pk, "accept", {"#id_note": "认可"})
    notice.refresh_from_db()
    assert notice.state == NoticeState.ACCEPTED

    # The department asks for three more months; the office approves.
    new_due = original_due + datetime.timedelta(days=90)
    department_page.goto(f"{extensions}add/")
    pick_commitment(department_page, commitment)
    department_page.fill("#id_requested_due_date", new_due.isoformat())
    department_page.fill("#id_reason", "管网穿越铁路，需铁路部门审批")
    department_page.fill("#id_evidence_url", "https://www.jiangcheng.gov.cn/tielu-pifu")
    department_page.click("input[name=_save]")
    department_page.locator("ul.messagelist li.success").wait_for()
    extension = ExtensionRequest.objects.get()
    run_action(supervisor, extensions, extension.pk, "approve", {"#id_note": "同意延期"})
    extension.refresh_from_db()
    assert extension.state == ExtensionState.APPROVED
    commitment.refresh_from_db()
    assert (commitment.original_due_date, commitment.due_date) == (original_due, new_due)
    shown = f"原定 {chinese_date(original_due)}，延期至 {chinese_date(new_due)}"
    supervisor.goto(f"/admin/commitments/commitment/?q={commitment.code}")
    assert shown in supervisor.locator("#result_list").inner_text()
    visitor = open_page()
    visitor.goto(f"/commitments/{commitment.pk}/")
    assert shown in visitor.locator("dl.facts").inner_text()
    screenshot(visitor, "public-detail-extended")

    # The department applies for completion with a file; the office verifies on site and closes the task.
    department_page.goto(f"{closeouts}add/")
    pick_commitment(department_page, commitment)
    department_page.fill("#id_summary", "40公里管网全部建成并投入使用")
    department_page.set_input_files(
        "#id_evidence_file",
        files=[{"name": "竣工验收.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%acceptance\n"}],
    )
    department_page.click("input[name=_save]")
    department_page.locator("ul.messagelist li.success").wait_for()
    application = commitment.closeout_applications.get()
    assert application.evidence_name == "竣工验收.pdf"
    run_action(
        supervisor,
        closeouts,
        application.pk,
        "close",
        {
            "#id_site_check_on": today.isoformat(),
            "#id_site_check_by": "督查室 张三",
            "#id_site_check_note": "现场核查已通水",
        },
    )
    assert Commitment.objects.get(pk=commitment.pk).closeout_state == CloseoutState.CLOSED
    visitor.goto(f"/commitments/{commitment.pk}/")
    assert "已办结销号" in visitor.locator("main").inner_text()
    assert shown in visitor.locator("dl.facts").inner_text()
    screenshot(visitor, "public-detail-closed")
