"""The supervision workflow in the office's admin: acceptance and the contested queue, reporting plans,
stage templates, computed targets, the completeness page, the reminder log, and pace/forecast/colour
beside RAG on the commitment list. Every write calls supervision/services.py, which checks permissions.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..choices import AcceptanceState, Cadence, Colour, ContestReason
from ..models import (
    Acceptance,
    Commitment,
    ContestedAcceptance,
    Department,
    ReportingCompleteness,
    ReportingPlan,
    SentReminder,
    StageTemplate,
    StageTemplateStep,
    TargetComputation,
)
from ..permissions import can_plan_reporting, completeness_departments, visible_acceptances
from . import services
from .periods import period_of
from .selectors import reporting_completeness, supervision_figures

COLOUR_CSS = {
    Colour.RED: "#dc2626",
    Colour.YELLOW: "#ca8a04",
    Colour.BLUE: "#2563eb",
    Colour.NONE: "#9ca3af",
}


def _errors(error: ValidationError) -> str:
    return "；".join(error.messages)


def _run(modeladmin, request, queryset, call, success) -> None:
    """Applies a service to each selected row; reports successes and every refusal by row."""
    done = 0
    for obj in queryset:
        try:
            call(obj)
        except PermissionDenied as error:
            modeladmin.message_user(request, f"{obj}: {error}", messages.ERROR)
        except ValidationError as error:
            modeladmin.message_user(request, f"{obj}: {_errors(error)}", messages.ERROR)
        else:
            done += 1
    if done:
        modeladmin.message_user(request, success % {"count": done}, messages.SUCCESS)


def _intermediate(modeladmin, request, queryset, form, title: str, action: str):
    """The confirmation page of an action that needs input (the engine's template); posting it runs the
    action again with "apply" set."""
    context = {
        **modeladmin.admin_site.each_context(request),
        "opts": modeladmin.model._meta,
        "title": title,
        "button": _("Confirm"),
        "form": form,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/commitments/action_confirmation.html", context)


# Commitments: actions and figures -----------------------------------------------------------------------


class ReportingPlanForm(forms.Form):
    cadence = forms.ChoiceField(label=_("cadence"), choices=Cadence.choices)
    due_day = forms.IntegerField(label=_("report due day"), min_value=1, max_value=31, initial=25)


class StageTemplateForm(forms.Form):
    template = forms.ModelChoiceField(label=_("stage template"), queryset=StageTemplate.objects.all())


@admin.action(description=_("Issue the selected commitments to their departments for acceptance"))
def issue_for_acceptance(modeladmin, request, queryset):
    try:
        opened = services.acceptances_issue(user=request.user, commitments=queryset)
    except PermissionDenied as error:
        modeladmin.message_user(request, str(error), messages.ERROR)
        return None
    modeladmin.message_user(request, _("%(count)d acceptances opened.") % {"count": len(opened)}, messages.SUCCESS)
    return None


@admin.action(description=_("Set the reporting cadence and due day of the selected commitments"))
def set_reporting_plan(modeladmin, request, queryset):
    form = ReportingPlanForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        cadence, due_day = form.cleaned_data["cadence"], form.cleaned_data["due_day"]
        _run(
            modeladmin,
            request,
            queryset,
            lambda c: services.reporting_plan_set(user=request.user, commitment=c, cadence=cadence, due_day=due_day),
            _("Reporting plan set for %(count)d commitments."),
        )
        return None
    return _intermediate(modeladmin, request, queryset, form, _("Set the reporting plan"), "set_reporting_plan")


@admin.action(description=_("Create milestones from a stage template"))
def apply_stage_template(modeladmin, request, queryset):
    form = StageTemplateForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        template = form.cleaned_data["template"]
        _run(
            modeladmin,
            request,
            queryset,
            lambda c: services.stage_template_apply(user=request.user, commitment=c, template=template),
            _("Stage milestones created for %(count)d commitments."),
        )
        return None
    return _intermediate(modeladmin, request, queryset, form, _("Apply a stage template"), "apply_stage_template")


def colour_badge(colour: str) -> str:
    return format_html(
        '<span style="color:#fff;background:{};border-radius:3px;padding:1px 6px">{}</span>',
        COLOUR_CSS.get(colour, COLOUR_CSS[Colour.NONE]),
        Colour(colour).label,
    )


class SupervisionCommitmentMixin:
    """Adds to the commitment admin: the escalation colour, 序时 pace and forecast beside RAG (the list's
    figures computed once per page in a fixed number of queries), a supervision section on the change page,
    and the actions issue-for-acceptance, set-reporting-plan and apply-stage-template."""

    supervision_columns = ("colour_display", "pace_display", "forecast_display")
    supervision_actions = (issue_for_acceptance, set_reporting_plan, apply_stage_template)

    def get_list_display(self, request):
        columns = list(super().get_list_display(request))
        after = next((name for name in ("rag_badge", "progress_bar", "status") if name in columns), None)
        position = columns.index(after) + 1 if after else len(columns)
        return [*columns[:position], *self.supervision_columns, *columns[position:]]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if can_plan_reporting(request.user):  # the office's actions; the services check again
            for function in self.supervision_actions:
                name = function.__name__
                actions[name] = (function, name, function.short_description)
        return actions

    def get_changelist_instance(self, request):
        changelist = super().get_changelist_instance(request)
        rows = list(changelist.result_list)
        if rows:
            figures = supervision_figures(Commitment.objects.filter(pk__in=[row.pk for row in rows]))
            for row in rows:
                row._supervision = figures.get(row.pk)
        return changelist

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is not None:
            fieldsets.append((_("Supervision"), {"fields": ["supervision_display"]}))
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "supervision_display"]

    @staticmethod
    def _figures(obj):
        return getattr(obj, "_supervision", None)

    @admin.display(description=_("alert"))
    def colour_display(self, obj):
        figures = self._figures(obj)
        return colour_badge(figures.colour) if figures else "—"

    @admin.display(description=_("pace against schedule"))
    def pace_display(self, obj):
        figures = self._figures(obj)
        if not figures:
            return "—"
        return format_html(
            '<span title="{}" style="color:{}">{}</span>',
            _("achieved / elapsed share of the period"),
            COLOUR_CSS[Colour.YELLOW] if figures.pace.behind else "inherit",
            str(figures.pace),
        )

    @admin.display(description=_("forecast"))
    def forecast_display(self, obj):
        figures = self._figures(obj)
        forecasts = [item for item in (figures.targets if figures else []) if item.forecast]
        if not forecasts:
            return "—"
        return format_html_join(
            mark_safe("<br>"),
            '<span style="color:{}">{} → {}{}</span>',
            (
                (
                    COLOUR_CSS[Colour.RED] if item.forecast.shortfall else "inherit",
                    item.target.metric,
                    item.forecast,
                    item.target.unit,
                )
                for item in forecasts
            ),
        )

    @admin.display(description=_("supervision"))
    def supervision_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        figures = supervision_figures(Commitment.objects.filter(pk=obj.pk))[obj.pk]
        lines = [
            format_html("{}：{}", _("alert"), colour_badge(figures.colour)),
            format_html("{}：{}", _("pace against schedule"), figures.pace),
            format_html("{}：{}", _("reports missing"), figures.missing_reports),
        ]
        if figures.red_days:
            lines.append(format_html("{}：{}", _("days red"), figures.red_days))
        for item in figures.targets:
            forecast = item.forecast
            lines.append(
                format_html(
                    "{}：{} {}；{}：{}；{}：{}",
                    item.target.metric,
                    item.current_value if item.current_value is not None else "—",
                    item.target.unit,
                    _("pace against schedule"),
                    item.pace or "—",
                    _("forecast"),
                    format_html(
                        "{}{}{}",
                        forecast,
                        item.target.unit,
                        _(" (projected shortfall)") if forecast.shortfall else "",
                    )
                    if forecast
                    else (_("computed from sub-items") if item.computed else _("fewer than three approved values")),
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))


# Acceptance ---------------------------------------------------------------------------------------------


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


class AcceptanceAdmin(SimpleHistoryAdmin):
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
    list_filter = ["state", "role", "reason_kind", "department", "commitment__report"]
    list_select_related = ["commitment", "department", "responded_by", "resolved_by"]
    search_fields = ["commitment__code", "commitment__title", "department__name", "reason"]
    date_hierarchy = "issued_at"
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
        _run(
            self,
            request,
            queryset,
            lambda a: services.acceptance_accept(user=request.user, acceptance=a),
            _("%(count)d tasks accepted."),
        )

    @admin.action(description=_("Acknowledge the selected tasks (co-responsible)"))
    def acknowledge(self, request, queryset):
        _run(
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
            _run(
                self,
                request,
                queryset,
                lambda a: services.acceptance_contest(
                    user=request.user, acceptance=a, reason_kind=data["reason_kind"], reason=data["reason"]
                ),
                _("%(count)d tasks contested."),
            )
            return None
        return _intermediate(self, request, queryset, form, _("Contest tasks"), "contest")

    @admin.action(description=_("Clarify the selected contested tasks (the department answers again)"))
    def clarify(self, request, queryset):
        form = ClarifyForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            note = form.cleaned_data["note"]
            _run(
                self,
                request,
                queryset,
                lambda a: services.acceptance_clarify(user=request.user, acceptance=a, note=note),
                _("%(count)d tasks clarified."),
            )
            return None
        return _intermediate(self, request, queryset, form, _("Clarify contested tasks"), "clarify")

    @admin.action(description=_("Reassign the selected contested tasks to another department"))
    def reassign(self, request, queryset):
        form = ReassignForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            data = form.cleaned_data
            _run(
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
        return _intermediate(self, request, queryset, form, _("Reassign contested tasks"), "reassign")


class ContestedAcceptanceAdmin(AcceptanceAdmin):
    """The office's queue: contested tasks only, oldest answer first."""

    list_display = ["commitment", "department", "role", "reason_kind", "reason", "responded_by", "responded_at"]
    list_filter = ["reason_kind", "department", "commitment__report"]
    actions = ["clarify", "reassign"]
    ordering = ["responded_at", "pk"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(state=AcceptanceState.CONTESTED)


# Reporting plans, stage templates, computed targets -----------------------------------------------------


class ServiceSavedAdmin(admin.ModelAdmin):
    """A plain model page whose saves go through a service; the form has validated the fields already,
    and the service's PermissionDenied answers 403."""

    def save_model(self, request, obj, form, change):
        self.save_through_service(request, obj)


class ReportingPlanAdmin(ServiceSavedAdmin):
    list_display = ["commitment", "cadence", "due_day"]
    list_filter = ["cadence", "due_day", "commitment__report"]
    list_select_related = ["commitment"]
    search_fields = ["commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]

    def save_through_service(self, request, obj):
        services.reporting_plan_set(
            user=request.user, commitment=obj.commitment, cadence=obj.cadence, due_day=obj.due_day
        )


class StageTemplateStepInline(admin.TabularInline):
    model = StageTemplateStep
    extra = 0
    fields = ["position", "key", "title", "evidence"]


class StageTemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "stages"]
    search_fields = ["name"]
    inlines = [StageTemplateStepInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("steps")

    @admin.display(description=_("stages"))
    def stages(self, obj: StageTemplate) -> str:
        return " → ".join(step.title for step in obj.steps.all())


class TargetComputationAdmin(ServiceSavedAdmin):
    list_display = ["target", "rule", "stage", "source_metric"]
    list_filter = ["rule"]
    list_select_related = ["target__commitment", "stage__template"]
    search_fields = ["target__metric", "target__commitment__code"]
    autocomplete_fields = ["target"]

    def save_through_service(self, request, obj):
        services.target_computation_set(
            user=request.user, target=obj.target, rule=obj.rule, stage=obj.stage, source_metric=obj.source_metric
        )

    def delete_model(self, request, obj):
        services.target_computation_clear(user=request.user, target=obj.target)

    def delete_queryset(self, request, queryset):
        for obj in queryset.select_related("target"):
            services.target_computation_clear(user=request.user, target=obj.target)


# Reminder log and completeness --------------------------------------------------------------------------


class SentReminderAdmin(admin.ModelAdmin):
    list_display = ["sent_on", "department", "kind", "items", "recipients", "sent_at"]
    list_filter = ["kind", "sent_on", "department"]
    list_select_related = ["department"]
    search_fields = ["department__name", "recipients", "subject"]
    date_hierarchy = "sent_on"
    readonly_fields = ["department", "sent_on", "kind", "recipients", "subject", "body", "items", "sent_at"]

    def has_add_permission(self, request):
        return False  # written by send_reminders only

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)


class CompletenessFilterForm(forms.Form):
    start = forms.DateField(label=_("from"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("to"), widget=forms.DateInput(attrs={"type": "date"}))
    by_period = forms.BooleanField(label=_("by reporting month"), required=False)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The end cannot be before the start."))
        return data


class ReportingCompletenessAdmin(admin.ModelAdmin):
    """Reports expected, submitted, approved, missing and late per department (and month), like a changelist."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return completeness_departments(request.user).exists()

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        this_month = period_of(today)
        form = CompletenessFilterForm(
            request.GET or None, initial={"start": today.replace(month=1, day=1), "end": this_month.end}
        )
        start, end, by_period = today.replace(month=1, day=1), this_month.end, False
        if form.is_bound and form.is_valid():
            start, end, by_period = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by_period"]
        commitments = Commitment.objects.filter(lead_department__in=completeness_departments(request.user))
        rows = reporting_completeness(commitments, start=start, end=end, on=today, by_period=by_period)
        totals = {
            name: sum(getattr(row, name) for row in rows)
            for name in ("expected", "submitted", "on_time", "late", "missing", "pending", "approved")
        }
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Reporting completeness"),
            "form": form,
            "rows": rows,
            "totals": totals,
            "start": start,
            "end": end,
            "today": today,
            "by_period": by_period,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/commitments/supervision/completeness.html", context)


def register(site: admin.AdminSite) -> None:
    site.register(Acceptance, AcceptanceAdmin)
    site.register(ContestedAcceptance, ContestedAcceptanceAdmin)
    site.register(ReportingPlan, ReportingPlanAdmin)
    site.register(StageTemplate, StageTemplateAdmin)
    site.register(TargetComputation, TargetComputationAdmin)
    site.register(SentReminder, SentReminderAdmin)
    site.register(ReportingCompleteness, ReportingCompletenessAdmin)


__all__ = ["SupervisionCommitmentMixin", "register"]
