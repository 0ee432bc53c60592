"""The API's filter backend: django-filter's, building only the filters a request names."""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend


class GivenFiltersBackend(DjangoFilterBackend):
    """Filters with only the filters present in the query string (see filtersets.BaseFilterSet); the
    browsable API's form is built from all of them, as before."""

    given_only = True

    def get_filterset_kwargs(self, request, queryset, view) -> dict:
        return {**super().get_filterset_kwargs(request, queryset, view), "given_only": self.given_only}

    def to_html(self, request, queryset, view):
        self.given_only = False
        return super().to_html(request, queryset, view)
