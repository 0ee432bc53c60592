"""The contributions' FilterSet (filtersets.py holds the others and the strict filter classes it uses)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import ContributionState
from .filtersets import commitments_for, source_kind_filter
from .filtersets_base import (
    BaseFilterSet,
    BooleanFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    StableOrderingFilter,
)
from .models import Contribution, Department


class ContributionFilterSet(BaseFilterSet):
    commitment = ModelMultipleChoiceFilter(queryset=commitments_for)
    department = ModelMultipleChoiceFilter(queryset=Department.objects.all())
    source_kind = source_kind_filter("commitment__report__kind")
    state = MultipleChoiceFilter(choices=ContributionState.choices)
    consolidated = BooleanFilter(
        method="filter_consolidated",
        label=_("Consolidated"),
        help_text=_("Already copied into the lead department's update."),
    )
    ordering = StableOrderingFilter(fields=(("as_of", "as_of"), ("period", "period"), ("updated_at", "updated_at")))

    class Meta:
        model = Contribution
        fields = ["commitment", "department", "source_kind", "state", "period", "consolidated"]

    def filter_consolidated(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.filter(consolidated_into__isnull=not value)
