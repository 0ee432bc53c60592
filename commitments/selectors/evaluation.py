"""As-of evaluation: progress, status and RAG of commitments on any date, from the approved update history.

"As of a date" means the facts dated up to that day, as known now: every approved update whose as_of is
on or before the date counts, whenever it was approved. Per target, the current value comes from the
latest such update reporting it, by as_of and then by approval time (a back-dated correction approved
later wins its day, but never beats a newer as_of). A milestone is done from the earliest as_of of an
approved update that marks it done. The deadline that RAG, the expected progress and lateness read is the
one in force on the day (rules.due_date_in_force): an extension counts from the day the office approved it,
so approving one later does not rewrite an earlier day's figures.

Many commitments are evaluated in a fixed number of queries: the approved updates, their values and their
milestone completions are fetched in bulk and combined in Python. Parents roll up from their children,
so the children of every requested commitment are evaluated too, even if they were not asked for.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ..choices import CommitmentStatus, OverrideStatus
from ..models import Commitment, Milestone, ProgressUpdate, StatusOverride, Target
from ..supervision.computed import child_figures, computation_of, computed_value
from . import rules
from .facts import Facts, gather


@dataclass(frozen=True)
class TargetEvaluation:
    target_id: int
    current_value: Decimal | None
    progress: Decimal
    met: bool


@dataclass(frozen=True, eq=False)
class Evaluation:
    """Where one commitment stood on `as_of`."""

    commitment_id: int
    as_of: datetime.date
    progress: Decimal
    status: str
    rag: str
    expected_progress: Decimal
    overdue: bool
    # Targets by id: their current value, progress (rounded) and whether they are met.
    targets: dict[int, TargetEvaluation] = field(default_factory=dict)
    # Milestones done by the date, by id, with the date each was done.
    milestones_done: dict[int, datetime.date] = field(default_factory=dict)
    milestones_total: int = 0
    latest_update: ProgressUpdate | None = None
    # The supervisor's decision in force (completed or cancelled), or "".
    override: str = ""
    # True when the progress and status came from the children (with its own work, when it has any).
    rolled_up: bool = False
    # The deadline in force on as_of (rules.due_date_in_force), which the RAG and lateness were read against.
    due_date: datetime.date | None = None
    # A parent's own work (its targets and milestones) as one part of its progress; None when it has none
    # or is no parent.
    own_progress: Decimal | None = None

    @property
    def current_values(self) -> dict[int, Decimal | None]:
        return {target_id: item.current_value for target_id, item in self.targets.items()}


@dataclass
class _State:
    """What the history says about one commitment on the evaluation date."""

    values: dict[int, Decimal] = field(default_factory=dict)
    milestones_done: dict[int, datetime.date] = field(default_factory=dict)
    latest_update: ProgressUpdate | None = None
    latest_percent: Decimal | None = None
    override: StatusOverride | None = None


def _state(item: Facts, as_of: datetime.date) -> _State:
    state = _State()
    for update in item.updates:
        if update.as_of <= as_of:
            state.latest_update = update
            if update.percent is not None:
                state.latest_percent = update.percent
    for order, target_id, value in item.values:
        if order[0] <= as_of:
            state.values[target_id] = value
    for done_on, milestone_id in item.completions:
        earlier = state.milestones_done.get(milestone_id)
        if done_on <= as_of and (earlier is None or done_on < earlier):
            state.milestones_done[milestone_id] = done_on
    state.override = rules.decision_in_force(item.decisions, as_of)
    return state


def tolerance() -> Decimal:
    return Decimal(settings.TRACKER_RAG_TOLERANCE)


def target_progress(target: Target, current: Decimal | None) -> Decimal:
    """A target's progress (0–100, two places) for a current value; see rules.target_state."""
    progress, _ = target_state(target, current)
    return rules.round_percent(progress)


def target_met(target: Target, current: Decimal | None) -> bool:
    return target_state(target, current)[1]


def target_state(target: Target, current: Decimal | None) -> tuple[Decimal, bool]:
    """rules.target_state for a target row: its comparator, baseline, value and base."""
    return rules.target_state(
        target.comparator, target.baseline_value, target.target_value, current, target.base_quantity
    )


def commitment_evaluation(commitment: Commitment, *, as_of: datetime.date | None = None) -> Evaluation:
    """Where the commitment stood on `as_of` (today if None), from its approved update history."""
    return evaluate_commitments(Commitment.objects.filter(pk=commitment.pk), as_of=as_of)[commitment.pk]


