"""Helpers shared by the admin modules: service errors on forms, badges, confirmation pages."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.template.response import TemplateResponse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin

from .. import display
from ..choices import Rag
from ..services.versions import stored_digest


class PlainDecimalInput(forms.NumberInput):
    """A decimal input showing the stored value without trailing zeros (53, not 53.0000), every digit kept:
    an input must not round what it saves (display.plain)."""

    def format_value(self, value):
        return display.plain(value) if value not in (None, "") else None


# For an admin's formfield_overrides: every decimal field typed in as people write it.
PLAIN_DECIMALS = {models.DecimalField: {"widget": PlainDecimalInput}}


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


class QuickRowsMixin:
    """A long list's rows without the admin's per-row template renders: each row's action checkbox is the
    same markup Django's CheckboxInput gives, written directly (rendered through the form renderer's
    template it took from an eighth to a third of a 50-row list's time, profiled at the bench's sizes), and
    a row's link is reversed once when two columns link to it."""

    def action_checkbox(self, obj):
        label = gettext("Select this object for an action - {}").format(obj)
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            admin.helpers.ACTION_CHECKBOX_NAME,
            obj.pk,
            label,
        )

    def get_changelist(self, request, **kwargs):
        return OnceLinkedChangeList


class OnceLinkedChangeList(ChangeList):
    """The admin's change list, reversing each row's change URL once, not once per linked column."""

    def url_for_result(self, result) -> str:
        links = self.__dict__.setdefault("_row_links", {})
        if result.pk not in links:
            links[result.pk] = super().url_for_result(result)
        return links[result.pk]


class ReadOnlyAdmin(QuickRowsMixin, SimpleHistoryAdmin):
    """Rows written only by the services; the admin lists them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class EstimatedCountPaginator(Paginator):
    """Counts exactly up to EXACT_UP_TO rows, and beyond that takes PostgreSQL's estimate of the rows.

    Counting a million progress updates (or 100,000 commitments) on every page of the admin list took longer
    than showing the page; past a few thousand rows nobody pages to the last one, and "about 997,000" tells
    as much. The count is capped (COUNT over a LIMIT), so a filtered list still shows its exact count.
    SQLite (development, tests) counts exactly."""

    EXACT_UP_TO = 10_000

    @cached_property
    def count(self) -> int:
        queryset = self.object_list.order_by()
        capped = queryset[: self.EXACT_UP_TO + 1].count()
        if connections[queryset.db].vendor != "postgresql":
            return capped if capped <= self.EXACT_UP_TO else queryset.count()
        # Planned whatever the count, so that a page costs the same queries for 100 rows or a million.
        plan = json.loads(queryset.explain(format="json"))
        return capped if capped <= self.EXACT_UP_TO else max(int(plan[0]["Plan"]["Plan Rows"]), capped)


def autocomplete_source(request) -> tuple[str, str] | None:
    """(model name, field name) of the form field an admin autocomplete request is for, or None when the
    request is no autocomplete: the view runs the target admin's search, which may scope by it."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.url_name != "autocomplete":
        return None
    return request.GET.get("model_name", ""), request.GET.get("field_name", "")


def with_opened_version(fieldsets: list) -> list:
    """The fieldsets with the hidden opened_version in the first, unless some fieldset names it already:
    declared fieldsets leave a form's extra field out, and a page posted without it is refused as stale."""
    if any("opened_version" in options["fields"] for _title, options in fieldsets):
        return fieldsets
    (title, options), *rest = fieldsets
    return [(title, {**options, "fields": [*options["fields"], "opened_version"]}), *rest]


class OpenedVersionForm(forms.ModelForm):
    """A change form that carries the version its page was opened at, so that saving refuses a page someone
    else saved meanwhile (the API's If-Match rule, for the admin). A subclass's clean() calls
    check_opened_version with its service's lock, which holds the row until the admin's transaction ends,
    after the service has saved: no other writer slips in between the check and the save."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("opened_version", self.instance.version)

    def check_opened_version(self, data: dict, *, lock, out_of_date: str, stale_message) -> None:
        """lock(expected_version) raises VersionConflict for a stale page; stale_message(opened) names who
        saved since (None: the conflict's own words)."""
        from .. import services

        if self.instance.pk is None:
            return
        opened = data.get("opened_version")
        if opened is None:
            # A hidden field's own error would not show; a page posted without it cannot prove it is current.
            raise ValidationError(out_of_date)
        try:
            lock(opened)
        except services.VersionConflict as conflict:
            raise ValidationError(stale_message(opened) or str(conflict), code="stale") from None


class OpenedStateForm(forms.ModelForm):
    """OpenedVersionForm for a row without a version column: the page carries a digest of the row as stored
    when it was opened (services.versions.stored_digest), and saving refuses a page whose row changed since,
    with the row locked from the check until the admin's transaction ends."""

    opened_state = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial.setdefault("opened_state", stored_digest(type(self.instance), self.instance.pk))

    def clean(self):
        data = super().clean()
        if self.instance.pk is None:
            return data
        current = stored_digest(type(self.instance), self.instance.pk, lock=True)
        if data.get("opened_state") != current:
            raise ValidationError(
                gettext("%(row)s was changed by someone else after you opened this page; reload it and edit again.")
                % {"row": self.instance},
                code="stale",
            )
        return data
