"""Keeps the stored progress, status and RAG (and each target's current value and milestone's completion
date) equal to what the update history says today.

The stored fields exist for fast lists. They are re-derived with the same as-of evaluation the reports
use, so the two cannot disagree: an approval re-derives its commitment and that commitment's ancestors
(never the whole report); `recompute_all` re-derives everything and reports what had drifted. RAG moves
with the calendar, so the command is also meant to run once a day.

Each sync also rewrites the commitment's progress snapshots (models.ProgressSnapshot) from the same
evaluation code, run on each day its history changes; the as-of summary reads them instead of replaying
the history. A commitment's ancestors are always synced with it, so their snapshots follow its history.
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone

from ..models import Commitment, FigureGeneration, ProgressSnapshot, Report
from ..plain_sql import chunks
from ..selectors import Evaluation
from ..selectors.evaluation import evaluations_and_history

SnapshotRow = tuple[datetime.date, Decimal, str]


@dataclass(frozen=True)
class FieldChange:
    field: str
    stored: object
    computed: object

    def __str__(self) -> str:
        return f"{self.field}: {_show(self.stored)} → {_show(self.computed)}"


@dataclass(frozen=True)
class Drift:
    """What differed between a commitment's stored fields and its history (and what was written)."""

    commitment_id: int
    code: str
    changes: tuple[FieldChange, ...]

    def __str__(self) -> str:
        return f"{self.code}: " + "; ".join(str(change) for change in self.changes)


def _show(value: object) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return str(value)


def ancestor_ids(commitment: Commitment) -> list[int]:
    """The ids of the commitment's parent, grandparent, … (one query per level)."""
    ids, parent_id = [], commitment.parent_id
    while parent_id is not None and parent_id not in ids:
        ids.append(parent_id)
        parent_id = Commitment.objects.filter(pk=parent_id).values_list("parent_id", flat=True).first()
    return ids


