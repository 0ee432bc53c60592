"""Imports a task decomposition table (任务分解表, .xlsx) into a report.

The table is the one offices already keep and the one the export writes: a header row naming columns
such as 序号, 工作任务, 原文, 牵头单位, 配合单位, 目标, 完成时限 (Chinese or English, matched flexibly),
then one row per commitment. A dry run lists every row's problems by row number and writes nothing; the
real import is all-or-nothing in one transaction, and writes through the commitment services as the
importing user (their permission check, validation, history and side effects). Status and progress
columns are read-only here: they are derived from approved progress updates, never typed in.

Reading the file and parsing each row's cells: task_table_reading.py; here, the checks across rows and
against the report, and the writes.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import IO

from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model
from django.utils.translation import gettext as _

from . import services
from .choices import CommitmentKind
from .models import Chapter, Commitment, Report, Target, code_sort_key
from .permissions import can_manage_commitments
from .task_table_reading import (
    CODE_PATTERN,
    DepartmentLookup,
    TableRow,
    TargetRow,
    TaskTableError,
    read_rows,
    validate_row,
)

__all__ = ["ImportResult", "TaskTableError", "task_table_import"]


@dataclass
class ImportResult:
    rows: list[TableRow] = field(default_factory=list)
    problems: list[tuple[int, str]] = field(default_factory=list)
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    dry_run: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    def problem_lines(self) -> list[str]:
        return [f"第{row}行：{message}" if row else message for row, message in self.problems]


def task_table_import(*, user, report: Report, file: IO[bytes], dry_run: bool = True) -> ImportResult:
    """Reads the table and, unless dry_run or any row has a problem, applies it as `user` in one transaction,
    through the commitment services (their checks, history and side effects).

    Raises PermissionDenied, even for a dry run, unless the user may change commitments, and TaskTableError
    when the file is not a readable task table. Row problems, including those the services find while
    writing (then nothing is stored), are in the result.
    """
    if not can_manage_commitments(user):
        raise PermissionDenied(_("Only the supervision office changes commitments."))
    result = ImportResult(dry_run=dry_run)
    departments = DepartmentLookup()
    chapters = {chapter.number: chapter for chapter in Chapter.objects.filter(report=report)}
    seen_codes: dict[str, int] = {}
    for number, cells in read_rows(file):
        row, problems = validate_row(number, cells, report, departments)
        if row.code in seen_codes:
            problems.append(f"序号“{row.code}”与第{seen_codes[row.code]}行重复")
        seen_codes.setdefault(row.code, number)
        if CODE_PATTERN.match(row.code) and int(row.code.split(".")[0]) not in chapters:
            problems.append(f"报告中没有第{row.code.split('.')[0]}章")
        result.problems.extend((number, problem) for problem in problems)
        result.rows.append(row)
    if not result.rows and not result.problems:
        result.problems.append((0, "表中没有任务行。"))
    existing = {
        commitment.code: commitment
        for commitment in Commitment.objects.filter(report=report).prefetch_related("targets", "co_departments")
    }
    reported_targets = set(
        Target.objects.filter(commitment__report=report)
        .exclude(reported_values=None)
        .values_list("commitment__code", "metric")
    )
    for row in result.rows:
        commitment = existing.get(row.code)
        if commitment is None and not row.source_text:
            result.problems.append((row.number, "新任务须填写原文"))
        if commitment is not None and row.has_targets:
            dropped = {t.metric for t in commitment.targets.all()} - {t.metric for t in row.targets}
            for metric in sorted(dropped):
                if (row.code, metric) in reported_targets:
                    result.problems.append((row.number, f"目标“{metric}”已有报送数值，不能从表中删除"))
        if commitment is not None and row.due_date and row.due_date < commitment.start_date:
            result.problems.append((row.number, f"完成时限早于开始日期 {commitment.start_date:%Y-%m-%d}"))
    if result.problems or dry_run:
        for row in result.rows:
            bucket = result.updated if row.code in existing else result.created
            bucket.append(row.code)
        return result
    try:
        # One transaction.atomic block, all or nothing: the first row a service refuses rolls back every
        # row before it. Left alone, the services would re-derive the stored figures after every write (a
        # commitment, each of its targets, its parent again; docs/performance.md, "Bulk writes", says how
        # much that costs); refresh_deferred re-derives the written commitments once, at the end of this
        # same transaction, attributed to the importing user.
        with services.refresh_deferred(user=user):
            for row in sorted(result.rows, key=lambda r: code_sort_key(r.code)):
                try:
                    apply_row(user=user, report=report, chapters=chapters, existing=existing, row=row, result=result)
                except (ValidationError, services.VersionConflict) as exc:
                    result.problems.append((row.number, problem_text(exc)))
                    raise
    except (ValidationError, services.VersionConflict):
        result.created.clear()
        result.updated.clear()
        result.unchanged.clear()
    return result


def problem_text(error: Exception, model: type[Model] = Commitment) -> str:
    """A service's refusal as one line, each message after the label of its field (as the model names it)."""
    if not isinstance(error, ValidationError):
        return str(error)
    if not hasattr(error, "error_dict"):
        return "；".join(error.messages)
    parts = []
    for name, messages in error.message_dict.items():
        try:
            label = model._meta.get_field(name).verbose_name if name != NON_FIELD_ERRORS else None
        except FieldDoesNotExist:
            label = None
        parts.append(f"{label}：{''.join(messages)}" if label else "".join(messages))
    return "；".join(parts)


