"""Figures as of a past day read the deadline in force on that day: an extension counts from the day the office
approved it, so approving one later changes neither a past day's summary, its lists, the engine's evaluation
nor the assessment's measures. The query expression (rules.due_date_in_force_expression) equals the Python
rule (rules.due_date_in_force, read by effective_due_dates and the engine) on SQLite and PostgreSQL."""

import datetime

import pytest

from commitments.assessment.measures import completed_by_deadline, red_months
from commitments.choices import Rag
from commitments.models import Commitment
from commitments.selectors import evaluate_commitments, progress_summary, rules
from commitments.selectors.reporting import department_scorecard
from commitments.selectors.standing import report_standing
from commitments.supervision.extensions import extension_approve, extension_refuse, extension_request
from commitments.supervision.lifecycle_selectors import effective_due_dates, extensions_approved_by

from .factories import ChapterFactory, CommitmentFactory
from .supervision_world import at

pytestmark = pytest.mark.django_db
D = datetime.date


def extend(world, task, *, asked: datetime.date, decided: datetime.date, to: datetime.date, approve=True, hour=10):
    """An extension of the task to `to`, asked for by its reporter and decided by the office on those days."""
    with at(asked):
        request = extension_request(
            user=world.reporter,
            commitment=task,
            requested_due_date=to,
            reason="征地手续尚未完成",
            evidence_url="https://www.jiangcheng.gov.cn/ext",
        )
    with at(decided, hour=hour):
        decide = extension_approve if approve else extension_refuse
        return decide(user=world.office, extension=request, note="同意" if approve else "理由不充分")


@pytest.fixture
def late(world):
    """A task due 15 March 2020 with nothing reported, red and overdue by the end of March; on 3 May the
    office extends it to 30 September."""
    task = CommitmentFactory(chapter=world.mine.chapter, lead_department=world.own, due_date=D(2020, 3, 15))
    extend(world, task, asked=D(2020, 5, 1), decided=D(2020, 5, 3), to=D(2020, 9, 30))
    return Commitment.objects.get(pk=task.pk)


def test_a_past_summary_counts_the_deadline_then_in_force(late):
    scope = Commitment.objects.filter(pk=late.pk)
    march = progress_summary(queryset=scope, as_of=D(2020, 3, 31))
    assert march.by_rag[Rag.RED] == 1 and march.overdue == 1
    # The day before the approval the original deadline was still in force; from its day, the new one.
    assert progress_summary(queryset=scope, as_of=D(2020, 5, 2)).overdue == 1
    assert progress_summary(queryset=scope, as_of=D(2020, 5, 3)).overdue == 0
    may = progress_summary(queryset=scope, as_of=D(2020, 5, 31))
    assert may.overdue == 0
    # Not overdue, but still far behind its pace (142 of 264 days gone, nothing done): red by the pace.
    assert may.by_rag[Rag.RED] == 1
    # Past the extended deadline too: overdue again.
    assert progress_summary(queryset=scope, as_of=D(2020, 10, 1)).overdue == 1


def test_a_past_standing_lists_the_deadline_then_in_force(late):
    def line(as_of):
        standing = report_standing(report=late.report, as_of=as_of)
        return next(line for line in standing.lines if line.id == late.pk)

    march = line(D(2020, 3, 31))
    assert (march.due_date, march.deadline_text, march.overdue, march.rag) == (
        D(2020, 3, 15),
        "2020年3月15日",
        True,
        Rag.RED,
    )
    assert march.expected_progress == rules.HUNDRED
    may = line(D(2020, 5, 31))
    assert (may.due_date, may.deadline_text, may.overdue) == (
        D(2020, 9, 30),
        "原定 2020年3月15日，延期至 2020年9月30日",
        False,
    )


def test_the_engine_and_the_scorecard_read_the_deadline_then_in_force(world, late):
    scope = Commitment.objects.filter(pk=late.pk)
    march = evaluate_commitments(scope, as_of=D(2020, 3, 31))[late.pk]
    assert (march.due_date, march.overdue, march.rag) == (D(2020, 3, 15), True, Rag.RED)
    may = evaluate_commitments(scope, as_of=D(2020, 5, 31))[late.pk]
    assert (may.due_date, may.overdue) == (D(2020, 9, 30), False)
    scorecard = department_scorecard(world.own, as_of=D(2020, 3, 31))
    assert [(row.commitment.pk, row.due_date) for row in scorecard.overdue] == [(late.pk, D(2020, 3, 15))]
    assert department_scorecard(world.own, as_of=D(2020, 5, 31)).overdue == []


def test_the_assessments_measures_read_the_deadline_then_in_force(world, late):
    scope = Commitment.objects.filter(pk=late.pk)
    # As of 30 April the task was due (15 March) and not completed then; from 3 May it is due in September.
    assert completed_by_deadline(scope, 2020, D(2020, 4, 30)).eligible[world.own.pk] == 1
    assert completed_by_deadline(scope, 2020, D(2020, 6, 30)).eligible[world.own.pk] == 0
    # Red at the ends of January to April: past due from 16 March, and behind its first pace before that.
    assert red_months(scope, 2020, D(2020, 4, 30)).counts[world.own.pk] == 4


