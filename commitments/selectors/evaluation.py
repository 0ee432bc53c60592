"""As-of evaluation: progress, status and RAG of commitments on any date, from the approved update history.

"As of a date" means the facts dated up to that day, as known now: every approved update whose as_of is
on or before the date counts, whenever it was approved. Per target, the current value comes from the
latest such update reporting it, by as_of and then by approval time (a back-dated correction approved
later wins its day, but never beats a newer as_of). A milestone is done from the earliest as_of of an
approved update that marks it done.

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
from django.db.models import Q, QuerySet
from django.utils import timezone

from ..choices import CommitmentStatus, OverrideStatus, UpdateState
from ..models import Commitment, Milestone, ProgressUpdate, ReportedValue, StatusOverride, Target
from . import rules

CLOSED = (CommitmentStatus.COMPLETED, CommitmentStatus.CANCELLED)
_EARLIEST = datetime.datetime.min.replace(tzinfo=datetime.UTC)


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
    # True when the progress and status came from the children.
    rolled_up: bool = False

    @property
    def current_values(self) -> dict[int, Decimal | None]:
        return {target_id: item.current_value for target_id, item in self.targets.items()}


@dataclass
class _Facts:
    """What the history says about one commitment on the evaluation date."""

    commitment: Commitment
    targets: list[Target] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    values: dict[int, tuple[tuple, Decimal]] = field(default_factory=dict)
    milestones_done: dict[int, datetime.date] = field(default_factory=dict)
    latest_update: tuple[tuple, ProgressUpdate] | None = None
    latest_percent: tuple[tuple, Decimal] | None = None
    override: StatusOverride | None = None
    children: list[int] = field(default_factory=list)


def _update_order(update: ProgressUpdate) -> tuple:
    # In Python rather than SQL: SQLite and PostgreSQL sort NULL approval times differently.
    return (update.as_of, update.reviewed_at or _EARLIEST, update.pk)


def tolerance() -> Decimal:
    return Decimal(settings.TRACKER_RAG_TOLERANCE)


def target_progress(target: Target, current: Decimal | None) -> Decimal:
    """A target's progress (0–100, two places) for a current value; see rules.target_state."""
    progress, _ = rules.target_state(target.comparator, target.baseline_value, target.target_value, current)
    return rules.round_percent(progress)


def target_met(target: Target, current: Decimal | None) -> bool:
    return rules.target_state(target.comparator, target.baseline_value, target.target_value, current)[1]


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
    facts = _gather(wanted, as_of)
    evaluations: dict[int, Evaluation] = {}
    for pk in wanted:
        _evaluate(pk, facts, as_of, tolerance(), evaluations)
    return {pk: evaluations[pk] for pk in wanted}


def _gather(wanted: dict[int, int], as_of: datetime.date) -> dict[int, _Facts]:
    report_ids = set(wanted.values())
    tree = list(Commitment.objects.filter(report_id__in=report_ids).order_by().values_list("pk", "parent_id"))
    children: dict[int, list[int]] = defaultdict(list)
    for pk, parent_id in tree:
        if parent_id is not None:
            children[parent_id].append(pk)
    scope_ids, stack = set(), list(wanted)
    while stack:
        pk = stack.pop()
        if pk not in scope_ids:
            scope_ids.add(pk)
            stack.extend(children[pk])
    # Whole reports are filtered by report, which keeps the SQL short; otherwise by the ids in scope.
    if len(scope_ids) == len(tree):
        scope = {"commitment__report_id__in": report_ids}
        commitments = Commitment.objects.filter(report_id__in=report_ids)
    else:
        scope = {"commitment_id__in": scope_ids}
        commitments = Commitment.objects.filter(pk__in=scope_ids)

    facts = {
        commitment.pk: _Facts(commitment=commitment, children=children[commitment.pk])
        for commitment in commitments.select_related("chapter", "lead_department")
    }
    for target in Target.objects.filter(**scope).order_by("id"):
        facts[target.commitment_id].targets.append(target)
    for milestone in Milestone.objects.filter(**scope).order_by("id"):
        facts[milestone.commitment_id].milestones.append(milestone)

    approved = Q(state=UpdateState.APPROVED, as_of__lte=as_of)
    updates = {update.pk: update for update in ProgressUpdate.objects.filter(approved, **scope)}
    for update in updates.values():
        item, order = facts[update.commitment_id], _update_order(update)
        if item.latest_update is None or order > item.latest_update[0]:
            item.latest_update = (order, update)
        if update.percent is not None and (item.latest_percent is None or order > item.latest_percent[0]):
            item.latest_percent = (order, update.percent)

    values = ReportedValue.objects.filter(
        update__state=UpdateState.APPROVED, update__as_of__lte=as_of, **{f"update__{k}": v for k, v in scope.items()}
    )
    for update_id, target_id, value in values.values_list("update_id", "target_id", "value"):
        update = updates[update_id]
        item, order = facts[update.commitment_id], _update_order(update)
        if target_id not in item.values or order > item.values[target_id][0]:
            item.values[target_id] = (order, value)

    through = ProgressUpdate.milestones_completed.through
    completions = through.objects.filter(
        **{f"progressupdate__{k}": v for k, v in scope.items()},
        progressupdate__state=UpdateState.APPROVED,
        progressupdate__as_of__lte=as_of,
    ).values_list("progressupdate_id", "milestone_id")
    for update_id, milestone_id in completions:
        update = updates[update_id]
        done = facts[update.commitment_id].milestones_done
        if milestone_id not in done or update.as_of < done[milestone_id]:
            done[milestone_id] = update.as_of

    decisions = StatusOverride.objects.filter(effective_on__lte=as_of, **scope).order_by(
        "effective_on", "decided_at", "id"
    )
    for decision in decisions:  # the last decision in force wins; "cleared" ends an earlier one
        item = facts[decision.commitment_id]
        item.override = None if decision.status == OverrideStatus.CLEARED else decision
    return facts


