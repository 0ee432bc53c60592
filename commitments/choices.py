"""Choices shared by models, filters, serializers and the admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DepartmentKind(models.TextChoices):
    BUREAU = "bureau", _("Bureau")
    TOWN = "town", _("Town or street")
    PARK = "park", _("Park committee")
    OTHER = "other", _("Other")


class CommitmentKind(models.TextChoices):
    QUANTITATIVE = "quantitative", _("Quantitative")
    MILESTONE = "milestone", _("Milestone")
    ONGOING = "ongoing", _("Ongoing")


class Firmness(models.TextChoices):
    BINDING = "binding", _("Binding")
    ASPIRATIONAL = "aspirational", _("Aspirational")
    DIRECTIONAL = "directional", _("Directional")


class CommitmentStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")


CLOSED_STATUSES = (CommitmentStatus.COMPLETED, CommitmentStatus.CANCELLED)


class Comparator(models.TextChoices):
    AT_LEAST = "at_least", _("At least")
    AT_MOST = "at_most", _("At most")
    EXACTLY = "exactly", _("Exactly")
    ABOUT = "about", _("About")  # 约/近/左右: met within TRACKER_ABOUT_TOLERANCE percent below the value


class UpdateState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    RETURNED = "returned", _("Returned")


class Rag(models.TextChoices):
    GREEN = "green", _("On track")
    AMBER = "amber", _("Behind")
    RED = "red", _("Off track")
    COMPLETED = "completed", _("Completed")
    NOT_DUE = "not_due", _("Not yet started by plan")
    CANCELLED = "cancelled", _("Cancelled")


class OverrideStatus(models.TextChoices):
    """A supervisor's decision on a commitment's status; CLEARED hands the status back to the derived rule."""

    COMPLETED = "completed", _("Completed by decision")
    CANCELLED = "cancelled", _("Cancelled")
    CLEARED = "cleared", _("Override cleared")


class EvidenceKind(models.TextChoices):
    LINK = "link", _("Link")
    FILE = "file", _("File")


# Supervision (督办): reporting cadence, report completeness, escalation colours.


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")


class ReportStatus(models.TextChoices):
    """Where one expected periodic report stands on a given day."""

    ON_TIME = "on_time", _("Submitted on time")
    LATE = "late", _("Submitted late")
    MISSING = "missing", _("Missing")
    PENDING = "pending", _("Not yet due")


class Colour(models.TextChoices):
    """The office's escalation colours (督办等级): blue a reminder, yellow a warning, red overdue."""

    NONE = "none", _("No alert")
    BLUE = "blue", _("Blue: deadline near")
    YELLOW = "yellow", _("Yellow: behind pace or report missing")
    RED = "red", _("Red: overdue")


class AcceptanceRole(models.TextChoices):
    LEAD = "lead", _("Lead department")
    CO = "co", _("Co-responsible department")


class AcceptanceState(models.TextChoices):
    """签收: the lead department accepts or contests; a co-responsible department acknowledges."""

    PENDING = "pending", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    CONTESTED = "contested", _("Contested")
    REASSIGNED = "reassigned", _("Reassigned")


OPEN_ACCEPTANCE_STATES = (AcceptanceState.PENDING, AcceptanceState.CONTESTED)


class ContestReason(models.TextChoices):
    WRONG_OWNER = "wrong_owner", _("Wrong owner")
    UNCLEAR_TARGET = "unclear_target", _("Unclear target")
    OTHER = "other", _("Other")


class ComputationRule(models.TextChoices):
    """How a computed target derives its current value from its commitment's sub-items."""

    COUNT_STAGE = "count_stage", _("Count of sub-items that reached a stage")
    SUM_VALUE = "sum_value", _("Sum of a value the sub-items report")


class ReminderKind(models.TextChoices):
    DIGEST = "digest", _("Reminder digest")
    ESCALATION = "escalation", _("Escalation to the responsible leader")


# The supervision lifecycle (issue 19): extensions (延期), close-out (办结销号), supervision notices (督办单).


