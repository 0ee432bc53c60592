"""The commitment page and list: figures, actions (task table export, status decisions), and the writes,
which go through the services: the commitment with its co-responsible departments in one call, refused as
a form error when the page is stale or breaks a rule, then its targets and milestones."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import display, selectors, services
from ..choices import CloseoutState
from ..exports import XLSX_CONTENT_TYPE, task_table_xlsx
from ..forms import StatusDecisionForm
from ..ledger_display import holds_ledger, ledger_html
from ..models import Commitment, CoResponsibility, KeyProject, Milestone, Target
from ..permissions import can_manage_commitments, can_read_commitment, reportable_commitments, visible_commitments
from ..selectors import expected_progress, task_table_rows, task_table_title
from ..supervision.admin import SupervisionCommitmentMixin
from .commitment_filters import (
    ChapterFilter,
    DepartmentFilter,
    MyTasksFilter,
    OverdueFilter,
    ReportFilter,
    SourceKindFilter,
    TodoFilter,
)
from .commitment_forms import CommitmentAdminForm
from .commitment_inlines import (
    CoResponsibilityInline,
    LoadedLabelsMixin,
    MilestoneInline,
    RecordTablesMixin,
    TargetInline,
)
from .common import (
    EstimatedCountPaginator,
    QuickRowsMixin,
    adopt,
    autocomplete_source,
    confirmation_page,
    error_text,
    rag_badge_html,
    with_opened_version,
)
from .lookup_filters import AutocompleteFilterMixin

# Form fields whose autocomplete offers only the commitments the user may pick there (the form's own
# queryset checks the choice again when it is posted).
AUTOCOMPLETE_SCOPES = {("progressupdate", "commitment"): reportable_commitments}


@admin.register(Commitment)
class CommitmentAdmin(
    QuickRowsMixin,
    RecordTablesMixin,
    LoadedLabelsMixin,
    AutocompleteFilterMixin,
    SupervisionCommitmentMixin,
    SimpleHistoryAdmin,
):
    form = CommitmentAdminForm
    # What fits 1366 px beside the navigation and the filters: the chapter is the code's first digit, the
    # status is read from the RAG colour (and filtered on), the forecast is on the commitment's page, and
    # "overdue" and the close-out (办结销号) are noted under the deadline (原定…，延期至… once extended).
    list_display = ["code", "title", "lead_department", "due_with_flag", "progress_bar", "rag_badge"]
    supervision_columns = ("colour_display", "pace_display")
    list_display_links = ["code", "title"]
    # Report and department are chosen in a search box, chapters listed once a report is chosen: listing
    # every report, chapter and department was about 3,900 links a page.
    list_filter = [
        MyTasksFilter,
        TodoFilter,
        SourceKindFilter,
        ReportFilter,
        ChapterFilter,
        DepartmentFilter,
        "status",
        "rag",
        "kind",
        "firmness",
        OverdueFilter,
    ]
    # The list's order, served by the commitment_report_order index (the model's "report" order would
    # sort by the report's own ordering through a join, over every row before the first page).
    ordering = ["report_id", "sort_key", "id"]
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # The search box runs the one search (CommitmentQuerySet.search, see get_search_results).
    search_fields = ["code", "title", "source_text"]
    list_per_page = 50
    autocomplete_fields = ["report", "chapter", "lead_department", "parent", "responsible_leader"]
    inlines = [CoResponsibilityInline, TargetInline, MilestoneInline]
    readonly_fields = [
        "original_due_date",
        "closeout_state",
        "rag_badge",
        "status",
        "progress_vs_expected",
        "version",
        "progress_basis",
        "key_projects",
        "history_link",
        "created_at",
        "updated_at",
    ]
    actions = ["export_task_table", "decide_status", "assign_on_acceptance", "add_quarterly_nodes"]
    fieldsets = [
        (None, {"fields": ["report", "chapter", "code", "section", "title", "source_text", "note", "parent"]}),
        (_("Kind and owners"), {"fields": ["kind", "firmness", "lead_department", "responsible_leader"]}),
        (_("Schedule"), {"fields": ["start_date", "assigned_on", "due_date", "original_due_date"]}),
        (
            _("Tracking"),
            {
                "fields": [
                    "rag_badge",
                    "status",
                    "closeout_state",
                    "progress_vs_expected",
                    "progress_basis",
                    "key_projects",
                    "version",
                    "history_link",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]

    @admin.display(description=_("due date"), ordering="due_date")
    def deadline(self, obj: Commitment) -> str:
        """The deadline in force, with the original once extended (原定 …，延期至 …)."""
        return obj.deadline_text

    def get_fieldsets(self, request, obj=None):
        fieldsets = list(super().get_fieldsets(request, obj))
        if obj is None or not self.has_change_permission(request, obj):
            return fieldsets
        # The version the page was opened at, hidden: saving a page someone else saved since is refused.
        return with_opened_version(fieldsets)

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
            for name in ("decide_status", "assign_on_acceptance", "add_quarterly_nodes"):
                actions.pop(name, None)
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
            'aria-valuemax="100" title="{1}"><div style="width:{0}%"></div></div><small>{1}</small>',
            display.plain(obj.progress),
            display.percent(obj.progress),
        )

    @admin.display(description=_("RAG"), ordering="rag")
    def rag_badge(self, obj: Commitment) -> str:
        return rag_badge_html(obj.rag, obj.get_rag_display())

    @admin.display(description=_("progress: actual vs expected"))
    def progress_vs_expected(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "—"
        expected = expected_progress(obj.clock_start_day(), obj.due_date, timezone.localdate())
        return format_html(
            '{}<div class="tracker-progress tracker-progress--expected" title="{}%"><div style="width:{}%"></div>'
            "</div><small>{}</small>",
            self.progress_bar(obj),
            display.percent(expected),
            display.plain(expected),
            gettext("actual %(actual)s%% · expected by today %(expected)s%%")
            % {"actual": display.percent(obj.progress, sign=False), "expected": display.percent(expected, sign=False)},
        )

    @admin.display(description=_("How the progress is made up"))
    def progress_basis(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "—"
        basis = selectors.progress_basis(obj)
        if not basis.rolled_up:
            return basis.explanation
        return render_to_string("commitments/_basis_admin.html", {"basis": basis})

    @admin.display(description=_("Key-project ledger"))
    def key_projects(self, obj: Commitment) -> str:
        """The ledger's picture on the commitment that holds one; on a project's sub-item, which project."""
        if obj.pk is None:
            return "—"
        if holds_ledger(obj):
            return ledger_html(obj, projects=False)
        project = KeyProject.objects.filter(commitment=obj).first()
        if project is None:
            return "—"
        url = reverse("admin:commitments_keyproject_change", args=[project.pk])
        example = gettext(" (example, 示例)") if project.is_example else ""
        return format_html('<a href="{}">{}</a>{}', url, project, example)

    def get_search_results(self, request, queryset, search_term):
        scope = AUTOCOMPLETE_SCOPES.get(autocomplete_source(request))
        if scope is not None:
            queryset = scope(request.user, queryset)
        return queryset.search(search_term), False

    @admin.display(description=_("change history"))
    def history_link(self, obj: Commitment) -> str:
        if obj.pk is None:
            return "—"
        url = reverse("admin:commitments_commitment_history", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Every change, with who and when"))

    @admin.display(description=_("due date"), ordering="due_date")
    def due_with_flag(self, obj: Commitment) -> str:
        """The deadline in force (with the original once extended), flagged overdue, and the close-out."""
        closeout = obj.completion_label if obj.closeout_state != CloseoutState.OPEN else ""
        return format_html("{}<br>{} {}", obj.deadline_text, self.overdue_flag(obj), closeout)

    @admin.display(description=_("overdue"))
    def overdue_flag(self, obj: Commitment) -> str:
        if obj.is_overdue():
            return format_html('<span class="tracker-flag tracker-flag--overdue">{}</span>', _("Overdue"))
        return ""

    @admin.action(description=_("Export the selected commitments as the task table (Excel)"))
    def export_task_table(self, request, queryset):
        title = task_table_title(queryset, on=timezone.localdate())
        content = task_table_xlsx(task_table_rows(queryset), title=title)
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

    @admin.action(description=_("Start the clock on the day the lead department accepted the task (签收)"))
    def assign_on_acceptance(self, request, queryset):
        try:
            result = services.commitments_assign_on_acceptance(user=request.user, commitments=queryset)
        except (PermissionDenied, ValidationError) as error:
            self.message_user(request, error_text(error), messages.ERROR)
            return
        if result.assigned:
            self.message_user(
                request,
                gettext("The clock of %(count)d commitment(s) now starts on their acceptance.")
                % {"count": len(result.assigned)},
                messages.SUCCESS,
            )
        if result.not_accepted:
            self.message_user(
                request,
                gettext("Not accepted by the lead department yet, left as they were: %(codes)s")
                % {"codes": ", ".join(commitment.code for commitment in result.not_accepted)},
                messages.WARNING,
            )

    @admin.action(description=_("Add quarterly nodes (季度节点) as milestones"))
    def add_quarterly_nodes(self, request, queryset):
        added = 0
        for commitment in queryset:
            try:
                added += len(services.milestones_add_quarterly(user=request.user, commitment=commitment))
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{commitment.code}: {error_text(error)}", messages.ERROR)
        self.message_user(request, gettext("%(count)d quarterly node(s) added.") % {"count": added}, messages.SUCCESS)

    # Writes go through the services -------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        # Saved in save_related, together with the co-responsible departments: the service takes both in one
        # call, checks them against each other and bumps the version once.
        pass

    def save_related(self, request, form, formsets, change):
        fields = [name for name in form.fields if name in services.COMMITMENT_FIELDS]
        data = {name: form.cleaned_data[name] for name in (form.changed_data if change else fields) if name in fields}
        co_formset = next((formset for formset in formsets if formset.model is CoResponsibility), None)
        if co_formset is not None and (not change or co_formset.changed_departments()):
            data["co_departments"] = co_formset.departments()
        # One re-derivation of the stored figures for the whole page, not one per row saved.
        with services.refresh_deferred(user=request.user):
            if change:
                # The form checked the version under a row lock that is still held; the service checks again.
                saved = services.commitment_update(
                    user=request.user,
                    commitment=form.instance,
                    data=data,
                    expected_version=form.cleaned_data["opened_version"],
                )
            else:
                saved = services.commitment_create(user=request.user, data=data)
            adopt(form.instance, saved)
            for formset in formsets:
                self.save_formset(request, form, formset, change=change)

    def save_formset(self, request, form, formset, change):
        if formset.model is CoResponsibility:
            # Saved with the commitment; these lists only feed the admin's change message.
            formset.new_objects = [
                f.instance
                for f in formset.extra_forms
                if f.cleaned_data.get("department") and not f.cleaned_data.get("DELETE")
            ]
            formset.deleted_objects = [f.instance for f in formset.initial_forms if f.cleaned_data.get("DELETE")]
            formset.changed_objects = [
                (f.instance, f.changed_data)
                for f in formset.initial_forms
                if f.changed_data and not f.cleaned_data.get("DELETE")
            ]
            return None
        writers = {
            Target: (services.target_save, services.target_delete, "target"),
            Milestone: (services.milestone_save, services.milestone_delete, "milestone"),
        }
        if formset.model not in writers:
            return super().save_formset(request, form, formset, change)
        save, delete, keyword = writers[formset.model]
        for instance in formset.save(commit=False):
            save(user=request.user, **{keyword: instance})
        # The formset refused deleting what the service refuses (MilestoneFormSet; protected targets).
        for instance in formset.deleted_objects:
            delete(user=request.user, **{keyword: instance})
        return None

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # Reverting is switched off (SIMPLE_HISTORY_REVERT_DISABLED) but simple_history still saves a POST to
        # this page, without the inlines or the version check: refuse it.
        if request.method == "POST" and self.revert_disabled(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)

    def delete_model(self, request, obj):
        services.commitment_delete(user=request.user, commitment=obj)

    def delete_queryset(self, request, queryset):
        for commitment in queryset:
            services.commitment_delete(user=request.user, commitment=commitment)
