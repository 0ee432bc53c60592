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
