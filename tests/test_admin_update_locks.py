"""A stale progress-update page is refused, naming who saved since (issue 16, finding 5, admin part): the
form carries the version it was opened at, as the commitment page does."""

import pytest
from django.urls import reverse

from commitments import services
from commitments.admin.update_parts import ProgressUpdateForm
from commitments.models import ProgressUpdate

from .base import day

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(world):
    return services.update_create(user=world.reporter, commitment=world.mine, as_of=day(6, 30), narrative="初稿")


def form_data(update: ProgressUpdate, opened_version, narrative: str) -> dict:
    data = {
        "commitment": update.commitment_id,
        "as_of": update.as_of.isoformat(),
        "narrative": narrative,
        "percent": "",
    }
    if opened_version is not None:
        data["opened_version"] = opened_version
    return data


def test_the_page_opens_with_its_version(client, world, draft):
    client.force_login(world.reporter)
    page = client.get(reverse("admin:commitments_progressupdate_change", args=[draft.pk])).content.decode()
    assert 'name="opened_version"' in page and f'value="{draft.version}"' in page


def test_a_page_opened_before_someone_elses_save_is_refused_naming_them(world, draft):
    opened = draft.version
    services.update_edit(user=world.office, update=draft, narrative="督查室补充", expected_version=opened)
    form = ProgressUpdateForm(form_data(draft, opened, "我的修改"), instance=ProgressUpdate.objects.get(pk=draft.pk))
    assert not form.is_valid()
    message = " ".join(form.non_field_errors())
    assert world.office.get_username() in message
    assert ProgressUpdate.objects.get(pk=draft.pk).narrative == "督查室补充"


def test_a_current_page_saves(world, draft):
    form = ProgressUpdateForm(form_data(draft, draft.version, "我的修改"), instance=draft)
    assert form.is_valid(), form.errors


def test_a_page_without_its_version_cannot_prove_it_is_current(world, draft):
    form = ProgressUpdateForm(form_data(draft, None, "我的修改"), instance=draft)
    assert not form.is_valid()
