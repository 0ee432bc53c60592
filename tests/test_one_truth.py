"""Each rule has one definition, so every page that applies it gives the same answer: the latest approved update,
the search, overdue. (The figures themselves: test_supervision_pace.py, test_progress_basis.py,
test_summary_snapshots.py, test_restore.py.)"""

from __future__ import annotations

import datetime
from decimal import Decimal as D

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from commitments import services
from commitments.choices import CommitmentStatus
from commitments.models import Commitment, CoResponsibility
from commitments.selectors import commitment_evaluation, progress_summary, public_commitments

from .base import checker, day, make_user
from .factories import ChapterFactory, CommitmentFactory

pytestmark = pytest.mark.django_db


def test_the_latest_update_is_the_same_on_every_page():
    """Two updates as of the same day: the one approved last is the latest, whichever row is newer."""
    office = make_user("supervisor")
    commitment = CommitmentFactory(chapter=ChapterFactory(report__published=True))
    older_row = services.update_create(user=office, commitment=commitment, as_of=day(9, 30), narrative="更正后的进展")
    newer_row = services.update_create(user=office, commitment=commitment, as_of=day(9, 30), narrative="原先的进展")
    for update in (newer_row, older_row):  # the older row is approved last
        services.update_submit(user=office, update=update)
        services.update_approve(user=checker(), update=update)

    assert commitment_evaluation(commitment).latest_update.pk == older_row.pk
    client = APIClient()
    detail = client.get(f"/api/commitments/{commitment.pk}/").json()
    row = client.get("/api/commitments/", {"report": commitment.report_id}).json()["results"][0]
    assert detail["latest_update"]["narrative"] == row["latest_update"]["narrative"] == "更正后的进展"
    html = client.get(f"/commitments/{commitment.pk}/").content.decode()
    assert html.index("更正后的进展") < html.index("原先的进展")


@pytest.mark.parametrize("text", ["学校扩容", "学校 扩容", "2.3.1", "hospital"])
def test_the_search_means_the_same_in_the_api_and_on_the_public_site(text):
    chapter = ChapterFactory(report__published=True)
    CommitmentFactory(chapter=chapter, code="2.3.1", title="学校扩容工程", source_text="推进学校扩容。")
    CommitmentFactory(chapter=chapter, code="2.3.2", title="扩容道路", source_text="新建学校一所。")
    CommitmentFactory(chapter=chapter, code="2.3.3", title="Hospital", source_text="建设区人民医院。")
    api = {row["code"] for row in APIClient().get("/api/commitments/", {"q": text}).json()["results"]}
    public = {commitment.code for commitment in public_commitments(chapter.report, search=text)}
    assert api == public == set(Commitment.objects.search(text).values_list("code", flat=True))
    assert api  # every case finds something


def test_overdue_is_the_same_in_the_list_filter_the_summary_and_the_evaluation():
    today = timezone.localdate()
    chapter = ChapterFactory()
    due_today = CommitmentFactory(chapter=chapter, start_date=today - datetime.timedelta(days=30), due_date=today)
    late = CommitmentFactory(
        chapter=chapter, start_date=today - datetime.timedelta(days=30), due_date=today - datetime.timedelta(days=1)
    )
    done = CommitmentFactory(
        chapter=chapter,
        start_date=today - datetime.timedelta(days=30),
        due_date=today - datetime.timedelta(days=1),
        status=CommitmentStatus.COMPLETED,
        progress=D(100),
    )
    client = APIClient()
    client.force_authenticate(make_user("supervisor"))
    listed = {row["id"] for row in client.get("/api/commitments/", {"overdue": "true"}).json()["results"]}
    assert listed == {late.pk} == set(Commitment.objects.overdue().values_list("pk", flat=True))
    assert progress_summary(report=chapter.report).overdue == 1
    assert [c.is_overdue() for c in (due_today, late, done)] == [False, True, False]
    assert commitment_evaluation(due_today).overdue is False and commitment_evaluation(late).overdue is True


def test_the_admin_search_and_department_filter_are_the_api_s(client):
    chapter = ChapterFactory()
    first = CommitmentFactory(chapter=chapter, code="2.3.1", title="学校扩容工程", source_text="推进学校扩容。")
    second = CommitmentFactory(chapter=chapter, code="2.3.2", title="扩容道路", source_text="新建学校一所。")
    CoResponsibility.objects.create(commitment=second, department=first.lead_department)
    office = make_user("supervisor")
    client.force_login(office)
    api = APIClient()
    api.force_authenticate(office)
    for query in ({"q": "学校 扩容"}, {"department": first.lead_department_id}):
        admin_page = client.get("/admin/commitments/commitment/", query).context["cl"].queryset
        api_rows = api.get("/api/commitments/", query).json()["results"]
        assert set(admin_page.values_list("pk", flat=True)) == {row["id"] for row in api_rows}
    assert {row["id"] for row in api.get("/api/commitments/", {"q": "学校 扩容"}).json()["results"]} == {
        first.pk,
        second.pk,
    }
