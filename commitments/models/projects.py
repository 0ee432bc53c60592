"""The key-project ledger (重点项目台账): one row per project of a commitment such as "推动53个重点项目建设".

Each project is tracked as its own sub-item of that commitment (`commitment`, created by
services/projects.py): its owner department and following leader are that sub-item's lead department and
responsible leader, its annual planned investment is the target of its completed investment
(`investment_target`), and its 形象进度 the stage milestones its approved updates completed. So a project
reports through the same update, review, history and permissions as every commitment, and nothing the
ledger shows is kept twice (docs/key_projects.md).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ProjectCategory
from .commitments import Commitment, Target
from .decimals import VALUE_DIGITS

# The metric of each project's own target: its completed investment this year, cumulative, in 亿元; the
# target value is the project's annual planned investment (年度计划投资).
INVESTMENT_METRIC = "完成投资"
INVESTMENT_UNIT = "亿元"


class KeyProjectQuerySet(models.QuerySet):
    def formal(self) -> KeyProjectQuerySet:
        return self.filter(is_reserve=False)

    def reserves(self) -> KeyProjectQuerySet:
        return self.filter(is_reserve=True)

    def with_ledger_columns(self) -> KeyProjectQuerySet:
        """The relations every list shows, in the same query (a fixed number of queries for any length)."""
        return self.select_related(
            "ledger__report",
            "commitment__lead_department",
            "commitment__responsible_leader",
            "investment_target",
        ).prefetch_related("categories")


class KeyProject(models.Model):
    ledger = models.ForeignKey(
        Commitment,
        models.PROTECT,
        related_name="key_projects",
        verbose_name=_("ledger commitment"),
        help_text=_("The commitment the project rolls into, e.g. 推动53个重点项目建设."),
    )
    commitment = models.OneToOneField(
        Commitment,
        models.PROTECT,
        related_name="key_project",
        verbose_name=_("tracked as"),
        help_text=_("The project's own sub-item, through which it reports."),
    )
    investment_target = models.OneToOneField(
        Target,
        models.PROTECT,
        related_name="key_project",
        verbose_name=_("investment target"),
        help_text=_("Completed investment this year against the annual plan (亿元)."),
    )
    sequence = models.PositiveIntegerField(_("sequence number"))
    name = models.CharField(_("project name"), max_length=200)
    content = models.TextField(_("construction content"), blank=True)
    total_investment = models.DecimalField(_("total investment (100 million yuan)"), **VALUE_DIGITS)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_completion = models.DateField(_("planned completion"), null=True, blank=True)
    is_reserve = models.BooleanField(_("reserve project"), default=False)
    promoted_on = models.DateField(_("promoted to formal on"), null=True, blank=True)
    is_example = models.BooleanField(
        _("example"), default=False, help_text=_("Illustrative data for the demo (示例), not the report's.")
    )
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()
    objects = KeyProjectQuerySet.as_manager()

    class Meta:
        ordering = ["ledger", "sequence"]
        verbose_name = _("key project")
        verbose_name_plural = _("key projects")
        constraints = [
            models.UniqueConstraint(
                fields=["ledger", "sequence"],
                name="keyproject_unique_sequence",
                violation_error_message=_("This ledger already has a project with this sequence number."),
            ),
            models.UniqueConstraint(
                fields=["ledger", "name"],
                name="keyproject_unique_name",
                violation_error_message=_("This ledger already has a project with this name."),
            ),
            models.CheckConstraint(
                condition=Q(total_investment__gte=0),
                name="keyproject_total_investment_not_negative",
                violation_error_message=_("The total investment cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_completion__isnull=True)
                | Q(planned_completion__gte=models.F("planned_start")),
                name="keyproject_completion_not_before_start",
                violation_error_message=_("The planned completion cannot be before the planned start."),
            ),
            models.CheckConstraint(
                condition=Q(promoted_on__isnull=True) | Q(is_reserve=False),
                name="keyproject_promoted_is_formal",
                violation_error_message=_("A project promoted to formal is no longer a reserve."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sequence}. {self.name}"

    @property
    def department(self):
        return self.commitment.lead_department

    @property
    def leader(self):
        return self.commitment.responsible_leader

    @property
    def planned_investment(self):
        return self.investment_target.target_value

    @property
    def completed_investment(self):
        """Today's completed investment (the stored current value, which the tracking service keeps)."""
        return self.investment_target.current_value


class KeyProjectCategory(models.Model):
    """One 项目类别 tag of a project; a project has as many as the report gives it."""

    project = models.ForeignKey(KeyProject, models.CASCADE, related_name="categories", verbose_name=_("key project"))
    category = models.CharField(_("category"), max_length=30, choices=ProjectCategory.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["project", "category"]
        verbose_name = _("project category")
        verbose_name_plural = _("project categories")
        constraints = [
            models.UniqueConstraint(
                fields=["project", "category"],
                name="keyprojectcategory_unique",
                violation_error_message=_("The project already has this category."),
            )
        ]

    def __str__(self) -> str:
        return self.get_category_display()
