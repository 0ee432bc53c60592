"""API views: thin viewsets over the selectors; writes go through the services."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, viewsets
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

from ..exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, task_table_csv, task_table_xlsx
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
from ..selectors import commitment_full_queryset, task_table_rows
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


# --- Exports ------------------------------------------------------------------------------------


class XlsxRenderer(BaseRenderer):
    media_type = XLSX_CONTENT_TYPE
    format = "xlsx"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data


class CsvRenderer(BaseRenderer):
    media_type = "text/csv"
    format = "csv"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return data.encode() if isinstance(data, str) else data


class FileNegotiation(BaseContentNegotiation):
    """An export answers its one file type whatever the Accept header asks for."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type


class TaskTableExportView(generics.GenericAPIView):
    """The task decomposition table of the commitments the same filters select, as a file."""

    filterset_class = CommitmentFilterSet
    pagination_class = None
    anonymous_read = True
    file_renderer: type[BaseRenderer]

    def get_queryset(self) -> QuerySet[Commitment]:
        return visible_commitments(self.request.user, Commitment.objects.all())

    content_negotiation_class = FileNegotiation

    def get_renderers(self) -> list[BaseRenderer]:
        return [self.file_renderer()]

    def handle_exception(self, exc: Exception):
        # A refusal (400, 401, 403) is a JSON error like everywhere else in the API, not a file.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    def rows(self):
        return task_table_rows(self.filter_queryset(self.get_queryset()))


class TaskTableXlsxView(TaskTableExportView):
    file_renderer = XlsxRenderer

    @extend_schema(
        operation_id="commitments_export_xlsx",
        tags=["commitments"],
        filters=True,
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(task_table_xlsx(self.rows()), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="task-table.xlsx"'
        return response


class TaskTableCsvView(TaskTableExportView):
    file_renderer = CsvRenderer

    @extend_schema(
        operation_id="commitments_export_csv",
        tags=["commitments"],
        filters=True,
        responses={(200, "text/csv"): OpenApiResponse(OpenApiTypes.STR)},
    )
    def get(self, request, *args, **kwargs) -> HttpResponse:
        response = HttpResponse(task_table_csv(self.rows()), content_type=CSV_CONTENT_TYPE)
        response["Content-Disposition"] = 'attachment; filename="task-table.csv"'
        return response
