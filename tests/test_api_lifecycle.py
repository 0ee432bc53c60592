"""/api/extension-requests/, /api/closeouts/ and /api/notices/: the role matrix (office, the lead
department's reporter, a co-department's reporter, another department's, a leader, a viewer, anonymous),
400s with field messages, fixed query counts on the lists, and the notice's Word document."""

import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from docx import Document

from commitments.models import CloseoutApplication, Commitment, ExtensionRequest, SupervisionNotice
from commitments.supervision.closeout import closeout_apply
from commitments.supervision.extensions import extension_request
from commitments.supervision.notices import notice_issue

from .api_helpers import client_for
from .base import build_world, make_user
from .factories import CommitmentFactory, CoResponsibilityFactory, DepartmentFactory

pytestmark = pytest.mark.django_db
D = datetime.date
ROLES = ["office", "lead", "co", "outsider", "leader", "viewer", "anonymous"]
EXTENSIONS, CLOSEOUTS, NOTICES = "/api/extension-requests/", "/api/closeouts/", "/api/notices/"


@pytest.fixture
def cast(db):
    world = build_world()
    third = DepartmentFactory(name="江城区自然资源局")
    CoResponsibilityFactory(commitment=world.mine, department=third)
    return {
        "world": world,
        "commitment": world.mine,
        "office": world.office,
        "lead": world.reporter,
        "co": make_user("reporter", third),
        "outsider": world.outsider,
        "leader": world.leader,
        "viewer": world.viewer,
        "anonymous": None,
    }


def as_(cast, role):
    return client_for(cast[role])


def ask(cast, commitment=None):
    return extension_request(
        user=cast["lead"],
        commitment=commitment or cast["commitment"],
        requested_due_date=D(2021, 3, 31),
        reason="征地",
        evidence_url="https://example.gov.cn/a",
    )


def notice(cast, commitment=None):
    return notice_issue(
        user=cast["office"],
        commitment=commitment or cast["commitment"],
        required_actions="加快",
        reply_due=D(2020, 10, 15),
        issued_on=D(2020, 9, 30),
    )


EXTENSION_BODY = {"requested_due_date": "2021-03-31", "reason": "征地", "evidence_url": "https://example.gov.cn/a"}


