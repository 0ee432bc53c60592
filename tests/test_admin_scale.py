"""The admin at a province's scale: pages that cost the same queries for a few rows or many, search boxes
instead of lists of every commitment, report and department, and the autocomplete's scope per role."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from commitments.admin.common import EstimatedCountPaginator
from commitments.choices import AcceptanceRole, AcceptanceState, UpdateState
from commitments.models import Acceptance, Chapter, ProgressUpdate

from .factories import (
    ChapterFactory,
    CommitmentFactory,
    CoResponsibilityFactory,
    DepartmentFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ReportedValueFactory,
)

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """n more commitments in the world's report, each with its parts, updates and an acceptance; and more
    updates and co-responsible departments on the reporter's own commitment, whose page is measured."""
    chapter = world.mine.chapter
    for _ in range(n):
        commitment = CommitmentFactory(chapter=chapter, lead_department=DepartmentFactory())
        CoResponsibilityFactory(commitment=commitment)
        MilestoneFactory(commitment=commitment)
        ReportedValueFactory(update__commitment=commitment, update__state=UpdateState.APPROVED)
        ProgressUpdateFactory(commitment=commitment)
        Acceptance.objects.create(
            commitment=commitment,
            department=commitment.lead_department,
            role=AcceptanceRole.LEAD,
            state=AcceptanceState.PENDING,
            issued_at=timezone.now(),
        )
        ProgressUpdateFactory(commitment=world.mine, state=UpdateState.APPROVED)
        CoResponsibilityFactory(commitment=world.mine)
        ChapterFactory(report=chapter.report)


def pages(world) -> list[tuple[str, str, dict]]:
    commitments = reverse("admin:commitments_commitment_changelist")
    updates = reverse("admin:commitments_progressupdate_changelist")
    return [
        ("office", commitments, {}),
        ("office", commitments, {"report__id__exact": world.mine.report_id}),
        ("office", commitments, {"department": world.own.pk}),
        ("office", commitments, {"q": "推进"}),
        ("reporter", commitments, {}),
        ("reporter", commitments, {"report__id__exact": world.mine.report_id}),
        ("reporter", commitments, {"department": world.own.pk}),
        ("reporter", commitments, {"q": "推进"}),
        ("office", reverse("admin:commitments_commitment_change", args=[world.mine.pk]), {}),
        ("office", reverse("admin:commitments_progressupdate_add"), {}),
        ("reporter", reverse("admin:commitments_progressupdate_add"), {}),
        ("office", updates, {}),
        ("reporter", updates, {}),
        ("office", reverse("admin:commitments_acceptance_changelist"), {}),
        ("office", reverse("admin:commitments_reportingcompleteness_changelist"), {}),
    ]


def query_counts(client, world) -> dict[tuple, int]:
    counts = {}
    for role, url, params in pages(world):
        client.force_login(getattr(world, role))
        client.get(url, params)  # the session and caches settle on the first request
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, params)
        assert response.status_code == 200, (role, url, params)
        counts[(role, url, tuple(params))] = len(ctx.captured_queries)
    return counts


def test_admin_pages_cost_the_same_queries_for_few_rows_or_many(client, world):
    grow(world, 2)
    few = query_counts(client, world)
    grow(world, 25)
    many = query_counts(client, world)
    assert many == few


def autocomplete(client, user, term="", field=("progressupdate", "commitment")) -> set[int]:
    client.force_login(user)
    model_name, field_name = field
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "commitments", "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return {int(row["id"]) for row in response.json()["results"]}


def test_a_reporter_picks_only_commitments_their_department_leads_or_co_owns(client, world):
    assert autocomplete(client, world.reporter) == {world.mine.pk, world.shared.pk}
    assert autocomplete(client, world.outsider) == {world.shared.pk, world.theirs.pk}
    assert autocomplete(client, world.office) == {world.mine.pk, world.shared.pk, world.theirs.pk}
    # The term narrows with the one search (code, title or report text), within the scope.
    assert autocomplete(client, world.reporter, world.mine.code) == {world.mine.pk}
    assert autocomplete(client, world.reporter, world.theirs.code) == set()


def test_a_reporter_may_still_look_up_any_commitment_where_reading_is_all_that_is_asked(client, world):
    # A commitment's parent is picked by the office on the commitment page; reporters read every commitment.
    everything = {world.mine.pk, world.shared.pk, world.theirs.pk}
    assert autocomplete(client, world.reporter, field=("commitment", "parent")) == everything