def lock_commitments(ids: list[int]) -> None:
    """Row locks on the commitments, always taken in id order.

    Two approvals on siblings both re-derive their parent: the lock makes the second wait and then see the
    first one's approval. One order for every caller (approvals, overrides, recompute) rules out deadlocks.
    """
    list(Commitment.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk", flat=True))


def snapshot_rows(history: list[Evaluation]) -> list[SnapshotRow]:
    """(effective_on, progress, status) rows of an evaluation history, leaving out days that change nothing."""
    rows: list[SnapshotRow] = []
    for evaluation in history:
        if not rows or rows[-1][1:] != (evaluation.progress, evaluation.status):
            rows.append((evaluation.as_of, evaluation.progress, evaluation.status))
    return rows


def with_next_day(rows: list[SnapshotRow]) -> list[tuple[SnapshotRow, datetime.date | None]]:
    """Each snapshot row with the day the next one takes over (None for the last): its effective_until."""
    return [(row, rows[index + 1][0] if index + 1 < len(rows) else None) for index, row in enumerate(rows)]


def _snapshot_change(stored: list[SnapshotRow], computed: list[SnapshotRow]) -> FieldChange | None:
    """The first snapshot that differs, or None."""
    stored_on = {row[0]: row[1:] for row in stored}
    computed_on = {row[0]: row[1:] for row in computed}
    for day in sorted(stored_on.keys() | computed_on.keys()):
        before, after = stored_on.get(day), computed_on.get(day)
        if before != after:
            show = " ".join
            return FieldChange(
                f"snapshot {day:%Y-%m-%d}",
                show(map(_show, before)) if before else None,
                show(map(_show, after)) if after else None,
            )
    return None


def sync_stored(queryset: QuerySet[Commitment], *, user=None, dry_run: bool = False) -> list[Drift]:
    """Re-derives the stored fields and the progress snapshots of the commitments in the queryset from their
    history (the fields as of today), writes what differs (unless dry_run) and returns the differences."""
    today = timezone.localdate()
    scope = Commitment.objects.filter(pk__in=queryset.values("pk"))
    # The clock start rides along (it reads the report's delivery date); only the commitments' rows are locked.
    commitments = list(scope.with_clock_start().select_for_update(of=("self",)).order_by("pk"))
    derived = evaluations_and_history(commitments, as_of=today)
    evaluations, targets, milestones = derived.evaluations, derived.targets, derived.milestones
    computed_snapshots = {pk: snapshot_rows(history) for pk, history in derived.histories.items()}
    stored_snapshots = _stored_snapshots([commitment.pk for commitment in commitments])
    stale_snapshots: list[int] = []

    drifts = []
    for commitment in sorted(commitments, key=lambda c: c.sort_key):
        evaluation = evaluations[commitment.pk]
        changes: list[FieldChange] = []
        changed_fields = []
        for name, computed in (
            ("status", evaluation.status),
            ("progress", evaluation.progress),
            ("rag", evaluation.rag),
        ):
            stored = getattr(commitment, name)
            if stored != computed:
                changes.append(FieldChange(name, stored, computed))
                changed_fields.append(name)
                setattr(commitment, name, computed)
        changed_targets = []
        for target in targets.get(commitment.pk, []):
            computed = evaluation.targets[target.pk].current_value
            if target.current_value != computed:
                changes.append(FieldChange(f"{target.metric}.current_value", target.current_value, computed))
                target.current_value = computed
                changed_targets.append(target)
        changed_milestones = []
        for milestone in milestones.get(commitment.pk, []):
            computed = evaluation.milestones_done.get(milestone.pk)
            if milestone.completed_on != computed:
                changes.append(FieldChange(f"{milestone.title}.completed_on", milestone.completed_on, computed))
                milestone.completed_on = computed
                changed_milestones.append(milestone)
        snapshot_change = _snapshot_change(stored_snapshots.get(commitment.pk, []), computed_snapshots[commitment.pk])
        if snapshot_change is not None:
            changes.append(snapshot_change)
            stale_snapshots.append(commitment.pk)
        if not changes:
            continue
        drifts.append(Drift(commitment.pk, commitment.code, tuple(changes)))
        if dry_run:
            continue
        # Saved one by one (not bulk_update) so the audit history records every change and who caused it.
        for row, fields in [
            *[(target, ["current_value"]) for target in changed_targets],
            *[(milestone, ["completed_on"]) for milestone in changed_milestones],
            *([(commitment, [*changed_fields, "updated_at"])] if changed_fields else []),
        ]:
            row._history_user = user
            row.save(update_fields=fields)
    if stale_snapshots and not dry_run:
        _replace_snapshots({pk: computed_snapshots[pk] for pk in stale_snapshots})
    if drifts and not dry_run:
        figures_changed()
    return drifts


def figures_changed() -> None:
    """Retires every remembered summary (selectors/figures_cache.py) once the current transaction commits
    (at once outside one): a reader then counts the committed figures afresh. After the commit, not in it,
    so a reader never remembers what a transaction wrote before it is committed, and concurrent writers
    do not queue on the token's row. Once per transaction: an approval saves its commitment (whose signal
    calls this too) and then re-derives its figures, and one new token after the commit does for both."""
    # Django keeps the pending hooks in connection.run_on_commit as (savepoint ids, function, robust) and
    # drops those of a rolled-back savepoint, so a hook found there will run, and none is found after it ran.
    if any(hook[1] is _new_generation for hook in connection.run_on_commit):
        return
    transaction.on_commit(_new_generation)


def _new_generation() -> None:
    token = uuid.uuid4().hex
    if not FigureGeneration.objects.filter(pk=1).update(token=token):
        FigureGeneration.objects.update_or_create(pk=1, defaults={"token": token})  # the first change ever


def _stored_snapshots(ids: list[int]) -> dict[int, list[SnapshotRow]]:
    """The commitments' stored snapshot rows, oldest first."""
    found: dict[int, list[SnapshotRow]] = {}
    for chunk in chunks(ids, 1):
        stored = (
            ProgressSnapshot.objects.filter(commitment_id__in=chunk)
            .order_by("commitment_id", "effective_on")
            .values_list("commitment_id", "effective_on", "progress", "status")
        )
        for pk, day, progress, status in stored:
            found.setdefault(pk, []).append((day, progress, status))
    return found


def _replace_snapshots(computed: dict[int, list[SnapshotRow]]) -> None:
    """Rewrites the commitments' snapshots whole: a back-dated approval can change every later day. The
    snapshots carry no audit history and no signals, so the deletion is one statement per chunk."""
    for chunk in chunks(list(computed), 1):
        ProgressSnapshot.objects.filter(commitment_id__in=chunk).delete()
    ProgressSnapshot.objects.bulk_create(
        ProgressSnapshot(commitment_id=pk, effective_on=day, effective_until=until, progress=progress, status=status)
        for pk in computed
        for (day, progress, status), until in with_next_day(computed[pk])
    )


@transaction.atomic
def commitment_recompute(*, commitment: Commitment, user=None, dry_run: bool = False) -> Drift | None:
    """Re-derives the commitment's stored fields from its history (and its ancestors', which roll up from it);
    returns the commitment's own drift, or None when it was in step."""
    ids = [commitment.pk, *ancestor_ids(commitment)]
    lock_commitments(ids)
    drifts = sync_stored(Commitment.objects.filter(pk__in=ids), user=user, dry_run=dry_run)
    return next((drift for drift in drifts if drift.commitment_id == commitment.pk), None)


@transaction.atomic
def deadline_sync(*, commitment: Commitment, user=None) -> Commitment:
    """Writes the commitment's effective deadline (rules.effective_due_date over its approved extensions,
    oldest decision first) into due_date, keeping the first deadline in original_due_date, then re-derives
    its figures (RAG, status, snapshots) and its ancestors'. The one writer of both dates after creation."""
    from ..choices import ExtensionState
    from ..models import ExtensionRequest
    from ..selectors import rules

    lock_commitments([commitment.pk])
    commitment = Commitment.objects.get(pk=commitment.pk)
    new_dates = (
        ExtensionRequest.objects.filter(commitment=commitment, state=ExtensionState.APPROVED)
        .order_by("decided_at", "pk")
        .values_list("requested_due_date", flat=True)
    )
    original = commitment.original_due_date or commitment.due_date
    due = rules.effective_due_date(original=original, approved_extensions=new_dates)
    fields = []
    if commitment.due_date != due:
        commitment.due_date = due
        fields.append("due_date")
    kept = original if due != original else commitment.original_due_date
    if commitment.original_due_date != kept:
        commitment.original_due_date = kept
        fields.append("original_due_date")
    if fields:
        # The version moves on: a page opened before the extension cannot post the old deadline back.
        commitment.version += 1
        commitment._history_user = user
        commitment.save(update_fields=[*fields, "version", "updated_at"])
    commitment_recompute(commitment=commitment, user=user)
    return commitment


@transaction.atomic
def recompute_all(*, report: Report | None = None, dry_run: bool = False) -> list[Drift]:
    """Re-derives the stored fields and snapshots of every commitment (of one report, if given) and returns
    every drift, report by report in code order; with dry_run nothing is written."""
    reports = Report.objects.order_by("pk") if report is None else [report]
    drifts: list[Drift] = []
    # Report by report: a parent and its children are always in one report, and memory stays bounded.
    for item in reports:
        drifts += sync_stored(Commitment.objects.filter(report=item), dry_run=dry_run)
    return drifts
