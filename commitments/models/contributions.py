"""What a co-responsible department contributes to the lead department's report: the same four parts as an
update (进展情况 / 存在问题 / 下步计划 / 需协调事项), for one reporting period. The lead department reads the
contributions when it writes its update and consolidates them into it (services/contributions.py); the
office receives one update per commitment and period."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ContributionState
from .commitments import Commitment
from .organisation import Department
from .updates import ProgressUpdate


class Contribution(models.Model):
    commitment = models.ForeignKey(
        Commitment, models.PROTECT, related_name="contributions", verbose_name=_("commitment")
    )
    department = models.ForeignKey(
        Department, models.PROTECT, related_name="contributions", verbose_name=_("department")
    )
    as_of = models.DateField(_("as of"))
    # The reporting period of as_of by the commitment's cadence ("2020-03", "2020-Q1"), set by the service:
    # one contribution per department and period, and the lead's update of that period reads it.
    period = models.CharField(_("reporting period"), max_length=10, editable=False)
    narrative = models.TextField(_("narrative"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    coordination_needed = models.TextField(_("matters needing coordination"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=ContributionState.choices, default=ContributionState.DRAFT
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("author")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    consolidated_into = models.ForeignKey(
        ProgressUpdate,
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("consolidated into"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = HistoricalRecords()

    REPORT_PARTS = ProgressUpdate.REPORT_PARTS

    class Meta:
        ordering = ["commitment", "-period", "department"]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        constraints = [
            models.UniqueConstraint(
                fields=["commitment", "department", "period"],
                name="contribution_one_per_department_period",
                violation_error_message=_("This department already contributed to this period's report."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.commitment.code} · {self.department} · {self.period}"


class CoordinationMatter(ProgressUpdate):
    """The office's and leaders' list of matters needing coordination (需协调事项), as its own admin page: the
    updates selectors/contributions.py: coordination_matters picks."""

    class Meta:
        proxy = True
        verbose_name = _("matter needing coordination")
        verbose_name_plural = _("matters needing coordination")
