"""A work report as delivered: the report, its chapters and the headline indicators it reviews."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import display
from .decimals import VALUE_DIGITS


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
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

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
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

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
    # Moves on every save (services/versions.py): an edit names the version it was made from.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

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
        return f"{self.name} {display.quantity(self.value, self.unit)}"

    def natural_key(self) -> tuple:
        return (*self.report.natural_key(), self.name)

    natural_key.dependencies = ["commitments.report"]
