"""The filter sets of the supervision workflow's own lists: extension requests, close-outs and 督办单
(issue 19), notifications (issue 17) and key projects (issue 18). They share filtersets.py's base and
strict fields."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from .choices import (
    CloseoutApplicationState,
    ExtensionState,
    NoticeState,
    NotificationKind,
    ProjectCategory,
    ProjectStage,
)
from .filtersets import commitments_for, reports_for
from .filtersets_base import (
    BaseFilterSet,
    BooleanFilter,
    ModelChoiceFilter,
    MultipleChoiceFilter,
    StableOrderingFilter,
)
from .models import (
    CloseoutApplication,
    Department,
    ExtensionRequest,
    KeyProject,
    Leader,
    Notification,
    SupervisionNotice,
)

# The end of the cycle (issue 19): extension requests, close-out applications, supervision notices.


class _LifecycleFilterSet(BaseFilterSet):
    commitment = filters.ModelMultipleChoiceFilter(queryset=commitments_for)
    report = filters.ModelChoiceFilter(field_name="commitment__report", queryset=reports_for)
    department = filters.ModelMultipleChoiceFilter(queryset=Department.objects.all())


class ExtensionRequestFilterSet(_LifecycleFilterSet):
    state = filters.MultipleChoiceFilter(choices=ExtensionState.choices)
    ordering = StableOrderingFilter(fields=(("requested_at", "requested_at"), ("decided_at", "decided_at")))

    class Meta:
        model = ExtensionRequest
        fields = ["commitment", "report", "department", "state"]


class CloseoutApplicationFilterSet(_LifecycleFilterSet):
    state = filters.MultipleChoiceFilter(choices=CloseoutApplicationState.choices)
    ordering = StableOrderingFilter(fields=(("applied_at", "applied_at"), ("decided_at", "decided_at")))

    class Meta:
        model = CloseoutApplication
        fields = ["commitment", "report", "department", "state"]


class SupervisionNoticeFilterSet(_LifecycleFilterSet):
    state = filters.MultipleChoiceFilter(choices=NoticeState.choices)
    year = filters.NumberFilter(field_name="year")
    reply_overdue_on = filters.DateFilter(
        method="filter_reply_overdue",
        label=_("Reply overdue on"),
        help_text=_("Only notices still awaiting a reply whose deadline had passed on this day."),
    )
    ordering = StableOrderingFilter(
        fields=(("issued_on", "issued_on"), ("reply_due", "reply_due"), ("sequence", "sequence"))
    )

    class Meta:
        model = SupervisionNotice
        fields = ["commitment", "report", "department", "state", "year"]

    def filter_reply_overdue(self, queryset: QuerySet, name: str, value) -> QuerySet:
        from .supervision.lifecycle_selectors import awaiting_reply

        return queryset.filter(pk__in=awaiting_reply(value).filter(reply_due__lt=value).values("pk"))


class NotificationFilterSet(BaseFilterSet):
    kind = MultipleChoiceFilter(choices=NotificationKind.choices)
    unread = BooleanFilter(field_name="read_at", lookup_expr="isnull", label=_("Unread"))

    class Meta:
        model = Notification
        fields = ["kind", "unread"]


class KeyProjectFilterSet(BaseFilterSet):
    """The key-project ledger's filters (the queryset carries `stage_key`, selectors.projects.with_stage)."""

    ledger = ModelChoiceFilter(queryset=commitments_for, help_text=_("The ledger commitment's id."))
    report = ModelChoiceFilter(field_name="ledger__report", queryset=reports_for)
    department = ModelChoiceFilter(
        field_name="commitment__lead_department",
        queryset=Department.objects.all(),
        label=_("Owner department"),
    )
    leader = ModelChoiceFilter(
        field_name="commitment__responsible_leader", queryset=Leader.objects.all(), label=_("Following leader")
    )
    stage = filters.ChoiceFilter(choices=ProjectStage.choices, method="filter_stage", label=_("Stage"))
    category = filters.ChoiceFilter(
        field_name="categories__category", choices=ProjectCategory.choices, label=_("Category")
    )
    is_reserve = BooleanFilter(label=_("Reserve project"))
    is_example = BooleanFilter(label=_("Example"))
    q = filters.CharFilter(method="search", label=_("Search"), help_text=_("Search in the name and content."))
    ordering = StableOrderingFilter(fields=(("sequence", "sequence"), ("name", "name")))

    class Meta:
        model = KeyProject
        fields = ["ledger", "report", "department", "leader", "stage", "category", "is_reserve", "is_example", "q"]

    def filter_stage(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == ProjectStage.PRELIMINARY:
            return queryset.filter(stage_key__isnull=True)
        return queryset.filter(stage_key=value)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(content__icontains=word))
        return queryset
