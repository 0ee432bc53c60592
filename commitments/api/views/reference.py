"""Reports, chapters, indicators, departments and leaders."""

from __future__ import annotations

from django.db.models import Model, QuerySet

from ...filtersets import (
    ChapterFilterSet,
    DepartmentFilterSet,
    IndicatorFilterSet,
    LeaderFilterSet,
    ReportFilterSet,
)
from ...models import Chapter, Department, Indicator, Leader, Report
from ...permissions import visible_reports
from ...services import reference_delete, reference_save
from ..serializers import (
    ChapterSerializer,
    DepartmentSerializer,
    IndicatorSerializer,
    LeaderSerializer,
    ReportSerializer,
)
from .base import ServiceModelViewSet


class ReferenceViewSet(ServiceModelViewSet):
    def save_object(self, instance: Model) -> Model:
        return reference_save(user=self.request.user, instance=instance)

    def delete_object(self, instance: Model) -> None:
        reference_delete(user=self.request.user, instance=instance)


class ReportViewSet(ReferenceViewSet):
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet

    def get_queryset(self) -> QuerySet[Report]:
        return visible_reports(self.request.user)


class ChapterViewSet(ReferenceViewSet):
    serializer_class = ChapterSerializer
    filterset_class = ChapterFilterSet

    def get_queryset(self) -> QuerySet[Chapter]:
        return Chapter.objects.filter(report__in=visible_reports(self.request.user))


class IndicatorViewSet(ReferenceViewSet):
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet

    def get_queryset(self) -> QuerySet[Indicator]:
        return Indicator.objects.filter(report__in=visible_reports(self.request.user))


class DepartmentViewSet(ReferenceViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


class LeaderViewSet(ReferenceViewSet):
    queryset = Leader.objects.all()
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilterSet
