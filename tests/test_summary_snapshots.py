"""The fast summary (stored fields today, progress snapshots for a past date, aggregated in SQL) gives the
same figures as the engine's own evaluation of the whole history, on scripted and random histories."""

import datetime
import io
import random

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from commitments import services
from commitments.choices import CommitmentKind, CommitmentStatus, Comparator, OverrideStatus, Rag
from commitments.models import Commitment, ProgressSnapshot
from commitments.selectors import GroupTally, Summary, evaluate_commitments, progress_summary, rules

from .base import D, approved, checker, day, submitted
from .factories import ChapterFactory, CommitmentFactory, DepartmentFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db

DATES = [day(1, 1), day(2, 29), day(3, 31), day(5, 15), day(6, 30), day(9, 30), day(12, 31), day(6, 30, 2021)]


def reference_summary(scope, as_of: datetime.date) -> Summary:
    """The summary as the engine sees it: every commitment evaluated in Python from the whole history."""
    evaluations = evaluate_commitments(scope, as_of=as_of)
    commitments = list(scope.select_related("chapter", "lead_department"))

    def tally(members) -> dict:
        picked = [evaluations[c.pk] for c in members]
        active = [e.progress for e in picked if e.status != CommitmentStatus.CANCELLED]
        by_status = {status: 0 for status in CommitmentStatus.values}
        by_rag = {value: 0 for value in Rag.values}
        for evaluation in picked:
            by_status[evaluation.status] += 1
            by_rag[evaluation.rag] += 1
        return {
            "count": len(picked),
            "by_status": by_status,
            "by_rag": by_rag,
            "mean_progress": rules.round_percent(sum(active, D(0)) / len(active)) if active else None,
            "overdue": sum(1 for e in picked if e.overdue),
        }

    chapters = sorted({c.chapter for c in commitments}, key=lambda chapter: (chapter.number, chapter.pk))
    departments = sorted({c.lead_department for c in commitments}, key=lambda department: department.name)
    return Summary(
        as_of=as_of,
        by_chapter=[
            GroupTally(id=ch.pk, label=str(ch), **tally([c for c in commitments if c.chapter_id == ch.pk]))
            for ch in chapters
        ],
        by_department=[
            GroupTally(id=d.pk, label=d.name, **tally([c for c in commitments if c.lead_department_id == d.pk]))
            for d in departments
        ],
        **tally(commitments),
    )


def random_world(office, seed: int, size: int = 10):
    """Commitments of every kind in two chapters, some children (two levels), targets of every comparator
    and milestones; then updates approved in random order (back-dated ones approved after newer ones),
    some left submitted, and decisions (completed, cancelled, cleared) on random days."""
    rng = random.Random(seed)
    first = ChapterFactory(report__delivered_on=day(1, 10))
    second = ChapterFactory(report=first.report, number=2)
    departments = [DepartmentFactory(), DepartmentFactory()]
    commitments, parts = [], {}
    for index in range(size):
        parent = rng.choice(commitments) if commitments and rng.random() < 0.35 else None
        due = rng.choice([day(12, 31), day(6, 30), day(10, 31)])
        commitment = CommitmentFactory(
            chapter=parent.chapter if parent else rng.choice([first, second]),
            parent=parent,
            kind=rng.choice(CommitmentKind.values),
            lead_department=rng.choice(departments),
            due_date=due,
        )
        targets = []
        for number in range(rng.choice([0, 0, 1, 2])):
            comparator = rng.choice(Comparator.values)
            baseline = rng.choice([None, D(100), D(20)])
            goal = rng.choice([D(50), D(80), D(120)])
            targets.append(
                TargetFactory(
                    commitment=commitment,
                    metric=f"指标{index}-{number}",
                    comparator=comparator,
                    baseline_value=baseline,
                    target_value=goal,
                    weight=rng.choice([D(1), D(2), D("0.5")]),
                )
            )
        milestones = [
            MilestoneFactory(commitment=commitment, title=f"节点{n}") for n in range(rng.choice([0, 0, 1, 2]))
        ]
        commitments.append(commitment)
        parts[commitment.pk] = (targets, milestones)
    # The structure was written around the services (factories): recompute once, as commitment_create would.
    services.recompute_all()

    drafts = []
    for _ in range(size * 3):
        commitment = rng.choice(commitments)
        targets, milestones = parts[commitment.pk]
        as_of = day(rng.randint(1, 12), rng.randint(1, 28))
        fields = {"values": [(t, D(rng.randint(0, 140))) for t in targets if rng.random() < 0.7]}
        if commitment.kind == CommitmentKind.ONGOING or not (targets or milestones):
            fields["percent"] = D(rng.choice([0, 10, 35, 60, 99, 100]))
        done = [m for m in milestones if rng.random() < 0.4]
        if done:
            fields["milestones_completed"] = done
        if not any(fields.values()):
            fields["percent"] = D(50)
        drafts.append(submitted(office, commitment, as_of, **fields))
    rng.shuffle(drafts)
    for update in drafts:
        if rng.random() < 0.85:
            services.update_approve(user=checker(), update=update)
        if rng.random() < 0.15:
            decide(office, rng.choice(commitments), rng)
    return first.report


