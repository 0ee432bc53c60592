"""The parts of a commitment shown on its page: co-responsible departments, targets, milestones (the office
edits them; CommitmentAdmin saves them through the services), progress updates and status decisions (read
only: updates have their own page, decisions their action)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models import CoResponsibility, Milestone, ProgressUpdate, StatusOverride, Target
from ..permissions import can_manage_commitments, visible_updates
from .commitment_forms import CoResponsibilityFormSet, MilestoneFormSet, OpenedRowsFormSet


class ManagedInline(admin.TabularInline):
    """Parts of a commitment only the supervision office changes."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)


class CoResponsibilityInline(ManagedInline):
    model = CoResponsibility
    formset = CoResponsibilityFormSet
    autocomplete_fields = ["department"]


class TargetInline(ManagedInline):
    model = Target
    formset = OpenedRowsFormSet
    fields = [
        "metric",
        "unit",
        "comparator",
        "baseline_value",
        "target_value",
        "current_value",
        "weight",
        "allows_negative",
    ]
    # Derived from the approved updates, never typed in.
    readonly_fields = ["current_value"]


class MilestoneInline(ManagedInline):
    model = Milestone
    formset = MilestoneFormSet
    fields = ["title", "due_date", "completed_on"]
    readonly_fields = ["completed_on"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["as_of", "state", "percent", "narrative", "submitted_by", "reviewed_by"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        # The commitment too: each row's change link names the update by its commitment.
        return visible_updates(request.user, super().get_queryset(request)).select_related(
            "commitment", "submitted_by", "reviewed_by"
        )


class StatusOverrideInline(admin.TabularInline):
    model = StatusOverride
    extra = 0
    fields = ["effective_on", "status", "reason", "decided_by", "decided_at"]
    readonly_fields = fields
    can_delete = False
    verbose_name_plural = _("status decisions (use the “Decide status” action)")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False
