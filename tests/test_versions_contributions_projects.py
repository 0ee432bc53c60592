"""Lost edits of co-departments' contributions and of key projects (issue 16, finding 5): their API edits
name the version they were made from, as a commitment's do (`version` → 409, If-Match → 412, neither →
428); a submission or a promotion may name one (stale: refused) and needs none, as an update's submit; every
save, whichever surface made it, moves the version on; the admin still refuses a page opened before it."""

import pytest

from commitments import services
from commitments.models import Contribution, KeyProject

from .api_helpers import client_for
from .base import D, day
from .key_projects_base import add_project, make_ledger
from .test_key_project_admin import _form
from .test_reference_versions import opened_form

pytestmark = pytest.mark.django_db


# --- Contributions ------------------------------------------------------------------------------------------
# `own` co-owns `shared` (led by `other`): world.reporter writes its department's contribution.


@pytest.fixture
def contribution(world) -> Contribution:
    return services.contribution_create(
        user=world.reporter, commitment=world.shared, as_of=day(3, 20), narrative="初稿"
    )


def contribution_url(contribution: Contribution, step: str = "") -> str:
    return f"/api/contributions/{contribution.pk}/{step}"


def test_a_contribution_is_read_with_its_version_and_etag(world, contribution):
    response = client_for(world.reporter).get(contribution_url(contribution))
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response["ETag"] == '"1"'


def test_a_contribution_edit_at_the_current_version_saves_and_moves_it_on(world, contribution):
    reporter = client_for(world.reporter)
    response = reporter.patch(contribution_url(contribution), {"narrative": "甲", "version": 1}, format="json")
    assert response.status_code == 200
    assert response.json()["version"] == 2 and response["ETag"] == '"2"'
    by_header = reporter.patch(
        contribution_url(contribution), {"problems": "缺资金"}, format="json", HTTP_IF_MATCH='"2"'
    )
    assert by_header.status_code == 200 and by_header["ETag"] == '"3"'
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.narrative, stored.problems, stored.version) == ("甲", "缺资金", 3)


def test_the_second_contribution_editor_is_refused_and_nothing_of_theirs_is_saved(world, contribution):
    first, second = client_for(world.reporter), client_for(world.reporter)
    read = second.get(contribution_url(contribution)).json()["version"]
    assert (
        first.patch(contribution_url(contribution), {"narrative": "甲", "version": 1}, format="json").status_code == 200
    )
    refused = second.patch(contribution_url(contribution), {"narrative": "乙", "version": read}, format="json")
    assert refused.status_code == 409
    stale_header = second.patch(contribution_url(contribution), {"narrative": "乙"}, format="json", HTTP_IF_MATCH='"1"')
    assert stale_header.status_code == 412
    unnamed = second.patch(contribution_url(contribution), {"narrative": "乙"}, format="json")
    assert unnamed.status_code == 428
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.narrative, stored.version) == ("甲", 2)


def test_a_stale_contribution_is_not_submitted(world, contribution):
    reporter = client_for(world.reporter)
    services.contribution_edit(user=world.reporter, contribution=contribution, narrative="改过")  # version 2
    assert reporter.post(contribution_url(contribution, "submit/"), {"version": 1}, format="json").status_code == 409
    assert reporter.post(contribution_url(contribution, "submit/"), HTTP_IF_MATCH='"1"').status_code == 412
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.state, stored.version) == ("draft", 2)
    submitted = reporter.post(contribution_url(contribution, "submit/"), {"version": 2}, format="json")
    assert submitted.status_code == 200
    assert submitted.json()["state"] == "submitted" and submitted["ETag"] == '"3"'


def test_a_submission_naming_no_version_is_taken_as_an_updates_is(world, contribution):
    response = client_for(world.reporter).post(contribution_url(contribution, "submit/"))
    assert response.status_code == 200 and response.json()["version"] == 2
    # A second click is told what it is, not that the version moved on.
    again = client_for(world.reporter).post(contribution_url(contribution, "submit/"), {"version": 1}, format="json")
    assert again.status_code == 400 and "state" in again.json()


def test_consolidation_moves_the_contribution_on(world, contribution):
    services.contribution_submit(user=world.reporter, contribution=contribution)  # version 2
    update = services.update_create(user=world.outsider, commitment=world.shared, as_of=day(3, 25))
    services.update_consolidate(user=world.outsider, update=update)
    stored = Contribution.objects.get(pk=contribution.pk)
    assert (stored.consolidated_into_id, stored.version) == (update.pk, 3)


def test_an_admin_save_moves_the_contribution_on_and_a_stale_page_is_still_refused(client, world, contribution):
    client.force_login(world.reporter)
    url = f"/admin/commitments/contribution/{contribution.pk}/change/"
    mine, theirs = opened_form(client, url), opened_form(client, url)
    assert client.post(url, {**theirs, "narrative": "后台改"}).status_code == 302
    assert Contribution.objects.get(pk=contribution.pk).version == 2
    # The API client that read version 1 is refused, and so is the page opened before the admin's save.
    stale = client_for(world.reporter).patch(contribution_url(contribution), {"narrative": "接口改", "version": 1},
                                             format="json")  # fmt: skip
    assert stale.status_code == 409
    refused = client.post(url, {**mine, "narrative": "我改"})
    assert refused.status_code == 200 and "刷新" in refused.content.decode()
    assert Contribution.objects.get(pk=contribution.pk).narrative == "后台改"


