"""Page-number pagination with a capped, validated page size."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import pagination
from rest_framework.exceptions import ValidationError


def positive_int_param(request, name: str) -> int | None:
    """The query parameter as a positive whole number, None when absent; 400 when malformed."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError:
        value = 0
    if value < 1:
        raise ValidationError({name: [_("Enter a whole number of at least 1.")]})
    return value


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=` and `?page_size=` (default 50, at most 200: larger values are capped, not refused)."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request) -> int:
        requested = positive_int_param(request, self.page_size_query_param)
        return self.page_size if requested is None else min(requested, self.max_page_size)

    def get_page_number(self, request, paginator) -> int | str:
        # A malformed page number is a bad request; a page past the end is still DRF's 404.
        return positive_int_param(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view) -> list[dict]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                parameter["description"] = str(
                    _("Number of results per page (default %(default)d, at most %(max)d).")
                    % {"default": self.page_size, "max": self.max_page_size}
                )
        return parameters
