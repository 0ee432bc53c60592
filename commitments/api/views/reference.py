"""Reports, chapters, indicators, departments (with their scorecard) and leaders."""

from __future__ import annotations

from django.db.models import Model, QuerySet
from drf_spectacular.utils import extend_schema
from rest_framework.decorators import action
from rest_framework.response import Response

from ...filtersets import (
    ChapterFilterSet,
    DepartmentFilterSet,
    IndicatorFilterSet,
    LeaderFilterSet,
    ReportFilterSet,
)
from ...models import Chapter, Department, Indicator, Leader, Report
from ...permissions import visible_commitments, visible_reports
from ...selectors import department_scorecard
from ...services import reference_delete, reference_save
from ..serializers import (
    AsOfQuerySerializer,
    ChapterSerializer,
    DepartmentSerializer,
    IndicatorSerializer,
    LeaderSerializer,
    ReportSerializer,
    ScorecardSerializer,
)
from .base import ServiceModelViewSet


class ReferenceViewSet(ServiceModelViewSet):
    def save_object(self, instance: Model, expected_version: int | None = None) -> Model:
        return reference_save(user=self.request.user, instance=instance, expected_version=expected_version)

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

    @extend_schema(parameters=[AsOfQuerySerializer], responses=ScorecardSerializer, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def scorecard(self, request, pk=None) -> Response:
        """The department's commitments (led or co-owned) as of a date: progress, RAG, lateness, and the
        days since each one's last approved update."""
        department = self.get_object()
        query = AsOfQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        scorecard = department_scorecard(
            department, as_of=query.validated_data.get("as_of"), queryset=visible_commitments(request.user)
        )
        return Response(ScorecardSerializer(scorecard, context=self.get_serializer_context()).data)


class LeaderViewSet(ReferenceViewSet):
    queryset = Leader.objects.all()
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilterSet
