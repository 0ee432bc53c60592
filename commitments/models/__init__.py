"""The data of a work report and its commitments, one module per concern:

- organisation: Department, StaffProfile, Leader (and the ReportingCompleteness admin proxy)
- reports: Report, Chapter, Indicator
- commitments: Commitment, CoResponsibility, Target, Milestone; commitment_queries: the commitment's queryset
  (department scope, search) and manager
- updates: ProgressUpdate, ReportedValue, Evidence, StatusOverride
- contributions: Contribution (a co-responsible department's part of the lead department's report)
- derived: ProgressSnapshot (stored figures, written by the tracking service)
- notifications: Notification (in-app, written by the services) and NotificationEmail (the mail log)
- projects: KeyProject, KeyProjectCategory (the key-project ledger, 重点项目台账)
- decimals: the decimal fields' sizes
- the supervision workflow's models live in commitments/supervision/models.py and the assessment's in
  commitments/assessment/models.py; both are imported last.

Everything is re-exported here: import models from `commitments.models`, not from the modules.

Deleting something that carries history is refused rather than cascaded: a department that owns
commitments, a commitment with progress updates, a target with reported values (PROTECT/RESTRICT).
Every model that fixtures load has a natural key, so loading a fixture again updates rows in place.
"""

from .organisation import (  # noqa: I001 - in dependency order, as Django registers them; supervision last
    Department,
    DepartmentManager,
    Leader,
    ReportingCompleteness,
    StaffProfile,
)
from .reports import Chapter, ChapterManager, Indicator, IndicatorManager, Report, ReportManager, report_lookup
from .commitment_queries import (
    CommitmentManager,
    CommitmentQuerySet,
    SearchText,
    code_sort_key,
    department_commitment_ids,
    scope_department_ids,
)
from .commitments import (
    Commitment,
    CoResponsibility,
    CoResponsibilityManager,
    Milestone,
    MilestoneManager,
    Target,
    TargetManager,
)
from .updates import Evidence, ProgressUpdate, ReportedValue, StatusOverride, UpdateReviewQueue, evidence_upload_to
from .contributions import Contribution, CoordinationMatter
from .derived import FigureGeneration, ProgressSnapshot
from .notifications import Notification, NotificationEmail
from .decimals import PERCENT_DIGITS, VALUE_DIGITS
from .projects import INVESTMENT_METRIC, INVESTMENT_UNIT, KeyProject, KeyProjectCategory, KeyProjectQuerySet

# After the core models, whose names its relations use. It imports nothing from this package (no circle);
# importing it here is what makes Django load it as part of the commitments app.
from ..supervision.models import (
    Acceptance,
    ContestedAcceptance,
    ReportingPlan,
    SentReminder,
    StageMilestone,
    StageTemplate,
    StageTemplateStep,
    TargetComputation,
)
from ..supervision.lifecycle_models import (
    CloseoutApplication,
    ExtensionRequest,
    NoticeSequence,
    SupervisionNotice,
)
from ..assessment.models import AssessmentItem, AssessmentScheme

__all__ = [
    "CloseoutApplication",
    "ExtensionRequest",
    "NoticeSequence",
    "SupervisionNotice",
    "AssessmentItem",
    "AssessmentScheme",
    "Contribution",
    "CoordinationMatter",
    "report_lookup",
    "INVESTMENT_METRIC",
    "INVESTMENT_UNIT",
    "KeyProject",
    "KeyProjectCategory",
    "KeyProjectQuerySet",
    "PERCENT_DIGITS",
    "VALUE_DIGITS",
    "Acceptance",
    "Chapter",
    "ChapterManager",
    "CoResponsibility",
    "CoResponsibilityManager",
    "SearchText",
    "department_commitment_ids",
    "scope_department_ids",
    "Commitment",
    "CommitmentManager",
    "CommitmentQuerySet",
    "ContestedAcceptance",
    "Department",
    "DepartmentManager",
    "Evidence",
    "Indicator",
    "IndicatorManager",
    "Leader",
    "Milestone",
    "Notification",
    "NotificationEmail",
    "MilestoneManager",
    "FigureGeneration",
    "ProgressSnapshot",
    "ProgressUpdate",
    "Report",
    "ReportManager",
    "ReportedValue",
    "ReportingCompleteness",
    "ReportingPlan",
    "SentReminder",
    "StaffProfile",
    "StageMilestone",
    "StageTemplate",
    "StageTemplateStep",
    "StatusOverride",
    "Target",
    "TargetComputation",
    "TargetManager",
    "UpdateReviewQueue",
    "code_sort_key",
    "evidence_upload_to",
]
