"""Reports, chapters, departments, leaders, indicators, and users with their department.

The reference data (reports with their chapters and indicators, departments, leaders) is saved and deleted
through services.reference_save/reference_delete: the office only, after full validation."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import display, services
from ..choices import Comparator, Firmness
from ..extraction import extract
from ..forms import ReportTextForm, TaskTableImportForm
from ..models import (
    Chapter,
    Department,
    Indicator,
    Leader,
    Report,
    StaffProfile,
)
from ..report_drafts import ChosenCandidate, department_for_suggestion, report_create_from_candidates
from ..task_table_import import TaskTableError, task_table_import
from .common import PLAIN_DECIMALS, OpenedVersionForm, error_text, with_opened_version


class ReferenceVersionForm(OpenedVersionForm):
    """A reference row's form (a page's or an inline row's) carrying the version it was opened at: saving
    refuses a page someone else saved meanwhile, and keeps the row locked until the admin's save ends."""

    def clean(self):
        data = super().clean()
        self.check_opened_version(
            data,
            lock=lambda opened: services.reference_lock(instance=self.instance, expected_version=opened),
            out_of_date=gettext("This page is out of date; reload it and edit again."),
            stale_message=lambda opened: (
                gettext("%(row)s was changed by someone else after you opened this page; reload it and edit again.")
                % {"row": self.instance}
            ),
        )
        return data


