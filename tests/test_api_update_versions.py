"""Lost edits of a draft (issue 16, finding 5): an update's edit names the version it was made from, as a
commitment's does; a stale one saves nothing (409 for `version`, 412 for If-Match, 428 for neither)."""

import threading

import pytest
from django.db import connection
from rest_framework.test import APIClient

from commitments.models import ProgressUpdate

from .api_helpers import client_for


@pytest.fixture
def draft(world):
    reporter = client_for(world.reporter)
    body = reporter.post(
        "/api/updates/", {"commitment": world.mine.pk, "as_of": "2020-06-30", "narrative": "初稿"}, format="json"
    ).json()
    return body["id"]


@pytest.mark.django_db
def test_the_second_of_two_editors_is_refused_and_nothing_of_theirs_is_saved(world, draft):
    first, second = client_for(world.reporter), client_for(world.reporter)
    read_by_first = first.get(f"/api/updates/{draft}/").json()
    read_by_second = second.get(f"/api/updates/{draft}/").json()
    assert first.patch(f"/api/updates/{draft}/", {"narrative": "甲", "version": read_by_first["version"]},
                       format="json").status_code == 200  # fmt: skip
    refused = second.patch(f"/api/updates/{draft}/", {"narrative": "乙", "version": read_by_second["version"]},
                           format="json")  # fmt: skip
    assert refused.status_code == 409
    assert "version" in refused.json()["detail"] or "版本" in refused.json()["detail"]
    assert ProgressUpdate.objects.get(pk=draft).narrative == "甲"


@pytest.mark.django_db
def test_if_match_carries_the_etag_of_a_get(world, draft):
    reporter = client_for(world.reporter)
    tag = reporter.get(f"/api/updates/{draft}/")["ETag"]
    assert (
        reporter.patch(f"/api/updates/{draft}/", {"narrative": "甲"}, format="json", HTTP_IF_MATCH=tag).status_code
        == 200
    )
    stale = reporter.patch(f"/api/updates/{draft}/", {"narrative": "乙"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412


@pytest.mark.django_db
def test_an_edit_naming_no_version_is_428(world, draft):
    response = client_for(world.reporter).patch(f"/api/updates/{draft}/", {"narrative": "甲"}, format="json")
    assert response.status_code == 428
    assert ProgressUpdate.objects.get(pk=draft).narrative == "初稿"


@pytest.mark.django_db
def test_every_workflow_step_moves_the_version(world, draft):
    reporter, office = client_for(world.reporter), client_for(world.office)
    versions = [reporter.get(f"/api/updates/{draft}/").json()["version"]]
    versions.append(reporter.post(f"/api/updates/{draft}/submit/").json()["version"])
    versions.append(office.post(f"/api/updates/{draft}/return/", {"note": "补充"}, format="json").json()["version"])
    assert versions == sorted(set(versions))


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="parallel writers need a database server")
def test_twenty_parallel_edits_of_one_draft_one_wins_the_rest_are_told(role_groups, world, draft):
    version = ProgressUpdate.objects.get(pk=draft).version
    answers, lock = [], threading.Lock()

    def edit(number: int) -> None:
        client = APIClient()
        client.force_authenticate(world.reporter)
        status = client.patch(f"/api/updates/{draft}/", {"narrative": f"第{number}稿", "version": version},
                              format="json").status_code  # fmt: skip
        with lock:
            answers.append(status)
        connection.close()

    threads = [threading.Thread(target=edit, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(answers) == [200] + [409] * 19
    stored = ProgressUpdate.objects.get(pk=draft)
    assert stored.version == version + 1 and stored.narrative.startswith("第")
