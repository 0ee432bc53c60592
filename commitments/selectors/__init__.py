"""Reads that carry rules: list querysets, the task table, as-of evaluation and report summaries."""

from .evaluation import (
    Evaluation,
    TargetEvaluation,
    commitment_evaluation,
    evaluate_commitments,
    target_met,
    target_progress,
)
from .reporting import Scorecard, ScorecardRow, Timeline, TimelinePoint, commitment_timeline, department_scorecard
from .rules import expected_progress
from .summary import GroupTally, Summary, Tally, progress_summary, summary_queryset
from .tables import (
    COMPARATOR_WORDS,
    TASK_TABLE_HEADERS,
    TaskTableRow,
    commitment_full_queryset,
    commitment_list_queryset,
    describe_target,
    format_number,
    task_table_rows,
)

__all__ = [
    "Scorecard",
    "ScorecardRow",
    "Timeline",
    "TimelinePoint",
    "commitment_timeline",
    "department_scorecard",
    "COMPARATOR_WORDS",
    "TASK_TABLE_HEADERS",
    "Evaluation",
    "GroupTally",
    "Summary",
    "Tally",
    "TargetEvaluation",
    "TaskTableRow",
    "commitment_evaluation",
    "commitment_full_queryset",
    "commitment_list_queryset",
    "describe_target",
    "evaluate_commitments",
    "expected_progress",
    "format_number",
    "progress_summary",
    "summary_queryset",
    "target_met",
    "target_progress",
    "task_table_rows",
]