def evaluate_commitments(
    queryset: QuerySet[Commitment], *, as_of: datetime.date | None = None
) -> dict[int, Evaluation]:
    """Evaluations of every commitment in the queryset on `as_of` (today if None), by id, in nine queries
    whatever the number of commitments."""
    as_of = as_of or timezone.localdate()
    wanted = dict(queryset.order_by().values_list("pk", "report_id"))
    if not wanted:
        return {}
    facts = gather(wanted, as_of)
    evaluations: dict[int, Evaluation] = {}
    for pk in wanted:
        _evaluate(pk, facts, as_of, tolerance(), evaluations)
    return {pk: evaluations[pk] for pk in wanted}


def evaluation_history(queryset: QuerySet[Commitment]) -> dict[int, list[Evaluation]]:
    """Each commitment's evaluations, oldest first: one before its history begins (on date.min), then one on
    each day its progress or status can change (its own or a descendant's approved update or decision).
    Between two of these days both stay as they were; only RAG and lateness move with the calendar.
    Nine queries, like evaluate_commitments, whose evaluation code it runs on each of those days."""
    wanted = dict(queryset.order_by().values_list("pk", "report_id"))
    if not wanted:
        return {}
    return _history(wanted, gather(wanted, None))


@dataclass(frozen=True)
class Derived:
    """What keeping stored fields and snapshots in step needs, by commitment id: the evaluation on a day,
    the evaluation history, and the targets and milestones (in id order) they were derived from."""

    evaluations: dict[int, Evaluation]
    histories: dict[int, list[Evaluation]]
    targets: dict[int, list[Target]]
    milestones: dict[int, list[Milestone]]


def evaluations_and_history(commitments: QuerySet[Commitment] | list[Commitment], *, as_of: datetime.date) -> Derived:
    """`evaluate_commitments(queryset, as_of=as_of)` and `evaluation_history(queryset)` from one gathering of
    the facts (nine queries, not eighteen), with the targets and milestones read on the way. Commitments
    already read (a list) are not read again: two queries fewer."""
    if isinstance(commitments, list):
        known, wanted = commitments, {commitment.pk: commitment.report_id for commitment in commitments}
    else:
        known, wanted = [], dict(commitments.order_by().values_list("pk", "report_id"))
    if not wanted:
        return Derived({}, {}, {}, {})
    # Gathered undated: each evaluation reads only what is dated up to its own day.
    facts = gather(wanted, None, known=known)
    evaluations: dict[int, Evaluation] = {}
    tol = tolerance()
    for pk in wanted:
        _evaluate(pk, facts, as_of, tol, evaluations)
    return Derived(
        evaluations={pk: evaluations[pk] for pk in wanted},
        histories=_history(wanted, facts),
        targets={pk: facts[pk].targets for pk in wanted},
        milestones={pk: facts[pk].milestones for pk in wanted},
    )


def evaluate_on_days(
    queryset: QuerySet[Commitment], days: list[datetime.date]
) -> dict[datetime.date, dict[int, Evaluation]]:
    """`evaluate_commitments` on each of the days, from one gathering of the facts (nine queries in all,
    however many days): a timeline's points."""
    wanted = dict(queryset.order_by().values_list("pk", "report_id"))
    if not wanted or not days:
        return {day: {} for day in days}
    facts = gather(wanted, max(days))
    tol = tolerance()
    result = {}
    for day in days:
        evaluations: dict[int, Evaluation] = {}
        for pk in wanted:
            _evaluate(pk, facts, day, tol, evaluations)
        result[day] = {pk: evaluations[pk] for pk in wanted}
    return result


def _history(wanted: dict[int, int], facts: dict[int, Facts]) -> dict[int, list[Evaluation]]:
    own = {pk: item.event_dates() for pk, item in facts.items()}
    days_of: dict[int, set[datetime.date]] = {}

    def subtree_days(pk: int) -> set[datetime.date]:
        if pk not in days_of:
            days_of[pk] = set(own[pk])  # placed first, so a cycle in bad data cannot recurse forever
            for child in facts[pk].children:
                days_of[pk] |= subtree_days(child)
        return days_of[pk]

    wanted_on: dict[datetime.date, list[int]] = defaultdict(list)
    for pk in wanted:
        for day in {datetime.date.min, *subtree_days(pk)}:
            wanted_on[day].append(pk)
    history: dict[int, list[Evaluation]] = {pk: [] for pk in wanted}
    tol = tolerance()
    for day in sorted(wanted_on):
        evaluations: dict[int, Evaluation] = {}
        for pk in wanted_on[day]:
            history[pk].append(_evaluate(pk, facts, day, tol, evaluations))
    return history


