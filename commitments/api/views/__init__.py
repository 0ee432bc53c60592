"""API views: thin viewsets over the selectors; every write goes through a service."""

from .assessment import AssessmentSchemeViewSet, AssessmentView, AssessmentXlsxView
from .base import not_found
from .commitments import CommitmentViewSet, MilestoneViewSet, TargetViewSet
from .contributions import ContributionViewSet
from .exports import TaskTableCsvView, TaskTableXlsxView
from .lifecycle import CloseoutApplicationViewSet, ExtensionRequestViewSet, SupervisionNoticeViewSet
from .notifications import NotificationViewSet, TodoView
from .projects import KeyProjectViewSet
from .reference import ChapterViewSet, DepartmentViewSet, IndicatorViewSet, LeaderViewSet, ReportViewSet
from .reporting import SummaryView
from .supervision import AcceptanceViewSet, BehindPaceView, CompletenessView
from .updates import ProgressUpdateViewSet

__all__ = [
    "AssessmentSchemeViewSet",
    "AssessmentView",
    "AssessmentXlsxView",
    "ContributionViewSet",
    "AcceptanceViewSet",
    "BehindPaceView",
    "CompletenessView",
    "ChapterViewSet",
    "CloseoutApplicationViewSet",
    "ExtensionRequestViewSet",
    "SupervisionNoticeViewSet",
    "CommitmentViewSet",
    "DepartmentViewSet",
    "IndicatorViewSet",
    "KeyProjectViewSet",
    "LeaderViewSet",
    "MilestoneViewSet",
    "NotificationViewSet",
    "ProgressUpdateViewSet",
    "ReportViewSet",
    "SummaryView",
    "TargetViewSet",
    "TaskTableCsvView",
    "TaskTableXlsxView",
    "TodoView",
    "not_found",
]