def decide(office, commitment, rng) -> None:
    status = rng.choice([OverrideStatus.COMPLETED, OverrideStatus.CANCELLED, OverrideStatus.CLEARED])
    try:
        services.commitment_override_status(
            user=office,
            commitment=commitment,
            status=status,
            reason="督查决定",
            effective_on=day(rng.randint(1, 12), rng.randint(1, 28)),
        )
    except ValidationError:
        pass  # e.g. nothing to clear on that day


def assert_summary_matches_engine(report) -> None:
    scope = Commitment.objects.filter(report=report)
    for as_of in DATES:
        assert progress_summary(report=report, as_of=as_of) == reference_summary(scope, as_of), as_of
    today = timezone.localdate()
    stored = progress_summary(report=report)
    assert stored == Summary(**{**reference_summary(scope, today).__dict__, "as_of": None})
    assert progress_summary(report=report, as_of=today) == reference_summary(scope, today)


@pytest.mark.parametrize("seed", range(6))
def test_fast_summary_equals_the_engine_on_random_histories(office, seed):
    assert_summary_matches_engine(random_world(office, seed))


def test_fast_summary_equals_the_engine_on_a_scripted_history(office):
    chapter = ChapterFactory(report__delivered_on=day(1, 10))
    parent = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    child = CommitmentFactory(chapter=chapter, parent=parent, kind=CommitmentKind.QUANTITATIVE)
    goal = TargetFactory(commitment=child, target_value=D(50))
    stage = MilestoneFactory(commitment=child)
    sibling = CommitmentFactory(chapter=chapter, parent=parent, kind=CommitmentKind.ONGOING)
    met_by_baseline = CommitmentFactory(chapter=chapter, kind=CommitmentKind.QUANTITATIVE)
    TargetFactory(commitment=met_by_baseline, comparator=Comparator.AT_MOST, baseline_value=D(5), target_value=D(10))
    services.recompute_all()
    approved(office, child, day(9, 30), values=[(goal, D(40))])
    approved(office, child, day(3, 31), values=[(goal, D(10))], milestones_completed=[stage])  # back-dated
    approved(office, sibling, day(6, 30), percent=D(30))
    services.commitment_override_status(
        user=office, commitment=sibling, status=OverrideStatus.CANCELLED, reason="取消", effective_on=day(8, 1)
    )
    assert_summary_matches_engine(chapter.report)
    # The parent's snapshots follow its children: 0 before, then the child's March, the sibling's June, the
    # sibling's cancellation in August (the child alone) and the child's September.
    rows = list(parent.snapshots.values_list("effective_on", "progress", "status"))
    assert rows == [
        (datetime.date.min, D("0.00"), CommitmentStatus.NOT_STARTED),
        (day(3, 31), D("30.00"), CommitmentStatus.IN_PROGRESS),  # child (10/50 = 20, 1/1 = 100)/2 = 60; /2
        (day(6, 30), D("45.00"), CommitmentStatus.IN_PROGRESS),  # (60 + 30) / 2
        (day(8, 1), D("60.00"), CommitmentStatus.IN_PROGRESS),  # the sibling cancelled: the child alone
        (day(9, 30), D("90.00"), CommitmentStatus.IN_PROGRESS),  # (80 + 100) / 2
    ]


