"""Structured progress reports: the four parts of an update (进展情况 / 存在问题 / 下步计划 / 需协调事项), the
co-departments' contributions consolidated by the lead department, and the matters needing coordination —
services, selectors, the API by role, and query budgets."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError

from commitments import services
from commitments.choices import CommitmentStatus, ContributionState, UpdateState
from commitments.models import Contribution, ReportingPlan
from commitments.selectors.contributions import contributions_for_update, coordination_matters, period_key

from .api_helpers import client_for
from .factories import CommitmentFactory, CoResponsibilityFactory
from .supervision_world import at, build_world

pytestmark = pytest.mark.django_db
D = datetime.date
MARCH_20 = D(2020, 3, 20)


@pytest.fixture
def world():
    world = build_world()
    # A leaf task 发改局 leads with 住建局 co-responsible; 工信局 stands aside.
    world.task = CommitmentFactory(chapter=world.key_projects.chapter, code="5.1", lead_department=world.fagai)
    CoResponsibilityFactory(commitment=world.task, department=world.zhujian)
    world.anonymous = AnonymousUser()
    return world


def contribute(world, *, as_of=MARCH_20, submit=True, **parts) -> Contribution:
    parts = parts or {
        "narrative": "完成配套道路设计。",
        "problems": "征迁进度慢。",
        "coordination_needed": "需协调用地指标。",
    }
    contribution = services.contribution_create(
        user=world.zhujian_reporter, commitment=world.task, as_of=as_of, **parts
    )
    if submit:
        contribution = services.contribution_submit(user=world.zhujian_reporter, contribution=contribution)
    return contribution


# --- The four parts ------------------------------------------------------------------------------------------


def test_an_update_carries_the_four_parts_and_submits_with_problems_alone(world):
    update = services.update_create(
        user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 20), problems="资金未到位。"
    )
    update = services.update_edit(user=world.fagai_reporter, update=update, next_steps="四月开工。")
    submitted = services.update_submit(user=world.fagai_reporter, update=update)
    assert (submitted.narrative, submitted.problems, submitted.next_steps) == ("", "资金未到位。", "四月开工。")
    assert submitted.state == UpdateState.SUBMITTED


def test_an_update_with_no_part_and_no_figure_is_still_refused(world):
    update = services.update_create(user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 20))
    with pytest.raises(ValidationError) as refused:
        services.update_submit(user=world.fagai_reporter, update=update)
    assert "narrative" in refused.value.message_dict


def test_the_history_keeps_each_part(world):
    update = services.update_create(
        user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 20), coordination_needed="需协调资金。"
    )
    services.update_edit(user=world.fagai_reporter, update=update, coordination_needed="")
    assert [row.coordination_needed for row in update.history.order_by("history_id")] == ["需协调资金。", ""]


# --- Contributions -------------------------------------------------------------------------------------------


def test_a_co_department_contributes_for_the_period_of_its_date(world):
    contribution = contribute(world)
    assert (contribution.department, contribution.period, contribution.state) == (
        world.zhujian,
        "2020-03",
        ContributionState.SUBMITTED,
    )
    assert contribution.author == world.zhujian_reporter
    assert contribution.history.count() == 2


def test_a_quarterly_commitment_contributes_per_quarter(world):
    ReportingPlan.objects.create(commitment=world.task, cadence="quarterly")
    assert period_key(world.task, D(2020, 2, 10)) == "2020-Q1"
    assert contribute(world, as_of=D(2020, 2, 10)).period == "2020-Q1"


@pytest.mark.parametrize("who", ["fagai_reporter", "gongxin_reporter", "office", "leader_user", "viewer"])
def test_only_a_co_department_contributes(world, who):
    with pytest.raises(PermissionDenied):
        services.contribution_create(user=getattr(world, who), commitment=world.task, as_of=D(2020, 3, 20))


def test_one_contribution_per_department_and_period(world):
    contribute(world, as_of=D(2020, 3, 5))
    with pytest.raises(ValidationError) as refused:
        contribute(world, as_of=D(2020, 3, 28))
    assert "2020-03" in refused.value.message_dict["as_of"][0]
    assert contribute(world, as_of=D(2020, 4, 2)).period == "2020-04"


def test_a_contribution_in_the_future_is_refused_on_its_date(world):
    with at(D(2020, 3, 1)), pytest.raises(ValidationError) as refused:
        contribute(world, as_of=D(2020, 3, 20))
    assert "as_of" in refused.value.message_dict


def test_a_submitted_contribution_is_not_changed_nor_submitted_again(world):
    contribution = contribute(world)
    with pytest.raises(PermissionDenied):
        services.contribution_edit(user=world.zhujian_reporter, contribution=contribution, narrative="改")
    with pytest.raises(ValidationError) as refused:
        services.contribution_submit(user=world.zhujian_reporter, contribution=contribution)
    assert "state" in refused.value.message_dict


def test_an_empty_contribution_cannot_be_submitted(world):
    contribution = contribute(world, submit=False, narrative=" ")
    with pytest.raises(ValidationError):
        services.contribution_submit(user=world.zhujian_reporter, contribution=contribution)


def test_the_lead_consolidates_the_contributions_under_their_department_names(world):
    contribute(world)
    update = services.update_create(
        user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 25), narrative="主体工程完成60%。"
    )
    waiting = list(contributions_for_update(update))
    assert [item.department for item in waiting] == [world.zhujian]
    update = services.update_consolidate(user=world.fagai_reporter, update=update)
    assert update.narrative == "主体工程完成60%。\n【江城区住房和城乡建设局】完成配套道路设计。"
    assert update.problems == "【江城区住房和城乡建设局】征迁进度慢。"
    assert update.next_steps == ""
    assert update.coordination_needed == "【江城区住房和城乡建设局】需协调用地指标。"
    assert Contribution.objects.get().consolidated_into == update
    # Taken once: a second consolidation finds nothing new.
    with pytest.raises(ValidationError) as refused:
        services.update_consolidate(user=world.fagai_reporter, update=update)
    assert "contributions" in refused.value.message_dict


def test_drafts_and_other_periods_are_not_consolidated(world):
    contribute(world, submit=False)
    contribute(world, as_of=D(2020, 2, 20))
    update = services.update_create(user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 25))
    assert list(contributions_for_update(update)) == []


@pytest.mark.parametrize("who", ["zhujian_reporter", "gongxin_reporter", "leader_user"])
def test_only_the_lead_or_the_office_consolidates(world, who):
    contribute(world)
    update = services.update_create(user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 25))
    with pytest.raises(PermissionDenied):
        services.update_consolidate(user=getattr(world, who), update=update)
    assert services.update_consolidate(user=world.office, update=update).problems


def test_a_submitted_update_takes_no_more_contributions(world):
    contribute(world)
    update = services.update_create(
        user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 25), narrative="x"
    )
    services.update_submit(user=world.fagai_reporter, update=update)
    with pytest.raises(PermissionDenied):
        services.update_consolidate(user=world.fagai_reporter, update=update)


# --- Matters needing coordination ----------------------------------------------------------------------------


def sent(world, commitment, as_of, coordination="", approve=False):
    update = services.update_create(
        user=world.fagai_reporter,
        commitment=commitment,
        as_of=as_of,
        narrative="推进",
        coordination_needed=coordination,
    )
    update = services.update_submit(user=world.fagai_reporter, update=update)
    return services.update_approve(user=world.office, update=update) if approve else update


def test_the_latest_received_update_names_the_matter(world):
    older = sent(world, world.task, D(2020, 2, 20), "需协调资金。", approve=True)
    assert list(coordination_matters()) == [older]
    newer = sent(world, world.task, D(2020, 3, 20), "需协调用地。")
    assert list(coordination_matters()) == [newer]
    sent(world, world.task, D(2020, 4, 20), "")
    assert list(coordination_matters()) == []  # a later report naming none takes the matter off the list


def test_drafts_and_closed_commitments_raise_no_matter(world):
    services.update_create(
        user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 20), coordination_needed="需协调。"
    )
    assert list(coordination_matters()) == []
    sent(world, world.task, D(2020, 3, 21), "需协调。")
    world.task.status = CommitmentStatus.COMPLETED
    world.task.save()
    assert list(coordination_matters()) == []


# --- API -----------------------------------------------------------------------------------------------------


def client(world, who):
    return client_for(None if who == "anonymous" else getattr(world, who))


def test_the_api_writes_and_shows_the_four_parts(world):
    body = {"commitment": world.task.pk, "as_of": "2020-03-20", "narrative": "进展", "problems": "问题",
            "next_steps": "计划", "coordination_needed": "协调"}  # fmt: skip
    response = client(world, "fagai_reporter").post("/api/updates/", body, format="json")
    assert response.status_code == 201, response.content
    shown = response.json()
    assert [shown[part] for part in ("narrative", "problems", "next_steps", "coordination_needed")] == [
        "进展",
        "问题",
        "计划",
        "协调",  # fmt: skip
    ]
    patched = client(world, "fagai_reporter").patch(
        f"/api/updates/{shown['id']}/", {"problems": 7 * "字", "version": shown["version"]}, format="json"
    )
    assert patched.status_code == 200 and patched.json()["problems"] == "字字字字字字字"


def test_the_needs_coordination_filter(world):
    with_matter = sent(world, world.task, D(2020, 3, 20), "需协调。")
    without = sent(world, world.key_projects, D(2020, 3, 20), "")
    office = client(world, "office")
    assert [row["id"] for row in office.get("/api/updates/?needs_coordination=true").json()["results"]] == [
        with_matter.pk
    ]
    assert [row["id"] for row in office.get("/api/updates/?needs_coordination=false").json()["results"]] == [without.pk]
    refused = office.get("/api/updates/?needs_coordination=perhaps")
    assert refused.status_code == 400 and "needs_coordination" in refused.json()


@pytest.mark.parametrize(
    ("who", "status"),
    [("office", 200), ("leader_user", 200), ("fagai_reporter", 403), ("gongxin_reporter", 403), ("viewer", 403),
     ("anonymous", 401)],
)  # fmt: skip
def test_the_coordination_list_is_for_the_office_and_leaders(world, who, status):
    sent(world, world.task, D(2020, 3, 20), "需协调。")
    response = client(world, who).get("/api/updates/coordination/")
    assert response.status_code == status
    if status == 200:
        assert [row["coordination_needed"] for row in response.json()["results"]] == ["需协调。"]


def test_the_coordination_list_costs_the_same_for_few_and_many(world, django_assert_max_num_queries):
    office = client(world, "office")
    sent(world, world.task, D(2020, 3, 20), "需协调。")
    office.get("/api/updates/coordination/")  # warm: the role's groups
    with django_assert_max_num_queries(8) as few:
        assert len(office.get("/api/updates/coordination/").json()["results"]) == 1
    for n in range(12):
        commitment = CommitmentFactory(chapter=world.task.chapter, code=f"9.{n}", lead_department=world.fagai)
        sent(world, commitment, D(2020, 3, 20), f"需协调{n}。")
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(office.get("/api/updates/coordination/").json()["results"]) == 13


# Who reads which contributions: the writer's department its own, the lead department those made to its
# task, the office and leaders all; another department none, viewers and the public nothing.
READERS = [("office", 1), ("leader_user", 1), ("zhujian_reporter", 1), ("fagai_reporter", 1),
           ("gongxin_reporter", 0), ("viewer", None), ("anonymous", None)]  # fmt: skip


@pytest.mark.parametrize(("who", "seen"), READERS)
def test_contributions_are_read_by_role(world, who, seen):
    contribute(world)
    response = client(world, who).get("/api/contributions/")
    if seen is None:
        assert response.status_code in (401, 403)
    else:
        assert response.status_code == 200 and response.json()["count"] == seen


@pytest.mark.parametrize(
    ("who", "status"),
    [("zhujian_reporter", 201), ("fagai_reporter", 403), ("gongxin_reporter", 403), ("office", 403),
     ("leader_user", 403), ("viewer", 403), ("anonymous", 401)],
)  # fmt: skip
def test_contributions_are_written_by_a_co_department_only(world, who, status):
    body = {"commitment": world.task.pk, "as_of": "2020-03-20", "narrative": "配合推进"}
    assert client(world, who).post("/api/contributions/", body, format="json").status_code == status


def test_contribution_api_answers_400_by_field(world):
    api = client(world, "zhujian_reporter")
    missing = api.post("/api/contributions/", {"narrative": "x"}, format="json")
    assert missing.status_code == 400 and {"commitment", "as_of"} <= missing.json().keys()
    future = api.post("/api/contributions/", {"commitment": world.task.pk, "as_of": "2999-01-01"}, format="json")
    assert future.status_code == 400 and "as_of" in future.json()
    made = api.post("/api/contributions/", {"commitment": world.task.pk, "as_of": "2020-03-02"}, format="json")
    again = api.post("/api/contributions/", {"commitment": world.task.pk, "as_of": "2020-03-30"}, format="json")
    assert again.status_code == 400 and "as_of" in again.json()
    empty = api.post(f"/api/contributions/{made.json()['id']}/submit/")
    assert empty.status_code == 400 and "narrative" in empty.json()


def test_the_lead_reads_and_consolidates_through_the_api(world):
    zhujian = client(world, "zhujian_reporter")
    made = zhujian.post(
        "/api/contributions/",
        {"commitment": world.task.pk, "as_of": "2020-03-20", "next_steps": "四月完成"},
        format="json",
    ).json()
    change = {"problems": "缺资金", "version": made["version"]}
    assert zhujian.patch(f"/api/contributions/{made['id']}/", change, format="json").status_code == 200
    assert zhujian.post(f"/api/contributions/{made['id']}/submit/").json()["state"] == "submitted"
    fagai = client(world, "fagai_reporter")
    update = fagai.post("/api/updates/", {"commitment": world.task.pk, "as_of": "2020-03-25"}, format="json").json()
    listed = fagai.get(f"/api/updates/{update['id']}/contributions/").json()
    assert [row["department"]["name"] for row in listed] == ["江城区住房和城乡建设局"]
    # Another department does not see the draft; the co-department sees it but does not consolidate.
    assert client(world, "gongxin_reporter").post(f"/api/updates/{update['id']}/consolidate/").status_code == 404
    assert zhujian.post(f"/api/updates/{update['id']}/consolidate/").status_code == 403
    done = fagai.post(f"/api/updates/{update['id']}/consolidate/")
    assert done.status_code == 200
    assert done.json()["next_steps"] == "【江城区住房和城乡建设局】四月完成"
    assert done.json()["problems"] == "【江城区住房和城乡建设局】缺资金"
    again = fagai.post(f"/api/updates/{update['id']}/consolidate/")
    assert again.status_code == 400 and "contributions" in again.json()


def test_the_contribution_list_costs_the_same_for_few_and_many(world, django_assert_max_num_queries):
    office = client(world, "office")
    contribute(world)
    office.get("/api/contributions/")
    with django_assert_max_num_queries(6) as few:
        assert office.get("/api/contributions/").json()["count"] == 1
    for month in range(4, 13):
        contribute(world, as_of=D(2020, month, 10))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert office.get("/api/contributions/").json()["count"] == 10


def test_the_schema_names_the_new_endpoints(world):
    schema = client(world, "office").get("/api/schema/?format=json").json()
    for path in ("/api/contributions/", "/api/updates/{id}/consolidate/", "/api/updates/coordination/",
                 "/api/assessment/", "/api/assessment/export.xlsx", "/api/assessment-schemes/"):  # fmt: skip
        assert path in schema["paths"], path
    parameters = {p["name"] for p in schema["paths"]["/api/updates/"]["get"]["parameters"]}
    assert {"needs_coordination", "source_kind"} <= parameters