@pytest.fixture
def cases(world):
    """Commitments (by name) with their extensions: none, one, two, one approved at 7 in the morning (the day
    before in UTC), one refused; and the deadline each had in force on some days."""
    chapter = world.mine.chapter
    tasks = {
        name: CommitmentFactory(chapter=chapter, lead_department=world.own, due_date=D(2020, 6, 30))
        for name in ("none", "one", "two", "early", "refused")
    }
    extend(world, tasks["one"], asked=D(2020, 3, 1), decided=D(2020, 3, 10), to=D(2020, 9, 30))
    extend(world, tasks["two"], asked=D(2020, 3, 1), decided=D(2020, 3, 10), to=D(2020, 9, 30))
    extend(world, tasks["two"], asked=D(2020, 6, 1), decided=D(2020, 6, 5), to=D(2020, 12, 31))
    extend(world, tasks["early"], asked=D(2020, 3, 1), decided=D(2020, 3, 10), to=D(2020, 8, 31), hour=7)
    extend(world, tasks["refused"], asked=D(2020, 3, 1), decided=D(2020, 3, 10), to=D(2020, 9, 30), approve=False)
    expected = {
        D(2020, 3, 9): {name: D(2020, 6, 30) for name in tasks},
        D(2020, 3, 10): {"one": D(2020, 9, 30), "two": D(2020, 9, 30), "early": D(2020, 8, 31)},
        D(2020, 6, 4): {"two": D(2020, 9, 30), "refused": D(2020, 6, 30)},
        D(2020, 6, 5): {"none": D(2020, 6, 30), "two": D(2020, 12, 31), "refused": D(2020, 6, 30)},
        D(2021, 1, 1): {"one": D(2020, 9, 30), "two": D(2020, 12, 31), "early": D(2020, 8, 31)},
    }
    return {name: Commitment.objects.get(pk=task.pk) for name, task in tasks.items()}, expected


def test_the_expression_equals_the_python_rule(cases):
    tasks, expected = cases
    scope = Commitment.objects.filter(pk__in=[task.pk for task in tasks.values()])
    for day, deadlines in expected.items():
        joined = scope.annotate(extension=rules.extension_in_force(extensions_approved_by(day)))
        in_sql = dict(joined.annotate(due=rules.due_date_in_force_expression("extension")).values_list("pk", "due"))
        assert in_sql == effective_due_dates(scope, on=day), day
        engine = {pk: evaluation.due_date for pk, evaluation in evaluate_commitments(scope, as_of=day).items()}
        assert engine == in_sql, day
        for name, deadline in deadlines.items():
            assert in_sql[tasks[name].pk] == deadline, (day, name)


def test_the_python_rule_on_its_own():
    approved = [(D(2020, 3, 10), D(2020, 9, 30)), (D(2020, 6, 5), D(2020, 12, 31))]
    due, original = D(2020, 12, 31), D(2020, 6, 30)
    rule = rules.due_date_in_force
    assert rule(due=due, original=original, approved=approved, on=D(2020, 3, 9)) == original
    assert rule(due=due, original=original, approved=approved, on=D(2020, 3, 10)) == D(2020, 9, 30)
    assert rule(due=due, original=original, approved=approved, on=D(2020, 6, 5)) == due
    # Never extended (no original kept): its deadline all along.
    assert rule(due=D(2020, 6, 30), original=None, approved=[], on=D(2020, 1, 1)) == D(2020, 6, 30)


def populate(world, count: int) -> None:
    chapter = ChapterFactory(report=world.mine.report)
    for _ in range(count):
        task = CommitmentFactory(chapter=chapter, lead_department=world.own, due_date=D(2020, 3, 15))
        extend(world, task, asked=D(2020, 5, 1), decided=D(2020, 5, 3), to=D(2020, 9, 30))


@pytest.mark.parametrize(
    ("read", "budget"),
    [
        # 2: the scope grouped by chapter, then by lead department; the deadline is a subquery in each.
        (lambda report: progress_summary(report=report, as_of=D(2020, 3, 31)), 2),
        # nine as without an extension, and one for the approved extensions of the extended commitments.
        (lambda report: evaluate_commitments(Commitment.objects.filter(report=report), as_of=D(2020, 3, 31)), 10),
    ],
    ids=["summary", "evaluate"],
)
def test_past_reads_with_extensions_cost_the_same_for_few_and_many(world, django_assert_max_num_queries, read, budget):
    populate(world, 2)
    with django_assert_max_num_queries(budget):
        read(world.mine.report)
    populate(world, 20)
    with django_assert_max_num_queries(budget):
        read(world.mine.report)
