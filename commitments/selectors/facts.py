"""The facts the as-of evaluation works from: the commitments in scope and their targets, milestones,
approved updates, reported values, milestone completions and status decisions.

They are read with plain SQL statements (plain_sql.py), one per kind of fact, whatever the number of
commitments. Why not the ORM: an approval evaluates one commitment, and building the ORM's statements cost
about three times what running them and reading their rows did (3.7 ms against 1.2 ms on the bench
machine, a sixth of the approval). Tests hold the facts equal to what the ORM reads.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from ..choices import UpdateState
from ..models import Commitment, Milestone, ProgressUpdate, ReportedValue, StatusOverride, Target
from ..plain_sql import converter, joined, marks, model_columns, rows
from ..supervision.models import StageMilestone, StageTemplateStep, TargetComputation
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

    def event_dates(self) -> set[datetime.date]:
        """The days on which this commitment's own progress or status can change."""
        return {update.as_of for update in self.updates} | {decision.effective_on for decision in self.decisions}


# In Python rather than SQL: SQLite and PostgreSQL sort NULL approval times differently.
update_order = rules.latest_update_key


def _subtrees(ids: list[int]) -> list[tuple[int, int | None]]:
    """(id, parent id) of the commitments and all their descendants, in one recursive statement (PostgreSQL
    and SQLite both read it): a department's few commitments spread over many reports need not load those
    reports' whole trees."""
    sql = f"""
        WITH RECURSIVE subtree(id) AS (
            SELECT id FROM commitments_commitment WHERE id IN ({marks(ids)})
            UNION
            SELECT c.id FROM commitments_commitment c JOIN subtree s ON c.parent_id = s.id
        )
        SELECT c.id, c.parent_id FROM commitments_commitment c WHERE c.id IN (SELECT id FROM subtree)"""
    return rows(sql, ids)


def gather(wanted: dict[int, int], as_of: datetime.date | None, known: Iterable[Commitment] = ()) -> dict[int, Facts]:
    """The facts of the wanted commitments (id → report id) and of their descendants, dated up to as_of
    (None: all of them). Commitments already read (`known`) are taken as they are, not read again."""
    report_ids = sorted(set(wanted.values()))
    whole_reports = len(wanted) > FEW
    if whole_reports:
        sql = f"SELECT id, parent_id FROM commitments_commitment WHERE report_id IN ({marks(report_ids)})"
        tree = rows(sql, report_ids)
    else:
        tree = _subtrees(sorted(wanted))
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
    if whole_reports and len(scope_ids) == len(tree):
        scope = Scope(
            f"IN (SELECT id FROM commitments_commitment WHERE report_id IN ({marks(report_ids)}))", report_ids
        )
    else:
        scope = Scope(f"IN ({marks(scope_ids)})", sorted(scope_ids))
    read = {item.pk: item for item in known if item.pk in scope_ids}
    if len(read) < len(scope_ids):
        # By the scope's own condition: whole reports by report, not by (maybe 100,000) ids.
        columns = model_columns(Commitment, "c")
        sql = f"SELECT {columns.sql()} FROM commitments_commitment c WHERE c.id {scope.condition}"
        for row in rows(sql, scope.params):
            if row[0] not in read:
                read[row[0]] = columns.build(row)
    facts = {pk: Facts(commitment=read[pk], children=children[pk]) for pk in scope_ids}

    for target in _targets(scope):
        facts[target.commitment_id].targets.append(target)
    for milestone in _milestones(scope):
        facts[milestone.commitment_id].milestones.append(milestone)
    updates = {update.pk: update for update in _approved_updates(scope, as_of)}
    for update in sorted(updates.values(), key=update_order):
        facts[update.commitment_id].updates.append(update)
    for update_id, target_id, value in _approved_values(scope, as_of):
        update = updates[update_id]
        facts[update.commitment_id].values.append((update_order(update), target_id, value))
    for item in facts.values():
        item.values.sort(key=lambda entry: entry[0])
    for update_id, milestone_id in _approved_completions(scope, as_of):
        update = updates[update_id]
        facts[update.commitment_id].completions.append((update.as_of, milestone_id))
    for decision in _decisions(scope, as_of):
        facts[decision.commitment_id].decisions.append(decision)
    return facts


@dataclass(frozen=True)
class Scope:
    """Which commitments the facts are read for: a condition on a commitment id column, and its parameters."""

    condition: str
    params: list


