"""The assessment in the office's admin: the scheme of each year with its items, and the ranking page (as of
a day, with each score's breakdown) with its Excel export. The ranking is assessment/ranking.py's."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ..admin.common import OpenedStateForm
from ..exports import XLSX_CONTENT_TYPE
from ..models import AssessmentItem, AssessmentScheme
from ..permissions import assessment_departments, can_configure_assessment, can_read_assessment
from .export import ranking_xlsx
from .ranking import assessment_ranking


class AssessmentItemInline(admin.TabularInline):
    model = AssessmentItem
    form = OpenedStateForm  # a row saved over a change made since the page was opened is refused
    extra = 0
    fields = ["position", "measure", "basis", "points", "cap", "weight", "opened_state"]


class RankingDayForm(forms.Form):
    as_of = forms.DateField(label=_("as of"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean_as_of(self):
        day = self.cleaned_data.get("as_of")
        if day and day > timezone.localdate():
            raise forms.ValidationError(_("The day cannot be in the future."))
        return day


class AssessmentSchemeAdmin(SimpleHistoryAdmin):
    list_display = ["year", "name", "base_score", "ranking_link"]
    inlines = [AssessmentItemInline]
    form = OpenedStateForm
    fields = ["year", "name", "base_score", "notes", "opened_state"]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_configure_assessment(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_configure_assessment(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_configure_assessment(request.user)

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        for instance in formset.save(commit=False):
            instance._history_user = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance._history_user = request.user
            instance.delete()

    @admin.display(description=_("ranking"))
    def ranking_link(self, scheme: AssessmentScheme) -> str:
        url = reverse("admin:commitments_assessmentscheme_ranking", args=[scheme.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("ranking"))

    def get_urls(self):
        return [
            path(
                "<int:pk>/ranking/",
                self.admin_site.admin_view(self.ranking_view),
                name="commitments_assessmentscheme_ranking",
            ),
            *super().get_urls(),
        ]

    def ranking_view(self, request, pk: int):
        """The ranking as of the chosen day (today by default), or its workbook with `?format=xlsx`."""
        if not can_read_assessment(request.user):
            raise PermissionDenied
        scheme = get_object_or_404(AssessmentScheme, pk=pk)
        form = RankingDayForm(request.GET or None)
        day = form.cleaned_data.get("as_of") if form.is_bound and form.is_valid() else None
        ranking = assessment_ranking(scheme, as_of=day, departments=assessment_departments(request.user))
        if request.GET.get("format") == "xlsx" and not form.errors:
            response = HttpResponse(ranking_xlsx(ranking), content_type=XLSX_CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="assessment-{scheme.year}.xlsx"'
            return response
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Assessment ranking %(year)s") % {"year": scheme.year},
            "scheme": scheme,
            "ranking": ranking,
            "form": form,
        }
        return TemplateResponse(request, "admin/commitments/assessment/ranking.html", context)
