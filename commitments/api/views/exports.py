"""GET /api/commitments/export.xlsx and .csv: the task table of the commitments the list filters select."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.renderers import BaseRenderer, JSONRenderer

from ...exports import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, task_table_csv, task_table_xlsx
from ...filtersets import CommitmentFilterSet
from ...models import Commitment
from ...permissions import visible_commitments
from ...selectors import TaskTableRow, task_table_rows, task_table_title
from ...selectors.figures_cache import queryset_key, remembered


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
    """The task decomposition table of the commitments the list's filters select, as a file; always in code
    order (the table's own order), whatever `ordering` says."""

    filterset_class = CommitmentFilterSet
    pagination_class = None
    content_negotiation_class = FileNegotiation
    anonymous_read = True
    file_renderer: type[BaseRenderer]

    def get_queryset(self) -> QuerySet[Commitment]:
        return visible_commitments(self.request.user, Commitment.objects.all())

    def get_renderers(self) -> list[BaseRenderer]:
        return [self.file_renderer()]

    def handle_exception(self, exc: Exception):
        # A refusal (400, 401, 403) is a JSON error like everywhere else in the API, not a file.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    def rows(self) -> list[TaskTableRow]:
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
        # Remembered per figure generation like the bulletin (a change of any commitment, department, target
        # or co-department retires it, signals.py): openpyxl spent about 100 ms writing a report's 330 rows,
        # whatever the data size, on every download. The key names the rows' statement, the language the
        # labels are written in and the title row (the report and the date, which a cached file must not keep
        # past its day).
        commitments = self.filter_queryset(self.get_queryset())
        title = task_table_title(commitments, on=timezone.localdate())
        key = ("task-table-xlsx", queryset_key(commitments), get_language(), title)
        document = remembered(key, lambda: task_table_xlsx(task_table_rows(commitments), title=title))
        response = HttpResponse(document, content_type=XLSX_CONTENT_TYPE)
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
