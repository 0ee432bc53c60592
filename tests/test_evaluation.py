"""As-of evaluation from the update history, and the stored fields approvals keep in step."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from commitments import services
from commitments.choices import CommitmentKind, CommitmentStatus, Comparator, OverrideStatus, Rag
from commitments.models import Commitment
from commitments.selectors import commitment_evaluation, evaluate_commitments, progress_summary

from .base import D, approved, checker, day, submitted
from .factories import ChapterFactory, CommitmentFactory, MilestoneFactory, TargetFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def chapter():
    return ChapterFactory(report__delivered_on=day(1, 10))


def scripted_commitment(chapter):
    """Two weighted targets and two milestones over 2020 (start 2020-01-01, due 2020-12-31). The report was
    delivered on 2020-01-10, so the clock starts then (rules.clock_start): 356 days."""
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.QUANTITATIVE)
    projects = TargetFactory(commitment=commitment, metric="重点项目数", target_value=D(50), weight=D(3))
    energy = TargetFactory(
        commitment=commitment,
        metric="单位能耗",
        comparator=Comparator.AT_MOST,
        baseline_value=D(100),
        target_value=D(80),
        weight=D(1),
    )
    approval = MilestoneFactory(commitment=commitment, title="立项")
    completion = MilestoneFactory(commitment=commitment, title="竣工")
    return commitment, projects, energy, approval, completion


def test_as_of_a_scripted_year_matches_hand_computed_figures(chapter, office):
    commitment, projects, energy, approval, completion = scripted_commitment(chapter)
    approved(
        office, commitment, day(3, 31), values=[(projects, D(10)), (energy, D(95))], milestones_completed=[approval]
    )
    approved(office, commitment, day(6, 30), values=[(projects, D(25)), (energy, D(90))])
    approved(office, commitment, day(9, 30), values=[(projects, D(40)), (energy, D(84))])
    # Back-dated, approved last but one: it must not beat the newer as-of dates above.
    approved(office, commitment, day(6, 15), values=[(projects, D(20))])
    approved(
        office, commitment, day(12, 20), values=[(projects, D(50)), (energy, D(80))], milestones_completed=[completion]
    )

    # 2020-02-29, before any update: nothing done; expected 50/356 = 14.04; 14.04 behind → amber.
    early = commitment_evaluation(commitment, as_of=day(2, 29))
    assert (early.progress, early.status, early.rag, early.expected_progress) == (
        D("0.00"),
        CommitmentStatus.NOT_STARTED,
        Rag.AMBER,
        D("14.04"),
    )

    # 2020-05-31, latest is 03-31: projects 10/50 = 20%, energy (100−95)/(100−80) = 25%;
    # targets (20×3 + 25×1)/4 = 21.25, milestones 1/2 = 50 → (21.25 + 50)/2 = 35.625 → 35.63.
    # Expected 142/356 = 39.89; 4.26 behind ≤ 10 → green.
    may = commitment_evaluation(commitment, as_of=day(5, 31))
    assert (may.progress, may.status, may.rag, may.expected_progress) == (
        D("35.63"),
        CommitmentStatus.IN_PROGRESS,
        Rag.GREEN,
        D("39.89"),
    )
    assert may.current_values == {projects.pk: D(10), energy.pk: D(95)}
    assert may.milestones_done == {approval.pk: day(3, 31)}

    # 2020-08-31, latest is 06-30 (the back-dated 06-15 is older): projects 25/50 = 50%, energy 10/20 = 50%;
    # targets 50, milestones 50 → 50.00. Expected 234/356 = 65.73; 15.73 behind → amber.
    august = commitment_evaluation(commitment, as_of=day(8, 31))
    assert (august.progress, august.status, august.rag, august.expected_progress) == (
        D("50.00"),
        CommitmentStatus.IN_PROGRESS,
        Rag.AMBER,
        D("65.73"),
    )

    # 2020-12-15, latest is 09-30: projects 40/50 = 80%, energy 16/20 = 80%; targets 80, milestones 50 → 65.00.
    # Expected 340/356 = 95.51; 30.51 behind > 20 → red.
    december = commitment_evaluation(commitment, as_of=day(12, 15))
    assert (december.progress, december.status, december.rag, december.expected_progress) == (
        D("65.00"),
        CommitmentStatus.IN_PROGRESS,
        Rag.RED,
        D("95.51"),
    )

    # 2020-12-31: every target met and every milestone done → completed.
    final = commitment_evaluation(commitment, as_of=day(12, 31))
    assert (final.progress, final.status, final.rag) == (D("100.00"), CommitmentStatus.COMPLETED, Rag.COMPLETED)


def test_back_dated_update_approved_later_counts_only_from_its_own_date(chapter, office):
    commitment, projects, energy, approval, _ = scripted_commitment(chapter)
    approved(
        office, commitment, day(3, 31), values=[(projects, D(10)), (energy, D(95))], milestones_completed=[approval]
    )
    approved(office, commitment, day(6, 30), values=[(projects, D(25)), (energy, D(90))])
    approved(office, commitment, day(6, 15), values=[(projects, D(20))])

    # 2020-06-20: projects from 06-15 (20 → 40%), energy still from 03-31 (95 → 25%);
    # targets (40×3 + 25)/4 = 36.25, milestones 50 → 43.125 → 43.13.
    assert commitment_evaluation(commitment, as_of=day(6, 20)).progress == D("43.13")
    # Today the 06-30 figures stand, though 06-15 was approved after them.
    commitment.refresh_from_db()
    projects.refresh_from_db()
    assert projects.current_value == D(25)
    assert commitment.progress == D("50.00")


def test_updates_of_the_same_date_are_ordered_by_approval_time_not_insertion(chapter, office):
    commitment = CommitmentFactory(chapter=chapter)
    goal = TargetFactory(commitment=commitment, target_value=D(10))
    first = submitted(office, commitment, day(6, 30), values=[(goal, D(4))])
    second = submitted(office, commitment, day(6, 30), values=[(goal, D(7))])
    services.update_approve(user=checker(), update=second)
    services.update_approve(user=checker(), update=first)  # approved last: the correction that stands

    assert commitment_evaluation(commitment, as_of=day(7, 1)).current_values == {goal.pk: D(4)}
    goal.refresh_from_db()
    assert goal.current_value == D(4)


def test_update_after_the_due_date_is_accepted_and_completes_late(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, start_date=day(1, 1), due_date=day(6, 30))
    goal = TargetFactory(commitment=commitment, target_value=D(10))
    approved(office, commitment, day(5, 31), values=[(goal, D(9))])
    approved(office, commitment, day(7, 15), values=[(goal, D(10))])

    late = commitment_evaluation(commitment, as_of=day(7, 10))
    assert (late.status, late.rag, late.overdue) == (CommitmentStatus.IN_PROGRESS, Rag.RED, True)
    done = commitment_evaluation(commitment, as_of=day(7, 15))
    assert (done.status, done.rag, done.overdue) == (CommitmentStatus.COMPLETED, Rag.COMPLETED, False)


def test_start_equal_to_due_is_not_due_before_and_red_on_the_day_without_progress(chapter, office):
    the_day = day(6, 30)
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING, start_date=the_day, due_date=the_day)
    before = commitment_evaluation(commitment, as_of=day(6, 29))
    assert (before.expected_progress, before.rag) == (D(0), Rag.NOT_DUE)
    on = commitment_evaluation(commitment, as_of=the_day)
    assert (on.expected_progress, on.rag) == (D(100), Rag.RED)
    approved(office, commitment, the_day, percent=D(100))
    assert commitment_evaluation(commitment, as_of=the_day).rag == Rag.COMPLETED


def test_commitment_with_targets_and_milestones_weighs_each_half(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.MILESTONE)
    goal = TargetFactory(commitment=commitment, target_value=D(10))
    first = MilestoneFactory(commitment=commitment)
    MilestoneFactory(commitment=commitment)
    approved(office, commitment, day(6, 30), values=[(goal, D(8))], milestones_completed=[first])
    evaluation = commitment_evaluation(commitment, as_of=day(6, 30))
    assert evaluation.progress == D("65.00")  # (80 + 50) / 2
    assert evaluation.status == CommitmentStatus.IN_PROGRESS
    assert (evaluation.milestones_total, len(evaluation.milestones_done)) == (2, 1)


def test_met_targets_with_an_open_milestone_are_not_completed(chapter, office):
    commitment = CommitmentFactory(chapter=chapter)
    goal = TargetFactory(commitment=commitment, target_value=D(10))
    MilestoneFactory(commitment=commitment)
    approved(office, commitment, day(6, 30), values=[(goal, D(10))])
    assert commitment_evaluation(commitment, as_of=day(6, 30)).status == CommitmentStatus.IN_PROGRESS


def test_ongoing_commitment_follows_the_latest_approved_percent(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    approved(office, commitment, day(3, 31), percent=D(30))
    approved(office, commitment, day(6, 30), percent=D(55))
    submitted(office, commitment, day(7, 31), percent=D(90))  # not approved: does not count
    assert commitment_evaluation(commitment, as_of=day(5, 1)).progress == D(30)
    assert commitment_evaluation(commitment, as_of=day(8, 1)).progress == D(55)
    approved(office, commitment, day(8, 31), percent=D(100))
    assert commitment_evaluation(commitment, as_of=day(9, 1)).status == CommitmentStatus.COMPLETED


def test_not_started_until_the_first_approved_update(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    submitted(office, commitment, day(3, 31), percent=D(10))
    assert commitment_evaluation(commitment, as_of=day(4, 1)).status == CommitmentStatus.NOT_STARTED


def family(chapter):
    parent = CommitmentFactory(chapter=chapter, kind=CommitmentKind.QUANTITATIVE)
    TargetFactory(commitment=parent, target_value=D(1000))  # its own work: one part beside each child
    children = [
        CommitmentFactory(
            chapter=chapter, parent=parent, kind=CommitmentKind.ONGOING, lead_department=parent.lead_department
        )
        for _ in range(3)
    ]
    return parent, children


def test_parent_progress_is_the_mean_of_its_children_and_its_own_targets(chapter, office):
    parent, (first, second, third) = family(chapter)
    approved(office, first, day(6, 30), percent=D(40))
    approved(office, second, day(6, 30), percent=D(60))
    evaluation = commitment_evaluation(parent, as_of=day(7, 1))
    assert evaluation.progress == D(25)  # (40 + 60 + 0 + its own target's 0) / 4
    assert evaluation.own_progress == D(0)
    assert evaluation.rolled_up and evaluation.status == CommitmentStatus.IN_PROGRESS
    approved(office, parent, day(6, 30), values=[(parent.targets.get(), D(500))])
    evaluation = commitment_evaluation(parent, as_of=day(7, 1))
    assert (evaluation.own_progress, evaluation.progress) == (D(50), D("37.50"))  # (40 + 60 + 0 + 50) / 4
    parent.refresh_from_db()
    assert parent.progress == commitment_evaluation(parent).progress


def test_parent_rolls_up_through_two_levels(chapter, office):
    parent, (child, *_others) = family(chapter)
    grandchild = CommitmentFactory(chapter=chapter, parent=child, kind=CommitmentKind.ONGOING)
    approved(office, grandchild, day(6, 30), percent=D(90))
    assert commitment_evaluation(child, as_of=day(7, 1)).progress == D(90)
    assert commitment_evaluation(parent, as_of=day(7, 1)).progress == D("22.50")  # (90 + 0 + 0 + own 0) / 4
    parent.refresh_from_db()
    assert parent.progress == D("22.50")  # the approval rolled up to the grandparent too


def test_cancelled_child_drops_out_of_the_parent_and_the_summary_mean(chapter, office):
    parent, (first, second, third) = family(chapter)
    approved(office, first, day(6, 30), percent=D(40))
    approved(office, second, day(6, 30), percent=D(60))
    services.commitment_override_status(
        user=office, commitment=third, status=OverrideStatus.CANCELLED, reason="并入其他项目", effective_on=day(6, 1)
    )
    evaluation = commitment_evaluation(parent, as_of=day(7, 1))
    assert evaluation.progress == D("33.33")  # (40 + 60 + own 0) / 3
    # Before the decision took effect the third child still counted.
    assert commitment_evaluation(parent, as_of=day(5, 31)).progress == D(0)

    summary = progress_summary(report=chapter.report, as_of=day(7, 1))
    assert summary.count == 4
    assert summary.by_status[CommitmentStatus.CANCELLED] == 1
    assert summary.mean_progress == D("44.44")  # (33.33 parent + 40 + 60) / 3; the cancelled child left out
    stored = progress_summary(report=chapter.report)
    assert stored.by_rag[Rag.CANCELLED] == 1


def test_parent_is_completed_when_every_child_and_its_own_work_are(chapter, office):
    parent, children = family(chapter)
    for child in children[:2]:
        approved(office, child, day(6, 30), percent=D(100))
    services.commitment_override_status(
        user=office, commitment=children[2], status=OverrideStatus.COMPLETED, reason="经研究视同完成"
    )
    evaluation = commitment_evaluation(parent)
    assert (evaluation.status, evaluation.progress) == (CommitmentStatus.IN_PROGRESS, D(75))  # own target at 0
    approved(office, parent, day(7, 31), values=[(parent.targets.get(), D(1000))])
    evaluation = commitment_evaluation(parent)
    assert (evaluation.status, evaluation.progress) == (CommitmentStatus.COMPLETED, D(100))


def test_parent_whose_children_are_all_cancelled_is_evaluated_on_its_own(chapter, office):
    parent, children = family(chapter)
    for child in children:
        services.commitment_override_status(
            user=office, commitment=child, status=OverrideStatus.CANCELLED, reason="取消", effective_on=day(6, 1)
        )
    goal = parent.targets.get()
    approved(office, parent, day(6, 30), values=[(goal, D(500))])
    evaluation = commitment_evaluation(parent, as_of=day(7, 1))
    assert (evaluation.progress, evaluation.rolled_up) == (D(50), False)


def test_override_completed_then_cleared_returns_to_the_derived_status(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    approved(office, commitment, day(3, 31), percent=D(20))
    services.commitment_override_status(
        user=office, commitment=commitment, status=OverrideStatus.COMPLETED, reason="会议决定", effective_on=day(5, 1)
    )
    assert commitment_evaluation(commitment, as_of=day(4, 30)).status == CommitmentStatus.IN_PROGRESS
    completed = commitment_evaluation(commitment, as_of=day(5, 1))
    assert (completed.status, completed.progress, completed.override) == (
        CommitmentStatus.COMPLETED,
        D(100),
        OverrideStatus.COMPLETED,
    )
    services.commitment_override_clear(user=office, commitment=commitment, reason="撤销决定")
    commitment.refresh_from_db()
    assert (commitment.status, commitment.progress) == (CommitmentStatus.IN_PROGRESS, D(20))


def test_approval_keeps_stored_fields_in_step_with_todays_evaluation(chapter, office):
    commitment = CommitmentFactory(chapter=chapter)
    goal = TargetFactory(commitment=commitment, target_value=D(10))
    milestone = MilestoneFactory(commitment=commitment)
    approved(office, commitment, day(6, 30), values=[(goal, D(5))], milestones_completed=[milestone])
    commitment.refresh_from_db()
    goal.refresh_from_db()
    milestone.refresh_from_db()
    today = commitment_evaluation(commitment)
    assert (commitment.status, commitment.progress, commitment.rag) == (today.status, today.progress, today.rag)
    assert commitment.progress == D(75)  # (50 + 100) / 2
    assert goal.current_value == D(5)
    assert milestone.completed_on == day(6, 30)


def test_approval_touches_only_its_commitment_and_ancestors(chapter, office):
    bystander = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    Commitment.objects.filter(pk=bystander.pk).update(progress=D(77))  # stale on purpose
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    approved(office, commitment, day(6, 30), percent=D(10))
    bystander.refresh_from_db()
    assert bystander.progress == D(77)


def test_approving_does_not_bump_the_commitment_version(chapter, office):
    commitment = CommitmentFactory(chapter=chapter, kind=CommitmentKind.ONGOING)
    approved(office, commitment, day(6, 30), percent=D(10))
    commitment.refresh_from_db()
    assert commitment.version == 1


def test_evaluate_commitments_agrees_with_single_evaluation(chapter, office):
    parent, children = family(chapter)
    approved(office, children[0], day(6, 30), percent=D(40))
    many = evaluate_commitments(Commitment.objects.filter(report=chapter.report), as_of=day(8, 1))
    for commitment in Commitment.objects.filter(report=chapter.report):
        single = commitment_evaluation(commitment, as_of=day(8, 1))
        assert (many[commitment.pk].progress, many[commitment.pk].rag) == (single.progress, single.rag)


def test_summary_breaks_down_by_chapter_and_lead_department(office):
    first = ChapterFactory(number=1, report__delivered_on=day(1, 10))
    second = ChapterFactory(number=2, report=first.report)
    a = CommitmentFactory(chapter=first, kind=CommitmentKind.ONGOING)
    b = CommitmentFactory(chapter=first, kind=CommitmentKind.ONGOING, lead_department=a.lead_department)
    c = CommitmentFactory(chapter=second, kind=CommitmentKind.ONGOING, due_date=day(3, 31))
    approved(office, a, day(6, 30), percent=D(50))
    approved(office, b, day(6, 30), percent=D(100))
    approved(office, c, day(2, 28), percent=D(20))

    as_of, stored = progress_summary(report=first.report, as_of=day(7, 1)), progress_summary(report=first.report)
    assert as_of.overdue == 1  # on 2020-07-01 only c (due 03-31) is late
    assert stored.overdue == 2  # today a is late too; b is completed
    for summary in (as_of, stored):
        assert summary.count == 3
        assert summary.mean_progress == D("56.67")  # (50 + 100 + 20) / 3
        assert [group.label for group in summary.by_chapter] == [str(first), str(second)]
        assert [(group.count, group.mean_progress) for group in summary.by_chapter] == [(2, D(75)), (1, D(20))]
        by_department = {group.id: group for group in summary.by_department}
        assert by_department[a.lead_department_id].count == 2
        assert by_department[c.lead_department_id].by_status[CommitmentStatus.IN_PROGRESS] == 1
        assert sum(summary.by_rag.values()) == 3


def test_summary_filters_by_department_lead_or_co_owner(world):
    from .factories import CoResponsibilityFactory

    CoResponsibilityFactory(commitment=world.theirs, department=world.other)  # no duplicates from joins
    summary = progress_summary(department=world.own)
    assert summary.count == 2  # mine (lead) and shared (co-owner)
    assert progress_summary(department=world.other).count == 2


def test_summary_of_a_joining_queryset_counts_each_commitment_once(world):
    from .factories import CoResponsibilityFactory

    CoResponsibilityFactory(commitment=world.mine, department=world.other)
    joined = Commitment.objects.for_department(world.other)  # lead or co-owner: a join and distinct()
    assert progress_summary(queryset=joined).count == 3
    assert progress_summary(queryset=joined, as_of=day(7, 1)).count == 3


def test_summary_of_nothing_has_no_mean():
    summary = progress_summary(report=ChapterFactory().report)
    assert (summary.count, summary.mean_progress, summary.by_chapter) == (0, None, [])


def populate(chapter, office, count: int) -> None:
    for index in range(count):
        commitment = CommitmentFactory(chapter=chapter)
        goal = TargetFactory(commitment=commitment, target_value=D(10))
        milestone = MilestoneFactory(commitment=commitment)
        if index % 5 == 0:
            CommitmentFactory(chapter=chapter, parent=commitment, kind=CommitmentKind.ONGOING)
        approved(office, commitment, day(6, 30), values=[(goal, D(index % 10))], milestones_completed=[milestone])
    services.commitment_override_status(
        user=office,
        commitment=Commitment.objects.filter(report=chapter.report).first(),
        status="cancelled",
        reason="取消",
    )


def queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


@pytest.mark.parametrize(
    "read",
    [
        pytest.param(
            lambda report: evaluate_commitments(Commitment.objects.filter(report=report), as_of=day(9, 30)),
            id="evaluate",
        ),
        pytest.param(lambda report: progress_summary(report=report, as_of=day(9, 30)), id="summary-as-of"),
        pytest.param(lambda report: progress_summary(report=report), id="summary-stored"),
    ],
)
def test_bulk_reads_cost_the_same_queries_for_5_and_50_commitments(office, django_assert_max_num_queries, read):
    few, many = ChapterFactory(report__delivered_on=day(1, 10)), ChapterFactory(report__delivered_on=day(1, 10))
    populate(few, office, 5)
    populate(many, office, 50)
    # evaluate: 1 the requested ids, 2 the reports' tree, 3 commitments, 4 targets, 5 milestones,
    # 6 approved updates, 7 their values, 8 their milestone completions, 9 status decisions;
    # the as-of summary adds 10 the chapters and departments; the stored summary is one grouped query.
    budget = queries(lambda: read(few.report))
    assert budget <= 10
    with django_assert_max_num_queries(budget):
        read(many.report)
    assert queries(lambda: read(many.report)) == budget
