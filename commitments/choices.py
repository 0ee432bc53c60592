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
