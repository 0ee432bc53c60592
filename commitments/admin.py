"""The supervision office's working UI."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .choices import CLOSED_STATUSES
from .exports import XLSX_CONTENT_TYPE, task_table_xlsx
from .extraction import extract
from .forms import ReportTextForm, TaskTableImportForm
from .models import (
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    ReportedValue,
    Target,
)
from .report_drafts import ChosenCandidate, department_for_suggestion, report_create_from_candidates
from .selectors import task_table_rows
from .task_table_import import TaskTableError, task_table_import


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


class CoResponsibilityInline(admin.TabularInline):
    model = CoResponsibility
    extra = 0
    autocomplete_fields = ["department"]


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0
    fields = ["metric", "unit", "comparator", "baseline_value", "target_value", "current_value", "weight"]


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0
    fields = ["title", "due_date", "completed_on"]


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    extra = 0
    fields = ["as_of", "state", "percent", "narrative", "submitted_by", "reviewed_by"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "contact_email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]


@admin.register(Leader)
class LeaderAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "email"]
    search_fields = ["name", "position"]


class ChapterInline(admin.TabularInline):
    model = Chapter
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["name", "value", "unit", "growth_percent", "note", "position"]


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["title", "government", "year", "delivered_on", "published"]
    list_filter = ["published", "year"]
    search_fields = ["title", "government"]
    inlines = [ChapterInline, IndicatorInline]

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
        rows, chosen = [], []
        for candidate in extraction.candidates:
            row = {"candidate": candidate, "code": candidate.code, "picked": candidate.code in picked}
            if importing:
                row["title"] = data.get(f"title_{candidate.code}", "").strip()
                lead_id = data.get(f"lead_{candidate.code}", "")
                row["lead_id"] = int(lead_id) if lead_id.isdigit() else None
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
        if not importing or any("error" in row for row in rows):
            return TemplateResponse(request, "admin/commitments/report/extract_candidates.html", context)
        try:
            report = report_create_from_candidates(
                government=data["government"],
                year=year,
                title=data["title"],
                text=text,
                extraction=extraction,
                chosen=chosen,
            )
        except ValidationError as exc:
            context["errors"] = exc.messages
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
                    report=report, file=form.cleaned_data["file"], dry_run=form.cleaned_data["dry_run"]
                )
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
class ChapterAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "report"]
    list_filter = ["report"]
    list_select_related = ["report"]
    search_fields = ["title"]


@admin.register(Commitment)
class CommitmentAdmin(SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "chapter_number",
        "lead_department",
        "due_date",
        "status",
        "progress_bar",
        "overdue_flag",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["report", "chapter", DepartmentFilter, "status", "kind", "firmness", OverdueFilter]
    search_fields = ["code", "title", "source_text"]
    list_per_page = 50
    autocomplete_fields = ["lead_department", "parent", "responsible_leader"]
    inlines = [CoResponsibilityInline, TargetInline, MilestoneInline, ProgressUpdateInline]
    readonly_fields = ["status", "progress", "rag", "version", "created_at", "updated_at"]
    actions = ["export_task_table"]
    fieldsets = [
        (None, {"fields": ["report", "chapter", "code", "section", "title", "source_text", "parent"]}),
        (_("Kind and owners"), {"fields": ["kind", "firmness", "lead_department", "responsible_leader"]}),
        (_("Schedule"), {"fields": ["start_date", "due_date"]}),
        (_("Tracking"), {"fields": ["status", "progress", "rag", "version", "created_at", "updated_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("chapter", "lead_department", "report")

    @admin.display(description=_("chapter"), ordering="chapter__number")
    def chapter_number(self, obj: Commitment) -> int:
        return obj.chapter.number

    class Media:
        css = {"all": ["commitments/admin.css"]}

    @admin.display(description=_("progress"), ordering="progress")
    def progress_bar(self, obj: Commitment) -> str:
        return format_html(
            '<div class="tracker-progress" role="progressbar" aria-valuenow="{0}" aria-valuemin="0" '
            'aria-valuemax="100" title="{0}%"><div style="width:{0}%"></div></div><small>{0}%</small>',
            f"{obj.progress.normalize():f}",
        )

    @admin.display(description=_("overdue"))
    def overdue_flag(self, obj: Commitment) -> str:
        if obj.is_overdue():
            return format_html('<span class="tracker-flag tracker-flag--overdue">{}</span>', _("Overdue"))
        return ""

    @admin.action(description=_("Export the selected commitments as the task table (Excel)"))
    def export_task_table(self, request, queryset):
        content = task_table_xlsx(task_table_rows(queryset))
        response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
        filename = f"task-table-{timezone.localdate():%Y%m%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@admin.register(CoResponsibility)
class CoResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["commitment", "department"]
    list_select_related = ["commitment", "department"]
    list_filter = ["department"]
    autocomplete_fields = ["commitment", "department"]
    search_fields = ["commitment__code", "commitment__title", "department__name"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "metric", "comparator", "target_value", "unit", "baseline_value", "current_value"]
    list_select_related = ["commitment"]
    list_filter = ["comparator", "unit", "commitment__report"]
    search_fields = ["metric", "commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]


@admin.register(Milestone)
class MilestoneAdmin(SimpleHistoryAdmin):
    list_display = ["title", "commitment", "due_date", "completed_on"]
    list_select_related = ["commitment"]
    list_filter = ["commitment__report", "due_date"]
    search_fields = ["title", "commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]


class ReportedValueInline(admin.TabularInline):
    model = ReportedValue
    extra = 0
    autocomplete_fields = ["target"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    list_display = ["commitment", "as_of", "state", "percent", "submitted_by", "created_at"]
    list_select_related = ["commitment", "submitted_by"]
    list_filter = ["state", "commitment__report", "as_of"]
    search_fields = ["commitment__code", "commitment__title", "narrative"]
    autocomplete_fields = ["commitment"]
    filter_horizontal = ["milestones_completed"]
    inlines = [ReportedValueInline]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ReportedValue)
class ReportedValueAdmin(SimpleHistoryAdmin):
    list_display = ["update", "target", "value"]
    list_select_related = ["update__commitment", "target"]
    autocomplete_fields = ["update", "target"]
    search_fields = ["target__metric", "update__commitment__code"]


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "unit", "growth_percent", "report"]
    list_select_related = ["report"]
    list_filter = ["report"]
    search_fields = ["name"]