def populate(chapter, office, count: int) -> None:
    for index in range(count):
        commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
        if index % 5 == 0:
            CommitmentFactory(chapter=chapter, parent=commitment, kind=CommitmentKind.ONGOING)
    services.recompute_all(report=chapter.report)


@pytest.mark.parametrize("as_of", [None, day(9, 30)], ids=["current", "as-of"])
def test_summary_is_two_queries_for_5_and_200_commitments(office, django_assert_max_num_queries, as_of):
    few, many = ChapterFactory(), ChapterFactory()
    populate(few, office, 5)
    populate(many, office, 200)
    for chapter in (few, many):
        # 2: the commitments in scope grouped by chapter, then by lead department (scope as a subquery).
        with django_assert_max_num_queries(2):
            summary = progress_summary(report=chapter.report, as_of=as_of)
        assert summary.count == Commitment.objects.filter(report=chapter.report).count()


def test_recompute_rebuilds_tampered_snapshots_and_reports_the_drift(office):
    report = random_world(office, seed=11, size=6)
    truth = list(ProgressSnapshot.objects.values_list("commitment_id", "effective_on", "progress", "status"))
    changed = ProgressSnapshot.objects.filter(effective_on__gt=datetime.date.min).order_by("pk").first()
    ProgressSnapshot.objects.filter(pk=changed.pk).update(progress=D("1.23"))
    removed = ProgressSnapshot.objects.exclude(commitment=changed.commitment).order_by("pk").first()
    removed.delete()
    out = io.StringIO()
    call_command("recompute_progress", stdout=out)
    output = out.getvalue()
    assert f"snapshot {changed.effective_on:%Y-%m-%d}: 1.23 " in output
    assert "2 commitment(s) drifted" in output
    assert list(ProgressSnapshot.objects.values_list("commitment_id", "effective_on", "progress", "status")) == truth
    assert services.recompute_all(report=report) == []


def test_recompute_fills_the_snapshots_of_a_commitment_written_around_the_services():
    commitment = CommitmentFactory()
    assert not commitment.snapshots.exists()
    services.recompute_all()
    assert list(commitment.snapshots.values_list("effective_on", "status")) == [
        (datetime.date.min, CommitmentStatus.NOT_STARTED)
    ]


def test_overdue_on_a_past_date_leaves_out_closed_commitments(office):
    chapter = ChapterFactory(report__delivered_on=day(1, 10))
    late = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING, due_date=day(3, 31))
    done = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING, due_date=day(3, 31))
    approved(office, late, day(2, 28), percent=D(40))
    approved(office, done, day(3, 15), percent=D(100))
    summary = progress_summary(report=chapter.report, as_of=day(4, 1))
    assert summary.overdue == 1 and summary.by_status[CommitmentStatus.COMPLETED] == 1


def assert_snapshots_chain() -> int:
    """Every commitment's snapshots hand over day to day: each runs until the next one's day, the last is open."""
    rows = list(ProgressSnapshot.objects.order_by("commitment_id", "effective_on"))
    for row, following in zip(rows, [*rows[1:], None], strict=True):
        same = following is not None and following.commitment_id == row.commitment_id
        assert row.effective_until == (following.effective_on if same else None), row
    return len(rows)


def test_snapshots_written_by_the_engine_chain_day_to_day(office):
    random_world(office, 5)
    assert assert_snapshots_chain() > 20


def test_snapshots_written_by_the_seeder_chain_day_to_day():
    from bench.synthetic import seed_synthetic

    seed_synthetic(reports=1, commitments=40, updates=300, seed=5, today=datetime.date(2026, 11, 1))
    assert assert_snapshots_chain() > 40
