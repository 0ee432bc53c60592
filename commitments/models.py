"""The data of a work report and its commitments.

Deleting something that carries history is refused rather than cascaded: a department that owns
commitments, a commitment with progress updates, a target with reported values (PROTECT/RESTRICT).
Every model that fixtures load has a natural key, so loading a fixture again updates rows in place.
"""

from __future__ import annotations

import datetime
import re
import secrets
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .choices import (
    CLOSED_STATUSES,
    CommitmentKind,
    CommitmentStatus,
    Comparator,
    DepartmentKind,
    EvidenceKind,
    Firmness,
    OverrideStatus,
    Rag,
    UpdateState,
)

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}
PERCENT_DIGITS = {"max_digits": 5, "decimal_places": 2}


def code_sort_key(code: str) -> str:
    """'2.10.1' sorts after '2.9.3': each numeric part is zero-padded."""
    return ".".join(part.zfill(4) if part.isdigit() else part for part in re.split(r"[.\-]", code))


class DepartmentManager(models.Manager):
    def get_by_natural_key(self, name: str) -> Department:
        return self.get(name=name)


class Department(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=50, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=DepartmentKind.choices, default=DepartmentKind.BUREAU)
    contact_email = models.EmailField(_("contact email"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = DepartmentManager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.name,)


class StaffProfile(models.Model):
    """Links a login to the department it works for; reporters write updates for that department's commitments."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="staff_profile", verbose_name=_("user")
    )
    department = models.ForeignKey(Department, models.PROTECT, related_name="staff", verbose_name=_("department"))

    class Meta:
        ordering = ["department__name", "user__username"]
        verbose_name = _("department membership")
        verbose_name_plural = _("department memberships")

    def __str__(self) -> str:
        return f"{self.user} — {self.department}"


class Leader(models.Model):
    """A district leader who answers for commitments (区领导联系重点项目机制)."""

    name = models.CharField(_("name"), max_length=50)
    position = models.CharField(_("position"), max_length=100, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("responsible leader")
        verbose_name_plural = _("responsible leaders")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "position"],
                name="leader_unique_name_position",
                violation_error_message=_("A leader with this name and position already exists."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.position}）" if self.position else self.name


class ReportManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int) -> Report:
        return self.get(government=government, year=year)


class Report(models.Model):
    government = models.CharField(_("government"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    source_text = models.TextField(_("source text"), blank=True, help_text=_("The whole text of the report."))
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ReportManager()

    class Meta:
        ordering = ["-year", "government"]
        verbose_name = _("work report")
        verbose_name_plural = _("work reports")
        constraints = [
            models.UniqueConstraint(
                fields=["government", "year"],
                name="report_unique_government_year",
                violation_error_message=_("This government already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2100),
                name="report_year_range",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple[str, int]:
        return (self.government, self.year)


class ChapterManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, number: int) -> Chapter:
        return self.get(report__government=government, report__year=year, number=number)


class Chapter(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="chapters", verbose_name=_("report"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    objects = ChapterManager()

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"],
                name="chapter_unique_number_per_report",
                violation_error_message=_("This report already has a chapter with this number."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def natural_key(self) -> tuple:
        return (*self.report.natural_key(), self.number)

    natural_key.dependencies = ["commitments.report"]


class CommitmentQuerySet(models.QuerySet):
    def open(self) -> CommitmentQuerySet:
        return self.exclude(status__in=CLOSED_STATUSES)

    def overdue(self, on: datetime.date | None = None) -> CommitmentQuerySet:
        """Past their due date and neither completed nor cancelled."""
        return self.open().filter(due_date__lt=on or timezone.localdate())

    def for_department(self, department: Department | int) -> CommitmentQuerySet:
        """Led or co-owned by the department: the union of two index lookups, as a subquery (an OR of the
        two conditions scans the whole table; a join on co_departments needs DISTINCT)."""
        led = Commitment.objects.filter(lead_department=department).order_by().values("pk")
        co_owned = CoResponsibility.objects.filter(department=department).order_by().values("commitment_id")
        return self.filter(pk__in=led.union(co_owned))

    def published(self) -> CommitmentQuerySet:
        return self.filter(report__published=True)


class CommitmentManager(models.Manager.from_queryset(CommitmentQuerySet)):
    def get_by_natural_key(self, government: str, year: int, code: str) -> Commitment:
        return self.get(report__government=government, report__year=year, code=code)


class Commitment(models.Model):
    report = models.ForeignKey(Report, models.CASCADE, related_name="commitments", verbose_name=_("report"))
    chapter = models.ForeignKey(Chapter, models.RESTRICT, related_name="commitments", verbose_name=_("chapter"))
    code = models.CharField(_("code"), max_length=20, help_text=_("Unique within the report, e.g. 2.3.1."))
    sort_key = models.CharField(max_length=60, editable=False, db_index=True, default="")
    section = models.CharField(_("section"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=200)
    source_text = models.TextField(_("source text"), help_text=_("The verbatim sentence(s) of the report."))
    kind = models.CharField(_("kind"), max_length=20, choices=CommitmentKind.choices)
    firmness = models.CharField(_("firmness"), max_length=20, choices=Firmness.choices, blank=True)
    lead_department = models.ForeignKey(
        Department, models.PROTECT, related_name="led_commitments", verbose_name=_("lead department")
    )
    co_departments = models.ManyToManyField(
        Department,
        through="CoResponsibility",
        related_name="co_commitments",
        blank=True,
        verbose_name=_("co-responsible departments"),
    )
    responsible_leader = models.ForeignKey(
        Leader,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="commitments",
        verbose_name=_("responsible leader"),
    )
    start_date = models.DateField(_("start date"))
    due_date = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.NOT_STARTED
    )
    progress = models.DecimalField(_("progress (%)"), default=0, **PERCENT_DIGITS)
    rag = models.CharField(_("RAG"), max_length=20, choices=Rag.choices, blank=True)
    parent = models.ForeignKey(
        "self",
        models.RESTRICT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent commitment"),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["sort_key"], m2m_fields=[])
    objects = CommitmentManager()

    class Meta:
        ordering = ["report", "sort_key"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "code"],
                name="commitment_unique_code_per_report",
                violation_error_message=_("This report already has a commitment with this code."),
            ),
            models.CheckConstraint(
                condition=Q(progress__gte=0) & Q(progress__lte=100),
                name="commitment_progress_0_100",
                violation_error_message=_("Progress must be between 0 and 100."),
            ),
            models.CheckConstraint(
                condition=Q(due_date__gte=models.F("start_date")),
                name="commitment_due_not_before_start",
                violation_error_message=_("The due date cannot be before the start date."),
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="commitment_status_due"),
            # The lists' order: a page of 50 walks this index instead of sorting every matching row.
            models.Index(fields=["report", "sort_key", "id"], name="commitment_report_order"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs) -> None:
        self.sort_key = code_sort_key(self.code)
        super().save(*args, **kwargs)

    def natural_key(self) -> tuple:
        return (*self.report.natural_key(), self.code)

    natural_key.dependencies = ["commitments.report", "commitments.chapter", "commitments.department"]

    def clean(self) -> None:
        errors = {}
        if self.chapter_id and self.report_id and self.chapter.report_id != self.report_id:
            errors["chapter"] = _("The chapter belongs to another report.")
        if self.parent_id:
            if self.parent_id == self.pk:
                errors["parent"] = _("A commitment cannot be its own parent.")
            elif self.report_id and self.parent.report_id != self.report_id:
                errors["parent"] = _("The parent commitment belongs to another report.")
            elif self.pk and self._parent_chain_contains_self():
                errors["parent"] = _("This parent would make a cycle.")
        if errors:
            raise ValidationError(errors)

    def _parent_chain_contains_self(self) -> bool:
        seen, node = set(), self.parent
        while node is not None and node.pk not in seen:
            if node.pk == self.pk:
                return True
            seen.add(node.pk)
            node = node.parent
        return False

    def is_overdue(self, on: datetime.date | None = None) -> bool:
        return self.status not in CLOSED_STATUSES and self.due_date < (on or timezone.localdate())


class CoResponsibilityManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, code: str, department: str) -> CoResponsibility:
        return self.get(
            commitment__report__government=government,
            commitment__report__year=year,
            commitment__code=code,
            department__name=department,
        )


class CoResponsibility(models.Model):
    """A co-responsible (配合) department. PROTECT keeps a department with duties from being deleted."""

    commitment = models.ForeignKey(
        Commitment, models.CASCADE, related_name="co_responsibilities", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="co_responsibilities", verbose_name=_("department")
    )

    objects = CoResponsibilityManager()

    class Meta:
        ordering = ["commitment", "department"]
        verbose_name = _("co-responsible department")
        verbose_name_plural = _("co-responsible departments")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "department"],
                name="coresponsibility_unique",
                violation_error_message=_("This department is already co-responsible for the commitment."),
            )
        ]

    def __str__(self) -> str:
        return str(self.department)

    def natural_key(self) -> tuple:
        return (*self.commitment.natural_key(), self.department.name)

    natural_key.dependencies = ["commitments.commitment", "commitments.department"]


class TargetManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, code: str, metric: str) -> Target:
        return self.get(
            commitment__report__government=government,
            commitment__report__year=year,
            commitment__code=code,
            metric=metric,
        )


class Target(models.Model):
    commitment = models.ForeignKey(Commitment, models.CASCADE, related_name="targets", verbose_name=_("commitment"))
    metric = models.CharField(_("metric"), max_length=100)
    unit = models.CharField(_("unit"), max_length=20, help_text=_("As the report writes it: 个, 亿元, %, 公里 …"))
    comparator = models.CharField(
        _("comparator"), max_length=20, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    baseline_value = models.DecimalField(_("baseline value"), null=True, blank=True, **VALUE_DIGITS)
    target_value = models.DecimalField(_("target value"), **VALUE_DIGITS)
    current_value = models.DecimalField(_("current value"), null=True, blank=True, **VALUE_DIGITS)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    allows_negative = models.BooleanField(
        _("allows negative values"),
        default=False,
        help_text=_("Tick for rates of change (growth in %) that can fall below zero."),
    )

    history = HistoricalRecords()
    objects = TargetManager()

    class Meta:
        ordering = ["commitment", "id"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "metric"],
                name="target_unique_metric_per_commitment",
                violation_error_message=_("This commitment already has a target with this metric."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="target_weight_positive",
                violation_error_message=_("The weight must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        signs = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.EXACTLY: "=", Comparator.ABOUT: "≈"}
        sign = signs.get(self.comparator, "")
        return f"{self.metric} {sign}{self.target_value.normalize():f}{self.unit}"

    def natural_key(self) -> tuple:
        return (*self.commitment.natural_key(), self.metric)

    natural_key.dependencies = ["commitments.commitment"]


class MilestoneManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, code: str, title: str) -> Milestone:
        return self.get(
            commitment__report__government=government,
            commitment__report__year=year,
            commitment__code=code,
            title=title,
        )


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, models.CASCADE, related_name="milestones", verbose_name=_("commitment"))
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    history = HistoricalRecords()
    objects = MilestoneManager()

    class Meta:
        ordering = ["commitment", "due_date", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "title"],
                name="milestone_unique_title_per_commitment",
                violation_error_message=_("This commitment already has a milestone with this title."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple:
        return (*self.commitment.natural_key(), self.title)

    natural_key.dependencies = ["commitments.commitment"]


class ProgressUpdate(models.Model):
    """What a department reports about a commitment as of a date. Only approved updates count."""

    commitment = models.ForeignKey(Commitment, models.PROTECT, related_name="updates", verbose_name=_("commitment"))
    as_of = models.DateField(_("as of"))
    narrative = models.TextField(_("narrative"), blank=True)
    percent = models.DecimalField(
        _("percent complete"),
        null=True,
        blank=True,
        help_text=_("For ongoing items: the share of the work done."),
        **PERCENT_DIGITS,
    )
    state = models.CharField(_("state"), max_length=20, choices=UpdateState.choices, default=UpdateState.DRAFT)
    milestones_completed = models.ManyToManyField(
        Milestone, blank=True, related_name="completed_by_updates", verbose_name=_("milestones completed")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[milestones_completed])

    class Meta:
        ordering = ["commitment", "-as_of", "-id"]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")
        constraints = [
            models.CheckConstraint(
                condition=Q(percent__isnull=True) | (Q(percent__gte=0) & Q(percent__lte=100)),
                name="update_percent_0_100",
                violation_error_message=_("The percent must be between 0 and 100."),
            ),
        ]
        indexes = [
            models.Index(fields=["commitment", "state", "as_of"], name="update_commitment_state_asof"),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code} @ {self.as_of:%Y-%m-%d} ({self.get_state_display()})"


class ReportedValue(models.Model):
    """A value an update reports for one of its commitment's targets."""

    update = models.ForeignKey(ProgressUpdate, models.CASCADE, related_name="values", verbose_name=_("progress update"))
    target = models.ForeignKey(Target, models.PROTECT, related_name="reported_values", verbose_name=_("target"))
    value = models.DecimalField(_("value"), **VALUE_DIGITS)

    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "target"]
        verbose_name = _("reported value")
        verbose_name_plural = _("reported values")
        constraints = [
            models.UniqueConstraint(
                fields=["update", "target"],
                name="reportedvalue_unique_target_per_update",
                violation_error_message=_("This update already reports a value for this target."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target.metric}: {self.value.normalize():f}{self.target.unit}"

    def clean(self) -> None:
        if self.update_id and self.target_id and self.target.commitment_id != self.update.commitment_id:
            raise ValidationError({"target": _("This target belongs to another commitment.")})


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """An unguessable name under MEDIA_ROOT/evidence/; the name the user gave is kept in original_name."""
    suffix = PurePath(filename).suffix.lower()
    return f"evidence/{timezone.now():%Y/%m}/{secrets.token_urlsafe(24)}{suffix}"


class Evidence(models.Model):
    """A link or an uploaded file that backs an update. Files are served only by the evidence view."""

    update = models.ForeignKey(
        ProgressUpdate, models.CASCADE, related_name="evidence", verbose_name=_("progress update")
    )
    title = models.CharField(_("title"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255, blank=True)
    original_name = models.CharField(_("original file name"), max_length=255, blank=True, editable=False)
    content_type = models.CharField(_("content type"), max_length=100, blank=True, editable=False)
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["update", "id"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        constraints = [
            models.CheckConstraint(
                condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file="")),
                name="evidence_link_or_file",
                violation_error_message=_("Evidence is either a link or a file, not both and not neither."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def kind(self) -> str:
        return EvidenceKind.FILE if self.file else EvidenceKind.LINK


class StatusOverride(models.Model):
    """A supervisor's decision on a commitment's status, in force from effective_on until the next decision."""

    commitment = models.ForeignKey(
        Commitment, models.PROTECT, related_name="status_overrides", verbose_name=_("commitment")
    )
    status = models.CharField(_("decision"), max_length=20, choices=OverrideStatus.choices)
    reason = models.TextField(_("reason"))
    effective_on = models.DateField(_("effective on"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        ordering = ["commitment", "-effective_on", "-decided_at", "-id"]
        verbose_name = _("status decision")
        verbose_name_plural = _("status decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(reason=""),
                name="statusoverride_reason_required",
                violation_error_message=_("A status decision needs a reason."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code}: {self.get_status_display()} ({self.effective_on:%Y-%m-%d})"


class ProgressSnapshot(models.Model):
    """Where a commitment stood (progress and status, as the engine evaluates them) from effective_on until
    its next snapshot. Progress and status change only on the dates of its history (an approved update's
    as_of, a decision's effective_on, the same in its children), so these rows answer "as of any date" with
    one index lookup; RAG, which moves with the calendar, is derived from them in SQL. Written by
    services.tracking whenever the stored fields are synced, never edited by hand."""

    # No index of its own: the unique constraint's index starts with it.
    commitment = models.ForeignKey(
        Commitment, models.CASCADE, related_name="snapshots", db_index=False, verbose_name=_("commitment")
    )
    effective_on = models.DateField(_("effective on"))
    # The next snapshot's effective_on (empty for the latest): "as of a date" is then one row per commitment
    # matched by a range, which PostgreSQL answers for every commitment at once with a hash join instead of
    # 100,000 index probes.
    effective_until = models.DateField(_("effective until"), null=True, blank=True)
    progress = models.DecimalField(_("progress (%)"), **PERCENT_DIGITS)
    status = models.CharField(_("status"), max_length=20, choices=CommitmentStatus.choices)

    class Meta:
        ordering = ["commitment", "effective_on"]
        verbose_name = _("progress snapshot")
        verbose_name_plural = _("progress snapshots")
        constraints = [
            # Its index (commitment_id, effective_on) serves "the latest snapshot on or before a date".
            models.UniqueConstraint(
                fields=["commitment", "effective_on"],
                name="progresssnapshot_unique_day",
                violation_error_message=_("This commitment already has a snapshot for this date."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment_id} @ {self.effective_on:%Y-%m-%d}: {self.progress}% {self.status}"


# Stands for an empty open_due (a group's row of counters) in the tally's unique index, where NULLs would
# never conflict and the trigger's upserts would add rows instead of updating them.
NOT_DUE_KEY = datetime.date(9999, 12, 31)


class SummaryTally(models.Model):
    """Running counts of the commitments per chapter and per lead department: what the all-reports summary
    reads instead of aggregating every commitment. A group has one row of counters (open_due empty), read as
    it is, and one row per due date of its open commitments, counting them in n, from which the overdue
    count follows for any day. PostgreSQL only: a trigger on the commitments table (migration 0013) keeps
    it as every writing transaction commits, whoever writes; the app never writes it. On SQLite it
    stays empty and the summary reads the commitments.

    No foreign keys: rows follow the commitments (the trigger), not a chapter's or department's deletion."""

    grouping = models.CharField(max_length=10)  # "chapter" or "department"
    group_id = models.BigIntegerField()
    # Empty on the group's row of counters; else the due date of the open (not completed or cancelled)
    # commitments this row counts in n, its only counter. Overdue today: the n of the rows due before today.
    open_due = models.DateField(null=True)
    n = models.IntegerField(default=0)
    s_not_started = models.IntegerField(default=0)
    s_in_progress = models.IntegerField(default=0)
    s_completed = models.IntegerField(default=0)
    s_cancelled = models.IntegerField(default=0)
    r_green = models.IntegerField(default=0)
    r_amber = models.IntegerField(default=0)
    r_red = models.IntegerField(default=0)
    r_completed = models.IntegerField(default=0)
    r_not_due = models.IntegerField(default=0)
    r_cancelled = models.IntegerField(default=0)
    r_blank = models.IntegerField(default=0)
    # Not cancelled: the commitments the mean progress is over, and the sum of their progress.
    active = models.IntegerField(default=0)
    progress_sum = models.DecimalField(max_digits=14, decimal_places=2, default=0)

    class Meta:
        constraints = [
            # The trigger's INSERT … ON CONFLICT names this index's columns and expression.
            models.UniqueConstraint(
                models.F("grouping"),
                models.F("group_id"),
                Coalesce(models.F("open_due"), models.Value(NOT_DUE_KEY)),
                name="summarytally_unique_group",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grouping} {self.group_id}, due {self.open_due}: {self.n}"


class IndicatorManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, name: str) -> Indicator:
        return self.get(report__government=government, report__year=year, name=name)


class Indicator(models.Model):
    """A headline figure of the report's review of last year, kept as a baseline."""

    report = models.ForeignKey(Report, models.CASCADE, related_name="indicators", verbose_name=_("report"))
    name = models.CharField(_("name"), max_length=100)
    value = models.DecimalField(_("value"), **VALUE_DIGITS)
    unit = models.CharField(_("unit"), max_length=20)
    growth_percent = models.DecimalField(_("growth (%)"), max_digits=8, decimal_places=2, null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    objects = IndicatorManager()

    class Meta:
        ordering = ["report", "position", "name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "name"],
                name="indicator_unique_name_per_report",
                violation_error_message=_("This report already has an indicator with this name."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.value.normalize():f}{self.unit}"

    def natural_key(self) -> tuple:
        return (*self.report.natural_key(), self.name)

    natural_key.dependencies = ["commitments.report"]


# The supervision workflow's models live in their own module and belong to this app.
from .supervision.models import (  # noqa: E402, F401
    Acceptance,
    ContestedAcceptance,
    ReportingCompleteness,
    ReportingPlan,
    SentReminder,
    StageMilestone,
    StageTemplate,
    StageTemplateStep,
    TargetComputation,
)
