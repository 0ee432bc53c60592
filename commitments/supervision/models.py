"""The supervision workflow's data: acceptance, reporting plans, stage templates, computed targets, reminders.

They belong to the commitments app: commitments/models/__init__.py imports this module after the core
models. Relations to the core models are named as strings ("commitments.Commitment"), resolved by Django's
app registry, so this module imports nothing from commitments.models and the two never import each other.
Every write that carries a rule goes through supervision/services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import (
    AcceptanceRole,
    AcceptanceState,
    Cadence,
    ComputationRule,
    ContestReason,
    ReminderKind,
)


def default_due_day() -> int:
    return settings.SUPERVISION_REPORT_DUE_DAY


def _user_fk(verbose_name) -> models.ForeignKey:
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=verbose_name
    )


class Acceptance(models.Model):
    """One department's 签收 of one commitment: the lead accepts or contests, a co-department acknowledges
    or contests its own co-assignment.

    A contested acceptance waits in the office's queue until the office clarifies (back to pending, the
    department answers again) or reassigns (this row closes as reassigned, the new lead gets a new row).
    The history keeps every step with who and when.
    """

    commitment = models.ForeignKey(
        "commitments.Commitment", models.CASCADE, related_name="acceptances", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        "commitments.Department", models.PROTECT, related_name="acceptances", verbose_name=_("department")
    )
    role = models.CharField(_("role"), max_length=10, choices=AcceptanceRole.choices)
    state = models.CharField(
        _("state"), max_length=20, choices=AcceptanceState.choices, default=AcceptanceState.PENDING
    )
    reason_kind = models.CharField(_("reason"), max_length=20, choices=ContestReason.choices, blank=True)
    reason = models.TextField(_("explanation"), blank=True, help_text=_("Why the department contests the task."))
    office_note = models.TextField(
        _("office's answer"), blank=True, help_text=_("The clarification or the reason for the reassignment.")
    )
    issued_by = _user_fk(_("issued by"))
    issued_at = models.DateTimeField(_("issued at"))
    responded_by = _user_fk(_("answered by"))
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    resolved_by = _user_fk(_("resolved by"))
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment", "role", "department"]
        verbose_name = _("acceptance")
        verbose_name_plural = _("acceptances")
        constraints = [
            # A reassigned row is closed; the department may be assigned the commitment again later.
            models.UniqueConstraint(
                fields=["commitment", "department"],
                condition=~Q(state=AcceptanceState.REASSIGNED),
                name="acceptance_one_open_per_department",
                violation_error_message=_("This department already has this task to accept."),
            ),
            models.CheckConstraint(
                condition=~Q(state=AcceptanceState.CONTESTED) | (~Q(reason_kind="") & ~Q(reason="")),
                name="acceptance_contest_needs_reason",
                violation_error_message=_("A contested task needs a reason and an explanation."),
            ),
            models.CheckConstraint(
                condition=Q(role=AcceptanceRole.LEAD, state__in=["pending", "accepted", "contested", "reassigned"])
                | Q(role=AcceptanceRole.CO, state__in=["pending", "acknowledged", "contested", "reassigned"]),
                name="acceptance_state_fits_role",
                violation_error_message=_(
                    "The lead department accepts or contests; a co-department acknowledges or contests."
                ),
            ),
        ]
        indexes = [models.Index(fields=["state", "department"], name="acceptance_state_department")]

    def __str__(self) -> str:
        return f"{self.commitment.code} · {self.department} · {self.get_state_display()}"


class ContestedAcceptance(Acceptance):
    """The office's queue of contested tasks, as its own admin page."""

    class Meta:
        proxy = True
        verbose_name = _("contested task")
        verbose_name_plural = _("contested tasks (office queue)")


