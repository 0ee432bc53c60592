"""Extension requests (延期申请), close-out applications (办结销号) and supervision notices (督办单) in the
admin. Adding one is the department's request (or the office's notice), made through its service when the
form is checked, so a refusal is a form error; every later step is an action that calls a service. The
notices' own page is in notices.py, on the base admin and forms here."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from ...admin.common import QuickRowsMixin
from ...models import CloseoutApplication, ExtensionRequest, SupervisionNotice
from ...permissions import visible_lifecycle
from .. import closeout, extensions
from .common import action_input_page, apply_to_each

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ServiceAddForm(forms.ModelForm):
    """An add form whose row is made by a service while the form is checked: the service's refusal is shown
    on the form (by field where it names one), and the admin then saves nothing more."""

    user = None
    # Checked by the service as the updates' evidence is (http or https only); the form only carries it.
    evidence_url = forms.CharField(label=_("evidence link"), required=False, max_length=500)

    def service(self, data: dict):
        raise NotImplementedError

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        try:
            self.made = self.service(data)
        except PermissionDenied as error:
            raise ValidationError(str(error)) from None
        except ValidationError as error:
            known = set(self.fields)
            for field, messages in error.message_dict.items():
                self.add_error(field if field in known else None, messages)
        return data

    def _post_clean(self):
        # The service checked and saved the row (full_clean included); checking the form's copy again would
        # find the saved row itself in its unique constraints.
        if not hasattr(self, "made"):
            super()._post_clean()


class LifecycleAdmin(QuickRowsMixin, SimpleHistoryAdmin):
    """Viewable, never edited as a form; added through the service (ServiceAddForm)."""

    add_form: type[ServiceAddForm]
    list_per_page = 50
    show_full_result_count = False

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            form = type(self.add_form.__name__, (self.add_form,), {"user": request.user})
            kwargs.update(form=form, fields=list(form.Meta.fields))
            return super().get_form(request, obj, change, **kwargs)
        return super().get_form(request, obj, change, **kwargs)

    evidence_view = ""  # the API's download, which checks who may read the row (files are not served as media)

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        fields = [field.name for field in self.model._meta.fields]
        if "evidence_file" in fields:
            fields[fields.index("evidence_file")] = "evidence_download"
        return fields

    def get_fields(self, request, obj=None):
        # A saved row is shown, never edited: exactly the read-only fields, in the model's order.
        return self.get_readonly_fields(request, obj) if obj is not None else super().get_fields(request, obj)

    @admin.display(description=_("evidence file"))
    def evidence_download(self, obj) -> str:
        if not obj.evidence_file:
            return "—"
        return format_html('<a href="{}">{}</a>', reverse(self.evidence_view, args=[obj.pk]), obj.evidence_name)

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return visible_lifecycle(request.user, super().get_queryset(request))

    def save_model(self, request, obj, form, change):
        # The service saved the row while the form was checked; the admin needs its id for the log and redirect.
        obj.__dict__.update(form.made.__dict__)

    def save_related(self, request, form, formsets, change):
        pass

    def input_action(self, request, queryset, form_class, title, action, call, success):
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            apply_to_each(self, request, queryset, lambda row: call(row, form.cleaned_data), success)
            return None
        return action_input_page(self, request, queryset, form, title, action)


# --- Extension requests -------------------------------------------------------------------------------------


class ExtensionRequestForm(ServiceAddForm):
    class Meta:
        model = ExtensionRequest
        fields = ["commitment", "requested_due_date", "reason", "evidence_url", "evidence_file"]

    def service(self, data):
        return extensions.extension_request(
            user=self.user,
            commitment=data["commitment"],
            requested_due_date=data["requested_due_date"],
            reason=data["reason"],
            evidence_url=data.get("evidence_url", ""),
            evidence_file=data.get("evidence_file") or None,
        )


class NoteForm(forms.Form):
    note = forms.CharField(label=_("office's note"), widget=TEXTAREA, required=False)


class ReasonsForm(forms.Form):
    note = forms.CharField(label=_("reasons"), widget=TEXTAREA)


class ExtensionRequestAdmin(LifecycleAdmin):
    add_form = ExtensionRequestForm
    evidence_view = "api:extension-request-evidence"
    list_display = [
        "commitment",
        "department",
        "current_due_date",
        "requested_due_date",
        "state",
        "requested_by",
        "requested_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["state", "requested_at"]
    list_select_related = ["commitment", "department", "requested_by", "decided_by"]
    search_fields = ["commitment__code", "commitment__title", "reason"]
    autocomplete_fields = ["commitment"]
    ordering = ["-requested_at", "-id"]
    actions = ["approve", "refuse"]

    @admin.action(description=_("Approve the selected extension requests"))
    def approve(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            NoteForm,
            _("Approve extension requests"),
            "approve",
            lambda row, data: extensions.extension_approve(user=request.user, extension=row, note=data["note"]),
            _("%(count)d extension requests approved."),
        )

    @admin.action(description=_("Refuse the selected extension requests, with reasons"))
    def refuse(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            ReasonsForm,
            _("Refuse extension requests"),
            "refuse",
            lambda row, data: extensions.extension_refuse(user=request.user, extension=row, note=data["note"]),
            _("%(count)d extension requests refused."),
        )


# --- Close-out ----------------------------------------------------------------------------------------------


class CloseoutApplicationForm(ServiceAddForm):
    class Meta:
        model = CloseoutApplication
        fields = ["commitment", "summary", "evidence_url", "evidence_file"]

    def service(self, data):
        return closeout.closeout_apply(
            user=self.user,
            commitment=data["commitment"],
            summary=data["summary"],
            evidence_url=data.get("evidence_url", ""),
            evidence_file=data.get("evidence_file") or None,
        )


class CloseForm(forms.Form):
    note = forms.CharField(label=_("office's note"), widget=TEXTAREA, required=False)
    site_check_on = forms.DateField(label=_("site check date"), required=False)
    site_check_by = forms.CharField(label=_("site check by"), required=False, max_length=200)
    site_check_note = forms.CharField(label=_("site check note"), widget=TEXTAREA, required=False)


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("reason for reopening"), widget=TEXTAREA)


class CloseoutApplicationAdmin(LifecycleAdmin):
    add_form = CloseoutApplicationForm
    evidence_view = "api:closeout-evidence"
    list_display = ["commitment", "department", "state", "applied_by", "applied_at", "site_check_on", "decided_by"]
    list_filter = ["state", "applied_at"]
    list_select_related = ["commitment", "department", "applied_by", "decided_by"]
    search_fields = ["commitment__code", "commitment__title", "summary"]
    autocomplete_fields = ["commitment"]
    ordering = ["-applied_at", "-id"]
    actions = ["close", "send_back", "reopen"]

    @admin.action(description=_("Verify and close the selected tasks (销号)"))
    def close(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            CloseForm,
            _("Verify and close tasks"),
            "close",
            lambda row, data: closeout.closeout_close(user=request.user, application=row, **data),
            _("%(count)d tasks verified and closed."),
        )

    @admin.action(description=_("Send the selected close-out applications back, with reasons"))
    def send_back(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            ReasonsForm,
            _("Send close-out applications back"),
            "send_back",
            lambda row, data: closeout.closeout_return(user=request.user, application=row, note=data["note"]),
            _("%(count)d close-out applications sent back."),
        )

    @admin.action(description=_("Reopen the selected closed tasks, with a reason"))
    def reopen(self, request, queryset):
        return self.input_action(
            request,
            queryset,
            ReopenForm,
            _("Reopen closed tasks"),
            "reopen",
            lambda row, data: closeout.closeout_reopen(user=request.user, application=row, reason=data["reason"]),
            _("%(count)d tasks reopened."),
        )


# --- Supervision notices ------------------------------------------------------------------------------------


def register(site: admin.AdminSite) -> None:
    from .notices import SupervisionNoticeAdmin  # built on LifecycleAdmin and the forms above

    site.register(ExtensionRequest, ExtensionRequestAdmin)
    site.register(CloseoutApplication, CloseoutApplicationAdmin)
    site.register(SupervisionNotice, SupervisionNoticeAdmin)


__all__ = ["register"]
