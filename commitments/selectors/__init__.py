"""Reads that carry rules: list querysets, the task table, as-of evaluation, report summaries, the public site."""

from .basis import BasisPart, ProgressBasis, progress_basis
from .evaluation import (
    Evaluation,
    TargetEvaluation,
    commitment_evaluation,
    evaluate_commitments,
    evaluation_history,
    target_met,
    target_progress,
)
from .public import (
    approved_updates,
    public_commitment,
    public_commitments,
    public_report,
    public_report_departments,
    published_reports,
)
from .reporting import Scorecard, ScorecardRow, Timeline, TimelinePoint, commitment_timeline, department_scorecard
from .rules import expected_progress
from .standing import CommitmentLine, MonthPoint, Standing, default_as_of, monthly_progress, report_standing
from .summary import GroupTally, Summary, Tally, progress_summary, summary_queryset
from .tables import (
    COMPARATOR_WORDS,
    TASK_TABLE_HEADERS,
    TaskTableRow,
    commitment_full_queryset,
    commitment_list_queryset,
    describe_target,
    task_table_rows,
    task_table_title,
)

__all__ = [
    "BasisPart",
    "ProgressBasis",
    "progress_basis",
    "CommitmentLine",
    "MonthPoint",
    "Standing",
    "approved_updates",
    "monthly_progress",
    "public_commitment",
    "public_commitments",
    "public_report",
    "public_report_departments",
    "published_reports",
    "report_standing",
    "default_as_of",
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
    "evaluation_history",
    "expected_progress",
    "progress_summary",
    "summary_queryset",
    "target_met",
    "target_progress",
    "task_table_rows",
    "task_table_title",
]
