"""API views: thin viewsets over the selectors; every write goes through a service."""

from .base import not_found
from .commitments import CommitmentViewSet, MilestoneViewSet, TargetViewSet
from .exports import TaskTableCsvView, TaskTableXlsxView
from .projects import KeyProjectViewSet
from .reference import ChapterViewSet, DepartmentViewSet, IndicatorViewSet, LeaderViewSet, ReportViewSet
from .reporting import SummaryView
from .supervision import AcceptanceViewSet, BehindPaceView, CompletenessView
from .updates import ProgressUpdateViewSet

__all__ = [
    "AcceptanceViewSet",
    "BehindPaceView",
    "CompletenessView",
    "ChapterViewSet",
    "CommitmentViewSet",
    "DepartmentViewSet",
    "IndicatorViewSet",
    "KeyProjectViewSet",
    "LeaderViewSet",
    "MilestoneViewSet",
    "ProgressUpdateViewSet",
    "ReportViewSet",
    "SummaryView",
    "TargetViewSet",
    "TaskTableCsvView",
    "TaskTableXlsxView",
    "not_found",
]
