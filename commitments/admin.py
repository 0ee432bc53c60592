"""The supervision office's working UI.

Rule-bearing saves, deletes and actions call the services; which object a user may see or touch comes
from permissions.py. Nothing here decides a rule on its own.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from . import services
from .choices import CLOSED_STATUSES, Rag, UpdateState
from .exports import XLSX_CONTENT_TYPE, task_table_xlsx
from .forms import ReturnNoteForm, StatusDecisionForm, TaskTableImportForm
from .models import (
    Chapter,
    Commitment,
    CoResponsibility,
    Department,
    Evidence,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    ReportedValue,
    StaffProfile,
    StatusOverride,
    Target,
)
from .permissions import (
    can_create_updates,
    can_delete_update,
    can_edit_update,
    can_manage_commitments,
    can_read_commitment,
    can_read_update,
    can_review_updates,
    reportable_commitments,
    visible_commitments,
    visible_updates,
)
from .selectors import expected_progress, task_table_rows
from .task_table_import import TaskTableError, task_table_import


def adopt(obj, saved) -> None:
    """Makes the admin's unsaved form instance the row a service saved, so the admin's redirects,
    messages and inline formsets (built around that instance) carry on with it."""
    obj.__dict__.update(saved.__dict__)


def error_text(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    return str(error) or gettext("Not allowed.")


def add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """Puts a service's field messages on the form's fields (the rest above the form)."""
    for field, messages_ in error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]:
        form.add_error(field if field in form.fields else None, messages_)


RAG_CLASSES = {
    Rag.GREEN: "green",
    Rag.AMBER: "amber",
    Rag.RED: "red",
    Rag.COMPLETED: "completed",
    Rag.NOT_DUE: "not-due",
    Rag.CANCELLED: "cancelled",
}


def rag_badge_html(rag: str, label: str) -> str:
    if not rag:
        return "—"
    return format_html('<span class="tracker-rag tracker-rag--{}">{}</span>', RAG_CLASSES.get(rag, "none"), label)


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
        return [
            path("<int:pk>/import-task-table/", view, name="commitments_report_import_task_table"),
            *super().get_urls(),
        ]

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


def confirmation_page(model_admin, request, queryset, form, *, action: str, title: str, button: str):
    """The intermediate page of an action that needs more input (a note, a reason)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": title,
        "button": button,
        "form": form,
        "objects": queryset,
        "action": action,
        "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, "admin/commitments/action_confirmation.html", context)


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


class UpdateFormMixin:
    """Checks the figures with the service's own validation, so errors show on the form, not as a 500."""

    def service_check(self, **kwargs) -> None:
        try:
            services.update_validate(**kwargs)
        except ValidationError as error:
            add_service_errors(self, error)


