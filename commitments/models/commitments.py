"""A commitment and what defines it: owners (lead and co-responsible departments), targets and milestones."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import display
from ..choices import CloseoutState, CommitmentKind, CommitmentStatus, Comparator, Firmness, Rag
from .commitment_queries import CommitmentManager, code_sort_key
from .decimals import PERCENT_DIGITS, VALUE_DIGITS
from .organisation import Department, Leader
from .reports import Chapter, Report, report_lookup


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
    due_date = models.DateField(
        _("due date"), help_text=_("The deadline in force: after an approved extension, the extended one.")
    )
    # Set once, by services/tracking.py, when the first extension is approved: the deadline as first assigned.
    original_due_date = models.DateField(_("original due date"), null=True, blank=True, editable=False)
    closeout_state = models.CharField(
        _("close-out"), max_length=20, choices=CloseoutState.choices, default=CloseoutState.OPEN, editable=False
    )
    # The day the task was handed out (下达) or signed for (签收); blank: the report's delivery date. The clock
    # (序时进度, RAG) starts on the later of this and the start date (rules.clock_start).
    assigned_on = models.DateField(
        _("assigned on"),
        null=True,
        blank=True,
        help_text=_(
            "The day the task was assigned or accepted (签收); the expected progress and RAG count from it "
            "(or from the start date, if later). Blank: the report's delivery date."
        ),
    )
    note = models.TextField(
        _("note"),
        blank=True,
        default="",  # a default, so rows written outside the ORM (the bench's COPY) get one too
        help_text=_(
            "Figures the report gives as information, not as this year's targets (a design capacity, a "
            "project pool's total investment). Never counted in progress."
        ),
    )
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
        from ..selectors.rules import is_overdue  # the selectors read the models

        return is_overdue(status=self.status, due=self.due_date, on=on or timezone.localdate())

    @property
    def extended(self) -> bool:
        return self.original_due_date is not None and self.original_due_date != self.due_date

    @property
    def deadline_text(self) -> str:
        """The deadline as every page shows it: '2021-03-31', or '原定 2020-12-31，延期至 2021-03-31'."""
        from ..selectors.rules import deadline_text  # the selectors read the models

        return deadline_text(due=self.due_date, original=self.original_due_date)

    @property
    def completion_label(self) -> str:
        """已报完成 / 已申请办结 / 已办结销号 (lifecycle_selectors.completion_label), or empty."""
        from ..supervision.lifecycle_selectors import completion_label  # the selectors read the models

        return completion_label(self)

    def clock_start_day(self) -> datetime.date:
        """The day the commitment's clock starts (rules.clock_start): the `clock_start` annotation when the
        query carried it (with_clock_start), else read from the commitment and its report."""
        annotated = self.__dict__.get("clock_start")
        if annotated is not None:
            return annotated
        from ..selectors.rules import clock_start  # the selectors read the models

        return clock_start(start=self.start_date, assigned=self.assigned_on, delivered=self.report.delivered_on)

    def is_owned_by(self, department_id: int) -> bool:
        """department_commitment_ids for one commitment: led or co-owned by the department."""
        if self.lead_department_id == department_id:
            return True
        return CoResponsibility.objects.filter(commitment=self, department_id=department_id).exists()


class CoResponsibilityManager(models.Manager):
    def get_by_natural_key(self, *key) -> CoResponsibility:
        return self.get(
            commitment__code=key[-2], department__name=key[-1], **report_lookup("commitment__report__", key[:-2])
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
    def get_by_natural_key(self, *key) -> Target:
        return self.get(commitment__code=key[-2], metric=key[-1], **report_lookup("commitment__report__", key[:-2]))


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
    # A share target (80% of villages) may carry its base: the office then reports a count (52 行政村), and the
    # attainment reads it as a share of the base (rules.share_of_base).
    base_quantity = models.DecimalField(
        _("base quantity"),
        null=True,
        blank=True,
        help_text=_(
            "For a share target: the whole it is a share of (64 for 64 行政村). Reported values are then counts, "
            "read as a percentage of this base."
        ),
        **VALUE_DIGITS,
    )
    base_unit = models.CharField(_("base unit"), max_length=20, blank=True, default="", help_text=_("e.g. 行政村"))
    allows_negative = models.BooleanField(
        _("allows negative values"),
        default=False,
        help_text=_("Tick for rates of change (growth in %) that can fall below zero."),
    )

    # Moves on every save (services/versions.py): an API edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
            models.CheckConstraint(
                condition=Q(base_quantity__isnull=True) | Q(base_quantity__gt=0),
                name="target_base_quantity_positive",
                violation_error_message=_("The base quantity must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        signs = {Comparator.AT_LEAST: "≥", Comparator.AT_MOST: "≤", Comparator.EXACTLY: "=", Comparator.ABOUT: "≈"}
        sign = signs.get(self.comparator, "")
        return f"{self.metric} {sign}{display.quantity(self.target_value, self.unit)}"

    @property
    def current_share_of_base(self) -> Decimal | None:
        """The current value (a count) as a percentage of the base, to two places; None without a base or a
        value (rules.share_of_base)."""
        if self.base_quantity is None or self.current_value is None:
            return None
        from ..selectors.rules import round_percent, share_of_base  # the selectors read the models

        return round_percent(share_of_base(self.current_value, self.base_quantity))

    def natural_key(self) -> tuple:
        return (*self.commitment.natural_key(), self.metric)

    natural_key.dependencies = ["commitments.commitment"]


class MilestoneManager(models.Manager):
    def get_by_natural_key(self, *key) -> Milestone:
        return self.get(commitment__code=key[-2], title=key[-1], **report_lookup("commitment__report__", key[:-2]))


class Milestone(models.Model):
    commitment = models.ForeignKey(Commitment, models.CASCADE, related_name="milestones", verbose_name=_("commitment"))
    title = models.CharField(_("title"), max_length=200)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    # Moves on every save (services/versions.py): an API edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
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