@pytest.mark.parametrize(
    ("role", "expected"),
    zip(ROLES, [403, 201, 403, 403, 403, 403, 401], strict=True),
)
def test_who_requests_an_extension(cast, role, expected):
    body = {**EXTENSION_BODY, "commitment": cast["commitment"].pk}
    response = as_(cast, role).post(EXTENSIONS, body, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        data = response.json()
        assert data["state"] == "pending" and data["current_due_date"] == "2020-12-31"


@pytest.mark.parametrize(
    ("role", "expected"),
    zip(ROLES, [200, 403, 403, 403, 403, 403, 401], strict=True),
)
def test_who_approves_an_extension(cast, role, expected):
    extension = ask(cast)
    response = as_(cast, role).post(f"{EXTENSIONS}{extension.pk}/approve/", {"note": "同意"}, format="json")
    assert response.status_code == expected, response.content
    commitment = Commitment.objects.get(pk=cast["commitment"].pk)
    if expected == 200:
        assert (commitment.original_due_date, commitment.due_date) == (D(2020, 12, 31), D(2021, 3, 31))
        detail = as_(cast, "office").get(f"/api/commitments/{commitment.pk}/").json()
        assert (detail["original_due_date"], detail["due_date"]) == ("2020-12-31", "2021-03-31")
    else:
        assert commitment.original_due_date is None


@pytest.mark.parametrize(
    ("role", "visible"),
    zip(ROLES, [True, True, True, False, True, False, None], strict=True),
)
def test_who_reads_the_requests(cast, role, visible):
    ask(cast)
    closeout_apply(user=cast["lead"], commitment=cast["commitment"], summary="完成", evidence_url="https://a.cn/x")
    notice(cast)
    for url in (EXTENSIONS, CLOSEOUTS, NOTICES):
        response = as_(cast, role).get(url)
        if visible is None:
            assert response.status_code == 401
            continue
        assert response.status_code == 200
        assert response.json()["count"] == (1 if visible else 0), url


@pytest.mark.parametrize(
    ("role", "expected"),
    zip(ROLES, [403, 201, 403, 403, 403, 403, 401], strict=True),
)
def test_who_applies_for_closeout(cast, role, expected):
    body = {"commitment": cast["commitment"].pk, "summary": "完成", "evidence_url": "https://example.gov.cn/y"}
    response = as_(cast, role).post(CLOSEOUTS, body, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(
    ("role", "expected"),
    zip(ROLES, [200, 403, 403, 403, 403, 403, 401], strict=True),
)
def test_who_verifies_and_closes(cast, role, expected):
    application = closeout_apply(
        user=cast["lead"], commitment=cast["commitment"], summary="完成", evidence_url="https://a.cn/x"
    )
    body = {"site_check_on": "2020-12-20", "site_check_by": "张三", "site_check_note": "已完工"}
    response = as_(cast, role).post(f"{CLOSEOUTS}{application.pk}/close/", body, format="json")
    assert response.status_code == expected, response.content
    state = Commitment.objects.get(pk=cast["commitment"].pk).closeout_state
    assert state == ("closed" if expected == 200 else "applied")


@pytest.mark.parametrize(
    ("role", "expected"),
    zip(ROLES, [201, 403, 403, 403, 403, 403, 401], strict=True),
)
def test_who_issues_a_notice(cast, role, expected):
    body = {
        "commitment": cast["commitment"].pk,
        "required_actions": "加快",
        "reply_due": "2020-10-15",
        "issued_on": "2020-09-30",
    }
    response = as_(cast, role).post(NOTICES, body, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["number"] == "督〔2020〕1号"


@pytest.mark.parametrize(
    ("role", "expected"),
    # Another department's reporter does not see the notice at all (404); the co-department sees, may not reply.
    zip(ROLES, [403, 200, 403, 404, 403, 403, 401], strict=True),
)
def test_who_replies_to_a_notice(cast, role, expected):
    row = notice(cast)
    response = as_(cast, role).post(f"{NOTICES}{row.pk}/reply/", {"reply": "已整改"}, format="json")
    assert response.status_code == expected, response.content


def test_the_review_cycle_through_the_api(cast):
    row = notice(cast)
    office, lead = as_(cast, "office"), as_(cast, "lead")
    assert lead.post(f"{NOTICES}{row.pk}/reply/", {"reply": "已整改"}, format="json").status_code == 200
    back = office.post(f"{NOTICES}{row.pk}/send-back/", {"note": "不具体", "reply_due": "2020-10-25"}, format="json")
    assert back.status_code == 200 and back.json()["state"] == "returned"
    assert lead.post(f"{NOTICES}{row.pk}/reply/", {"reply": "细化"}, format="json").status_code == 200
    accepted = office.post(f"{NOTICES}{row.pk}/accept/", {}, format="json")
    assert accepted.json()["state"] == "accepted"
    again = office.post(f"{NOTICES}{row.pk}/accept/", {}, format="json")
    assert again.status_code == 400 and again.json()["state"] == ["只能审核待审核的反馈。"]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"requested_due_date": "2020-06-30"}, "requested_due_date"),
        ({"requested_due_date": "31/03/2021"}, "requested_due_date"),
        ({"reason": ""}, "reason"),
        ({"evidence_url": "javascript:alert(1)"}, "evidence_url"),
        ({"evidence_url": ""}, "evidence_url"),
        ({"commitment": 999999}, "commitment"),
    ],
)
def test_a_bad_extension_request_is_400_by_field(cast, body, field):
    payload = {**EXTENSION_BODY, "commitment": cast["commitment"].pk, **body}
    response = as_(cast, "lead").post(EXTENSIONS, payload, format="json")
    assert response.status_code == 400, response.content
    assert field in response.json()
    assert not ExtensionRequest.objects.exists()


def test_a_refusal_without_reasons_is_400(cast):
    extension = ask(cast)
    response = as_(cast, "office").post(f"{EXTENSIONS}{extension.pk}/refuse/", {}, format="json")
    assert response.status_code == 400 and "note" in response.json()