class ProgressUpdateForm(UpdateFormMixin, forms.ModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["commitment", "as_of", "narrative", "percent", "milestones_completed"]
        widgets = {"milestones_completed": forms.CheckboxSelectMultiple}

    def clean(self):
        data = super().clean()
        commitment = data.get("commitment") or (self.instance.commitment if self.instance.pk else None)
        if commitment is not None:
            self.service_check(
                commitment=commitment,
                as_of=data.get("as_of"),
                percent=data.get("percent"),
                milestones_completed=data.get("milestones_completed") or (),
            )
        return data


class ReportedValueFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        values = [
            (form.cleaned_data["target"], form.cleaned_data["value"])
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE") and form.cleaned_data.get("target")
        ]
        try:
            services.update_validate(commitment=self.instance.commitment, values=values)
        except ValidationError as error:
            raise ValidationError(error.messages) from None


class UpdatePartInline(admin.TabularInline):
    """Values and evidence of an update: writable while the update may be edited, and only through it."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        return obj is not None and can_edit_update(request.user, obj)

    def has_change_permission(self, request, obj=None):
        return obj is not None and can_edit_update(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is not None and can_edit_update(request.user, obj)

    def has_view_permission(self, request, obj=None):
        return obj is None or can_read_update(request.user, obj)


class ReportedValueInline(UpdatePartInline):
    model = ReportedValue
    formset = ReportedValueFormSet
    fields = ["target", "value"]
    extra = 1

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        if obj is not None and "target" in formset.form.base_fields:
            # Only the update's own commitment's targets can be chosen.
            formset.form.base_fields["target"].queryset = obj.commitment.targets.all()
        return formset


class EvidenceForm(forms.ModelForm):
    url = forms.URLField(label=_("link"), max_length=500, required=False, assume_scheme="https")

    class Meta:
        model = Evidence
        fields = ["title", "url", "file"]
        # No "currently: <link>" with the stored name: files are reached through the evidence view only.
        widgets = {"file": forms.FileInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["title"].required = False
        if self.instance.pk:
            # Evidence is added or removed, not rewritten.
            for field in self.fields.values():
                field.disabled = True

    def clean(self):
        data = super().clean()
        if self.instance.pk or not self.has_changed():
            return data
        url, file = data.get("url"), data.get("file")
        if bool(url) == bool(file):
            raise ValidationError(gettext("Give either a link or a file."))
        try:
            if file:
                services.evidence_file_check(file)
            else:
                services.evidence_link_check(url)
        except ValidationError as error:
            raise ValidationError(error.messages) from None
        return data


class EvidenceInline(UpdatePartInline):
    model = Evidence
    form = EvidenceForm
    fields = ["title", "url", "file", "open_link"]
    readonly_fields = ["open_link"]

    def get_fields(self, request, obj=None):
        if obj is not None and can_edit_update(request.user, obj):
            return self.fields
        return ["title", "open_link"]

    @admin.display(description=_("open"))
    def open_link(self, evidence: Evidence) -> str:
        return evidence_link_html(evidence)


def evidence_link_html(evidence: Evidence) -> str:
    if not evidence.pk:
        return ""
    label = evidence.original_name or evidence.url
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
        reverse("commitments:evidence", args=[evidence.pk]),
        label,
    )


UPDATE_STATE_CLASSES = {
    UpdateState.DRAFT: "not-due",
    UpdateState.SUBMITTED: "amber",
    UpdateState.APPROVED: "green",
    UpdateState.RETURNED: "red",
}


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(SimpleHistoryAdmin):
    form = ProgressUpdateForm
    list_display = ["commitment", "as_of", "state_badge", "percent", "created_by", "submitted_at", "reviewed_by"]
    list_select_related = ["commitment", "created_by", "reviewed_by"]
    list_filter = ["state", "commitment__report", "as_of"]
    search_fields = ["commitment__code", "commitment__title", "narrative"]
    actions = ["submit_updates", "approve_updates", "return_updates"]
    review_fields = [
        "state",
        "created_by",
        "submitted_by",
        "submitted_at",
        "reviewed_by",
        "reviewed_at",
        "review_note",
        "created_at",
        "updated_at",
    ]

    class Media:
        css = {"all": ["commitments/admin.css"]}

    def get_queryset(self, request):
        return visible_updates(request.user, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and (obj is None or can_read_update(request.user, obj))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_create_updates(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = can_create_updates(request.user) if obj is None else can_edit_update(request.user, obj)
        return super().has_change_permission(request, obj) and allowed

    def has_delete_permission(self, request, obj=None):
        allowed = can_create_updates(request.user) if obj is None else can_delete_update(request.user, obj)
        return super().has_delete_permission(request, obj) and allowed

    def get_fields(self, request, obj=None):
        if obj is None:
            # Values, milestones and evidence follow on the next page, once the commitment is known.
            return ["commitment", "as_of", "narrative", "percent"]
        return ["commitment", "as_of", "narrative", "percent", "milestones_completed", *self.review_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["commitment", *self.review_fields]

    def get_inlines(self, request, obj):
        return [] if obj is None else [ReportedValueInline, EvidenceInline]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if "commitment" in form.base_fields:
            form.base_fields["commitment"].queryset = reportable_commitments(request.user).select_related("report")
        if obj is not None and "milestones_completed" in form.base_fields:
            form.base_fields["milestones_completed"].queryset = obj.commitment.milestones.all()
        return form

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not can_create_updates(request.user):
            actions.pop("submit_updates", None)
        if not can_review_updates(request.user):
            actions.pop("approve_updates", None)
            actions.pop("return_updates", None)
        return actions

    @admin.display(description=_("state"), ordering="state")
    def state_badge(self, obj: ProgressUpdate) -> str:
        return format_html(
            '<span class="tracker-rag tracker-rag--{}">{}</span>',
            UPDATE_STATE_CLASSES.get(obj.state, "none"),
            obj.get_state_display(),
        )

    # Writes go through the services -------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            return  # saved with its values and evidence in save_related, in one service call
        created = services.update_create(
            user=request.user,
            commitment=form.cleaned_data["commitment"],
            as_of=form.cleaned_data["as_of"],
            narrative=form.cleaned_data["narrative"],
            percent=form.cleaned_data["percent"],
        )
        adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        if not change:
            return
        fields = {name: form.cleaned_data[name] for name in ("as_of", "narrative", "percent") if name in form.fields}
        values, links, files, removed = None, [], [], []
        for formset in formsets:
            kept = [f for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            removed_here = [f.instance for f in formset.forms if f.cleaned_data.get("DELETE") and f.instance.pk]
            if formset.model is ReportedValue:
                values = [
                    (f.cleaned_data["target"], f.cleaned_data["value"]) for f in kept if f.cleaned_data.get("target")
                ]
            elif formset.model is Evidence:
                for f in kept:
                    if f.instance.pk:
                        continue
                    title = f.cleaned_data.get("title") or ""
                    if f.cleaned_data.get("file"):
                        files.append((title, f.cleaned_data["file"]))
                    elif f.cleaned_data.get("url"):
                        links.append((title, f.cleaned_data["url"]))
                removed.extend(removed_here)
            # The services saved the rows; the admin's change message reads these.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        if "milestones_completed" in form.fields:
            fields["milestones_completed"] = form.cleaned_data["milestones_completed"]
        if values is not None:
            fields["values"] = values
        for evidence in removed:
            services.evidence_delete(user=request.user, evidence=evidence)
        saved = services.update_edit(user=request.user, update=form.instance, links=links, files=files, **fields)
        adopt(form.instance, saved)

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(
            request,
            gettext("The draft is saved. Now add the reported values, milestones and evidence, then submit it."),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:commitments_progressupdate_change", args=[obj.pk]))

    def delete_model(self, request, obj):
        services.update_delete(user=request.user, update=obj)

    def delete_queryset(self, request, queryset):
        for update in queryset:
            services.update_delete(user=request.user, update=update)

    # Workflow actions ---------------------------------------------------------------------------------

    def _transition(self, request, queryset, service, done: str, **kwargs) -> None:
        count = 0
        for update in queryset.select_related("commitment"):
            try:
                service(user=request.user, update=update, **kwargs)
                count += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{update}: {error_text(error)}", messages.ERROR)
        if count:
            self.message_user(request, done % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Submit the selected updates for review"))
    def submit_updates(self, request, queryset):
        self._transition(request, queryset, services.update_submit, gettext("%(count)d update(s) submitted."))

    @admin.action(description=_("Approve the selected updates"))
    def approve_updates(self, request, queryset):
        self._transition(request, queryset, services.update_approve, gettext("%(count)d update(s) approved."))

    @admin.action(description=_("Return the selected updates with a note"))
    def return_updates(self, request, queryset):
        form = ReturnNoteForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._transition(
                request,
                queryset,
                services.update_return,
                gettext("%(count)d update(s) returned to their departments."),
                note=form.cleaned_data["note"],
            )
            return None
        return confirmation_page(
            self,
            request,
            queryset,
            form,
            action="return_updates",
            title=gettext("Return these updates to their departments"),
            button=gettext("Return with this note"),
        )


class ReadOnlyAdmin(SimpleHistoryAdmin):
    """Rows written only by the services; the admin lists them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ReportedValue)
class ReportedValueAdmin(ReadOnlyAdmin):
    list_display = ["update", "target", "value"]
    list_select_related = ["update__commitment", "target"]
    search_fields = ["target__metric", "update__commitment__code"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(update__in=visible_updates(request.user))


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ["title", "update", "kind", "open_link", "created_by", "created_at"]
    list_select_related = ["update__commitment", "created_by"]
    search_fields = ["title", "url", "original_name", "update__commitment__code"]
    fields = ["update", "title", "open_link", "content_type", "size", "created_by", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).filter(update__in=visible_updates(request.user))

    @admin.display(description=_("open"))
    def open_link(self, evidence: Evidence) -> str:
        return evidence_link_html(evidence)


@admin.register(StatusOverride)
class StatusOverrideAdmin(ReadOnlyAdmin):
    list_display = ["commitment", "status", "effective_on", "reason", "decided_by", "decided_at"]
    list_select_related = ["commitment", "decided_by"]
    list_filter = ["status", "commitment__report"]
    search_fields = ["commitment__code", "commitment__title", "reason"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(commitment__in=visible_commitments(request.user))


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
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "value", "unit", "growth_percent", "report"]
    list_select_related = ["report"]
    list_filter = ["report"]
    search_fields = ["name"]
