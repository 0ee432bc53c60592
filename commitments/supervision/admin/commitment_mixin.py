"""The supervision office's additions to the commitment admin: the escalation colour, 序时 pace and forecast
beside RAG, a supervision section on the change page, and the actions issue-for-acceptance,
set-reporting-plan and apply-stage-template (each calls supervision/services.py)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from ... import display
from ...choices import Cadence, Colour
from ...models import StageTemplate
from ...permissions import can_plan_reporting
from .. import services
from ..selectors import remembered_figures
from .common import COLOUR_CSS, action_input_page, apply_to_each, colour_badge


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
        apply_to_each(
            modeladmin,
            request,
            queryset,
            lambda c: services.reporting_plan_set(user=request.user, commitment=c, cadence=cadence, due_day=due_day),
            _("Reporting plan set for %(count)d commitments."),
        )
        return None
    return action_input_page(modeladmin, request, queryset, form, _("Set the reporting plan"), "set_reporting_plan")


@admin.action(description=_("Create milestones from a stage template"))
def apply_stage_template(modeladmin, request, queryset):
    form = StageTemplateForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        template = form.cleaned_data["template"]
        apply_to_each(
            modeladmin,
            request,
            queryset,
            lambda c: services.stage_template_apply(user=request.user, commitment=c, template=template),
            _("Stage milestones created for %(count)d commitments."),
        )
        return None
    return action_input_page(modeladmin, request, queryset, form, _("Apply a stage template"), "apply_stage_template")


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
            figures = remembered_figures([row.pk for row in rows])
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
            '<span style="color:{}">{} → {}</span>',
            (
                (
                    COLOUR_CSS[Colour.RED] if item.forecast.shortfall else "inherit",
                    item.target.metric,
                    display.quantity(item.forecast.projected, item.target.unit),
                )
                for item in forecasts
            ),
        )

    @admin.display(description=_("supervision"))
    def supervision_display(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        figures = remembered_figures([obj.pk])[obj.pk]
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
                    "{}：{}；{}：{}；{}：{}",
                    item.target.metric,
                    display.quantity(item.current_value, item.target.unit),
                    _("pace against schedule"),
                    item.pace or "—",
                    _("forecast"),
                    format_html(
                        "{}{}",
                        display.quantity(forecast.projected, item.target.unit),
                        _(" (projected shortfall)") if forecast.shortfall else "",
                    )
                    if forecast
                    else (_("computed from sub-items") if item.computed else _("fewer than three approved values")),
                )
            )
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines))
