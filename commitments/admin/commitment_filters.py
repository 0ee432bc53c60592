"""The commitment list's own filters: the report and a department (lead or co-responsible) chosen in a search
box, the chosen report's chapters, and overdue."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import SourceKind
from ..models import Chapter, Commitment
from ..selectors import rules
from .lookup_filters import AutocompleteFilter, autocomplete_filter

ReportFilter = autocomplete_filter(
    parameter="report__id__exact", model=Commitment, field="report", path="report_id", title=_("report")
)


class ChapterFilter(admin.SimpleListFilter):
    """The chapters of the chosen report only: every report's chapters were thousands of links."""

    title = _("chapter")
    parameter_name = "chapter__id__exact"

    def lookups(self, request, model_admin):
        report = request.GET.get(ReportFilter.parameter_name, "")
        if not report.isdigit():
            return ()
        chapters = Chapter.objects.filter(report_id=int(report)).order_by("number")
        return [(str(pk), f"{number}. {title}") for pk, number, title in chapters.values_list("pk", "number", "title")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(chapter_id=int(self.value()))
        return queryset


class DepartmentFilter(AutocompleteFilter):
    title = _("department (lead or co-responsible)")
    parameter_name = "department"
    source_model = Commitment
    source_field = "lead_department"

    def queryset(self, request, queryset):
        chosen = self.chosen_id()
        return queryset.for_department(chosen) if chosen is not None else queryset  # the scope, as everywhere


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        overdue = rules.overdue_condition(timezone.localdate())
        if self.value() == "yes":
            return queryset.filter(overdue)
        if self.value() == "no":
            return queryset.exclude(overdue)
        return queryset


class SourceKindFilter(admin.SimpleListFilter):
    """Where the task comes from (the report's source kind): work report, instruction, meeting, suggestion …"""

    title = _("source kind")
    parameter_name = "source_kind"
    path = "report__kind"

    def lookups(self, request, model_admin):
        return SourceKind.choices

    def queryset(self, request, queryset):
        if self.value() in SourceKind.values:
            return queryset.filter(**{self.path: self.value()})
        return queryset


class UpdateSourceKindFilter(SourceKindFilter):
    path = "commitment__report__kind"
