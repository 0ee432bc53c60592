"""GET /api/summary/ answers what the documented SummarySerializer renders of progress_summary, in every
scope: on PostgreSQL the body is shaped by the database (api/summary_json.py), elsewhere in Python."""

from __future__ import annotations

import datetime
import json

import pytest

from commitments.api.serializers import SummarySerializer
from commitments.choices import CommitmentStatus
from commitments.models import Commitment, Report
from commitments.permissions import visible_commitments
from commitments.selectors import progress_summary

from .api_helpers import client_for
from .base import make_user
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory, ReportFactory
from .test_summary_snapshots import random_world

pytestmark = pytest.mark.django_db

PAST = datetime.date(2020, 7, 31)


@pytest.fixture
def two_reports(office):
    """Two reports of random histories (one unpublished), plus an empty report, a never-evaluated
    commitment (blank RAG), a cancelled one and two departments whose names sort apart by code point."""
    first = random_world(office, seed=11, size=12)
    second = random_world(office, seed=12, size=8)
    Report.objects.filter(pk=second.pk).update(published=False)
    ReportFactory()  # no commitments at all
    chapter = ChapterFactory(report=first, number=7)
    CommitmentFactory(chapter=chapter, rag="", lead_department=DepartmentFactory(name="Zeta 局"))
    CommitmentFactory(chapter=chapter, status=CommitmentStatus.CANCELLED, lead_department=DepartmentFactory(name="a局"))
    return first, second


def expected(user, **scope) -> dict:
    summary = progress_summary(**scope, queryset=visible_commitments(user))
    return json.loads(json.dumps(SummarySerializer(summary).data))


@pytest.mark.parametrize("as_of", [None, PAST], ids=["today", "past-date"])
@pytest.mark.parametrize("scope", ["all", "report", "chapter", "department", "unpublished-report"])
def test_summary_body_is_what_the_serializer_renders(two_reports, office, scope, as_of):
    first, second = two_reports
    commitment = Commitment.objects.filter(report=first).order_by("pk").first()
    params = {
        "all": {},
        "report": {"report": first},
        "chapter": {"chapter": commitment.chapter},
        "department": {"department": commitment.lead_department},
        "unpublished-report": {"report": second},
    }[scope] | ({} if as_of is None else {"as_of": as_of})
    query = {name: value.isoformat() if name == "as_of" else value.pk for name, value in params.items()}
    body = client_for(office).get("/api/summary/", query).json()
    assert body == expected(office, **params)
    assert body["count"] == len(_scope_ids(params))


def _scope_ids(params: dict) -> list[int]:
    commitments = Commitment.objects.all()
    if "report" in params:
        commitments = commitments.filter(report=params["report"])
    if "chapter" in params:
        commitments = commitments.filter(chapter=params["chapter"])
    if "department" in params:
        commitments = commitments.for_department(params["department"])
    return list(commitments.values_list("pk", flat=True))


@pytest.mark.parametrize("as_of", [None, PAST], ids=["today", "past-date"])
def test_a_viewer_gets_the_published_reports_figures(two_reports, as_of):
    viewer = make_user("viewer")
    query = {} if as_of is None else {"as_of": as_of.isoformat()}
    body = client_for(viewer).get("/api/summary/", query).json()
    assert body == expected(viewer, as_of=as_of)
    assert body["count"] == Commitment.objects.filter(report__published=True).count()


def test_an_empty_scope_has_zero_counts_and_no_mean(office):
    empty = ReportFactory()
    body = client_for(office).get("/api/summary/", {"report": empty.pk}).json()
    assert body == expected(office, report=empty)
    assert (body["count"], body["mean_progress"], body["by_chapter"], body["by_department"]) == (0, None, [], [])


def test_indented_and_browsable_answers_carry_the_same_figures(two_reports, office):
    client = client_for(office)
    compact = client.get("/api/summary/").json()
    indented = client.get("/api/summary/", HTTP_ACCEPT="application/json; indent=2")
    assert b'\n  "count"' in indented.content
    assert json.loads(indented.content) == compact
    browsable = client.get("/api/summary/", HTTP_ACCEPT="text/html")
    assert browsable.status_code == 200
    assert compact["by_chapter"][0]["label"] in browsable.content.decode()