def apply_row(
    *, user, report: Report, chapters: dict, existing: dict[str, Commitment], row: TableRow, result: ImportResult
) -> None:
    """Creates or updates the row's commitment through the services, changing only what differs."""
    commitment = existing.get(row.code)
    created = commitment is None
    changes: dict[str, object] = {}
    values: dict[str, object] = {"title": row.title, "lead_department": row.lead_department, "due_date": row.due_date}
    if row.has_source_text and row.source_text:
        values["source_text"] = row.source_text
    if created:
        data = {
            "report": report,
            "chapter": chapters[int(row.code.split(".")[0])],
            "code": row.code,
            "kind": CommitmentKind.QUANTITATIVE if row.targets else CommitmentKind.ONGOING,
            "start_date": min(datetime.date(report.year, 1, 1), row.due_date),
            **values,
        }
        parent_code = row.code.rsplit(".", 1)[0]
        if row.code.count(".") >= 3 and parent_code in existing:
            data["parent"] = existing[parent_code]
        if row.has_co_departments:
            data["co_departments"] = row.co_departments
        current_targets: list[Target] = []
        commitment = services.commitment_create(user=user, data=data)
        existing[row.code] = commitment
    else:
        # The prefetched targets and co-departments of the commitment as the import read it.
        current_targets = list(commitment.targets.all())
        for name, value in values.items():
            stored = commitment.lead_department_id if name == "lead_department" else getattr(commitment, name)
            if stored != (value.pk if name == "lead_department" else value):
                changes[name] = value
        if row.has_co_departments:
            if {d.pk for d in commitment.co_departments.all()} != {d.pk for d in row.co_departments}:
                changes["co_departments"] = row.co_departments
        if changes:
            # expected_version: a commitment someone changed since the import read it is not overwritten.
            commitment = services.commitment_update(
                user=user, commitment=commitment, data=changes, expected_version=commitment.version
            )
            existing[row.code] = commitment
    changed = created or bool(changes)
    if row.has_targets:
        changed |= sync_targets(user=user, commitment=commitment, current=current_targets, rows=row.targets)
    (result.created if created else result.updated if changed else result.unchanged).append(row.code)


def sync_targets(*, user, commitment: Commitment, current: list[Target], rows: list[TargetRow]) -> bool:
    """Makes the commitment's targets those of the table through the services; a target with reported values
    is never removed (validation refused that row already; target_delete would refuse it too)."""
    changed = False
    targets = {target.metric: target for target in current}
    for row in rows:
        target = targets.pop(row.metric, None)
        if target is None:
            target = Target(commitment=commitment, metric=row.metric)
        elif (target.comparator, target.target_value, target.unit) == (row.comparator, row.value, row.unit):
            continue
        target.comparator, target.target_value, target.unit = row.comparator, row.value, row.unit
        try:
            services.target_save(user=user, target=target)
        except ValidationError as exc:
            raise ValidationError(f"目标“{row.metric}”：{problem_text(exc, Target)}") from exc
        changed = True
    for target in targets.values():
        try:
            services.target_delete(user=user, target=target)
        except ValidationError as exc:
            raise ValidationError(f"目标“{target.metric}”：{problem_text(exc, Target)}") from exc
        changed = True
    return changed
