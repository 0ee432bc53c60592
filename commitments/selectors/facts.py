"""The facts the as-of evaluation works from: the commitments in scope and their targets, milestones,
approved updates, reported values, milestone completions, status decisions and approved extensions.

Read through the ORM, one query per kind of fact whatever the number of commitments; only the subtrees
(a recursive statement the ORM cannot write) come from plain_sql.py.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..choices import UpdateState
from ..models import Commitment, ExtensionRequest, Milestone, ProgressUpdate, ReportedValue, StatusOverride, Target
from ..plain_sql import subtree_rows
from ..supervision.lifecycle_selectors import approved_extension_days, extensions_approved_by
from . import rules

# Up to this many commitments, their subtrees are fetched by id; beyond, their reports' whole trees.
FEW = 1000


@dataclass
class Facts:
    """One commitment's approved history (up to the evaluation date, or all of it for a history)."""

    commitment: Commitment
    targets: list[Target] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    children: list[int] = field(default_factory=list)
    # Oldest first by update_order, so the last one dated on or before a day is that day's latest.
    updates: list[ProgressUpdate] = field(default_factory=list)
    values: list[tuple[tuple, int, Decimal]] = field(default_factory=list)  # (update order, target, value)
    completions: list[tuple[datetime.date, int]] = field(default_factory=list)  # (update as_of, milestone)
    decisions: list[StatusOverride] = field(default_factory=list)  # by effective_on, decided_at, id
    # Its approved extensions as (day of the decision, new date), oldest decision first.
    extensions: list[tuple[datetime.date, datetime.date]] = field(default_factory=list)

    def due_on(self, day: datetime.date) -> datetime.date:
        """The deadline in force on the day (rules.due_date_in_force): an extension approved later does not
        move an earlier day's figures."""
        commitment = self.commitment
        return rules.due_date_in_force(
            due=commitment.due_date, original=commitment.original_due_date, approved=self.extensions, on=day
        )

    def event_dates(self) -> set[datetime.date]:
        """The days on which this commitment's own progress or status can change."""
        return {update.as_of for update in self.updates} | {decision.effective_on for decision in self.decisions}


# In Python rather than SQL: SQLite and PostgreSQL sort NULL approval times differently.
update_order = rules.latest_update_key


def gather(wanted: dict[int, int], as_of: datetime.date | None, known: Iterable[Commitment] = ()) -> dict[int, Facts]:
    """The facts of the wanted commitments (id → report id) and of their descendants, dated up to as_of
    (None: all of them), in a fixed number of queries. Commitments already read (`known`) are taken as they
    are, not read again."""
    report_ids = sorted(set(wanted.values()))
    whole_reports = len(wanted) > FEW
    if whole_reports:
        tree = list(Commitment.objects.filter(report_id__in=report_ids).order_by().values_list("pk", "parent_id"))
    else:
        tree = subtree_rows(sorted(wanted))
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

    # Whole reports are filtered by report (not by maybe 100,000 ids); otherwise by the ids in scope.
    if whole_reports and len(scope_ids) == len(tree):
        in_scope, scope = Commitment.objects.filter(report_id__in=report_ids), {"commitment__report_id__in": report_ids}
    else:
        in_scope, scope = Commitment.objects.filter(pk__in=scope_ids), {"commitment_id__in": scope_ids}
    # Each with the day its clock starts (it needs the report's delivery date), in the same query.
    in_scope = in_scope.with_clock_start()
    read = {item.pk: item for item in known if item.pk in scope_ids}
    if len(read) < len(scope_ids):
        for commitment in in_scope.order_by():
            read.setdefault(commitment.pk, commitment)
    facts = {pk: Facts(commitment=read[pk], children=children[pk]) for pk in scope_ids}

    # The computation and its stage, and a milestone's stage marker and step, ride along for computed targets.
    for target in Target.objects.filter(**scope).select_related("computation__stage").order_by("id"):
        facts[target.commitment_id].targets.append(target)
    for milestone in Milestone.objects.filter(**scope).select_related("stage__step").order_by("id"):
        facts[milestone.commitment_id].milestones.append(milestone)

    dated = {} if as_of is None else {"as_of__lte": as_of}
    approved = ProgressUpdate.objects.filter(state=UpdateState.APPROVED, **dated, **scope)
    updates = {update.pk: update for update in approved.order_by()}
    for update in sorted(updates.values(), key=update_order):
        facts[update.commitment_id].updates.append(update)
    values = ReportedValue.objects.filter(update__in=approved.values("pk")).order_by()
    for update_id, target_id, value in values.values_list("update_id", "target_id", "value"):
        update = updates[update_id]
        facts[update.commitment_id].values.append((update_order(update), target_id, value))
    for item in facts.values():
        item.values.sort(key=lambda entry: entry[0])
    completions = ProgressUpdate.milestones_completed.through.objects.filter(progressupdate__in=approved.values("pk"))
    for update_id, milestone_id in completions.order_by().values_list("progressupdate_id", "milestone_id"):
        update = updates[update_id]
        facts[update.commitment_id].completions.append((update.as_of, milestone_id))
    decided = {} if as_of is None else {"effective_on__lte": as_of}
    decisions = StatusOverride.objects.filter(**decided, **scope).order_by("effective_on", "decided_at", "id")
    for decision in decisions:
        facts[decision.commitment_id].decisions.append(decision)
    # deadline_sync keeps the original deadline from the first approved extension on: a scope without one
    # has none approved, and costs no query (an approval re-derives the figures through here).
    if any(item.commitment.original_due_date is not None for item in facts.values()):
        extensions = ExtensionRequest.objects.filter(**scope)
        if as_of is not None:
            extensions = extensions_approved_by(as_of).filter(**scope)
        for commitment_id, days in approved_extension_days(extensions).items():
            facts[commitment_id].extensions = days
    return facts
