"""The commitment list as plain rows: the page's ids through the ORM (the filters and the order are
dynamic), then the rows and their nested collections by id with the fixed statements of plain_sql.py,
which measured a third of what the ORM's `.values()` cost for the same rows. The API shapes the rows
directly (`api.serializers.listing`); the detail view keeps the ModelSerializer, and a test holds the two
representations equal.
"""

from __future__ import annotations

from django.db.models import QuerySet

from ..models import Commitment
from ..plain_sql import CommitmentParts, commitment_list_parts, commitment_list_rows

__all__ = ["LIST_ORDER", "CommitmentListPage", "CommitmentParts", "commitment_list_order", "commitment_list_parts"]

# Report, then the code order within it, then id: the (report, sort_key, id) index serves it, so a page
# is read in order and the scan stops after it, whatever filter narrows the rows.
LIST_ORDER = ("report_id", "sort_key", "id")


def commitment_list_order(queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    return queryset.order_by(*LIST_ORDER)


class CommitmentListPage:
    """A filtered list for a paginator: counted on the filtered queryset alone (the rows' joins would only
    slow the count down), sliced into rows (`commitment_list_rows`)."""

    def __init__(self, queryset: QuerySet[Commitment]) -> None:
        self.queryset = queryset
        self.ordered = queryset.ordered

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[dict]:
        # The page's ids in the list's order through the ORM, then the rows by id (plain_sql.py).
        return commitment_list_rows(list(self.queryset.values_list("pk", flat=True)[index]))