class ReportingPlan(models.Model):
    """How often a commitment reports and by which day; a commitment without one reports monthly by the 25th."""

    commitment = models.OneToOneField(
        "commitments.Commitment", models.CASCADE, related_name="reporting_plan", verbose_name=_("commitment")
    )
    cadence = models.CharField(_("cadence"), max_length=20, choices=Cadence.choices, default=Cadence.MONTHLY)
    due_day = models.PositiveSmallIntegerField(
        _("report due day"),
        default=default_due_day,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
        help_text=_("Day of the period's last month by which the report is due (31 = the month's last day)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["commitment"]
        verbose_name = _("reporting plan")
        verbose_name_plural = _("reporting plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(due_day__gte=1) & Q(due_day__lte=31),
                name="reportingplan_due_day_1_31",
                violation_error_message=_("The report due day is between 1 and 31."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code}: {self.get_cadence_display()}, {self.due_day}"


class StageTemplate(models.Model):
    """An ordered list of stages a kind of project passes, e.g. 建设项目: 立项 → 用地 → 招标 → 开工 → 竣工验收."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("stage template")
        verbose_name_plural = _("stage templates")

    def __str__(self) -> str:
        return self.name


class StageTemplateStep(models.Model):
    template = models.ForeignKey(StageTemplate, models.CASCADE, related_name="steps", verbose_name=_("template"))
    position = models.PositiveSmallIntegerField(_("position"))
    key = models.SlugField(_("key"), max_length=40)
    title = models.CharField(_("title"), max_length=100)
    evidence = models.CharField(_("evidence required"), max_length=200, help_text=_("The document that proves it."))

    class Meta:
        ordering = ["template", "position"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(
                fields=["template", "position"],
                name="stagetemplatestep_unique_position",
                violation_error_message=_("This template already has a stage at this position."),
            ),
            models.UniqueConstraint(
                fields=["template", "key"],
                name="stagetemplatestep_unique_key",
                violation_error_message=_("This template already has a stage with this key."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template.name} · {self.position}. {self.title}"


class StageMilestone(models.Model):
    """Marks a milestone as a template stage; the update that completes it must carry the evidence named here."""

    milestone = models.OneToOneField(
        "commitments.Milestone", models.CASCADE, related_name="stage", verbose_name=_("milestone")
    )
    step = models.ForeignKey(StageTemplateStep, models.PROTECT, related_name="milestones", verbose_name=_("stage"))
    evidence_required = models.CharField(_("evidence required"), max_length=200)

    class Meta:
        ordering = ["milestone__commitment", "step__position"]
        verbose_name = _("stage milestone")
        verbose_name_plural = _("stage milestones")

    def __str__(self) -> str:
        return f"{self.milestone} ({self.evidence_required})"


class TargetComputation(models.Model):
    """Declares a target computed from its commitment's sub-items instead of reported: the number of
    sub-items that reached a stage, or the sum of a target the sub-items report. Never typed twice."""

    target = models.OneToOneField(
        "commitments.Target", models.CASCADE, related_name="computation", verbose_name=_("target")
    )
    rule = models.CharField(_("rule"), max_length=20, choices=ComputationRule.choices)
    stage = models.ForeignKey(
        StageTemplateStep,
        models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("stage reached"),
        help_text=_("For a count: the stage a sub-item must have reached."),
    )
    source_metric = models.CharField(
        _("sub-items' metric"),
        max_length=100,
        blank=True,
        help_text=_("For a sum: the metric of the sub-items' targets to add up."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["target"]
        verbose_name = _("computed target")
        verbose_name_plural = _("computed targets")
        constraints = [
            models.CheckConstraint(
                condition=Q(rule=ComputationRule.COUNT_STAGE, stage__isnull=False, source_metric="")
                | Q(rule=ComputationRule.SUM_VALUE, stage__isnull=True) & ~Q(source_metric=""),
                name="targetcomputation_rule_inputs",
                violation_error_message=_("A count names a stage; a sum names the sub-items' metric."),
            ),
        ]

    def __str__(self) -> str:
        if self.rule == ComputationRule.COUNT_STAGE:
            return f"{self.target.metric} = #({self.stage})"
        return f"{self.target.metric} = Σ {self.source_metric}"


class SentReminder(models.Model):
    """A reminder e-mail that went out: at most one of each kind per department and day (cron may rerun)."""

    department = models.ForeignKey(
        "commitments.Department", models.PROTECT, related_name="sent_reminders", verbose_name=_("department")
    )
    sent_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ReminderKind.choices)
    recipients = models.TextField(_("recipients"))
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("body"))
    items = models.PositiveIntegerField(_("items"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "department", "kind"]
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["department", "sent_on", "kind"],
                name="sentreminder_once_per_department_day_kind",
                violation_error_message=_("This reminder was already sent to the department today."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sent_on:%Y-%m-%d} {self.department} · {self.get_kind_display()}"
