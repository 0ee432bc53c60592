"""The admin side of structured reports: a co-department writes and submits its contribution, the lead
department reads it on its update and consolidates it, the office and leaders list the matters needing
coordination."""

import datetime

import pytest

from commitments import services
from commitments.models import Contribution, ProgressUpdate

from .factories import CommitmentFactory, CoResponsibilityFactory
from .supervision_world import build_world

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def world():
    world = build_world()
    world.task = CommitmentFactory(chapter=world.key_projects.chapter, code="5.1", lead_department=world.fagai)
    CoResponsibilityFactory(commitment=world.task, department=world.zhujian)
    return world


def logged_in(client, user):
    client.force_login(user)
    return client


def test_a_co_department_writes_and_submits_its_contribution_in_the_admin(world, client):
    admin = logged_in(client, world.zhujian_reporter)
    form = {"commitment": world.task.pk, "as_of": "2020-03-20", "narrative": "完成道路设计。", "problems": "",
            "next_steps": "", "coordination_needed": "需协调用地。"}  # fmt: skip
    response = admin.post("/admin/commitments/contribution/add/", form)
    assert response.status_code == 302, response.content.decode()[:2000]
    contribution = Contribution.objects.get()
    assert (contribution.department, contribution.period, contribution.author) == (
        world.zhujian,
        "2020-03",
        world.zhujian_reporter,
    )
    again = admin.post("/admin/commitments/contribution/add/", {**form, "as_of": "2020-03-28"})
    assert again.status_code == 200 and "2020-03" in str(again.context["adminform"].form.errors["as_of"])
    admin.post(
        "/admin/commitments/contribution/",
        {"action": "submit_contributions", "_selected_action": [contribution.pk]},
    )
    contribution.refresh_from_db()
    assert contribution.state == "submitted"


def test_only_co_responsible_commitments_are_offered(world, client):
    other = CommitmentFactory(chapter=world.key_projects.chapter, code="6.1", lead_department=world.gongxin)
    page = logged_in(client, world.zhujian_reporter).get("/admin/commitments/contribution/add/")
    offered = list(page.context["adminform"].form.fields["commitment"].queryset)
    assert world.task in offered and other not in offered and world.key_projects in offered
    # 发改局 leads and co-owns nothing here: nothing to offer; the office contributes for no department.
    lead_page = logged_in(client, world.fagai_reporter).get("/admin/commitments/contribution/add/")
    assert list(lead_page.context["adminform"].form.fields["commitment"].queryset) == []
    assert logged_in(client, world.office).get("/admin/commitments/contribution/add/").status_code == 403


def test_the_lead_sees_and_consolidates_the_contributions_on_its_update(world, client):
    contribution = services.contribution_create(
        user=world.zhujian_reporter, commitment=world.task, as_of=D(2020, 3, 20), problems="征迁慢。"
    )
    services.contribution_submit(user=world.zhujian_reporter, contribution=contribution)
    update = services.update_create(user=world.fagai_reporter, commitment=world.task, as_of=D(2020, 3, 25))
    admin = logged_in(client, world.fagai_reporter)
    page = admin.get(f"/admin/commitments/progressupdate/{update.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "江城区住房和城乡建设局" in text and "征迁慢。" in text
    admin.post(
        "/admin/commitments/progressupdate/",
        {"action": "consolidate_contributions", "_selected_action": [update.pk]},
    )
    assert ProgressUpdate.objects.get(pk=update.pk).problems == "【江城区住房和城乡建设局】征迁慢。"


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("office", True), ("leader_user", True), ("fagai_reporter", False), ("viewer", False)],
)
def test_the_coordination_page_is_for_the_office_and_leaders(world, client, who, allowed):
    update = services.update_create(
        user=world.fagai_reporter,
        commitment=world.task,
        as_of=D(2020, 3, 20),
        narrative="推进",
        coordination_needed="需协调资金。",
    )
    services.update_submit(user=world.fagai_reporter, update=update)
    response = logged_in(client, getattr(world, who)).get("/admin/commitments/coordinationmatter/")
    if allowed:
        assert response.status_code == 200
        assert [row.pk for row in response.context["cl"].result_list] == [update.pk]
    else:
        assert response.status_code in (302, 403)