def _evaluate(
    pk: int, facts: dict[int, Facts], as_of: datetime.date, tol: Decimal, done: dict[int, Evaluation]
) -> Evaluation:
    if pk in done:
        return done[pk]
    item = facts[pk]
    state = _state(item, as_of)
    commitment = item.commitment
    children = [_evaluate(child, facts, as_of, tol, done) for child in item.children]
    targets = {}
    for target in item.targets:
        current = state.values.get(target.pk)
        computation = computation_of(target)
        if computation is not None:
            # Computed from the sub-items' figures as of the same date, never typed (supervision/computed.py).
            current = computed_value(computation, child_figures(children, facts))
        progress, met = target_state(target, current)
        targets[target.pk] = (target, current, progress, met)
    percent = state.latest_percent

    active = [child for child in children if child.status != CommitmentStatus.CANCELLED]
    has_own_work = bool(targets) or bool(item.milestones)
    own_exact = rules.leaf_progress(
        kind=commitment.kind,
        target_progress=[(state[2], state[0].weight) for state in targets.values()],
        milestones_done=sum(1 for m in item.milestones if m.pk in state.milestones_done),
        milestones_total=len(item.milestones),
        percent=percent,
    )
    reads_percent = rules.uses_percent(
        kind=commitment.kind, has_targets=bool(targets), has_milestones=bool(item.milestones)
    )
    own_complete = (
        all(state[3] for state in targets.values())
        and all(m.pk in state.milestones_done for m in item.milestones)
        and (not reads_percent or percent == rules.HUNDRED)
    )
    own_progress = None
    if active:
        # A parent: the mean of its non-cancelled children and, when it has targets or milestones of its own
        # (a computed count of its sub-items, say), of its own work (rules.parent_progress).
        if has_own_work:
            own_progress = rules.round_percent(own_exact)
        # Its own work has started once anything is reported on it, or its computed targets have a value.
        own_started = state.latest_update is not None or any(entry[1] is not None for entry in targets.values())
        own_status = rules.derived_status(has_update=own_started, complete=own_complete)
        progress = rules.round_percent(
            rules.parent_progress(own=own_exact if has_own_work else None, children=[c.progress for c in active])
        )
        status = rules.rolled_up_status([c.status for c in active] + ([own_status] if has_own_work else []))
    else:
        progress = rules.round_percent(own_exact)
        status = rules.derived_status(has_update=state.latest_update is not None, complete=own_complete)

    override = state.override.status if state.override else ""
    if override == OverrideStatus.CANCELLED:
        status = CommitmentStatus.CANCELLED
    elif override == OverrideStatus.COMPLETED:
        # Completed by decision counts as fully done, in the parent's roll-up too.
        status, progress = CommitmentStatus.COMPLETED, rules.round_percent(rules.HUNDRED)

    # The clock starts when the task was assigned (rules.clock_start), not necessarily on its start date.
    start = commitment.clock_start_day()
    # The deadline in force on the day: an extension approved later does not rewrite an earlier day.
    due = item.due_on(as_of)
    expected = rules.expected_progress(start, due, as_of)
    evaluation = Evaluation(
        commitment_id=pk,
        as_of=as_of,
        progress=progress,
        status=status,
        rag=rules.rag(
            status=status,
            progress=progress,
            expected=expected,
            start=start,
            due=due,
            on=as_of,
            tolerance=tol,
        ),
        expected_progress=expected,
        overdue=rules.is_overdue(status=status, due=due, on=as_of),
        targets={
            target.pk: TargetEvaluation(target.pk, current, rules.round_percent(exact), met)
            for target, current, exact, met in targets.values()
        },
        milestones_done={m.pk: state.milestones_done[m.pk] for m in item.milestones if m.pk in state.milestones_done},
        milestones_total=len(item.milestones),
        latest_update=state.latest_update,
        override=override,
        rolled_up=bool(active),
        own_progress=own_progress,
        due_date=due,
    )
    done[pk] = evaluation
    return evaluation
