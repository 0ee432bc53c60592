"""The whole supervision cycle of one task in a real browser, on a scripted 2020 calendar: the office issues the
task for acceptance and the lead department accepts it; it reports monthly with the four structured parts, the
co-department contributing and the lead consolidating; it falls behind, the office issues a 督办单 whose reply
comes late (the office's to-do counts it) and is accepted; an extension is requested and approved (the original
deadline still shown); completion is applied for, verified on site and closed (销号). The year's assessment then
ranks the departments with each score's breakdown, and the ranking of a past day shown before the later events
is the one recomputed for that day after them. Last, a 人大建议 (three months to reply) gets its task's default
deadline and runs through submit, review and close-out.

Each person has their own browser context (their own login). The clock (`supervision_world.at`) is moved for
the server too (the live server runs in this process), so every step carries its scripted date. Where the UI
has no step, a service sets up; every step under test is done in the browser.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission

from commitments.assessment.ranking import assessment_ranking
from commitments.choices import (
    AcceptanceState,
    AssessmentBasis,
    AssessmentMeasure,
    CloseoutState,
    Colour,
    CommitmentKind,
    ExtensionState,
    NoticeState,
    SourceKind,
    UpdateState,
)
from commitments.display import chinese_date
from commitments.models import (
    Acceptance,
    AssessmentItem,
    AssessmentScheme,
    CloseoutApplication,
    Commitment,
    Contribution,
    ExtensionRequest,
    ProgressUpdate,
    SupervisionNotice,
)
from commitments.supervision.selectors import commitment_figures

from ..factories import ChapterFactory, CommitmentFactory, CoResponsibilityFactory, ReportFactory
from ..supervision_world import at, build_world
from .conftest import admin_login
from .test_structured_reports import run_action as run_plain_action
from .test_supervision_cycle import REPORTER_PERMISSIONS, pick_commitment, run_action

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "pass-for-tests-123"  # factories.UserFactory's
D = datetime.date
WIDE = {"width": 1440, "height": 900}
UPDATES, NOTICES = "/admin/commitments/progressupdate/", "/admin/commitments/supervisionnotice/"
EXTENSIONS, CLOSEOUTS = "/admin/commitments/extensionrequest/", "/admin/commitments/closeoutapplication/"
# The acceptance list's doors, besides the lifecycle's (a transactional test's flush removes what migrations
# granted); what a reporter may do to which task is still permissions.py's.
DEPARTMENT_PERMISSIONS = [*REPORTER_PERMISSIONS, "view_acceptance", "change_acceptance"]


def pick(page, field: str, search: str, text: str) -> None:
    """Chooses in an autocomplete (select2) field by typing and clicking the option."""
    page.click(f"#id_{field} + .select2")
    page.fill(".select2-search__field", search)
    page.locator(".select2-results__option", has_text=text).first.click()


def saved(page) -> None:
    """Saves the add form; a form refused fails the test with its errors."""
    page.click("input[name=_save]")
    page.locator("ul.messagelist li.success, .errornote").first.wait_for()
    errors = page.locator(".errorlist").all_inner_texts()
    assert page.locator("ul.messagelist li.success").count() == 1, errors


def write_update(page, commitment, as_of: datetime.date, parts: dict[str, str], percent: str = "") -> ProgressUpdate:
    """The department writes an update with the structured parts (the add form), returned as saved."""
    page.goto(f"{UPDATES}add/")
    pick_commitment(page, commitment)
    page.fill("#id_as_of", as_of.isoformat())
    for part, text in parts.items():
        page.fill(f"#id_{part}", text)
    if percent:
        page.fill("#id_percent", percent)
    saved(page)
    return ProgressUpdate.objects.filter(commitment=commitment).latest("pk")


def review_and_approve(page, update: ProgressUpdate, expected_text: str) -> None:
    """The office opens the submitted update's review page, reads it and approves (通过)."""
    page.goto(f"{UPDATES}{update.pk}/change/")
    assert expected_text in page.locator("#content-main").inner_text()
    page.click("input[name=_approve]")
    page.wait_for_url("**/updatereviewqueue/")
    update.refresh_from_db()
    assert update.state == UpdateState.APPROVED


def ranking_rows(page, scheme, as_of: datetime.date) -> list[list[str]]:
    """The ranking page as of the day, as the cells of each row."""
    page.goto(f"/admin/commitments/assessmentscheme/{scheme.pk}/ranking/?as_of={as_of.isoformat()}")
    rows = page.locator("#result_list tbody tr")
    rows.first.wait_for()
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


