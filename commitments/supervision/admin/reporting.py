"""The reminder log (written by send_reminders only) and the reporting-completeness page."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...models import Commitment, Report
from ...permissions import completeness_departments
from ...selectors import default_as_of
from ..periods import period_of
from ..selectors import reporting_completeness


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


def date_input() -> forms.DateInput:
    """A browser's date picker, filled in the only form it accepts (YYYY-MM-DD, not the locale's 2020/01/01)."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CompletenessFilterForm(forms.Form):
    report = forms.ModelChoiceField(
        label=_("report"), queryset=Report.objects.order_by("-year", "government"), required=False, empty_label=None
    )
    start = forms.DateField(label=_("from"), widget=date_input())
    end = forms.DateField(label=_("to"), widget=date_input())
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
        departments = completeness_departments(request.user)
        reports = Report.objects.filter(commitments__lead_department__in=departments).distinct()
        chosen = request.GET.get("report", "")
        report = (reports.filter(pk=chosen).first() if chosen.isdigit() else None) or reports.order_by(
            "-year", "government"
        ).first()
        # The report's year up to the end of the month of its as-of day (today within the year, else its
        # last day): a past report is not counted against months after it closed.
        as_of = default_as_of(report)
        start, end, by_period = as_of.replace(month=1, day=1), period_of(as_of).end, False
        form = CompletenessFilterForm(request.GET or None, initial={"report": report, "start": start, "end": end})
        form.fields["report"].queryset = reports.order_by("-year", "government")
        if form.is_bound and form.is_valid():
            start, end, by_period = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["by_period"]
            report = form.cleaned_data["report"] or report
        commitments = Commitment.objects.filter(lead_department__in=departments)
        if report is not None:
            commitments = commitments.filter(report=report)
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
            "report": report,
            "by_period": by_period,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/commitments/supervision/completeness.html", context)
