"""The parts of a commitment shown on its page: co-responsible departments, targets, milestones (the office
edits them; CommitmentAdmin saves them through the services), progress updates and status decisions (read
only, as plain tables: updates have their own page, decisions their action)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.utils.translation import gettext_lazy as _

from .. import display
from ..models import CoResponsibility, Department, Milestone, ProgressUpdate, StatusOverride, Target
from ..permissions import can_manage_commitments, visible_updates
from .commitment_forms import CoResponsibilityFormSet, MilestoneFormSet, OpenedRowsFormSet
from .common import PLAIN_DECIMALS


class ManagedInline(admin.TabularInline):
    """Parts of a commitment only the supervision office changes."""

    extra = 0
    formfield_overrides = PLAIN_DECIMALS

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and can_manage_commitments(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_commitments(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_manage_commitments(request.user)


class ChosenLabels:
    """Labels by id of the rows an inline's autocompletes show chosen, read in one query when the first row
    renders; shared by the widget's copies (one per row), which Django makes shallow."""

    def __init__(self, queryset):
        self.queryset = queryset
        self._labels: dict[str, str] | None = None

    def get(self, pk: str) -> str | None:
        if self._labels is None:
            self._labels = {str(row.pk): str(row) for row in self.queryset}
        return self._labels.get(pk)


class LabelledAutocompleteSelect(AutocompleteSelect):
    """An autocomplete whose chosen rows' labels come from `labels` (ChosenLabels): Django's widget reads its
    chosen row's label with a query of its own, one per row of an inline."""

    labels: ChosenLabels | None = None

    def optgroups(self, name, value, attr=None):
        chosen = [str(v) for v in value if str(v) not in self.choices.field.empty_values]
        known = [(v, self.labels.get(v)) for v in chosen] if self.labels is not None else [(v, None) for v in chosen]
        if any(label is None for _, label in known):
            return super().optgroups(name, value, attr)
        options = [] if self.is_required else [self.create_option(name, "", "", False, 0)]
        for v, label in known:
            options.append(self.create_option(name, v, label, set(chosen), len(options)))
        return [(None, options, 0)]


class LoadedLabelsMixin:
    """The commitment form's autocompletes label their chosen report, chapter and department from the rows
    the page already loaded with the commitment (get_queryset's select_related), instead of one query each."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            kwargs["widget"] = LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        loaded = obj._state.fields_cache if obj is not None else {}
        for name in self.autocomplete_fields:
            field = form.base_fields.get(name)
            widget = getattr(field, "widget", None)
            widget = getattr(widget, "widget", widget)  # inside the admin's related-links wrapper
            if isinstance(widget, LabelledAutocompleteSelect) and loaded.get(name) is not None:
                widget.labels = {str(loaded[name].pk): str(loaded[name])}
        return form


class CoResponsibilityInline(ManagedInline):
    model = CoResponsibility
    formset = CoResponsibilityFormSet
    autocomplete_fields = ["department"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("department")  # each row is named by it

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "department":
            kwargs["widget"] = LabelledAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("department")
        if obj is not None and field is not None:
            # The commitment's co-departments in one query, not one per row.
            widget = getattr(field.widget, "widget", field.widget)  # inside the admin's related-links wrapper
            widget.labels = ChosenLabels(Department.objects.filter(co_responsibilities__commitment=obj).order_by())
        return formset


class TargetInline(ManagedInline):
    model = Target
    formset = OpenedRowsFormSet
    fields = [
        "metric",
        "unit",
        "comparator",
        "baseline_value",
        "target_value",
        "base_quantity",
        "base_unit",
        "current_value_display",
        "weight",
        "allows_negative",
    ]
    # Derived from the approved updates, never typed in.
    readonly_fields = ["current_value_display"]

    @admin.display(description=_("current value"))
    def current_value_display(self, obj: Target) -> str:
        return display.quantity(obj.current_value, obj.unit) if obj.pk else "—"


class MilestoneInline(ManagedInline):
    model = Milestone
    formset = MilestoneFormSet
    fields = ["title", "due_date", "completed_on"]
    readonly_fields = ["completed_on"]


class RecordTablesMixin:
    """The commitment's progress updates and status decisions, read only, as two plain tables under its
    editable parts: as read-only inline formsets each row was a form of hidden fields, built and rendered on
    every opening of the page (docs/performance.md). Updates have their own page (each row links to it),
    decisions their action."""

    change_form_template = "admin/commitments/commitment/change_form.html"

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            updates = visible_updates(request.user, ProgressUpdate.objects.filter(commitment=obj))
            context["record_updates"] = updates.select_related("commitment", "submitted_by", "reviewed_by").order_by(
                "-as_of", "-id"
            )
            decisions = StatusOverride.objects.filter(commitment=obj).select_related("decided_by")
            context["record_decisions"] = decisions.order_by("-effective_on", "-decided_at", "-id")
        return super().render_change_form(request, context, add, change, form_url, obj)
