"""django-filter FilterSets, one per model, shared by the API and the selectors.

Every filter validates its value: the API answers 400 with the reason for an unknown choice, a
malformed date or an id that does not exist, instead of quietly returning an empty or full list.
Method filters are not called for an empty value (django-filter skips it), so they need no None case.
"""

from __future__ import annotations

import django_filters as filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from .choices import (
    AcceptanceRole,
    AcceptanceState,
    CommitmentKind,
    CommitmentStatus,
    ContestReason,
    DepartmentKind,
    Firmness,
    Rag,
    SourceKind,
    UpdateState,
)
from .filtersets_base import (
    BaseFilterSet,
    BooleanFilter,
    ModelChoiceFilter,
    ModelMultipleChoiceFilter,
    MultipleChoiceFilter,
    StableOrderingFilter,
)
from .models import (
    Acceptance,
    Chapter,
    Commitment,
    Department,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    Target,
)
from .permissions import visible_commitments, visible_reports
from .selectors import rules


def reports_for(request) -> QuerySet[Report]:
    """The reports a filter may name: those the caller may read (permissions.visible_reports), so a viewer
    naming an unpublished report is told it is not a valid choice, as if it did not exist."""
    return visible_reports(getattr(request, "user", None))


def chapters_for(request) -> QuerySet[Chapter]:
    return Chapter.objects.filter(report__in=reports_for(request))


def commitments_for(request) -> QuerySet[Commitment]:
    return visible_commitments(getattr(request, "user", None))


def source_kind_filter(field_name: str) -> MultipleChoiceFilter:
    return MultipleChoiceFilter(
        field_name=field_name,
        choices=SourceKind.choices,
        label=_("Source kind"),
        help_text=_("Where the task comes from: work report, leader's instruction, meeting, suggestion …"),
    )


class ReportFilterSet(BaseFilterSet):
    kind = source_kind_filter("kind")
    q = filters.CharFilter(method="search", label=_("Search"), help_text=_("Search in the title and government."))
    ordering = StableOrderingFilter(fields=(("year", "year"), ("government", "government")))

    class Meta:
        model = Report
        fields = ["year", "government", "published", "kind"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(title__icontains=value) | Q(government__icontains=value))


class ChapterFilterSet(BaseFilterSet):
    report = ModelMultipleChoiceFilter(queryset=reports_for)
    ordering = StableOrderingFilter(fields=(("number", "number"),))

    class Meta:
        model = Chapter
        fields = ["report", "number"]


class DepartmentFilterSet(BaseFilterSet):
    kind = MultipleChoiceFilter(choices=DepartmentKind.choices)
    q = filters.CharFilter(method="search", label=_("Search"), help_text=_("Search in the name and short name."))
    ordering = StableOrderingFilter(fields=(("name", "name"), ("kind", "kind")))

    class Meta:
        model = Department
        fields = ["kind", "is_active"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(short_name__icontains=value))


class LeaderFilterSet(BaseFilterSet):
    q = filters.CharFilter(method="search", label=_("Search"), help_text=_("Search in the name and position."))
    ordering = StableOrderingFilter(fields=(("name", "name"),))

    class Meta:
        model = Leader
        fields = ["q"]

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(Q(name__icontains=value) | Q(position__icontains=value))