class ExtensionState(models.TextChoices):
    PENDING = "pending", _("Awaiting decision")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class CloseoutState(models.TextChoices):
    """Beside the status (what the updates say): whether the office verified and closed the task (销号)."""

    OPEN = "open", _("Not applied for close-out")
    APPLIED = "applied", _("Close-out applied for")
    CLOSED = "closed", _("Verified and closed")


class CloseoutApplicationState(models.TextChoices):
    PENDING = "pending", _("Awaiting verification")
    CLOSED = "closed", _("Verified and closed")
    RETURNED = "returned", _("Sent back")
    REOPENED = "reopened", _("Reopened")


class NoticeState(models.TextChoices):
    ISSUED = "issued", _("Awaiting reply")
    REPLIED = "replied", _("Replied, awaiting review")
    ACCEPTED = "accepted", _("Reply accepted")
    RETURNED = "returned", _("Reply sent back")


OPEN_NOTICE_STATES = (NoticeState.ISSUED, NoticeState.RETURNED)


# Issue 19: sources of tasks, co-departments' contributions, assessment (考核).


class SourceKind(models.TextChoices):
    """Where a set of commitments comes from: the work report, or another source the office tracks the same way."""

    WORK_REPORT = "work_report", _("Government work report")
    LEADER_INSTRUCTION = "leader_instruction", _("Leader's instruction")
    EXECUTIVE_MEETING = "executive_meeting", _("Executive meeting decision")
    LIVELIHOOD_PROJECT = "livelihood_project", _("Livelihood project")
    NPC_SUGGESTION = "npc_suggestion", _("NPC deputies' suggestion")
    CPPCC_PROPOSAL = "cppcc_proposal", _("CPPCC members' proposal")


class ContributionState(models.TextChoices):
    """A co-responsible department's contribution to the lead department's report."""

    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted to the lead department")


class AssessmentMeasure(models.TextChoices):
    """What an item of an assessment scheme counts, per lead department (assessment/measures.py)."""

    REPORTS_ON_TIME = "reports_on_time", _("Reports submitted on time")
    REPORTS_LATE = "reports_late", _("Reports submitted late")
    REPORTS_MISSING = "reports_missing", _("Reports missing")
    COMPLETED_BY_DEADLINE = "completed_by_deadline", _("Tasks completed by the deadline")
    RED_MONTHS = "red_months", _("Months a task ended off track (red)")
    VERIFIED_CLOSEOUTS = "verified_closeouts", _("Verified close-outs")
    APPROVED_EXTENSIONS = "approved_extensions", _("Approved extensions")
    NOTICES_RECEIVED = "notices_received", _("Supervision notices received")
    NOTICE_REPLIES_ON_TIME = "notice_replies_on_time", _("Notice replies on time")


class AssessmentBasis(models.TextChoices):
    """How an item turns its count into points: per occurrence, or its share of the eligible ones."""

    PER_OCCURRENCE = "per_occurrence", _("Points per occurrence")
    SHARE = "share", _("Points × share of the eligible")


class NotificationKind(models.TextChoices):
    """What a person is told about (services/notifications.py says who is told what)."""

    SUBMITTED = "submitted", _("Update submitted for review")
    RETURNED = "returned", _("Update returned")
    APPROVED = "approved", _("Update approved")
    CONTESTED = "contested", _("Task contested")


# Key projects (重点项目台账).


class ProjectCategory(models.TextChoices):
    """项目类别 as the report counts them: overlapping tags (28 在建 + 30 新动工 + 25 新投产 + 25 基础设施 = 108
    for 53 projects), so a project carries any number of them."""

    UNDER_CONSTRUCTION = "under_construction", _("Under construction")
    NEW_START = "new_start", _("New start")
    NEW_OPERATION = "new_operation", _("Entering operation")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure and supporting facilities")


class ProjectStage(models.TextChoices):
    """形象进度: where a project stands, the last stage milestone its approved updates completed (keys of the
    key-project stage template); PRELIMINARY before any."""

    PRELIMINARY = "preliminary", _("Preliminary work")
    LAND = "land", _("Land secured")
    TENDER = "tender", _("Tendered")
    CONSTRUCTION = "construction", _("Construction started")
    STRUCTURE = "structure", _("Main structure finished")
    COMPLETION = "completion", _("Construction completed")
