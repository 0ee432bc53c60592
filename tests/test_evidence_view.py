"""The evidence view: files served only to users who may read the update, 404 for everyone else."""

from pathlib import Path

import pytest
from django.urls import reverse

from commitments import services

from .base import D, day, make_user
from .factories import ChapterFactory, CommitmentFactory
from .test_evidence import PDF, PNG, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft_with_file(world):
    return services.update_create(
        user=world.reporter,
        commitment=world.mine,
        as_of=day(6, 30),
        files=[upload("进展报告.pdf", PDF), upload("现场.png", PNG)],
        links=["https://www.jiangcheng.gov.cn/news/1"],
    )


def get(client, user, evidence):
    if user is not None and user.is_authenticated:
        client.force_login(user)
    return client.get(reverse("commitments:evidence", args=[evidence.pk]))


def test_draft_evidence_is_served_to_its_department_leaders_and_the_office(client, world, draft_with_file):
    pdf = draft_with_file.evidence.get(content_type="application/pdf")
    for user in (world.reporter, world.leader, world.office):
        response = get(client, user, pdf)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == PDF
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert "sandbox" in response["Content-Security-Policy"]
        client.logout()


def test_pictures_are_shown_inline(client, world, draft_with_file):
    png = draft_with_file.evidence.get(content_type="image/png")
    response = get(client, world.office, png)
    assert response["Content-Disposition"].startswith("inline")


def test_draft_evidence_is_a_404_for_everyone_else(client, world, draft_with_file):
    for evidence in draft_with_file.evidence.all():
        for user in (world.outsider, world.viewer, make_user("anonymous")):
            assert get(client, user, evidence).status_code == 404
            client.logout()


def test_approved_evidence_is_public_only_for_published_reports(client, world):
    hidden = CommitmentFactory(chapter=ChapterFactory(report__published=False, report__delivered_on=day(1, 10)))
    for commitment, public in ((world.mine, True), (hidden, False)):
        update = services.update_create(
            user=world.office, commitment=commitment, as_of=day(6, 30), files=[upload("a.pdf", PDF)], percent=D(5)
        )
        services.update_submit(user=world.office, update=update)
        services.update_approve(user=world.office, update=update)
        response = get(client, make_user("anonymous"), update.evidence.get())
        assert response.status_code == (200 if public else 404)


def test_link_evidence_redirects_to_the_link(client, world, draft_with_file):
    link = draft_with_file.evidence.get(file="")
    response = get(client, world.reporter, link)
    assert (response.status_code, response["Location"]) == (302, "https://www.jiangcheng.gov.cn/news/1")


def test_unknown_or_missing_evidence_is_a_404_not_a_500(client, world, draft_with_file):
    assert client.get(reverse("commitments:evidence", args=[999999])).status_code == 404
    pdf = draft_with_file.evidence.get(content_type="application/pdf")
    Path(pdf.file.path).unlink()
    assert get(client, world.office, pdf).status_code == 404
