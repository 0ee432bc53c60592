"""The engine on the real 2020 report: every commitment gets figures, and they stay in step."""

import io

import pytest
from django.core.management import call_command

from commitments import services
from commitments.choices import CommitmentStatus, Rag
from commitments.models import Commitment
from commitments.selectors import commitment_evaluation, evaluate_commitments, progress_summary

from .base import D, approved, day, make_user

pytestmark = pytest.mark.django_db


def test_recompute_gives_every_commitment_of_the_report_a_rag_and_then_finds_nothing(jiangcheng_2020):
    out = io.StringIO()
    call_command("recompute_progress", "--report", str(jiangcheng_2020.pk), stdout=out)
    assert f"{jiangcheng_2020.commitments.count()} commitment(s) drifted" in out.getvalue()
    assert not Commitment.objects.filter(rag="").exists()
    assert services.recompute_all(report=jiangcheng_2020) == []


def test_quiet_recompute_prints_nothing(jiangcheng_2020):
    out = io.StringIO()
    call_command("recompute_progress", verbosity=0, stdout=out)
    assert out.getvalue() == ""


def test_approval_on_a_child_rolls_up_to_its_parent_in_the_report(jiangcheng_2020):
    office = make_user("supervisor")
    child = Commitment.objects.filter(report=jiangcheng_2020, parent__isnull=False).select_related("parent").first()
    # The parent's parts: each child, and its own work when it has targets or milestones of its own.
    parts = child.parent.children.count() + int(child.parent.targets.exists() or child.parent.milestones.exists())
    # Complete the child by its own measure: its targets met, or 100% for an ongoing item.
    values = [(target, target.target_value) for target in child.targets.all()]
    milestones = list(child.milestones.all())
    approved(office, child, day(9, 30), percent=D(100), values=values, milestones_completed=milestones)
    child.refresh_from_db()
    parent = Commitment.objects.get(pk=child.parent_id)
    assert child.status == CommitmentStatus.COMPLETED
    own = commitment_evaluation(parent).own_progress or D(0)
    assert parent.progress == ((D(100) + own) / parts).quantize(D("0.01"))


def test_where_did_we_stand_on_2020_09_30(jiangcheng_2020):
    office = make_user("supervisor")
    ongoing = Commitment.objects.filter(report=jiangcheng_2020, kind="ongoing", children__isnull=True).first()
    approved(office, ongoing, day(9, 30), percent=D(80))
    summary = progress_summary(report=jiangcheng_2020, as_of=day(9, 30))
    assert summary.count == jiangcheng_2020.commitments.count()
    assert summary.by_status[CommitmentStatus.IN_PROGRESS] == 1
    # 80% against an expected 74.79% (273 of 365 days): green.
    assert evaluate_commitments(Commitment.objects.filter(pk=ongoing.pk), as_of=day(9, 30))[ongoing.pk].rag == Rag.GREEN
    assert sum(group.count for group in summary.by_chapter) == summary.count
