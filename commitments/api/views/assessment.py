"""The assessment (考核): the schemes, the ranking of departments as of a day, and its Excel export. Thin: the
ranking is assessment/ranking.py's, who may read which rows permissions.py's."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from ...assessment.export import ranking_xlsx
from ...assessment.ranking import Ranking, assessment_ranking
from ...exports import XLSX_CONTENT_TYPE
from ...models import AssessmentItem, AssessmentScheme
from ...permissions import assessment_departments, can_read_assessment
from ..serializers import AssessmentQuerySerializer, AssessmentSchemeSerializer, RankingSerializer
from .exports import FileNegotiation, XlsxRenderer


class AssessmentSchemeViewSet(viewsets.ReadOnlyModelViewSet):
    """The assessment schemes the office configured (in the admin), one per year, with their items."""

    serializer_class = AssessmentSchemeSerializer
    # Configured in the admin; the API reads them (anything else answers 405).
    http_method_names = ["get", "head", "options"]
    read_rules = {"list": can_read_assessment, "retrieve": can_read_assessment}
    lookup_value_regex = "[0-9]{1,18}"

    def get_queryset(self) -> QuerySet[AssessmentScheme]:
        return AssessmentScheme.objects.prefetch_related(
            Prefetch("items", queryset=AssessmentItem.objects.order_by("position", "id"))
        )


def _ranking(request) -> Ranking:
    query = AssessmentQuerySerializer(data=request.query_params)
    query.is_valid(raise_exception=True)
    return assessment_ranking(
        query.scheme, as_of=query.validated_data.get("as_of"), departments=assessment_departments(request.user)
    )


class AssessmentView(APIView):
    """The year's ranking of departments as of a day, each score with its breakdown by item. The office and
    leaders read every department; a department's staff its own row (with its rank among all)."""

    read_rules = {None: can_read_assessment}

    @extend_schema(
        operation_id="assessment_ranking", parameters=[AssessmentQuerySerializer], responses=RankingSerializer
    )
    def get(self, request) -> Response:
        return Response(RankingSerializer(_ranking(request), context={"request": request}).data)


class AssessmentXlsxView(APIView):
    """The same ranking as an Excel workbook (numbers typed as numbers)."""

    read_rules = {None: can_read_assessment}
    content_negotiation_class = FileNegotiation

    def get_renderers(self):
        return [XlsxRenderer()]

    def handle_exception(self, exc: Exception):
        # A refusal is a JSON error like everywhere else in the API, not a file.
        self.request.accepted_renderer, self.request.accepted_media_type = JSONRenderer(), "application/json"
        return super().handle_exception(exc)

    @extend_schema(
        operation_id="assessment_export_xlsx",
        parameters=[AssessmentQuerySerializer],
        responses={(200, XLSX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY)},
    )
    def get(self, request) -> HttpResponse:
        ranking = _ranking(request)
        response = HttpResponse(ranking_xlsx(ranking), content_type=XLSX_CONTENT_TYPE)
        response["Content-Disposition"] = f'attachment; filename="assessment-{ranking.scheme.year}.xlsx"'
        return response