class CommitmentFilterSet(BaseFilterSet):
    report = ModelMultipleChoiceFilter(queryset=reports_for)
    source_kind = source_kind_filter("report__kind")
    chapter = ModelMultipleChoiceFilter(queryset=chapters_for)
    department = ModelChoiceFilter(
        queryset=Department.objects.all(),
        method="filter_department",
        label=_("Department"),
        help_text=_("Led or co-owned by this department."),
    )
    lead_department = ModelMultipleChoiceFilter(queryset=Department.objects.all())
    status = MultipleChoiceFilter(choices=CommitmentStatus.choices)
    rag = MultipleChoiceFilter(choices=Rag.choices)
    kind = MultipleChoiceFilter(choices=CommitmentKind.choices)
    firmness = MultipleChoiceFilter(choices=Firmness.choices)
    due_before = filters.DateFilter(
        field_name="due_date",
        lookup_expr="lte",
        label=_("Due on or before"),
        help_text=_("Due on or before this date."),
    )
    due_after = filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label=_("Due on or after"), help_text=_("Due on or after this date.")
    )
    overdue = BooleanFilter(
        method="filter_overdue",
        label=_("Overdue"),
        help_text=_("Past the due date today and neither completed nor cancelled."),
    )
    has_targets = BooleanFilter(method="filter_has_targets", label=_("Has targets"))
    parent = ModelChoiceFilter(
        queryset=commitments_for,
        null_label=_("None"),
        help_text=_("The parent commitment's id, or “null” for top-level commitments."),
    )
    q = filters.CharFilter(
        method="search", label=_("Search"), help_text=_("Search in the code, title and source text.")
    )
    ordering = StableOrderingFilter(
        fields=(("sort_key", "code"), ("due_date", "due_date"), ("progress", "progress"), ("updated_at", "updated_at")),
        help_text=_("code, due_date, progress or updated_at; prefix with - for descending order."),
    )

    class Meta:
        model = Commitment
        fields = [
            "report",
            "source_kind",
            "chapter",
            "department",
            "lead_department",
            "status",
            "rag",
            "kind",
            "firmness",
            "due_before",
            "due_after",
            "overdue",
            "has_targets",
            "parent",
            "q",
        ]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_department(self, queryset: QuerySet, name: str, value: Department) -> QuerySet:
        return queryset.for_department(value)

    def filter_overdue(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        # The condition itself rather than `pk IN (overdue)`: a count then scans the table once, not twice.
        overdue = rules.overdue_condition(timezone.localdate())
        return queryset.filter(overdue) if value else queryset.exclude(overdue)

    def filter_has_targets(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        has = Exists(Target.objects.filter(commitment=OuterRef("pk")))
        return queryset.filter(has) if value else queryset.filter(~has)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)


class TargetFilterSet(BaseFilterSet):
    commitment = ModelMultipleChoiceFilter(queryset=commitments_for)
    report = ModelChoiceFilter(field_name="commitment__report", queryset=reports_for)
    ordering = StableOrderingFilter(fields=(("id", "id"), ("metric", "metric")))

    class Meta:
        model = Target
        fields = ["commitment", "report", "comparator"]


class MilestoneFilterSet(BaseFilterSet):
    commitment = ModelMultipleChoiceFilter(queryset=commitments_for)
    report = ModelChoiceFilter(field_name="commitment__report", queryset=reports_for)
    completed = BooleanFilter(field_name="completed_on", lookup_expr="isnull", exclude=True, label=_("Completed"))
    due_before = filters.DateFilter(field_name="due_date", lookup_expr="lte", label=_("Due on or before"))
    due_after = filters.DateFilter(field_name="due_date", lookup_expr="gte", label=_("Due on or after"))
    ordering = StableOrderingFilter(fields=(("due_date", "due_date"), ("completed_on", "completed_on")))

    class Meta:
        model = Milestone
        fields = ["commitment", "report", "completed", "due_before", "due_after"]


class ProgressUpdateFilterSet(BaseFilterSet):
    commitment = ModelMultipleChoiceFilter(queryset=commitments_for)
    report = ModelChoiceFilter(field_name="commitment__report", queryset=reports_for)
    department = ModelChoiceFilter(
        field_name="commitment__lead_department",
        queryset=Department.objects.all(),
        label=_("Department"),
        help_text=_("The lead department of the update's commitment."),
    )
    source_kind = source_kind_filter("commitment__report__kind")
    state = MultipleChoiceFilter(choices=UpdateState.choices)
    as_of_before = filters.DateFilter(field_name="as_of", lookup_expr="lte", label=_("As of on or before"))
    as_of_after = filters.DateFilter(field_name="as_of", lookup_expr="gte", label=_("As of on or after"))
    needs_coordination = BooleanFilter(
        method="filter_needs_coordination",
        label=_("Needs coordination"),
        help_text=_("The update names matters needing coordination (需协调事项)."),
    )
    ordering = StableOrderingFilter(
        fields=(("as_of", "as_of"), ("submitted_at", "submitted_at"), ("updated_at", "updated_at"))
    )

    class Meta:
        model = ProgressUpdate
        fields = [
            "commitment",
            "report",
            "source_kind",
            "department",
            "state",
            "as_of_before",
            "as_of_after",
            "needs_coordination",
        ]

    def filter_needs_coordination(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        return queryset.exclude(coordination_needed="") if value else queryset.filter(coordination_needed="")


class IndicatorFilterSet(BaseFilterSet):
    report = ModelMultipleChoiceFilter(queryset=reports_for)
    q = filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    ordering = StableOrderingFilter(fields=(("position", "position"), ("name", "name")))

    class Meta:
        model = Indicator
        fields = ["report", "q"]


class AcceptanceFilterSet(BaseFilterSet):
    commitment = ModelMultipleChoiceFilter(queryset=commitments_for)
    report = ModelChoiceFilter(field_name="commitment__report", queryset=reports_for)
    department = ModelMultipleChoiceFilter(queryset=Department.objects.all())
    role = MultipleChoiceFilter(choices=AcceptanceRole.choices)
    state = MultipleChoiceFilter(choices=AcceptanceState.choices)
    reason_kind = MultipleChoiceFilter(choices=ContestReason.choices)
    ordering = StableOrderingFilter(
        fields=(("issued_at", "issued_at"), ("responded_at", "responded_at"), ("resolved_at", "resolved_at"))
    )

    class Meta:
        model = Acceptance
        fields = ["commitment", "report", "department", "role", "state", "reason_kind"]
