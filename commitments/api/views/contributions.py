"""Co-departments' contributions (配合单位报送): a co-responsible department writes its part of the lead
department's report and submits it; the lead department reads it from its update and consolidates it
(`POST /api/updates/{id}/consolidate/`). An edit names the version it was made from (api/versions.py)."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...filtersets_contributions import ContributionFilterSet
from ...models import Contribution
from ...permissions import can_contribute_at_all, can_edit_contribution, can_read_contributions, visible_contributions
from ...services import contribution_create, contribution_edit, contribution_submit
from ..serializers import (
    ContributionCreateSerializer,
    ContributionEditSerializer,
    ContributionSerializer,
    ContributionSubmitSerializer,
)
from ..versions import ETAG, IF_MATCH, STEP_RESPONSES, WRITE_RESPONSES, at_named_version, etag
from .base import ServiceModelViewSet


@extend_schema_view(
    create=extend_schema(
        request=ContributionCreateSerializer, responses={201: ContributionSerializer}, parameters=[ETAG]
    ),
    retrieve=extend_schema(parameters=[ETAG]),
    partial_update=extend_schema(
        request=ContributionEditSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ContributionSerializer, **WRITE_RESPONSES},
    ),
)
class ContributionViewSet(ServiceModelViewSet):
    """Contributions. A reporter of a co-responsible department writes drafts for its department and submits
    them to the lead department; the office and leaders read all, a department its own and those made to the
    commitments it leads. An edit names the version it was made from (`version` or If-Match), as for
    commitments; a submission may (a stale one is not submitted)."""

    serializer_class = ContributionSerializer
    filterset_class = ContributionFilterSet
    http_method_names = ["get", "post", "patch", "head", "options"]
    read_rules = {"list": can_read_contributions, "retrieve": can_read_contributions}
    action_rules = {
        "create": can_contribute_at_all,
        "partial_update": can_contribute_at_all,
        "submit": can_contribute_at_all,
    }
    object_rules = {"partial_update": can_edit_contribution}

    def get_queryset(self) -> QuerySet[Contribution]:
        return visible_contributions(
            self.request.user, Contribution.objects.select_related("department", "author").order_by("-as_of", "pk")
        )

    def representation(self, contribution: Contribution, status_code: int = status.HTTP_200_OK) -> Response:
        shown = self.get_queryset().get(pk=contribution.pk)
        response = Response(
            ContributionSerializer(shown, context=self.get_serializer_context()).data, status=status_code
        )
        response["ETag"] = etag(shown)
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def create(self, request, *args, **kwargs) -> Response:
        serializer = ContributionCreateSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contribution = contribution_create(user=request.user, **serializer.validated_data)
        return self.representation(contribution, status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs) -> Response:
        contribution = self.get_object()
        serializer = ContributionEditSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        changes = dict(serializer.validated_data)
        contribution = at_named_version(
            request,
            changes.pop("version", None),
            lambda expected: contribution_edit(
                user=request.user, contribution=contribution, expected_version=expected, **changes
            ),
        )
        return self.representation(contribution)

    @extend_schema(
        request=ContributionSubmitSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ContributionSerializer, **STEP_RESPONSES},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None) -> Response:
        """Hands a draft contribution to the lead department. `version` or If-Match may name the version read:
        if someone changed the contribution since, it is not submitted."""
        contribution = self.get_object()
        serializer = ContributionSubmitSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        contribution = at_named_version(
            request,
            serializer.validated_data.get("version"),
            lambda expected: contribution_submit(
                user=request.user, contribution=contribution, expected_version=expected
            ),
            required=False,
        )
        return self.representation(contribution)
