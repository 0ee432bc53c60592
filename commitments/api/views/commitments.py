"""Commitments (with optimistic concurrency and their timeline), targets and milestones."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from ...filtersets import CommitmentFilterSet, MilestoneFilterSet, TargetFilterSet
from ...models import Commitment, Milestone, Target
from ...permissions import can_manage_commitments, can_read_supervision_figures, visible_commitments
from ...selectors import commitment_full_queryset, commitment_timeline
from ...selectors.listing import CommitmentListPage, commitment_list_order, commitment_list_parts
from ...services import (
    commitment_create,
    commitment_delete,
    commitment_update,
    milestone_delete,
    milestone_save,
    milestones_add_quarterly,
    target_delete,
    target_save,
)
from ...supervision.selectors import commitment_figures
from ..serializers import (
    CommitmentDetailSerializer,
    CommitmentSerializer,
    CommitmentWriteSerializer,
    MilestoneSerializer,
    TargetSerializer,
    TimelineSerializer,
)
from ..serializers.listing import commitment_list_representation
from ..serializers.supervision import CommitmentFiguresSerializer, FiguresQuerySerializer
from ..versions import ETAG, IF_MATCH, WRITE_RESPONSES, at_named_version, etag
from .base import MANAGE_RULES, ServiceModelViewSet


@extend_schema_view(
    retrieve=extend_schema(parameters=[ETAG]),
    create=extend_schema(request=CommitmentWriteSerializer, responses={201: CommitmentSerializer}),
    update=extend_schema(
        request=CommitmentWriteSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: CommitmentSerializer, **WRITE_RESPONSES},
    ),
    partial_update=extend_schema(
        request=CommitmentWriteSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: CommitmentSerializer, **WRITE_RESPONSES},
    ),
)
class CommitmentViewSet(ServiceModelViewSet):
    """Commitments; anonymous callers read those of published reports. Listed report by report (in the
    order the reports were entered), each in code order, unless `ordering` says otherwise.

    An edit must name the version it was made from, as `version` in the body or as the ETag of a GET in
    an If-Match header; if the commitment changed since, nothing is saved (409 or 412)."""

    serializer_class = CommitmentSerializer
    filterset_class = CommitmentFilterSet
    anonymous_read = True
    read_rules = {"figures": can_read_supervision_figures}
    action_rules = {**MANAGE_RULES, "quarterly_nodes": can_manage_commitments}

    def get_serializer_class(self):
        # One commitment is shown with how its progress is made up; the list leaves that out.
        return CommitmentSerializer if self.action == "list" else CommitmentDetailSerializer

    def get_queryset(self) -> QuerySet[Commitment]:
        if self.action == "list":
            return visible_commitments(self.request.user, commitment_list_order(Commitment.objects.all()))
        return visible_commitments(self.request.user, commitment_full_queryset())

    def list(self, request, *args, **kwargs) -> Response:
        # Plain rows rather than model instances through nested serialisers: the same JSON for a quarter
        # of the work (see selectors.listing).
        page = self.paginate_queryset(CommitmentListPage(self.filter_queryset(self.get_queryset())))
        parts = commitment_list_parts([row["id"] for row in page])
        return self.get_paginated_response(commitment_list_representation(page, parts, request))

    def representation(self, commitment: Commitment, status_code: int = status.HTTP_200_OK) -> Response:
        # Read back through the detail queryset, for the annotations (latest approved update) it adds.
        fresh = self.get_queryset().get(pk=commitment.pk)
        response = Response(self.get_serializer(fresh).data, status=status_code)
        response["ETag"] = etag(fresh)
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        commitment = self.get_object()
        response = Response(self.get_serializer(commitment).data)
        response["ETag"] = etag(commitment)
        return response

    def create(self, request, *args, **kwargs) -> Response:
        serializer = CommitmentWriteSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        data.pop("version", None)
        commitment = commitment_create(user=request.user, data=data)
        return self.representation(commitment, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs) -> Response:
        commitment = self.get_object()
        serializer = CommitmentWriteSerializer(
            commitment, data=request.data, partial=partial, context=self.get_serializer_context()
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        commitment = at_named_version(
            request,
            data.pop("version", None),
            lambda expected: commitment_update(
                user=request.user, commitment=commitment, data=data, expected_version=expected
            ),
        )
        return self.representation(commitment)

    def perform_destroy(self, instance: Commitment) -> None:
        commitment_delete(user=self.request.user, commitment=instance)

    @extend_schema(responses=TimelineSerializer, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def timeline(self, request, pk=None) -> Response:
        """Expected against actual progress on each date that matters, and the approved updates."""
        timeline = commitment_timeline(self.get_object())
        return Response(TimelineSerializer(timeline, context=self.get_serializer_context()).data)

    @extend_schema(parameters=[FiguresQuerySerializer], responses=CommitmentFiguresSerializer, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def figures(self, request, pk=None) -> Response:
        """序时进度 beside RAG as of a date (default today): the commitment's pace, each target's pace and
        least-squares forecast, the escalation colour and why (red days, missing reports, late milestones).
        For the office, leaders and departments' staff."""
        # Not the list's queryset (annotations and prefetches the figures do not use).
        commitment = get_object_or_404(visible_commitments(request.user, Commitment.objects.all()), pk=pk)
        query = FiguresQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        on = query.evaluation_day()
        figures = commitment_figures(commitment, on=on)
        body = {"commitment": commitment, "as_of": on, "shortfall": figures.shortfall, **vars(figures)}
        return Response(CommitmentFiguresSerializer(body, context=self.get_serializer_context()).data)

    @extend_schema(request=None, responses={201: MilestoneSerializer(many=True)}, filters=False)
    @action(detail=True, methods=["post"], url_path="quarterly-nodes", filterset_class=None, pagination_class=None)
    def quarterly_nodes(self, request, pk=None) -> Response:
        """Adds a node (节点) at the end of each quarter of the task's clock that has no milestone due in it,
        and answers the milestones added (none when every quarter has one). The office only."""
        commitment = get_object_or_404(visible_commitments(request.user, Commitment.objects.all()), pk=pk)
        created = milestones_add_quarterly(user=request.user, commitment=commitment)
        body = MilestoneSerializer(created, many=True, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)


class TargetViewSet(ServiceModelViewSet):
    serializer_class = TargetSerializer
    filterset_class = TargetFilterSet

    def get_queryset(self) -> QuerySet[Target]:
        return Target.objects.filter(commitment__in=visible_commitments(self.request.user))

    def save_object(self, instance: Target, expected_version: int | None = None) -> Target:
        return target_save(user=self.request.user, target=instance, expected_version=expected_version)

    def delete_object(self, instance: Target) -> None:
        target_delete(user=self.request.user, target=instance)


class MilestoneViewSet(ServiceModelViewSet):
    serializer_class = MilestoneSerializer
    filterset_class = MilestoneFilterSet

    def get_queryset(self) -> QuerySet[Milestone]:
        return Milestone.objects.filter(commitment__in=visible_commitments(self.request.user))

    def save_object(self, instance: Milestone, expected_version: int | None = None) -> Milestone:
        return milestone_save(user=self.request.user, milestone=instance, expected_version=expected_version)

    def delete_object(self, instance: Milestone) -> None:
        milestone_delete(user=self.request.user, milestone=instance)