def _targets(scope: Scope) -> list[Target]:
    """The targets in id order, each with its computation and the computation's stage, as
    select_related("computation__stage") gives them (computed targets need both)."""
    sql = f"""
        SELECT {{select}} FROM commitments_target t
        LEFT JOIN commitments_targetcomputation tc ON tc.target_id = t.id
        LEFT JOIN commitments_stagetemplatestep st ON st.id = tc.stage_id
        WHERE t.commitment_id {scope.condition} ORDER BY t.id"""
    return _with_linked(sql, scope, (Target, "t"), (TargetComputation, "tc", "computation", "target", "stage"))


def _milestones(scope: Scope) -> list[Milestone]:
    """The milestones in id order, each with its stage marker and the marker's template step, as
    select_related("stage__step") gives them."""
    sql = f"""
        SELECT {{select}} FROM commitments_milestone m
        LEFT JOIN commitments_stagemilestone sm ON sm.milestone_id = m.id
        LEFT JOIN commitments_stagetemplatestep st ON st.id = sm.step_id
        WHERE m.commitment_id {scope.condition} ORDER BY m.id"""
    return _with_linked(sql, scope, (Milestone, "m"), (StageMilestone, "sm", "stage", "milestone", "step"))


def _with_linked(sql: str, scope: Scope, main: tuple, linked: tuple) -> list:
    """Rows of the main model (alias "m"/"t"…), each with the one-to-one row linked to it (or None) and that
    row's template step (alias "st"), cached where the ORM's select_related would put them. `linked` names
    the linked model, its alias, the main model's accessor for it, its field back to the main row and its
    foreign key to the step."""
    (model, alias), (linked_model, linked_alias, accessor, back, onward) = main, linked
    first, second, step = (
        model_columns(model, alias),
        model_columns(linked_model, linked_alias),
        model_columns(StageTemplateStep, "st"),
    )
    select, (_, at_second, at_step) = joined(first, second, step)
    built = []
    for row in rows(sql.format(select=select), scope.params):
        item, link = first.build(row), second.build(row, at_second)
        model._meta.get_field(accessor).set_cached_value(item, link)
        if link is not None:
            linked_model._meta.get_field(back).set_cached_value(link, item)
            linked_model._meta.get_field(onward).set_cached_value(link, step.build(row, at_step))
        built.append(item)
    return built


def _approved(scope: Scope, as_of: datetime.date | None) -> tuple[str, list]:
    """The condition on an update `u`: approved, in scope and, with a date, dated up to it."""
    sql, params = f"u.state = %s AND u.commitment_id {scope.condition}", [UpdateState.APPROVED.value, *scope.params]
    if as_of is not None:
        sql, params = f"{sql} AND u.as_of <= %s", [*params, as_of]
    return sql, params


def _approved_updates(scope: Scope, as_of: datetime.date | None) -> list[ProgressUpdate]:
    update = model_columns(ProgressUpdate, "u")
    where, params = _approved(scope, as_of)
    return [
        update.build(row)
        for row in rows(f"SELECT {update.sql()} FROM commitments_progressupdate u WHERE {where}", params)
    ]


def _approved_values(scope: Scope, as_of: datetime.date | None) -> list[tuple[int, int, Decimal]]:
    """(update id, target id, value) of the values the approved updates report."""
    where, params = _approved(scope, as_of)
    sql = f"""
        SELECT v.update_id, v.target_id, v.value FROM commitments_reportedvalue v
        JOIN commitments_progressupdate u ON u.id = v.update_id WHERE {where}"""
    value = converter(ReportedValue, "value")
    return [(update_id, target_id, value(reported)) for update_id, target_id, reported in rows(sql, params)]


def _approved_completions(scope: Scope, as_of: datetime.date | None) -> list[tuple[int, int]]:
    """(update id, milestone id) of the milestones the approved updates mark done."""
    where, params = _approved(scope, as_of)
    sql = f"""
        SELECT d.progressupdate_id, d.milestone_id FROM commitments_progressupdate_milestones_completed d
        JOIN commitments_progressupdate u ON u.id = d.progressupdate_id WHERE {where}"""
    return rows(sql, params)


def _decisions(scope: Scope, as_of: datetime.date | None) -> list[StatusOverride]:
    """The status decisions dated up to as_of, in the order they take force (effective_on, decided_at, id)."""
    decision = model_columns(StatusOverride, "o")
    sql, params = (
        f"SELECT {decision.sql()} FROM commitments_statusoverride o WHERE o.commitment_id {scope.condition}",
        list(scope.params),
    )
    if as_of is not None:
        sql, params = f"{sql} AND o.effective_on <= %s", [*params, as_of]
    return [decision.build(row) for row in rows(f"{sql} ORDER BY o.effective_on, o.decided_at, o.id", params)]
