"""The assessment scheme (考核方案) the office configures for a year: items, each a measure with its points,
basis, cap and weight. Relations to the core models are named as strings, so this module imports nothing
from commitments.models (which imports it last, as it does supervision/models.py)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import AssessmentBasis, AssessmentMeasure


class AssessmentScheme(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    base_score = models.DecimalField(
        _("base score"),
        max_digits=8,
        decimal_places=2,
        default=0,
        help_text=_("Every department starts from this score (e.g. 100 when items only deduct)."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2100),
                name="assessmentscheme_year_range",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.name}"


class AssessmentItem(models.Model):
    """One line of a scheme: what it counts (measure), how the count becomes points (basis × points), the
    most it may give or take (cap, on the absolute value) and its weight in the total."""

    scheme = models.ForeignKey(AssessmentScheme, models.CASCADE, related_name="items", verbose_name=_("scheme"))
    measure = models.CharField(_("measure"), max_length=30, choices=AssessmentMeasure.choices)
    basis = models.CharField(
        _("basis"), max_length=20, choices=AssessmentBasis.choices, default=AssessmentBasis.PER_OCCURRENCE
    )
    points = models.DecimalField(
        _("points"),
        max_digits=8,
        decimal_places=2,
        help_text=_("Per occurrence, or for a share of 100%; negative for a deduction (a red month: −2)."),
    )
    cap = models.DecimalField(
        _("cap"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The most this item gives or deducts, before the weight; empty for no cap."),
    )
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=1)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    history = HistoricalRecords()

    class Meta:
        ordering = ["scheme", "position", "id"]
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "measure"],
                name="assessmentitem_one_per_measure",
                violation_error_message=_("This scheme already has an item for this measure."),
            ),
            models.CheckConstraint(
                condition=Q(cap__isnull=True) | Q(cap__gt=0),
                name="assessmentitem_cap_positive",
                violation_error_message=_("The cap must be greater than zero."),
            ),
            models.CheckConstraint(
                condition=Q(weight__gt=0),
                name="assessmentitem_weight_positive",
                violation_error_message=_("The weight must be greater than zero."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} ({self.points.normalize():f})"