def test_the_new_update_form_has_a_search_box_not_a_list_of_every_commitment(client, world):
    client.force_login(world.office)
    response = client.get(reverse("admin:commitments_progressupdate_add"))
    content = response.content.decode()
    assert 'data-model-name="progressupdate"' in content and 'data-field-name="commitment"' in content
    assert world.theirs.title not in content and world.mine.title not in content
    # What is posted is still checked against what the user may report on.
    client.force_login(world.reporter)
    data = {"commitment": world.theirs.pk, "as_of": "2020-06-30", "narrative": "已开工", "percent": ""}
    refused = client.post(reverse("admin:commitments_progressupdate_add"), data)
    assert refused.status_code == 200 and not ProgressUpdate.objects.exists()


def test_the_commitment_page_picks_report_and_chapter_in_search_boxes(client, world):
    ChapterFactory.create_batch(3, title="不相关的一章")
    client.force_login(world.office)
    response = client.get(reverse("admin:commitments_commitment_change", args=[world.mine.pk]))
    content = response.content.decode()
    assert 'data-field-name="report"' in content and 'data-field-name="chapter"' in content
    assert "不相关的一章" not in content


def test_the_list_lists_a_reports_chapters_only_once_the_report_is_chosen(client, world):
    other_report_chapter = ChapterFactory(title="别的报告的一章")
    CommitmentFactory(chapter=other_report_chapter)
    idle = DepartmentFactory(name="没有任务的部门")
    client.force_login(world.office)
    url = reverse("admin:commitments_commitment_changelist")
    unfiltered = client.get(url).content.decode()
    assert world.mine.chapter.title not in unfiltered.split('id="changelist-filter"')[1]
    assert idle.name not in unfiltered
    chosen = client.get(url, {"report__id__exact": world.mine.report_id})
    sidebar = chosen.content.decode().split('id="changelist-filter"')[1]
    assert world.mine.chapter.title in sidebar and "别的报告的一章" not in sidebar
    assert set(chosen.context["cl"].result_list) == {world.mine, world.shared, world.theirs}
    by_chapter = client.get(
        url, {"report__id__exact": world.mine.report_id, "chapter__id__exact": world.mine.chapter_id}
    )
    assert set(by_chapter.context["cl"].result_list) == {world.mine, world.shared, world.theirs}
    assert Chapter.objects.count() == 2


def test_the_report_filters_search_box_finds_a_report_for_a_reporter(client, world):
    found = autocomplete(client, world.reporter, world.mine.report.title, field=("commitment", "report"))
    assert found == {world.mine.report_id}


def test_update_and_acceptance_lists_filter_by_report_and_department(client, world):
    ProgressUpdateFactory(commitment=world.mine)
    elsewhere = ProgressUpdateFactory()  # another report
    Acceptance.objects.create(
        commitment=world.mine,
        department=world.own,
        role=AcceptanceRole.LEAD,
        issued_at=timezone.now(),
    )
    client.force_login(world.office)
    updates = client.get(
        reverse("admin:commitments_progressupdate_changelist"),
        {"commitment__report__id__exact": world.mine.report_id},
    )
    assert elsewhere not in updates.context["cl"].result_list and len(updates.context["cl"].result_list) == 1
    acceptances = reverse("admin:commitments_acceptance_changelist")
    assert len(client.get(acceptances, {"department__id__exact": world.own.pk}).context["cl"].result_list) == 1
    assert len(client.get(acceptances, {"department__id__exact": world.other.pk}).context["cl"].result_list) == 0


def test_lists_count_exactly_up_to_the_cap_and_estimate_beyond_it(client, world, monkeypatch):
    for _ in range(4):
        ProgressUpdateFactory(commitment=world.mine)
    client.force_login(world.office)
    url = reverse("admin:commitments_progressupdate_changelist")
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 10)
    cl = client.get(url).context["cl"]
    assert (cl.result_count, cl.full_result_count) == (4, None)
    monkeypatch.setattr(EstimatedCountPaginator, "EXACT_UP_TO", 2)
    cl = client.get(url).context["cl"]
    if connection.vendor == "postgresql":
        assert cl.result_count >= 3  # the planner's estimate, never below what was counted
    else:
        assert cl.result_count == 4
    assert len(cl.result_list) == 4
