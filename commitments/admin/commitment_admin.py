"""The commitment pages: the list, filters, inlines, targets, milestones and status decisions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import services
from ..choices import CLOSED_STATUSES
from ..exports import XLSX_CONTENT_TYPE, task_table_xlsx
from ..forms import StatusDecisionForm
from ..models import (
    Commitment,
    CoResponsibility,
    Department,
    Milestone,
    ProgressUpdate,
    StatusOverride,
    Target,
)
from ..permissions import (
    can_manage_commitments,
    can_read_commitment,
    visible_commitments,
    visible_updates,
)
from ..selectors import expected_progress, task_table_rows
from ..supervision.admin import SupervisionCommitmentMixin
from .common import ReadOnlyAdmin, adopt, confirmation_page, error_text, rag_badge_html


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


class ManagedInline(admin.TabularInline):
    """Parts of a commitment only the supervision office changes."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)


class TargetInline(ManagedInline):
    model = Target
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
        return visible_updates(request.user, super().get_queryset(request)).select_related(
            "submitted_by", "reviewed_by"
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


@admin.register(Commitment)
class CommitmentAdmin(SupervisionCommitmentMixin, SimpleHistoryAdmin):
    list_display = [
        "code",
        "title",
        "chapter_number",
        "lead_department",
        "due_date",
        "status",
        "progress_bar",
        "rag_badge",
        "overdue_flag",
    ]
    list_display_links = ["code", "title"]
    list_filter = ["report", "chapter", DepartmentFilter, "status", "rag", "kind", "firmness", OverdueFilter]
    search_fields = ["code", "title", "source_text"]
    list_per_page = 50
    autocomplete_fields = ["lead_department", "parent", "responsible_leader"]
    inlines = [CoResponsibilityInline, TargetInline, MilestoneInline, ProgressUpdateInline, StatusOverrideInline]
    readonly_fields = [
        "rag_badge",
        "status",
        "progress_vs_expected",
        "version",
        "history_link",
        "created_at",
        "updated_at",
    ]
    actions = ["export_task_table", "decide_status"]
    fieldsets = [
        (None, {"fields": ["report", "chapter", "code", "section", "title", "source_text", "parent"]}),
        (_("Kind and owners"), {"fields": ["kind", "firmness", "lead_department", "responsible_leader"]}),
        (_("Schedule"), {"fields": ["start_date", "due_date"]}),
        (
            _("Tracking"),
            {
                "fields": [
                    "rag_badge",
                    "status",
                    "progress_vs_expected",
                    "version",
                    "history_link",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("chapter", "lead_department", "report")
        return visible_commitments(request.user, queryset)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or can_read_commitment(request.user, obj))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_manage_commitments(request.user):
            actions.pop("decide_status", None)
        return actions

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

    @admin.display(description=_("RAG"), ordering="rag")
    def rag_badge(self, obj: Commitment) -> str:
        return rag_badge_html(obj.rag, obj.get_rag_display())

    @admin.display(description=_("progress: actual vs expected"))
    def progress_vs_expected(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "—"
        expected = expected_progress(obj.start_date, obj.due_date, timezone.localdate())
        return format_html(
            '{}<div class="tracker-progress tracker-progress--expected" title="{}%"><div style="width:{}%"></div>'
            "</div><small>{}</small>",
            self.progress_bar(obj),
            f"{expected.normalize():f}",
            f"{expected.normalize():f}",
            gettext("actual %(actual)s%% · expected by today %(expected)s%%")
            % {"actual": f"{obj.progress.normalize():f}", "expected": f"{expected.normalize():f}"},
        )

    @admin.display(description=_("change history"))
    def history_link(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:commitments_commitment_history", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Every change, with who and when"))

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

    @admin.action(description=_("Decide status (completed by decision, cancelled, or clear the decision)"))
    def decide_status(self, request, queryset):
        form = StatusDecisionForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            done = 0
            for commitment in queryset:
                try:
                    services.commitment_override_status(
                        user=request.user,
                        commitment=commitment,
                        status=form.cleaned_data["status"],
                        reason=form.cleaned_data["reason"],
                        effective_on=form.cleaned_data["effective_on"],
                    )
                    done += 1
                except (PermissionDenied, ValidationError) as error:
                    self.message_user(request, f"{commitment.code}: {error_text(error)}", messages.ERROR)
            if done:
                self.message_user(
                    request, gettext("Status decided for %(count)d commitment(s).") % {"count": done}, messages.SUCCESS
                )
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            form,
            action="decide_status",
            title=gettext("Decide the status of these commitments"),
            button=gettext("Record the decision"),
        )

    # Writes go through the services -------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        fields = [name for name in form.fields if name in services.COMMITMENT_FIELDS]
        if change:
            data = {name: form.cleaned_data[name] for name in form.changed_data if name in fields}
            saved = services.commitment_update(user=request.user, commitment=obj, data=data)
        else:
            data = {name: form.cleaned_data[name] for name in fields}
            saved = services.commitment_create(user=request.user, data=data)
        adopt(obj, saved)

    def delete_model(self, request, obj):
        services.commitment_delete(user=request.user, commitment=obj)

    def delete_queryset(self, request, queryset):
        for commitment in queryset:
            services.commitment_delete(user=request.user, commitment=commitment)

    def save_formset(self, request, form, formset, change):
        writers = {
            Target: (services.target_save, services.target_delete, "target"),
            Milestone: (services.milestone_save, services.milestone_delete, "milestone"),
        }
        if formset.model not in writers:
            return super().save_formset(request, form, formset, change)
        save, delete, keyword = writers[formset.model]
        for instance in formset.save(commit=False):
            save(user=request.user, **{keyword: instance})
        for instance in formset.deleted_objects:
            try:
                delete(user=request.user, **{keyword: instance})
            except ValidationError as error:
                self.message_user(request, f"{instance}: {error_text(error)}", messages.ERROR)
        return None


@admin.register(CoResponsibility)
class CoResponsibilityAdmin(admin.ModelAdmin):
    list_display = ["commitment", "department"]
    list_select_related = ["commitment", "department"]
    list_filter = ["department"]
    autocomplete_fields = ["commitment", "department"]
    search_fields = ["commitment__code", "commitment__title", "department__name"]


class CommitmentPartAdmin(SimpleHistoryAdmin):
    """Targets and milestones: the office edits them through the services; derived fields are read-only."""

    def get_queryset(self, request):
        return super().get_queryset(request).filter(commitment__in=visible_commitments(request.user))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)


@admin.register(Target)
class TargetAdmin(CommitmentPartAdmin):
    list_display = ["commitment", "metric", "comparator", "target_value", "unit", "baseline_value", "current_value"]
    list_select_related = ["commitment"]
    list_filter = ["comparator", "unit", "commitment__report"]
    search_fields = ["metric", "commitment__code", "commitment__title"]
    autocomplete_fields = ["commitment"]
    readonly_fields = ["current_value"]

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
