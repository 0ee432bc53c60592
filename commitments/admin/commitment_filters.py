"""The commitment list's own filters: a department as lead or co-responsible, and overdue."""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Department
from ..selectors import rules


class DepartmentFilter(admin.SimpleListFilter):
    title = _("department (lead or co-responsible)")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(str(dept.pk), dept.name) for dept in Department.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.for_department(int(self.value()))  # the department scope, as everywhere
        return queryset


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
