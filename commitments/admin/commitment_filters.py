"""The commitment list's own filters: a department as lead or co-responsible, and overdue."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..choices import CLOSED_STATUSES
from ..models import Department


class DepartmentFilter(admin.SimpleListFilter):
    title = _("department (lead or co-responsible)")
    parameter_name = "department"

    def lookups(self, request, model_admin):
        return [(str(dept.pk), dept.name) for dept in Department.objects.order_by("name")]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            return queryset.filter(
                Q(lead_department_id=self.value()) | Q(co_responsibilities__department_id=self.value())
            ).distinct()
        return queryset


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "yes":
            return queryset.overdue(today)
        if self.value() == "no":
            return queryset.filter(Q(status__in=CLOSED_STATUSES) | Q(due_date__gte=today))
        return queryset