def test_a_notice_for_a_task_on_pace_is_400(cast):
    today = datetime.date.today()
    fresh = CommitmentFactory(lead_department=cast["world"].own, start_date=today, due_date=today.replace(year=2099))
    body = {"commitment": fresh.pk, "required_actions": "加快", "reply_due": "2099-01-01"}
    response = as_(cast, "office").post(NOTICES, body, format="json")
    assert response.status_code == 400 and "commitment" in response.json()


def test_an_evidence_file_is_uploaded_and_downloaded(cast):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("批复.pdf", b"%PDF-1.4 test", content_type="application/pdf")
    body = {"commitment": cast["commitment"].pk, "requested_due_date": "2021-03-31", "reason": "征地"}
    response = as_(cast, "lead").post(EXTENSIONS, {**body, "evidence_file": upload}, format="multipart")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert response.json()["evidence_file"].endswith(f"/api/extension-requests/{pk}/evidence/")
    download = as_(cast, "co").get(f"{EXTENSIONS}{pk}/evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    assert as_(cast, "outsider").get(f"{EXTENSIONS}{pk}/evidence/").status_code == 404


def test_the_notice_downloads_as_word(cast):
    row = notice(cast)
    response = as_(cast, "lead").get(f"{NOTICES}{row.pk}/document/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert "督〔2020〕1号" in text and "2020年10月15日" in text
    assert as_(cast, "outsider").get(f"{NOTICES}{row.pk}/document/").status_code == 404
    assert as_(cast, "anonymous").get(f"{NOTICES}{row.pk}/document/").status_code == 401


def test_filters(cast):
    first = notice(cast)
    notice(cast)
    office = as_(cast, "office")
    assert office.get(NOTICES, {"reply_overdue_on": "2020-10-16"}).json()["count"] == 2
    assert office.get(NOTICES, {"reply_overdue_on": "2020-10-15"}).json()["count"] == 0
    assert office.get(NOTICES, {"state": "issued", "department": cast["world"].own.pk}).json()["count"] == 2
    assert office.get(NOTICES, {"state": "nonsense"}).status_code == 400
    ids = [row["id"] for row in office.get(NOTICES, {"ordering": "sequence"}).json()["results"]]
    assert ids[0] == first.pk


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [EXTENSIONS, CLOSEOUTS, NOTICES])
def test_list_queries_do_not_grow_with_rows(cast, url):
    def add(count):
        for _ in range(count):
            commitment = CommitmentFactory(lead_department=cast["world"].own)
            ask(cast, commitment)
            closeout_apply(user=cast["lead"], commitment=commitment, summary="完成", evidence_url="https://a.cn/x")
            notice(cast, commitment)

    add(2)
    lead = as_(cast, "lead")
    few = _queries(lead, url)
    add(20)
    assert _queries(lead, url) == few
    assert few <= 6
    model = {EXTENSIONS: ExtensionRequest, CLOSEOUTS: CloseoutApplication, NOTICES: SupervisionNotice}[url]
    assert model.objects.count() == 22


def test_the_schema_lists_the_new_endpoints(cast):
    schema = as_(cast, "office").get("/api/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/api/extension-requests/",
        "/api/extension-requests/{id}/approve/",
        "/api/closeouts/{id}/close/",
        "/api/closeouts/{id}/reopen/",
        "/api/notices/{id}/document/",
        "/api/notices/{id}/reply/",
    ):
        assert path in paths, path


def test_the_figures_count_an_overdue_reply(cast):
    notice(cast)
    figures = as_(cast, "office").get(f"/api/commitments/{cast['commitment'].pk}/figures/", {"as_of": "2020-10-20"})
    assert figures.status_code == 200
    assert figures.json()["overdue_replies"] == 1 and figures.json()["colour"] == "red"


def test_the_office_sets_the_notice_prefix_of_a_report(cast):
    report = cast["commitment"].report
    body = {"notice_prefix": "江督", "version": report.version}
    response = as_(cast, "office").patch(f"/api/reports/{report.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    assert notice(cast).number == "江督〔2020〕1号"
    refused = as_(cast, "lead").patch(f"/api/reports/{report.pk}/", {"notice_prefix": "x", "version": 2}, format="json")
    assert refused.status_code == 403