def computed_rows(scheme, as_of: datetime.date) -> list[list[str]]:
    """The ranking recomputed for the day, written as the page writes it."""
    return [
        [
            str(row.rank),
            row.department.name,
            str(row.total),
            *(f"{s.points} ({s.count}{f'/{s.eligible}' if s.eligible else ''})" for s in row.items),
        ]
        for row in assessment_ranking(scheme, as_of=as_of).rows
    ]


def test_a_task_and_a_suggestion_go_through_the_whole_cycle(open_page, role_groups, screenshot, settings):
    settings.SESSION_COOKIE_AGE = 10 * 365 * 24 * 3600  # the logins outlive the scripted year
    with at(D(2020, 1, 2)):
        world = build_world()
        type(world.office).objects.filter(pk=world.office.pk).update(is_superuser=True)
        grant = Permission.objects.filter(codename__in=DEPARTMENT_PERMISSIONS)
        for reporter in (world.fagai_reporter, world.zhujian_reporter):
            reporter.user_permissions.add(*grant)
        original_due = D(2020, 6, 30)
        task = CommitmentFactory(
            chapter=world.key_projects.chapter,
            code="6.1",
            title="建成城区污水管网",
            source_text="新建城区污水管网40公里，六月底前投入使用。",
            lead_department=world.fagai,
            kind=CommitmentKind.ONGOING,
            start_date=D(2020, 1, 1),
            due_date=original_due,
        )
        CoResponsibilityFactory(commitment=task, department=world.zhujian)
        CommitmentFactory(  # another department's task: the assessment ranks two departments
            chapter=world.key_projects.chapter, code="6.2", title="推进工业技改", lead_department=world.gongxin
        )
        scheme = AssessmentScheme.objects.create(year=2020, name="2020年度重点工作考核", base_score=100)
        for position, (measure, basis, points) in enumerate(
            [
                (AssessmentMeasure.REPORTS_ON_TIME, AssessmentBasis.PER_OCCURRENCE, 1),
                (AssessmentMeasure.REPORTS_MISSING, AssessmentBasis.PER_OCCURRENCE, -1),
                (AssessmentMeasure.NOTICES_RECEIVED, AssessmentBasis.PER_OCCURRENCE, -2),
                (AssessmentMeasure.NOTICE_REPLIES_ON_TIME, AssessmentBasis.SHARE, 4),
                (AssessmentMeasure.APPROVED_EXTENSIONS, AssessmentBasis.PER_OCCURRENCE, -1),
                (AssessmentMeasure.VERIFIED_CLOSEOUTS, AssessmentBasis.PER_OCCURRENCE, 5),
            ]
        ):
            AssessmentItem.objects.create(scheme=scheme, measure=measure, basis=basis, points=points, position=position)

        office = open_page(viewport=WIDE)
        admin_login(office, world.office.username, PASSWORD)
        lead = open_page()
        admin_login(lead, world.fagai_reporter.username, PASSWORD)
        co = open_page()
        admin_login(co, world.zhujian_reporter.username, PASSWORD)

    # The office issues the task for acceptance; the lead department accepts it.
    with at(D(2020, 1, 12)):
        office.goto(f"/admin/commitments/commitment/?q={task.code}")
        office.check(f"input.action-select[value='{task.pk}']")
        office.select_option("select[name=action]", "issue_for_acceptance")
        office.click("button[name=index]")
        office.locator("ul.messagelist li.success").wait_for()
        acceptance = Acceptance.objects.get(commitment=task, department=world.fagai)
        run_plain_action(lead, "/admin/commitments/acceptance/", acceptance.pk, "accept")
        acceptance.refresh_from_db()
        assert acceptance.state == AcceptanceState.ACCEPTED

    # January: the co-department contributes, the lead writes the four parts, consolidates and submits.
    with at(D(2020, 1, 18)):
        co.goto("/admin/commitments/contribution/add/")
        co.select_option("#id_commitment", str(task.pk))
        co.fill("#id_as_of", "2020-01-18")
        co.fill("#id_narrative", "完成管网沿线道路开挖方案。")
        co.fill("#id_coordination_needed", "需协调交通导改。")
        saved(co)
        contribution = Contribution.objects.get()
        run_plain_action(co, "/admin/commitments/contribution/", contribution.pk, "submit_contributions")
    with at(D(2020, 1, 20)):
        january = write_update(
            lead,
            task,
            D(2020, 1, 20),
            {"narrative": "完成管网设计招标。", "problems": "征迁进度慢。", "next_steps": "二月开工首段。"},
            percent="4",
        )
        lead.goto(f"{UPDATES}{january.pk}/change/")
        assert "完成管网沿线道路开挖方案。" in lead.content()
        run_plain_action(lead, UPDATES, january.pk, "consolidate_contributions")
        january.refresh_from_db()
        assert january.coordination_needed == "【江城区住房和城乡建设局】需协调交通导改。"
        screenshot(lead, "full-cycle-consolidated")
        run_plain_action(lead, UPDATES, january.pk, "submit_updates")
    with at(D(2020, 1, 22)):
        review_and_approve(office, january, "完成管网设计招标。")

    # February: the lead reports again, little done.
    with at(D(2020, 2, 24)):
        february = write_update(
            lead,
            task,
            D(2020, 2, 24),
            {
                "narrative": "首段管网开工。",
                "problems": "雨季影响施工。",
                "next_steps": "增加作业面。",
                "coordination_needed": "无。",
            },
            percent="8",
        )
        run_plain_action(lead, UPDATES, february.pk, "submit_updates")
    with at(D(2020, 2, 26)):
        review_and_approve(office, february, "首段管网开工。")

    # No March report; by 10 April more than half the time is gone: behind, and the office issues a 督办单.
    with at(D(2020, 4, 10)):
        assert commitment_figures(task, on=D(2020, 4, 10)).colour in (Colour.YELLOW, Colour.RED)
        office.goto(f"{NOTICES}add/")
        pick_commitment(office, task)
        office.fill("#id_required_actions", "倒排工期，加快管网施工\n每周报送进展")
        office.fill("#id_reply_due", "2020-04-20")
        saved(office)
        notice = SupervisionNotice.objects.get()
        assert notice.issued_on == D(2020, 4, 10)
    # The reply is overdue: the office's to-do counts it and links to it.
    with at(D(2020, 4, 21)):
        office.goto("/admin/")
        assert "1 条督办单逾期未回复" in office.locator("#tracker-header-todo").inner_text()
        office.click("#tracker-todo a.tracker-todo__replies_overdue")
        office.wait_for_url("**/supervisionnotice/?todo=replies_overdue")
        assert office.locator("#result_list tbody tr").count() == 1
        assert notice.number in office.locator("#result_list").inner_text()
        screenshot(office, "full-cycle-replies-overdue")
    with at(D(2020, 4, 22)):
        run_action(lead, NOTICES, notice.pk, "reply", {"#id_reply": "已召开专题会，倒排工期，每周报送。"})
    with at(D(2020, 4, 23)):
        run_action(office, NOTICES, notice.pk, "accept", {"#id_note": "认可"})
        notice.refresh_from_db()
        assert notice.state == NoticeState.ACCEPTED

    # The ranking as of 30 April, shown on 1 May: kept to compare once later events have happened.
    with at(D(2020, 5, 1)):
        shown_end_of_april = ranking_rows(office, scheme, D(2020, 4, 30))
        assert shown_end_of_april == computed_rows(scheme, D(2020, 4, 30))
        fagai_april = next(row for row in shown_end_of_april if row[1] == world.fagai.name)
        assert fagai_april[5:7] == ["-2.00 (1)", "0.00 (0/1)"]  # one notice; its reply late

    # The department asks for three more months; the office approves; the original deadline stays shown.
    new_due = D(2020, 9, 30)
    with at(D(2020, 5, 2)):
        lead.goto(f"{EXTENSIONS}add/")
        pick_commitment(lead, task)
        lead.fill("#id_requested_due_date", new_due.isoformat())
        lead.fill("#id_reason", "管网穿越铁路，需铁路部门审批")
        lead.fill("#id_evidence_url", "https://www.jiangcheng.gov.cn/tielu-pifu")
        saved(lead)
        extension = ExtensionRequest.objects.get()
    with at(D(2020, 5, 3)):
        run_action(office, EXTENSIONS, extension.pk, "approve", {"#id_note": "同意延期"})
        extension.refresh_from_db()
        assert extension.state == ExtensionState.APPROVED
        task.refresh_from_db()
        assert (task.original_due_date, task.due_date) == (original_due, new_due)
        office.goto(f"/admin/commitments/commitment/?q={task.code}")
        shown = f"原定 {chinese_date(original_due)}，延期至 {chinese_date(new_due)}"
        assert shown in office.locator("#result_list").inner_text()
        screenshot(office, "full-cycle-extended")

    # The department applies for completion; the office verifies on site and closes the task.
    with at(D(2020, 9, 20)):
        lead.goto(f"{CLOSEOUTS}add/")
        pick_commitment(lead, task)
        lead.fill("#id_summary", "40公里管网全部建成并投入使用")
        lead.fill("#id_evidence_url", "https://www.jiangcheng.gov.cn/jungong")
        saved(lead)
        application = CloseoutApplication.objects.get(commitment=task)
    with at(D(2020, 9, 25)):
        run_action(
            office,
            CLOSEOUTS,
            application.pk,
            "close",
            {
                "#id_site_check_on": "2020-09-24",
                "#id_site_check_by": "督查室 张三",
                "#id_site_check_note": "现场核查已通水",
            },
        )
        assert Commitment.objects.get(pk=task.pk).closeout_state == CloseoutState.CLOSED
        office.goto(f"/admin/commitments/commitment/?q={task.code}")
        assert shown in office.locator("#result_list").inner_text()

    # The year's assessment: each department ranked with each score's breakdown; the past day unchanged.
    with at(D(2021, 1, 5)):
        year_end = ranking_rows(office, scheme, D(2020, 12, 31))
        assert year_end == computed_rows(scheme, D(2020, 12, 31))
        assert {row[1] for row in year_end} == {world.fagai.name, world.gongxin.name}
        fagai = next(row for row in year_end if row[1] == world.fagai.name)
        # Notices, replies on time, extensions, close-outs: each with its count.
        assert fagai[5:] == ["-2.00 (1)", "0.00 (0/1)", "-1.00 (1)", "5.00 (1)"]
        screenshot(office, "full-cycle-assessment")
        assert ranking_rows(office, scheme, D(2020, 4, 30)) == shown_end_of_april
        assert computed_rows(scheme, D(2020, 4, 30)) == shown_end_of_april

    # A 人大建议 with three months to reply: the office assigns it without a deadline and gets the default.
    with at(D(2021, 3, 12)):
        suggestion = ReportFactory(
            kind=SourceKind.NPC_SUGGESTION,
            year=2021,
            government="江城区人民政府",
            title="关于加快老旧小区改造的建议",
            reference_number="第2021015号",
            proposer="王代表等5名代表",
            received_on=D(2021, 3, 10),
            delivered_on=D(2021, 3, 10),
            source_text="建议加快老旧小区改造。",
        )
        ChapterFactory(report=suggestion, number=1, title="城乡建设类")
        office.goto("/admin/commitments/commitment/add/")
        pick(office, "report", "老旧小区", suggestion.title)
        pick(office, "chapter", "城乡建设类", "城乡建设类")
        office.fill("#id_code", "建-15")
        office.fill("#id_title", "答复并落实老旧小区改造建议")
        office.fill("#id_source_text", "建议加快老旧小区改造。")
        office.select_option("#id_kind", CommitmentKind.ONGOING)
        pick(office, "lead_department", "住房和城乡建设", world.zhujian.name)
        office.fill("#id_start_date", "2021-03-12")  # assigned today; the deadline is left empty
        saved(office)
        answer = Commitment.objects.get(code="建-15")
        assert (answer.start_date, answer.due_date) == (D(2021, 3, 12), D(2021, 6, 12))
        screenshot(office, "full-cycle-suggestion-assigned")
    with at(D(2021, 5, 20)):
        reply = write_update(
            co,
            answer,
            D(2021, 5, 20),
            {"narrative": "已完成12个小区改造，答复代表满意。", "problems": "无。", "next_steps": "持续跟踪。"},
            percent="100",
        )
        run_plain_action(co, UPDATES, reply.pk, "submit_updates")
    with at(D(2021, 5, 21)):
        review_and_approve(office, reply, "已完成12个小区改造")
    with at(D(2021, 5, 25)):
        co.goto(f"{CLOSEOUTS}add/")
        pick_commitment(co, answer)
        co.fill("#id_summary", "建议已办理并答复代表")
        co.fill("#id_evidence_url", "https://www.jiangcheng.gov.cn/dafu")
        saved(co)
        closing = CloseoutApplication.objects.get(commitment=answer)
    with at(D(2021, 5, 28)):
        run_action(office, CLOSEOUTS, closing.pk, "close", {"#id_note": "核实已答复"})
        answer.refresh_from_db()
        assert answer.closeout_state == CloseoutState.CLOSED
        office.goto(f"/admin/commitments/commitment/?q={answer.code}")
        screenshot(office, "full-cycle-suggestion-closed")
