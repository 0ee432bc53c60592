"""The commitment list's own filters: the report and a department (lead or co-responsible) chosen in a search
box, the chosen report's chapters, overdue, a reporter's 我的任务 and the to-do counts' lists."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import SourceKind
from ..models import Chapter, Commitment
from ..permissions import Role, user_department, user_role
from ..selectors import rules
from ..selectors.todo import portfolio_red, report_due_commitments
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


class MyTasksFilter(admin.SimpleListFilter):
    """A reporter's list opens on 我的任务 (their department's commitments, lead or co-responsible); "all
    tasks" shows every commitment they may read. Other roles see no such choice."""

    title = _("tasks")
    parameter_name = "scope"
    MINE, ALL = "mine", "all"

    def __init__(self, request, params, model, model_admin):
        is_reporter = user_role(request.user) == Role.REPORTER
        self.department = user_department(request.user) if is_reporter else None
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        if self.department is None:
            return ()
        return [(self.MINE, _("My tasks")), (self.ALL, _("All tasks"))]

    def value(self):
        chosen = super().value()
        if chosen in (self.MINE, self.ALL):
            return chosen
        return self.MINE if self.department is not None else None

    def choices(self, changelist):
        # No "All" entry of Django's own: "all tasks" is one of the two choices, and mine the default.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def queryset(self, request, queryset):
        if self.department is not None and self.value() == self.MINE:
            return queryset.for_department(self.department)  # the scope, as everywhere
        return queryset


class TodoFilter(admin.SimpleListFilter):
    """The lists a to-do count links to (selectors/todo.py): a department's commitments owing a report, a
    leader's red items."""

    title = _("to do")
    parameter_name = "todo"
    REPORT_DUE, RED = "report_due", "red"

    def lookups(self, request, model_admin):
        role = user_role(request.user)
        if role == Role.REPORTER and user_department(request.user) is not None:
            return [(self.REPORT_DUE, _("Tasks due for a report"))]
        if role == Role.LEADER:
            return [(self.RED, _("Red items in my portfolio"))]
        return ()

    def queryset(self, request, queryset):
        if self.value() == self.REPORT_DUE:
            department = user_department(request.user)
            if department is None:
                return queryset.none()
            return queryset.filter(pk__in=report_due_commitments(department).values("pk"))
        if self.value() == self.RED:
            return queryset.filter(pk__in=portfolio_red(request.user).values("pk"))
        return queryset
