"""The parts of commitments on pages of their own: co-responsible departments (listed; edited on the
commitment's page), targets and milestones (saved through the services), status decisions (listed)."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import display, services
from ..models import CoResponsibility, Milestone, StatusOverride, Target
from ..permissions import can_manage_commitments, visible_commitments
from .common import PLAIN_DECIMALS, QuickRowsMixin, ReadOnlyAdmin


@admin.register(CoResponsibility)
class CoResponsibilityAdmin(QuickRowsMixin, admin.ModelAdmin):
    """Listed only: the co-responsible departments are part of the commitment (the service checks them
    against its lead and bumps its version), so they are edited on the commitment's page, whose form
    carries the version it was opened at."""

    list_display = ["commitment", "department"]
    list_select_related = ["commitment", "department"]
    list_filter = ["department"]
    search_fields = ["commitment__code", "commitment__title", "department__name"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(commitment__in=visible_commitments(request.user))

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CommitmentPartAdmin(QuickRowsMixin, SimpleHistoryAdmin):
    """Targets and milestones: the office edits them through the services; derived fields are read-only."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(commitment__in=visible_commitments(request.user))

    def get_readonly_fields(self, request, obj=None):
        # A part stays with its commitment: the services re-derive the commitment a part is saved with, so
        # moving it would leave the one it left with stale figures.
        fixed = ["commitment"] if obj is not None else []
        return [*super().get_readonly_fields(request, obj), *fixed]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)


@admin.register(Target)
class TargetAdmin(CommitmentPartAdmin):
    list_display = ["commitment", "metric", "comparator", "target_display", "baseline_display", "current_display"]
    formfield_overrides = PLAIN_DECIMALS
    list_select_related = ["commitment"]
    list_filter = ["comparator", "unit", "commitment__report"]
    search_fields = ["metric", "commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]
    readonly_fields = ["current_display"]

    @admin.display(description=_("target value"), ordering="target_value")
    def target_display(self, obj: Target) -> str:
        return display.quantity(obj.target_value, obj.unit)

    @admin.display(description=_("baseline value"), ordering="baseline_value")
    def baseline_display(self, obj: Target) -> str:
        return display.quantity(obj.baseline_value, obj.unit)

    @admin.display(description=_("current value"), ordering="current_value")
    def current_display(self, obj: Target) -> str:
        return display.quantity(obj.current_value, obj.unit)

    def save_model(self, request, obj, form, change):
        services.target_save(user=request.user, target=obj)

    def delete_model(self, request, obj):
        services.target_delete(user=request.user, target=obj)

    def delete_queryset(self, request, queryset):
        for target in queryset:
            services.target_delete(user=request.user, target=target)


@admin.register(Milestone)
class MilestoneAdmin(CommitmentPartAdmin):
    list_display = ["title", "commitment", "due_date", "completed_on"]
    list_select_related = ["commitment"]
    list_filter = ["commitment__report", "due_date"]
    search_fields = ["title", "commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]
    readonly_fields = ["completed_on"]

    def get_deleted_objects(self, objs, request):
        # The delete page (and the bulk delete action) lists what blocks a deletion and deletes nothing then:
        # a milestone an update marked done is blocked by the service's rule as a protected row would be.
        deleted, counts, perms_needed, protected = super().get_deleted_objects(objs, request)
        for milestone in objs:
            try:
                services.milestone_delete_check(milestone)
            except ValidationError as error:
                protected.append(f"{milestone}: {' '.join(error.messages)}")
        return deleted, counts, perms_needed, protected

    def save_model(self, request, obj, form, change):
        services.milestone_save(user=request.user, milestone=obj)

    def delete_model(self, request, obj):
        services.milestone_delete(user=request.user, milestone=obj)

    def delete_queryset(self, request, queryset):
        for milestone in queryset:
            services.milestone_delete(user=request.user, milestone=milestone)


@admin.register(StatusOverride)
class StatusOverrideAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "status", "effective_on", "reason", "decided_by", "decided_at"]
    list_select_related = ["commitment", "decided_by"]
    list_filter = ["status", "commitment__report"]
    search_fields = ["commitment__code", "commitment__title", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(commitment__in=visible_commitments(request.user))
