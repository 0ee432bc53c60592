"""The evidence view: files served only to users who may read the update, 404 for everyone else."""

from pathlib import Path

import pytest
from django.urls import reverse

from commitments import services

from .base import D, checker, day, make_user
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


@pytest.mark.parametrize(
    "role, published_report, hidden_report",
    [
        ("anonymous", 404, 404),  # the public reads the narrative, not the documents (issue 16, finding 12)
        ("viewer", 200, 404),
        ("reporter", 200, 200),  # any department's reporter reads approved updates
        ("leader", 200, 200),
        ("supervisor", 200, 200),
    ],
)
def test_approved_evidence_by_role_and_report(client, world, role, published_report, hidden_report):
    hidden = CommitmentFactory(chapter=ChapterFactory(report__published=False, report__delivered_on=day(1, 10)))
    user = {"viewer": world.viewer, "reporter": world.outsider, "leader": world.leader, "supervisor": world.office}.get(
        role, make_user("anonymous")
    )
    for commitment, expected in ((world.mine, published_report), (hidden, hidden_report)):
        update = services.update_create(
            user=world.office, commitment=commitment, as_of=day(6, 30), files=[upload("a.pdf", PDF)], percent=D(5)
        )
        services.update_submit(user=world.office, update=update)
        services.update_approve(user=checker(), update=update)
        assert get(client, user, update.evidence.get()).status_code == expected
        client.logout()


def test_link_evidence_is_no_redirect_of_ours(client, world, draft_with_file):
    link = draft_with_file.evidence.get(file="")
    assert get(client, world.reporter, link).status_code == 404


def test_the_admin_shows_a_links_address_itself(client, world, draft_with_file):
    client.force_login(world.office)
    page = client.get(reverse("admin:commitments_progressupdate_change", args=[draft_with_file.pk])).content.decode()
    assert 'href="https://www.jiangcheng.gov.cn/news/1"' in page
    assert f'href="{reverse("commitments:evidence", args=[draft_with_file.evidence.get(file="").pk])}"' not in page


def test_unknown_or_missing_evidence_is_a_404_not_a_500(client, world, draft_with_file):
    assert client.get(reverse("commitments:evidence", args=[999999])).status_code == 404
    pdf = draft_with_file.evidence.get(content_type="application/pdf")
    Path(pdf.file.path).unlink()
    assert get(client, world.office, pdf).status_code == 404
