"""Acceptance (签收) and the contested queue: every step is an action that calls a service."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ...admin.common import EstimatedCountPaginator, QuickRowsMixin
from ...admin.lookup_filters import AutocompleteFilterMixin, autocomplete_filter
from ...choices import AcceptanceState, ContestReason
from ...models import Acceptance, Commitment, Department
from ...permissions import visible_acceptances
from .. import services
from .common import action_input_page, apply_to_each


class ContestForm(forms.Form):
    reason_kind = forms.ChoiceField(label=_("reason"), choices=ContestReason.choices)
    reason = forms.CharField(label=_("explanation"), widget=forms.Textarea(attrs={"rows": 3}))


class ClarifyForm(forms.Form):
    note = forms.CharField(label=_("office's answer"), widget=forms.Textarea(attrs={"rows": 3}))


class ReassignForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("new department"),
        queryset=Department.objects.all(),
        required=False,
        help_text=_(
            "A contested lead task: the department that leads instead. A contested co-assignment: the department "
            "co-responsible instead, or none to release the contesting department."
        ),
    )
    note = forms.CharField(label=_("office's answer"), widget=forms.Textarea(attrs={"rows": 3}))
    keep_previous_as_co = forms.BooleanField(label=_("keep the previous lead as co-responsible"), required=False)


# Departments and reports are chosen in a search box: listing all of them was 1,800 links at a province's
# scale.
DepartmentFilter = autocomplete_filter(
    parameter="department__id__exact", model=Acceptance, field="department", path="department_id", title=_("department")
)
ReportFilter = autocomplete_filter(
    parameter="commitment__report__id__exact",
    model=Commitment,
    field="report",
    path="commitment__report_id",
    title=_("report"),
)


class AcceptanceAdmin(QuickRowsMixin, AutocompleteFilterMixin, SimpleHistoryAdmin):
    list_display = [
        "commitment",
        "department",
        "role",
        "state",
        "reason_kind",
        "issued_at",
        "responded_by",
        "responded_at",
        "resolved_by",
        "resolved_at",
    ]
    # Issued when: a date filter, not date_hierarchy, whose year links took a scan of every acceptance
    # (DISTINCT over the issue dates) on each page.
    list_filter = ["state", "role", "reason_kind", DepartmentFilter, ReportFilter, "issued_at"]
    list_select_related = ["commitment", "department", "responded_by", "resolved_by"]
    search_fields = ["commitment__code", "commitment__title", "department__name", "reason"]
    list_per_page = 50
    # By commitment as the model orders, by its id: the model's order by commitment went on through the
    # commitment's and the report's orders, a join and a sort of every acceptance for each page.
    ordering = ["commitment_id", "role", "department_id", "id"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    actions = ["accept", "acknowledge", "contest", "clarify", "reassign"]
    readonly_fields = [field.name for field in Acceptance._meta.fields]

    def has_add_permission(self, request):
        return False  # acceptances are issued from the commitment list

    def has_change_permission(self, request, obj=None):
        # Viewable, never edited as a form: every step is an action that goes through a service.
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return visible_acceptances(request.user, super().get_queryset(request))

    @admin.action(description=_("Accept the selected tasks"))
    def accept(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda a: services.acceptance_accept(user=request.user, acceptance=a),
            _("%(count)d tasks accepted."),
        )

    @admin.action(description=_("Acknowledge the selected tasks (co-responsible)"))
    def acknowledge(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda a: services.acceptance_acknowledge(user=request.user, acceptance=a),
            _("%(count)d tasks acknowledged."),
        )

    @admin.action(description=_("Contest the selected tasks, with a reason"))
    def contest(self, request, queryset):
        form = ContestForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            apply_to_each(
                self,
                request,
                queryset,
                lambda a: services.acceptance_contest(
                    user=request.user, acceptance=a, reason_kind=data["reason_kind"], reason=data["reason"]
                ),
                _("%(count)d tasks contested."),
            )
            return None
        return action_input_page(self, request, queryset, form, _("Contest tasks"), "contest")

    @admin.action(description=_("Clarify the selected contested tasks (the department answers again)"))
    def clarify(self, request, queryset):
        form = ClarifyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            apply_to_each(
                self,
                request,
                queryset,
                lambda a: services.acceptance_clarify(user=request.user, acceptance=a, note=note),
                _("%(count)d tasks clarified."),
            )
            return None
        return action_input_page(self, request, queryset, form, _("Clarify contested tasks"), "clarify")

    @admin.action(description=_("Reassign the selected contested tasks to another department"))
    def reassign(self, request, queryset):
        form = ReassignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            apply_to_each(
                self,
                request,
                queryset,
                lambda a: services.acceptance_reassign(
                    user=request.user,
                    acceptance=a,
                    department=data["department"],
                    note=data["note"],
                    keep_previous_as_co=data["keep_previous_as_co"],
                ),
                _("%(count)d tasks reassigned."),
            )
            return None
        return action_input_page(self, request, queryset, form, _("Reassign contested tasks"), "reassign")


class ContestedAcceptanceAdmin(AcceptanceAdmin):
    """The office's queue: contested tasks only, oldest answer first."""

    list_display = ["commitment", "department", "role", "reason_kind", "reason", "responded_by", "responded_at"]
    list_filter = ["reason_kind", DepartmentFilter, ReportFilter]
    actions = ["clarify", "reassign"]
    ordering = ["responded_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=AcceptanceState.CONTESTED)
