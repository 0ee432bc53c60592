"""Co-departments' contributions (配合单位报送) and the office's list of matters needing coordination."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .. import services
from ..models import Contribution, CoordinationMatter
from ..permissions import (
    can_contribute_at_all,
    can_edit_contribution,
    can_read_coordination_matters,
    contributable_commitments,
    user_department,
    visible_contributions,
    visible_updates,
)
from ..selectors.contributions import coordination_matters
from .commitment_filters import UpdateSourceKindFilter
from .common import OpenedStateForm, QuickRowsMixin, ReadOnlyAdmin, add_service_errors, adopt, error_text


class ContributionForm(OpenedStateForm):
    """A contribution's four parts; a page saved over a change made since it was opened is refused."""

    class Meta:
        model = Contribution
        fields = ["commitment", "as_of", *Contribution.REPORT_PARTS]

    def clean(self):
        data = super().clean()
        commitment = data.get("commitment") or (self.instance.commitment if self.instance.pk else None)
        department = self.instance.department if self.instance.pk else user_department(self.user)
        if commitment is not None and department is not None and data.get("as_of"):
            try:
                services.contribution_check(
                    commitment=commitment, department_id=department.pk, as_of=data["as_of"], exclude_pk=self.instance.pk
                )
            except ValidationError as error:
                add_service_errors(self, error)
        return data


class ContributionAdmin(QuickRowsMixin, SimpleHistoryAdmin):
    form = ContributionForm
    list_display = ["commitment", "department", "period", "state", "author", "submitted_at", "consolidated_into"]
    list_select_related = ["commitment", "department", "author", "consolidated_into"]
    list_filter = ["state", UpdateSourceKindFilter, "period"]
    search_fields = ["commitment__code", "commitment__title", "department__name"]
    actions = ["submit_contributions"]
    status_fields = ["department", "period", "state", "author", "submitted_at", "consolidated_into"]
    ordering = ["-id"]

    def get_queryset(self, request):
        return visible_contributions(request.user, super().get_queryset(request))

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_contribute_at_all(request.user)

    def has_change_permission(self, request, obj=None):
        allowed = can_contribute_at_all(request.user) if obj is None else can_edit_contribution(request.user, obj)
        return super().has_change_permission(request, obj) and allowed

    def has_delete_permission(self, request, obj=None):
        return False  # a contribution stays on record; a draft is simply left unsent

    def get_fields(self, request, obj=None):
        parts = ["commitment", "as_of", *Contribution.REPORT_PARTS]
        if obj is None:
            return parts
        # The hidden digest the page was opened at: a page posted without it is refused as stale.
        return [*parts, "opened_state", *self.status_fields]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if self.has_change_permission(request, obj):
            return ["commitment", *self.status_fields]
        return [name for name in self.get_fields(request, obj) if name != "opened_state"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.user = request.user
        if "commitment" in form.base_fields:
            form.base_fields["commitment"].queryset = contributable_commitments(request.user)
        return form

    def save_model(self, request, obj, form, change):
        parts = {name: form.cleaned_data[name] for name in ("as_of", *Contribution.REPORT_PARTS) if name in form.fields}
        if change:
            saved = services.contribution_edit(user=request.user, contribution=obj, **parts)
        else:
            saved = services.contribution_create(user=request.user, commitment=form.cleaned_data["commitment"], **parts)
        adopt(obj, saved)

    @admin.action(description=_("Submit the selected contributions to the lead department"))
    def submit_contributions(self, request, queryset):
        count = 0
        for contribution in queryset:
            try:
                services.contribution_submit(user=request.user, contribution=contribution)
                count += 1
            except (PermissionDenied, ValidationError) as error:
                self.message_user(request, f"{contribution}: {error_text(error)}", messages.ERROR)
        if count:
            self.message_user(
                request, gettext("%(count)d contribution(s) submitted.") % {"count": count}, messages.SUCCESS
            )


class CoordinationMatterAdmin(ReadOnlyAdmin):
    """Matters needing coordination (需协调事项): each open commitment's latest received update that names any."""

    list_display = ["commitment", "lead_department", "source_kind", "as_of", "state", "matter", "open_update"]
    list_filter = [UpdateSourceKindFilter, "commitment__report"]
    search_fields = ["commitment__code", "commitment__title", "coordination_needed"]
    list_per_page = 50

    def has_view_permission(self, request, obj=None):
        return can_read_coordination_matters(request.user)

    def has_module_permission(self, request):
        return can_read_coordination_matters(request.user)

    def get_queryset(self, request):
        return coordination_matters(visible_updates(request.user, CoordinationMatter.objects.all()))

    @admin.display(description=_("lead department"))
    def lead_department(self, update: CoordinationMatter) -> str:
        return str(update.commitment.lead_department)

    @admin.display(description=_("source kind"))
    def source_kind(self, update: CoordinationMatter) -> str:
        return update.commitment.report.get_kind_display()

    @admin.display(description=_("matters needing coordination"))
    def matter(self, update: CoordinationMatter) -> str:
        return Truncator(update.coordination_needed).chars(120)

    @admin.display(description=_("update"))
    def open_update(self, update: CoordinationMatter) -> str:
        url = reverse("admin:commitments_progressupdate_change", args=[update.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("open"))