def _evaluate(
    pk: int, facts: dict[int, _Facts], as_of: datetime.date, tol: Decimal, done: dict[int, Evaluation]
) -> Evaluation:
    if pk in done:
        return done[pk]
    item = facts[pk]
    commitment = item.commitment
    targets = {}
    for target in item.targets:
        current = item.values[target.pk][1] if target.pk in item.values else None
        progress, met = rules.target_state(target.comparator, target.baseline_value, target.target_value, current)
        targets[target.pk] = (target, current, progress, met)
    percent = item.latest_percent[1] if item.latest_percent else None

    children = [_evaluate(child, facts, as_of, tol, done) for child in item.children]
    active = [child for child in children if child.status != CommitmentStatus.CANCELLED]
    if active:
        # A parent is the plain mean of its non-cancelled children; its own targets and milestones are
        # kept for the record but do not count (they restate what the children deliver).
        progress = rules.round_percent(sum((child.progress for child in active), rules.ZERO) / len(active))
        status = rules.rolled_up_status([child.status for child in active])
    else:
        progress = rules.round_percent(
            rules.leaf_progress(
                kind=commitment.kind,
                target_progress=[(state[2], state[0].weight) for state in targets.values()],
                milestones_done=sum(1 for m in item.milestones if m.pk in item.milestones_done),
                milestones_total=len(item.milestones),
                percent=percent,
            )
        )
        complete = (
            all(state[3] for state in targets.values())
            and all(m.pk in item.milestones_done for m in item.milestones)
            and (
                not rules.uses_percent(
                    kind=commitment.kind, has_targets=bool(targets), has_milestones=bool(item.milestones)
                )
                or percent == rules.HUNDRED
            )
        )
        status = rules.derived_status(has_update=item.latest_update is not None, complete=complete)

    override = item.override.status if item.override else ""
    if override == OverrideStatus.CANCELLED:
        status = CommitmentStatus.CANCELLED
    elif override == OverrideStatus.COMPLETED:
        # Completed by decision counts as fully done, in the parent's roll-up too.
        status, progress = CommitmentStatus.COMPLETED, rules.round_percent(rules.HUNDRED)

    expected = rules.expected_progress(commitment.start_date, commitment.due_date, as_of)
    evaluation = Evaluation(
        commitment_id=pk,
        as_of=as_of,
        progress=progress,
        status=status,
        rag=rules.rag(
            status=status,
            progress=progress,
            expected=expected,
            start=commitment.start_date,
            due=commitment.due_date,
            on=as_of,
            tolerance=tol,
        ),
        expected_progress=expected,
        overdue=as_of > commitment.due_date and status not in CLOSED,
        targets={
            target.pk: TargetEvaluation(target.pk, current, rules.round_percent(exact), met)
            for target, current, exact, met in targets.values()
        },
        milestones_done={m.pk: item.milestones_done[m.pk] for m in item.milestones if m.pk in item.milestones_done},
        milestones_total=len(item.milestones),
        latest_update=item.latest_update[1] if item.latest_update else None,
        override=override,
        rolled_up=bool(active),
    )
    done[pk] = evaluation
    return evaluation
