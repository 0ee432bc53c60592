"""The reminder log (written by send_reminders only) and the reporting-completeness page."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ...admin.common import QuickRowsMixin
from ...models import Report
from ...permissions import completeness_commitments, completeness_departments
from ...selectors.standing import default_as_of
from ..periods import period_of
from ..selectors import remembered_completeness


class SentReminderAdmin(QuickRowsMixin, admin.ModelAdmin):
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
    """One report's reporting completeness between two days. One report at a time: the office follows a
    report's tasks, and every report at once is a province's million expected reports (about 24 s at
    100,000 commitments), which no page can count while someone waits."""

    report = forms.ModelChoiceField(label=_("report"), queryset=Report.objects.none(), required=False, empty_label=None)
    start = forms.DateField(
        label=_("from"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    end = forms.DateField(
        label=_("to"), required=False, widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    by_period = forms.BooleanField(label=_("by reporting month"), required=False)

    def __init__(self, data, *, reports):
        super().__init__(data)
        self.fields["report"].queryset = reports

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            raise ValidationError(_("The end cannot be before the start."))
        return data

    def values(self) -> tuple[Report | None, datetime.date, datetime.date, bool]:
        """(report, start, end, by month): the chosen ones, or the defaults for what is missing or invalid —
        the newest report, from the first day of its year to the end of the month of its default day
        (today inside the report's year, else the year's last day)."""
        valid = self.is_valid()
        data = self.cleaned_data if valid else {}
        report = data.get("report") or self.fields["report"].queryset.first()
        day = default_as_of(report)
        start = data.get("start") or day.replace(month=1, day=1)
        end = data.get("end") or period_of(day).end
        return report, start, end, bool(data.get("by_period"))


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
        commitments = completeness_commitments(request.user)
        # Exists, one index probe per report: `pk IN (…)` read every commitment of the departments (0.2 s).
        reports = (
            Report.objects.filter(Exists(commitments.filter(report=OuterRef("pk"))))
            .defer("source_text")
            .order_by("-year", "government")
        )
        data = request.GET.copy()
        form = CompletenessFilterForm(data, reports=reports)
        report, start, end, by_period = form.values()
        for name, value in (("start", start), ("end", end)):
            if not form.cleaned_data.get(name):
                data[name] = value.isoformat()  # the bound form's data: the inputs show the dates in force
        rows = remembered_completeness(
            commitments.filter(report=report), start=start, end=end, on=today, by_period=by_period
        )
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
            "report": report,
            "start": start,
            "end": end,
            "today": today,
            "by_period": by_period,
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/commitments/supervision/completeness.html", context)
