"""Progress updates and their parts: reporters' drafts and the office's review."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import services
from ..choices import UpdateState
from ..forms import ReturnNoteForm
from ..models import (
    Commitment,
    Evidence,
    ProgressUpdate,
    ReportedValue,
)
from ..permissions import (
    can_create_updates,
    can_delete_update,
    can_edit_update,
    can_read_update,
    can_review_updates,
    reportable_commitments,
    visible_updates,
)
from .commitment_filters import UpdateSourceKindFilter
from .common import (
    EstimatedCountPaginator,
    QuickRowsMixin,
    ReadOnlyAdmin,
    adopt,
    confirmation_page,
    error_text,
)
from .lookup_filters import AutocompleteFilterMixin, autocomplete_filter
from .update_parts import (
    EvidenceInline,
    NeedsCoordinationFilter,
    ProgressUpdateForm,
    ReportedValueInline,
    contributions_html,
    evidence_link_html,
)
from .update_review import review_view, wants_review

REPORT_PARTS = list(ProgressUpdate.REPORT_PARTS)

UPDATE_STATE_CLASSES = {
    UpdateState.DRAFT: "not-due",
    UpdateState.SUBMITTED: "amber",
    UpdateState.APPROVED: "green",
    UpdateState.RETURNED: "red",
}


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(QuickRowsMixin, AutocompleteFilterMixin, SimpleHistoryAdmin):
    form = ProgressUpdateForm
    list_display = ["commitment", "as_of", "state_badge", "percent", "created_by", "submitted_at", "reviewed_by"]
    list_select_related = ["commitment", "created_by", "reviewed_by"]
    list_filter = [
        "state",
        autocomplete_filter(
            parameter="commitment__report__id__exact",
            model=Commitment,
            field="report",
            path="commitment__report_id",
            title=_("report"),
        ),
        UpdateSourceKindFilter,
        NeedsCoordinationFilter,
        "as_of",
    ]
    # Newest first, which the primary key's index serves: the model's order (by commitment, through the
    # commitment's and the report's own orders) joined and sorted a million updates for every page.
    ordering = ["-id"]
    list_per_page = 50
    show_full_result_count = False
    paginator = EstimatedCountPaginator
    # A search box, not a <select> of every commitment the user may report on (100,000 for the office);
    # CommitmentAdmin.get_search_results offers only those (AUTOCOMPLETE_SCOPES), and the form's queryset
    # (get_form) refuses any other.
    autocomplete_fields = ["commitment"]
    search_fields = ["commitment__code", "commitment__title", "narrative"]
    actions = ["consolidate_contributions", "submit_updates", "approve_updates", "return_updates"]
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
            return ["commitment", "as_of", *REPORT_PARTS, "percent"]
        return ["commitment", "as_of", *REPORT_PARTS, self.contributions_field(request), "percent",
                "milestones_completed", "opened_version", *self.review_fields]  # fmt: skip

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["commitment", self.contributions_field(request), *self.review_fields]

    @staticmethod
    def contributions_field(request):
        """The co-departments' contributions for the update's period, as a read-only field showing what this
        request's user may read: one callable per request (the admin instance is shared between requests)."""
        if not hasattr(request, "_tracker_contributions_field"):

            def contributions(obj: ProgressUpdate) -> str:
                return contributions_html(request.user, obj)

            contributions.short_description = _("co-departments' contributions")
            request._tracker_contributions_field = contributions
        return request._tracker_contributions_field

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
            actions.pop("consolidate_contributions", None)
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

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A submitted update opened by the office is reviewed, not edited: its own page with the two buttons.
        update = self.get_object(request, object_id)
        if wants_review(request, update) and self.has_view_permission(request, update):
            return review_view(self, request, update)
        if request.method == "GET" and update is not None and update.state == UpdateState.RETURNED:
            # What to fix, above the form the department fixes it in.
            note = update.review_note or "—"
            self.message_user(request, gettext("Returned by the office: %(note)s") % {"note": note}, messages.WARNING)
        return super().change_view(request, object_id, form_url, extra_context)

    # Writes go through the services -------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        if change:
            return  # saved with its values and evidence in save_related, in one service call
        created = services.update_create(
            user=request.user,
            commitment=form.cleaned_data["commitment"],
            as_of=form.cleaned_data["as_of"],
            percent=form.cleaned_data["percent"],
            **{part: form.cleaned_data[part] for part in REPORT_PARTS},
        )
        adopt(obj, created)

    def save_related(self, request, form, formsets, change):
        if not change:
            return
        fields = {name: form.cleaned_data[name] for name in ("as_of", *REPORT_PARTS, "percent") if name in form.fields}
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
        saved = services.update_edit(
            user=request.user,
            update=form.instance,
            links=links,
            files=files,
            expected_version=form.cleaned_data["opened_version"],
            **fields,
        )
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

    @admin.action(description=_("Consolidate the co-departments' contributions into the selected updates"))
    def consolidate_contributions(self, request, queryset):
        self._transition(
            request, queryset, services.update_consolidate, gettext("%(count)d update(s) took in their contributions.")
        )

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
