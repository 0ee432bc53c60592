"""List filters that do not list every row of a large table in the sidebar.

At a province's scale the sidebar listed every report, chapter and department (about 3,900 links, half a
megabyte a page). A report or department is instead picked in a search box that asks the admin's own
autocomplete view (which applies the target admin's permissions and search), and a report's chapters
are listed only once the report is chosen.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect

LIST_FILTER_JS = "commitments/list_filter.js"


class AutocompleteFilter(admin.SimpleListFilter):
    """A filter on one related row, chosen in a search box. The box asks the autocomplete view about
    `source_field` of `source_model` (a foreign key to the filtered row), so the target model's admin
    must have `search_fields`; the query string keeps the row's id under `parameter_name`."""

    template = "admin/commitments/autocomplete_filter.html"
    source_model = None
    source_field = ""
    field_path = ""  # the lookup the id filters on

    def lookups(self, request, model_admin):
        return ()  # the choices come from the autocomplete view, as the user types

    def has_output(self) -> bool:
        return True

    def chosen_id(self) -> int | None:
        value = self.value()
        return int(value) if value and value.isdigit() else None

    def queryset(self, request, queryset):
        chosen = self.chosen_id()
        return queryset.filter(**{self.field_path: chosen}) if chosen is not None else queryset

    @classmethod
    def widget(cls) -> AutocompleteSelect:
        field = cls.source_model._meta.get_field(cls.source_field)
        attrs = {"data-tracker-filter": cls.parameter_name, "style": "width: 100%"}
        return AutocompleteSelect(field, admin.site, attrs=attrs)

    @classmethod
    def media(cls) -> forms.Media:
        # After Django's jquery.init.js and autocomplete.js, which the script uses.
        return cls.widget().media + forms.Media(
            js=["admin/js/jquery.init.js", "admin/js/autocomplete.js", LIST_FILTER_JS]
        )

    def choices(self, changelist):
        field = self.source_model._meta.get_field(self.source_field)
        choice = forms.ModelChoiceField(
            queryset=field.remote_field.model._default_manager.all(), required=False, widget=self.widget()
        )
        chosen = self.chosen_id()
        yield {
            "selected": chosen is not None,
            "widget": choice.widget.render(self.parameter_name, chosen, attrs={"id": f"filter_{self.parameter_name}"}),
            "reset_url": changelist.get_query_string(remove=[self.parameter_name]),
        }


def autocomplete_filter(*, parameter: str, model, field: str, path: str, title) -> type[AutocompleteFilter]:
    """An AutocompleteFilter on `path` whose search box asks about `model.field`."""
    return type(
        f"{field.title().replace('_', '')}AutocompleteFilter",
        (AutocompleteFilter,),
        {"parameter_name": parameter, "source_model": model, "source_field": field, "field_path": path, "title": title},
    )


class AutocompleteFilterMixin:
    """For a ModelAdmin whose list_filter has AutocompleteFilters: loads their scripts on the list, and allows their
    parameters (a lookup across two relations, such as commitment__report__id__exact, is otherwise refused
    unless it is a plain field filter's own)."""

    def _autocomplete_filters(self) -> list[type[AutocompleteFilter]]:
        return [spec for spec in self.list_filter if isinstance(spec, type) and issubclass(spec, AutocompleteFilter)]

    def changelist_view(self, request, extra_context=None):
        filters = self._autocomplete_filters()
        if filters:  # the list only: the change pages load their own widgets' scripts
            extra_context = {"media": self.media + filters[0].media(), **(extra_context or {})}
        return super().changelist_view(request, extra_context)

    def lookup_allowed(self, lookup, value, request=None):
        if any(spec.parameter_name == lookup for spec in self._autocomplete_filters()):
            return True
        return super().lookup_allowed(lookup, value, request)
