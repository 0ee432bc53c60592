"""Serializers: the shape of each resource and field validation only.

Rules (who may write, state changes, derived progress) live in services and permissions; DRF does not
run Model.clean(), so the services do.
"""

from .assessment import (
    AssessmentQuerySerializer,
    AssessmentSchemeSerializer,
    RankingSerializer,
)
from .commitments import (
    CommitmentDetailSerializer,
    CommitmentSerializer,
    CommitmentWriteSerializer,
    MilestoneSerializer,
    NestedMilestoneSerializer,
    NestedTargetSerializer,
    TargetSerializer,
)
from .common import (
    BriefChapterSerializer,
    BriefCommitmentSerializer,
    BriefDepartmentSerializer,
    BriefLeaderSerializer,
    BriefReportSerializer,
    ChapterSerializer,
    DepartmentSerializer,
    IndicatorSerializer,
    LeaderSerializer,
    ReportSerializer,
)
from .contributions import (
    ContributionCreateSerializer,
    ContributionEditSerializer,
    ContributionSerializer,
    ContributionSubmitSerializer,
)
from .reporting import (
    AsOfQuerySerializer,
    ScorecardSerializer,
    SummaryQuerySerializer,
    SummarySerializer,
    TimelineSerializer,
)
from .updates import (
    EvidenceSerializer,
    EvidenceUploadSerializer,
    ProgressUpdateCreateSerializer,
    ProgressUpdateEditSerializer,
    ProgressUpdateSerializer,
    UpdateReturnSerializer,
    UpdateStepSerializer,
)

__all__ = [
    "AssessmentQuerySerializer",
    "AssessmentSchemeSerializer",
    "ContributionCreateSerializer",
    "ContributionEditSerializer",
    "ContributionSerializer",
    "ContributionSubmitSerializer",
    "RankingSerializer",
    "AsOfQuerySerializer",
    "BriefChapterSerializer",
    "BriefCommitmentSerializer",
    "BriefDepartmentSerializer",
    "BriefLeaderSerializer",
    "BriefReportSerializer",
    "ChapterSerializer",
    "CommitmentDetailSerializer",
    "CommitmentSerializer",
    "CommitmentWriteSerializer",
    "DepartmentSerializer",
    "EvidenceSerializer",
    "EvidenceUploadSerializer",
    "IndicatorSerializer",
    "LeaderSerializer",
    "MilestoneSerializer",
    "NestedMilestoneSerializer",
    "NestedTargetSerializer",
    "ProgressUpdateCreateSerializer",
    "ProgressUpdateEditSerializer",
    "ProgressUpdateSerializer",
    "ReportSerializer",
    "ScorecardSerializer",
    "SummaryQuerySerializer",
    "SummarySerializer",
    "TargetSerializer",
    "TimelineSerializer",
    "UpdateReturnSerializer",
    "UpdateStepSerializer",
]
