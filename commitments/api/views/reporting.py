"""GET /api/summary/: how the commitments stand, overall, by chapter and by lead department."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from ...models import Chapter
from ...permissions import visible_commitments, visible_reports
from ...selectors import progress_summary
from ..serializers import SummaryQuerySerializer, SummarySerializer


class SummaryView(APIView):
    """Counts by status and RAG, mean progress and overdue count of the commitments the caller may see,
    overall and broken down by chapter and by lead department; as of a date if `as_of` is given."""

    @extend_schema(operation_id="summary_retrieve", parameters=[SummaryQuerySerializer], responses=SummarySerializer)
    def get(self, request) -> Response:
        query = SummaryQuerySerializer(data=request.query_params)
        # A report the caller may not read is as unknown as one that does not exist.
        reports = visible_reports(request.user)
        query.fields["report"].queryset = reports
        query.fields["chapter"].queryset = Chapter.objects.filter(report__in=reports)
        query.is_valid(raise_exception=True)
        visible = visible_commitments(request.user)
        return Response(progress_summary(**query.validated_data, queryset=visible, shown_as=summary_data))


def summary_data(summary) -> dict:
    """What the API shows of a summary, as plain values (remembered beside the summary itself)."""
    return dict(SummarySerializer(summary).data)