# --- Key projects -------------------------------------------------------------------------------------------

KEY_PROJECTS = "/api/key-projects/"


@pytest.fixture
def project(world) -> KeyProject:
    return add_project(world, make_ledger(world), 1, is_reserve=True)


def whole(world, **fields) -> dict:
    """A PUT's body: the whole ledger row."""
    return {"sequence": 1, "name": "测试项目1", "department": world.own.pk, "planned_investment": "1.5",
            "total_investment": "10", "categories": ["new_start"], "is_reserve": True, **fields}  # fmt: skip


def test_a_key_project_is_read_with_its_version_and_etag(world, project):
    response = client_for(world.viewer).get(f"{KEY_PROJECTS}{project.pk}/")
    assert response.status_code == 200
    assert response.json()["version"] == 1 and response["ETag"] == '"1"'


def test_a_key_project_change_at_the_current_version_saves_and_moves_it_on(world, project):
    office = client_for(world.office)
    patched = office.patch(f"{KEY_PROJECTS}{project.pk}/", {"planned_investment": "4", "version": 1}, format="json")
    assert patched.status_code == 200
    assert patched.json()["version"] == 2 and patched["ETag"] == '"2"'
    body = whole(world, name="改名", planned_investment="4")
    put = office.put(f"{KEY_PROJECTS}{project.pk}/", body, format="json", HTTP_IF_MATCH='"2"')
    assert put.status_code == 200 and put["ETag"] == '"3"'
    stored = KeyProject.objects.get(pk=project.pk)
    assert (stored.name, stored.planned_investment, stored.version) == ("改名", D(4), 3)


@pytest.mark.parametrize("method", ["patch", "put"])
def test_the_second_key_project_editor_is_refused_and_nothing_of_theirs_is_saved(world, project, method):
    first, second = client_for(world.office), client_for(world.office)
    assert first.patch(f"{KEY_PROJECTS}{project.pk}/", {"name": "甲", "version": 1}, format="json").status_code == 200
    send = getattr(second, method)
    body = whole(world, name="乙", planned_investment="9")
    assert send(f"{KEY_PROJECTS}{project.pk}/", {**body, "version": 1}, format="json").status_code == 409
    assert send(f"{KEY_PROJECTS}{project.pk}/", body, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    assert send(f"{KEY_PROJECTS}{project.pk}/", body, format="json").status_code == 428
    stored = KeyProject.objects.get(pk=project.pk)
    assert (stored.name, stored.planned_investment, stored.version) == ("甲", D("1.5"), 2)
    assert stored.commitment.title == "甲"


def test_a_stale_key_project_is_not_promoted(world, project):
    office = client_for(world.office)
    office.patch(f"{KEY_PROJECTS}{project.pk}/", {"content": "厂房", "version": 1}, format="json")
    promote = f"{KEY_PROJECTS}{project.pk}/promote/"
    assert office.post(promote, {"on": "2020-08-01", "version": 1}, format="json").status_code == 409
    assert office.post(promote, {"on": "2020-08-01"}, format="json", HTTP_IF_MATCH='"1"').status_code == 412
    stored = KeyProject.objects.get(pk=project.pk)
    assert (stored.is_reserve, stored.version) == (True, 2)
    promoted = office.post(promote, {"on": "2020-08-01", "version": 2}, format="json")
    assert promoted.status_code == 200
    assert promoted.json()["is_reserve"] is False and promoted["ETag"] == '"3"'


def test_a_promotion_naming_no_version_is_taken_as_an_updates_approval_is(world, project):
    response = client_for(world.office).post(
        f"{KEY_PROJECTS}{project.pk}/promote/", {"on": "2020-08-01"}, format="json"
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    again = client_for(world.office).post(
        f"{KEY_PROJECTS}{project.pk}/promote/", {"on": "2020-08-01", "version": 1}, format="json"
    )
    assert again.status_code == 400 and "is_reserve" in again.json()


def test_a_save_from_another_surface_moves_the_key_project_on(client, world, project):
    """The admin's page (as the ledger import) saves through key_project_update: an API client that read the
    project before is refused; a page opened before an API change is refused too, and saves nothing."""
    client.force_login(world.office)
    url = f"/admin/commitments/keyproject/{project.pk}/change/"

    def page(**fields) -> dict:
        opened = client.get(url).context["adminform"].form.initial["opened_state"]
        return {**_form(world, project.ledger, sequence=1, name="测试项目1", is_reserve="on", **fields),
                "opened_state": opened}  # fmt: skip

    mine = page(content="后台改")
    api_change = {"content": "接口改", "version": 1}
    assert client_for(world.office).patch(f"{KEY_PROJECTS}{project.pk}/", api_change, format="json").status_code == 200
    refused = client.post(url, mine)
    assert refused.status_code == 200 and "刷新" in refused.content.decode()
    assert KeyProject.objects.get(pk=project.pk).content == "接口改"
    assert client.post(url, page(content="后台改")).status_code == 302
    assert KeyProject.objects.get(pk=project.pk).version == 3
    stale = client_for(world.office).patch(
        f"{KEY_PROJECTS}{project.pk}/", {"content": "再改", "version": 2}, format="json"
    )
    assert stale.status_code == 409
    assert KeyProject.objects.get(pk=project.pk).content == "后台改"
