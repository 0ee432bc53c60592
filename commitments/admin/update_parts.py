"""The progress-update page's form and inlines: the update's fields with the version the page was opened
at, its reported values and its evidence. The admin class is in update_admin.py."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Evidence, ProgressUpdate, ReportedValue
from ..permissions import can_edit_update, can_read_update, visible_contributions
from ..selectors.contributions import contributions_for_update
from .common import PLAIN_DECIMALS, OpenedVersionForm, add_service_errors


class UpdateFormMixin:
    """Checks the figures with the service's own validation, so errors show on the form, not as a 500."""

    def service_check(self, **kwargs) -> None:
        try:
            services.update_validate(**kwargs)
        except ValidationError as error:
            add_service_errors(self, error)


class ProgressUpdateForm(UpdateFormMixin, OpenedVersionForm):
    """The update's fields, and the version the page was opened at: saving refuses a page someone else saved
    meanwhile, naming who (as the commitment page does; the API's rule: services.update_lock)."""

    class Meta:
        model = ProgressUpdate
        fields = ["commitment", "as_of", *ProgressUpdate.REPORT_PARTS, "percent", "milestones_completed"]
        widgets = {
            "milestones_completed": forms.CheckboxSelectMultiple,
            **{part: forms.Textarea(attrs={"rows": 4}) for part in ProgressUpdate.REPORT_PARTS},
        }

    def clean(self):
        data = super().clean()
        self.check_opened_version(
            data,
            lock=lambda opened: services.update_lock(update=self.instance, expected_version=opened),
            out_of_date=gettext("This page is out of date; reload it to edit the update."),
            stale_message=lambda opened: stale_update_message(self.instance),
        )
        commitment = data.get("commitment") or (self.instance.commitment if self.instance.pk else None)
        if commitment is not None:
            self.service_check(
                commitment=commitment,
                as_of=data.get("as_of"),
                percent=data.get("percent"),
                milestones_completed=data.get("milestones_completed") or (),
            )
        return data


def stale_update_message(update: ProgressUpdate) -> str | None:
    """Who saved the update last and when, from its audit history."""
    record = update.history.select_related("history_user").order_by("-history_date", "-history_id").first()
    if record is None:
        return None
    who = record.history_user.get_username() if record.history_user else gettext("someone else")
    return gettext("%(who)s saved this update at %(when)s, after you opened it; reload the page and edit again.") % {
        "who": who,
        "when": timezone.localtime(record.history_date).strftime("%Y-%m-%d %H:%M"),
    }


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
    formfield_overrides = PLAIN_DECIMALS

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
    if not evidence.file:  # a link: its own address, shown in full, never through a redirect of ours
        return format_html('<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', evidence.url, evidence.url)
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>',
        reverse("commitments:evidence", args=[evidence.pk]),
        evidence.original_name or evidence.file.name.rsplit("/", 1)[-1],
    )


class NeedsCoordinationFilter(admin.SimpleListFilter):
    """Updates naming matters needing coordination (需协调事项); the API's `needs_coordination`."""

    title = _("needs coordination")
    parameter_name = "needs_coordination"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.exclude(coordination_needed="")
        if self.value() == "no":
            return queryset.filter(coordination_needed="")
        return queryset


def contributions_html(user, update: ProgressUpdate) -> str:
    """The submitted contributions for the update's period (selectors/contributions.py), each with its
    department and four parts, marked when already consolidated into this update."""
    if update is None or update.pk is None:
        return "—"
    shown = list(visible_contributions(user, contributions_for_update(update)))
    if not shown:
        return gettext("No contribution from the co-responsible departments for this period.")
    labels = {part: ProgressUpdate._meta.get_field(part).verbose_name for part in ProgressUpdate.REPORT_PARTS}
    blocks = []
    for contribution in shown:
        state = gettext("consolidated") if contribution.consolidated_into_id else gettext("waiting")
        parts = format_html_join(
            "",
            "<dt>{}</dt><dd>{}</dd>",
            (
                (labels[part], getattr(contribution, part))
                for part in ProgressUpdate.REPORT_PARTS
                if getattr(contribution, part)
            ),
        )
        blocks.append(
            format_html("<div><strong>{}</strong>（{}）<dl>{}</dl></div>", contribution.department.name, state, parts)
        )
    return format_html_join("", "{}", ((block,) for block in blocks))
