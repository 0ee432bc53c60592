"""The commitment page's forms: the version the page was opened at, the values its target and milestone
rows showed, and the inline formsets whose rows the services check (co-responsible departments, milestones
that may not be deleted).

The checks run while the admin validates the POST, inside the transaction Django's changeform_view opens for
the whole request, so a refusal is a form error (nothing is saved, inlines included) instead of a 500.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils import timezone
from django.utils.translation import gettext, pgettext

from .. import services
from ..models import Commitment
from .common import OpenedVersionForm

# Bookkeeping columns a stale-form message does not name: they move with every save.
UNNAMED_FIELDS = ["version", "updated_at", "created_at"]


class CommitmentAdminForm(OpenedVersionForm):
    """The commitment's fields, and the version the page was opened at: saving refuses a page someone else
    saved meanwhile, naming who changed what (the API's If-Match rule: services.commitment_lock)."""

    class Meta:
        model = Commitment
        fields = list(services.COMMITMENT_FIELDS)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "due_date" in self.fields:
            # A 建议提案's due date follows from its reply period (services.source_defaults): it may be left empty.
            self.fields["due_date"].required = False
            self.fields["due_date"].help_text = gettext(
                "Left empty in a source with a reply period (NPC suggestions, CPPCC proposals): the start date "
                "plus that period."
            )

    def clean(self):
        data = super().clean()
        if "due_date" in self.fields and not data.get("due_date") and "due_date" not in self.errors:
            data.update(services.source_defaults({k: data.get(k) for k in ("report", "start_date", "due_date")}))
            if not data.get("due_date"):
                self.add_error("due_date", gettext("This field is required."))
        self.check_opened_version(
            data,
            lock=lambda opened: services.commitment_lock(commitment=self.instance, expected_version=opened),
            out_of_date=gettext("This page is out of date; reload it to edit the commitment."),
            stale_message=lambda opened: stale_form_message(self.instance, opened),
        )
        return data


def _who(user) -> str:
    if user is None:
        return gettext("someone else")
    return user.get_full_name().strip() or user.get_username()


def _label(name: str) -> str:
    """The field's (or, for a change made outside the row, the relation's) name as the office reads it."""
    try:
        field = Commitment._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    if field.auto_created and not field.concrete:  # a reverse relation, e.g. the status decisions
        return str(field.related_model._meta.verbose_name_plural)
    return str(field.verbose_name)


def stale_form_message(commitment: Commitment, opened_version: int) -> str | None:
    """Who saved the commitment since opened_version, when last, and which fields they changed (from the
    audit history: the row's own fields by diff, co-departments and status decisions by change reason);
    None when the history has no record of it."""
    records = commitment.history.order_by("history_date", "history_id")
    since = list(records.filter(version__gt=opened_version).select_related("history_user"))
    if not since:
        return None
    previous = records.filter(version__lte=opened_version).last()
    names: list[str] = []
    for record in since:
        changed = []
        if previous is not None:
            changed = [change.field for change in record.diff_against(previous, excluded_fields=UNNAMED_FIELDS).changes]
        if record.history_change_reason:
            changed.append(record.history_change_reason)
        names.extend(name for name in changed if name not in names)
        previous = record
    users = []
    for record in since:
        if _who(record.history_user) not in users:
            users.append(_who(record.history_user))
    separator = pgettext("list separator", ", ")
    values = {
        "users": separator.join(users),
        "time": timezone.localtime(since[-1].history_date).strftime("%Y-%m-%d %H:%M"),
        "fields": separator.join(_label(name) for name in names),
    }
    if names:
        return (
            gettext("This commitment was changed by %(users)s at %(time)s (%(fields)s); reload the page to edit it.")
            % values
        )
    return gettext("This commitment was changed by %(users)s at %(time)s; reload the page to edit it.") % values


def _kept_forms(formset) -> list[forms.BaseForm]:
    return [form for form in formset.forms if form.cleaned_data and not form.cleaned_data.get("DELETE")]


class CoResponsibilityFormSet(forms.BaseInlineFormSet):
    """The co-responsible departments, checked by the service's rule against the lead the form sets."""

    def rows(self) -> dict:
        """The departments kept or added on the page, each with its row."""
        return {
            form.cleaned_data["department"]: form for form in _kept_forms(self) if form.cleaned_data.get("department")
        }

    def departments(self) -> list:
        return list(self.rows())

    def changed_departments(self) -> bool:
        before = {form.instance.department_id for form in self.initial_forms}
        return {department.pk for department in self.departments()} != before

    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # self.instance is the commitment with the main form's values applied (the admin validates the main
        # form first), so a lead changed on the same page counts.
        by_department = {department.pk: form for department, form in self.rows().items()}
        try:
            services.co_departments_check(
                lead_department_id=self.instance.lead_department_id, department_ids=by_department
            )
        except ValidationError as error:
            for item in error.error_dict["co_departments"]:
                row = by_department.get((item.params or {}).get("department_id"))
                if row is None:
                    raise ValidationError(item) from None
                row.add_error("department", item)


class OpenedRowsFormSet(forms.BaseInlineFormSet):
    """Rows of a commitment's part that carry the values the page showed (hidden "initial-" inputs): a row
    someone changed after the page was opened is refused, naming who and when from the row's history,
    instead of the page silently putting the old values back. Target and milestone edits do not move the
    commitment's version (the services' rule), so the page's version does not cover them."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        for name in form._meta.fields or ():
            if name in form.fields:
                form.fields[name].show_hidden_initial = True

    def _changed_since_opened(self, form) -> bool:
        for name in form._meta.fields or ():
            if name not in form.fields:
                continue
            field, bound = form.fields[name], form[name]
            if bound.html_initial_name not in form.data:
                continue  # posted without what the page showed (not by the page): nothing to compare
            shown = form._widget_data_value(field.hidden_widget(), bound.html_initial_name)
            if field.has_changed(bound.initial, shown):
                return True
        return False

    def clean(self):
        super().clean()
        refusals = []
        for form in self.initial_forms:
            if form.instance.pk is not None and self._changed_since_opened(form):
                latest = form.instance.history.select_related("history_user").first()
                refusals.append(
                    gettext("“%(row)s” was changed by %(user)s at %(time)s; reload the page to edit it.")
                    % {
                        "row": form.instance,
                        "user": _who(latest.history_user if latest else None),
                        "time": timezone.localtime(latest.history_date).strftime("%Y-%m-%d %H:%M") if latest else "—",
                    }
                )
        if refusals:
            raise ValidationError(refusals)


class MilestoneFormSet(OpenedRowsFormSet):
    """Milestones: deleting one an update marked done is refused (the service's rule)."""

    def clean(self):
        super().clean()  # raises first when a row changed since the page was opened
        refusals = []
        for form in self.deleted_forms:
            try:
                services.milestone_delete_check(form.instance)
            except ValidationError as error:
                refusals.extend(f"{form.instance}: {message}" for message in error.messages)
        if refusals:
            # On the formset, not the row: a formset ignores the errors of rows marked for deletion.
            raise ValidationError(refusals)


__all__ = [
    "CommitmentAdminForm",
    "CoResponsibilityFormSet",
    "MilestoneFormSet",
    "OpenedRowsFormSet",
    "stale_form_message",
]
