"""A work report as delivered, or another source of tasks (领导批示, 常务会议, 民生实事, 建议提案): the source, its
chapters and the headline indicators it reviews.

A work report is known by its government and year; another source by its government, year, kind and title.
The natural keys follow (two parts for a work report, four otherwise), and the keys of the rows under a
report start with its key (`report_lookup` reads it back), so fixtures written before sources existed load
unchanged."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .. import display
from ..choices import SourceKind
from .decimals import VALUE_DIGITS


def report_lookup(prefix: str, key: tuple | list) -> dict:
    """The filter that finds a report by its natural key, for a query through `prefix` ("report__", …)."""
    government, year, *rest = key
    kind = rest[0] if rest else SourceKind.WORK_REPORT
    title = rest[1] if len(rest) > 1 else None
    lookup = {f"{prefix}government": government, f"{prefix}year": year, f"{prefix}kind": kind}
    if title is not None:
        lookup[f"{prefix}title"] = title
    return lookup


class ReportManager(models.Manager):
    def get_by_natural_key(self, government: str, year: int, kind: str | None = None, title: str | None = None):
        return self.get(**report_lookup("", [government, year, *([kind, title] if kind else [])]))


class Report(models.Model):
    government = models.CharField(_("government"), max_length=100)
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    delivered_on = models.DateField(_("delivered on"), null=True, blank=True)
    source_text = models.TextField(_("source text"), blank=True, help_text=_("The whole text of the report."))
    published = models.BooleanField(_("published"), default=False)
    notice_prefix = models.CharField(
        _("notice number prefix"),
        max_length=20,
        blank=True,
        help_text=_("The prefix of the supervision notices' numbers, e.g. 江督; blank: the office's default."),
    )
    kind = models.CharField(
        _("source kind"), max_length=30, choices=SourceKind.choices, default=SourceKind.WORK_REPORT, db_index=True
    )
    reference_number = models.CharField(
        _("reference number"),
        max_length=100,
        blank=True,
        help_text=_("The document number: 文号 of an instruction, 建议/提案 number, meeting session."),
    )
    proposer = models.CharField(
        _("proposer"),
        max_length=200,
        blank=True,
        help_text=_("Who raised it: the instructing leader, the deputies or members who proposed it."),
    )
    received_on = models.DateField(
        _("assigned on"),
        null=True,
        blank=True,
        help_text=_("The day the office received and assigned it; a reply period runs from here."),
    )
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
                condition=Q(kind=SourceKind.WORK_REPORT),
                name="report_unique_government_year",
                violation_error_message=_("This government already has a report for this year."),
            ),
            models.UniqueConstraint(
                fields=["government", "year", "kind", "title"],
                name="report_unique_source_title",
                violation_error_message=_("This government already has a source of this kind with this title."),
            ),
            models.CheckConstraint(
                condition=Q(year__gte=1949) & Q(year__lte=2100),
                name="report_year_range",
                violation_error_message=_("The year must be between 1949 and 2100."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def natural_key(self) -> tuple:
        if self.kind == SourceKind.WORK_REPORT:
            return (self.government, self.year)
        return (self.government, self.year, self.kind, self.title)

    @property
    def is_work_report(self) -> bool:
        return self.kind == SourceKind.WORK_REPORT


class ChapterManager(models.Manager):
    def get_by_natural_key(self, *key) -> Chapter:
        return self.get(number=key[-1], **report_lookup("report__", key[:-1]))


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
    def get_by_natural_key(self, *key) -> Indicator:
        return self.get(name=key[-1], **report_lookup("report__", key[:-1]))


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