class ReferenceAdmin(admin.ModelAdmin):
    """A page of reference data whose writes (its inlines' too) go through the reference services; the
    model permission opens the page, the service's PermissionDenied (outside the office) answers 403.
    Every form carries the version it was opened at (ReferenceVersionForm): a stale one saves nothing."""

    form = ReferenceVersionForm

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        return fieldsets if obj is None else with_opened_version(fieldsets)

    def save_model(self, request, obj, form, change):
        services.reference_save(user=request.user, instance=obj)

    def delete_model(self, request, obj):
        services.reference_delete(user=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            services.reference_delete(user=request.user, instance=obj)

    def save_formset(self, request, form, formset, change):
        # The admin's delete pages and inline rows refuse protected rows before this runs.
        for instance in formset.save(commit=False):
            services.reference_save(user=request.user, instance=instance)
        for instance in formset.deleted_objects:
            services.reference_delete(user=request.user, instance=instance)


@admin.register(Department)
class DepartmentAdmin(ReferenceAdmin):
    list_display = ["name", "short_name", "kind", "contact_email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Leader)
class LeaderAdmin(ReferenceAdmin):
    list_display = ["name", "position", "email", "user"]
    search_fields = ["name", "position"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    form = ReferenceVersionForm
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    form = ReferenceVersionForm
    extra = 0
    formfield_overrides = PLAIN_DECIMALS
    fields = ["name", "value", "unit", "growth_percent", "note", "position", "opened_version"]


@admin.register(Report)
class ReportAdmin(ReferenceAdmin):
    list_display = ["title", "kind", "government", "year", "reference_number", "received_on", "published"]
    list_filter = ["kind", "published", "year"]
    search_fields = ["title", "government", "reference_number", "proposer"]
    inlines = [ChapterInline, IndicatorInline]
    fieldsets = [
        (None, {"fields": ["kind", "government", "year", "title", "delivered_on", "source_text", "published"]}),
        (
            _("Source"),
            {
                "fields": ["reference_number", "proposer", "received_on"],
                "description": _(
                    "For a source other than the work report: its number, who raised it and when it was assigned. "
                    "NPC suggestions and CPPCC proposals are due three months after assignment by default."
                ),
            },
        ),
    ]

    def get_urls(self):
        view = self.admin_site.admin_view(self.import_task_table_view)
        extract_view = self.admin_site.admin_view(self.extract_candidates_view)
        return [
            path("<int:pk>/import-task-table/", view, name="commitments_report_import_task_table"),
            path("extract/", extract_view, name="commitments_report_extract_candidates"),
            *super().get_urls(),
        ]

    def extract_candidates_view(self, request):
        """New report from text: extract candidates, let a person review them, import the chosen ones."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST.copy() if request.method == "POST" else None
        if data is not None and data.get("step") == "import":
            data["text"] = data.get("report_text", data.get("text", ""))
        form = ReportTextForm(data, request.FILES or None)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("New report from text"),
            "form": form,
            "errors": [],
        }
        if request.method != "POST" or not form.is_valid():
            return TemplateResponse(request, "admin/commitments/report/extract_candidates.html", context)
        text, year = form.cleaned_data["report_text"], form.cleaned_data["year"]
        extraction = extract(text, year=year)
        departments = list(Department.objects.filter(is_active=True).order_by("name"))
        by_pk = {department.pk: department for department in departments}
        importing = data.get("step") == "import"
        picked = set(data.getlist("pick")) if importing else {c.code for c in extraction.candidates}
        # "Assign all to …": the department given to every chosen row that has none of its own.
        assign_all = data.get("assign_missing_lead", "") if importing else ""
        assign_all_id = int(assign_all) if assign_all.isdigit() and int(assign_all) in by_pk else None
        rows, chosen = [], []
        for candidate in extraction.candidates:
            row = {
                "candidate": candidate,
                "code": candidate.code,
                "picked": candidate.code in picked,
                # Shown in the user's language, not as the extractor's codes ("binding", "at_least").
                "firmness": _choice_label(Firmness, candidate.firmness),
                "targets": [
                    f"{target.metric} {_choice_label(Comparator, target.comparator)} "
                    f"{display.quantity(target.value, target.unit)}"
                    for target in candidate.targets
                ],
            }
            if importing:
                row["title"] = data.get(f"title_{candidate.code}", "").strip()
                lead_id = data.get(f"lead_{candidate.code}", "")
                row["lead_id"] = int(lead_id) if lead_id.isdigit() else None
                if row["lead_id"] is None and row["picked"]:
                    row["lead_id"] = assign_all_id
            else:
                row["title"] = candidate.title
                lead = department_for_suggestion(candidate.suggested_lead, departments)
                row["lead_id"] = lead.pk if lead else None
            if importing and row["picked"]:
                if not row["title"]:
                    row["error"] = _("A title is required.")
                elif row["lead_id"] not in by_pk:
                    row["error"] = _("Choose a lead department.")
                else:
                    chosen.append(ChosenCandidate(candidate, row["title"], by_pk[row["lead_id"]]))
            rows.append(row)
        form = ReportTextForm(initial={**form.cleaned_data, "text": text, "file": None})
        context.update(
            form=form, candidates=rows, departments=departments, warnings=extraction.warnings, report_text=text
        )
        if not rows:
            context["errors"] = extraction.warnings or [_("No candidate commitments were found.")]
            return TemplateResponse(request, "admin/commitments/report/extract_candidates.html", context)
        # Listed at the top with a picker to assign them all: found far down a long table, they made
        # importing look as if it did nothing.
        context["missing_lead"] = [row["code"] for row in rows if row["picked"] and row["lead_id"] not in by_pk]
        context["errors"] = import_refusals(rows) if importing else []
        if not importing or context["errors"]:
            return TemplateResponse(request, "admin/commitments/report/extract_candidates.html", context)
        try:
            report = report_create_from_candidates(
                user=request.user,
                government=data["government"],
                year=year,
                title=data["title"],
                text=text,
                extraction=extraction,
                chosen=chosen,
            )
        except (ValidationError, PermissionDenied) as exc:
            context["errors"] = exc.messages if isinstance(exc, ValidationError) else [error_text(exc)]
            return TemplateResponse(request, "admin/commitments/report/extract_candidates.html", context)
        self.message_user(
            request,
            _("Created the report with %(count)d commitments. It is not published yet.") % {"count": len(chosen)},
            messages.SUCCESS,
        )
        return redirect(reverse("admin:commitments_report_change", args=[report.pk]))

    def import_task_table_view(self, request, pk: int):
        report = get_object_or_404(Report, pk=pk)
        if not self.has_change_permission(request, report):
            raise PermissionDenied
        result = None
        form = TaskTableImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = task_table_import(
                    user=request.user,
                    report=report,
                    file=form.cleaned_data["file"],
                    dry_run=form.cleaned_data["dry_run"],
                )
            except PermissionDenied as exc:
                # The model permission opened the page; the service decides who changes commitments.
                self.message_user(request, error_text(exc), messages.ERROR)
            except TaskTableError as exc:
                form.add_error("file", str(exc))
            else:
                if result.ok and not result.dry_run:
                    self.message_user(
                        request,
                        _("Imported %(rows)d rows: %(created)d created, %(updated)d updated, %(unchanged)d unchanged.")
                        % {
                            "rows": len(result.rows),
                            "created": len(result.created),
                            "updated": len(result.updated),
                            "unchanged": len(result.unchanged),
                        },
                        messages.SUCCESS,
                    )
                    return redirect(f"{reverse('admin:commitments_commitment_changelist')}?report__id__exact={pk}")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "report": report,
            "form": form,
            "result": result,
            "title": _("Import task table"),
        }
        return TemplateResponse(request, "admin/commitments/report/import_task_table.html", context)


@admin.register(Chapter)
class ChapterAdmin(ReferenceAdmin):
    list_display = ["number", "title", "report"]
    list_filter = ["report"]
    list_select_related = ["report"]
    # The commitment page picks its chapter in a search box: the report's title narrows it.
    search_fields = ["title", "report__title"]


class StaffProfileInline(admin.StackedInline):
    model = StaffProfile
    can_delete = True
    extra = 0
    max_num = 1
    autocomplete_fields = ["department"]


User = get_user_model()
if admin.site.is_registered(User):
    admin.site.unregister(User)


@admin.register(User)
class TrackerUserAdmin(UserAdmin):
    """The standard user admin, with the department a user reports for."""

    inlines = [*UserAdmin.inlines, StaffProfileInline]
    list_display = [*UserAdmin.list_display, "department"]
    list_select_related = ["staff_profile__department"]

    @admin.display(description=_("department"), ordering="staff_profile__department__name")
    def department(self, user) -> str:
        profile = getattr(user, "staff_profile", None)
        return profile.department.name if profile else "—"


@admin.register(Indicator)
class IndicatorAdmin(ReferenceAdmin):
    list_display = ["name", "value_display", "growth_display", "report"]
    list_select_related = ["report"]
    list_filter = ["report"]
    search_fields = ["name"]
    formfield_overrides = PLAIN_DECIMALS

    @admin.display(description=_("value"), ordering="value")
    def value_display(self, obj: Indicator) -> str:
        return display.quantity(obj.value, obj.unit)

    @admin.display(description=_("growth (%)"), ordering="growth_percent")
    def growth_display(self, obj: Indicator) -> str:
        return display.percent(obj.growth_percent)


def import_refusals(rows: list[dict]) -> list[str]:
    """Why nothing was imported, each saying what to fix and where (empty when the import may go ahead)."""
    no_lead = [row["code"] for row in rows if row.get("error") and row["title"]]
    no_title = [row["code"] for row in rows if row.get("error") and not row["title"]]
    refusals = []
    if no_lead:
        refusals.append(
            _(
                "Nothing was imported: %(count)d chosen rows have no lead department (%(codes)s). Choose one in "
                "each row, assign them all with “Assign all to” above, or untick them."
            )
            % {"count": len(no_lead), "codes": "、".join(no_lead)}
        )
    if no_title:
        refusals.append(
            _("Nothing was imported: %(count)d chosen rows have no title (%(codes)s). Type a title or untick them.")
            % {"count": len(no_title), "codes": "、".join(no_title)}
        )
    return refusals


def _choice_label(choices, value: str) -> str:
    """The translated label of a choice value; the value itself if it is none of the choices."""
    return str(choices(value).label) if value in choices.values else value
