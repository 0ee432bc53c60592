"""API views: thin viewsets over the selectors; writes go through the services."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import viewsets

from ..filtersets import (
    ChapterFilterSet,
    CommitmentFilterSet,
    DepartmentFilterSet,
    IndicatorFilterSet,
    LeaderFilterSet,
    MilestoneFilterSet,
    ProgressUpdateFilterSet,
    ReportFilterSet,
    TargetFilterSet,
)
from ..models import Chapter, Commitment, Department, Indicator, Leader, Milestone, ProgressUpdate, Report, Target
from ..selectors import commitment_full_queryset
from .serializers import (
    ChapterSerializer,
    CommitmentSerializer,
    DepartmentSerializer,
    IndicatorSerializer,
    LeaderSerializer,
    MilestoneSerializer,
    ProgressUpdateSerializer,
    ReportSerializer,
    TargetSerializer,
)


def not_found(request, exception=None):
    """Under /api/ even a URL that matches no route answers JSON, like every other API error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


def visible_commitments(user, queryset: QuerySet[Commitment]) -> QuerySet[Commitment]:
    """Anonymous callers see commitments of published reports only."""
    return queryset if user.is_authenticated else queryset.published()


class ReadOnlyViewSet(viewsets.ReadOnlyModelViewSet):
    # Up to 18 digits: any longer id cannot exist (BigAutoField) and would only reach the database driver to fail.
    lookup_value_regex = "[0-9]{1,18}"


class ReportViewSet(ReadOnlyViewSet):
    queryset = Report.objects.all()
    serializer_class = ReportSerializer
    filterset_class = ReportFilterSet


class ChapterViewSet(ReadOnlyViewSet):
    queryset = Chapter.objects.all()
    serializer_class = ChapterSerializer
    filterset_class = ChapterFilterSet


class DepartmentViewSet(ReadOnlyViewSet):
    queryset = Department.objects.all()
    serializer_class = DepartmentSerializer
    filterset_class = DepartmentFilterSet


class LeaderViewSet(ReadOnlyViewSet):
    queryset = Leader.objects.all()
    serializer_class = LeaderSerializer
    filterset_class = LeaderFilterSet


class CommitmentViewSet(ReadOnlyViewSet):
    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    anonymous_read = True

    def get_queryset(self) -> QuerySet[Commitment]:
        return visible_commitments(self.request.user, commitment_full_queryset())


class TargetViewSet(ReadOnlyViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self) -> QuerySet[Target]:
        visible = visible_commitments(self.request.user, Commitment.objects.all())
        return Target.objects.filter(commitment__in=visible)


class MilestoneViewSet(ReadOnlyViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self) -> QuerySet[Milestone]:
        visible = visible_commitments(self.request.user, Commitment.objects.all())
        return Milestone.objects.filter(commitment__in=visible)


class ProgressUpdateViewSet(ReadOnlyViewSet):
    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        visible = visible_commitments(self.request.user, Commitment.objects.all())
        return (
            ProgressUpdate.objects.filter(commitment__in=visible)
            .select_related("created_by", "submitted_by", "reviewed_by")
            .prefetch_related("values", "milestones_completed")
        )


class IndicatorViewSet(ReadOnlyViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    filterset_class = IndicatorFilterSet
