"""Progress updates and their workflow: submit, approve, return."""

from __future__ import annotations

from contextlib import contextmanager

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet, prefetch_related_objects
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response

from ...filtersets import ProgressUpdateFilterSet
from ...models import Evidence, ProgressUpdate, ReportedValue
from ...permissions import (
    can_consolidate_contributions,
    can_create_updates,
    can_delete_update,
    can_edit_update,
    can_read_coordination_matters,
    can_report_on_update,
    can_review_updates,
    visible_contributions,
    visible_updates,
)
from ...selectors.contributions import contributions_for_update, coordination_matters
from ...services import (
    update_approve,
    update_consolidate,
    update_create,
    update_delete,
    update_edit,
    update_return,
    update_submit,
)
from ..serializers import (
    ContributionSerializer,
    EvidenceUploadSerializer,
    ProgressUpdateCreateSerializer,
    ProgressUpdateEditSerializer,
    ProgressUpdateSerializer,
    UpdateReturnSerializer,
    UpdateStepSerializer,
)
from ..versions import (
    ETAG,
    IF_MATCH,
    STEP_RESPONSES,
    WRITE_RESPONSES,
    at_named_version,
    etag,
)
from .base import ServiceModelViewSet


@contextmanager
def fields_named_as_sent(**renames: str):
    """The engine names evidence errors `links` and `files`; the API's fields are `evidence` and `file`."""
    try:
        yield
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        raise ValidationError(
            {renames.get(field, field): messages for field, messages in error.error_dict.items()}
        ) from None


@extend_schema_view(
    create=extend_schema(request=ProgressUpdateCreateSerializer, responses={201: ProgressUpdateSerializer}),
    retrieve=extend_schema(parameters=[ETAG]),
    partial_update=extend_schema(
        request=ProgressUpdateEditSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ProgressUpdateSerializer, **WRITE_RESPONSES},
    ),
)
class ProgressUpdateViewSet(ServiceModelViewSet):
    """Progress updates. Reporters write drafts for their department's commitments and submit them; the
    supervision office approves or returns them. Approved updates are never edited (a correction is a
    new update). An edit names the version it was made from (`version` or If-Match), as for commitments."""

    serializer_class = ProgressUpdateSerializer
    filterset_class = ProgressUpdateFilterSet
    # An update is changed field by field (PATCH); there is no whole-update replacement.
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]
    action_rules = {
        "create": can_create_updates,
        "partial_update": can_create_updates,
        "destroy": can_create_updates,
        "submit": can_create_updates,
        "approve": can_review_updates,
        "return_": can_review_updates,
        "evidence": can_create_updates,
        "consolidate": can_create_updates,
    }
    read_rules = {"coordination": can_read_coordination_matters}
    object_rules = {
        "consolidate": can_consolidate_contributions,
        "partial_update": can_edit_update,
        "evidence": can_edit_update,
        "destroy": can_delete_update,
        # Whose update it is; a second submission is then told its state (400), not "no permission".
        "submit": can_report_on_update,
    }

    # The workflow steps only check the update here: the service reads it again, locked, and its answer shows
    # that instance.
    LEAN_ACTIONS = frozenset({"submit", "approve", "return_", "consolidate", "contributions"})

    @staticmethod
    def related() -> tuple:
        """What an answer shows of the update's related rows (new Prefetch objects each time: they are not
        meant to be shared between requests)."""
        return (
            Prefetch("values", queryset=ReportedValue.objects.order_by("target_id")),
            Prefetch("evidence", queryset=Evidence.objects.order_by("id")),
            "milestones_completed",
        )

    def get_queryset(self) -> QuerySet[ProgressUpdate]:
        if self.action in self.LEAN_ACTIONS:
            return visible_updates(self.request.user, ProgressUpdate.objects.select_related("commitment__report"))
        return self.full_queryset()

    def full_queryset(self) -> QuerySet[ProgressUpdate]:
        return visible_updates(
            self.request.user,
            ProgressUpdate.objects.select_related(
                "commitment__report", "created_by", "submitted_by", "reviewed_by"
            ).prefetch_related(*self.related()),
        )

    def representation(self, update: ProgressUpdate, status_code: int = status.HTTP_200_OK) -> Response:
        if self.action in self.LEAN_ACTIONS:
            # A workflow step changed only the update's own row, which the service read locked, with the
            # people it names, and saved: only the related rows are read.
            prefetch_related_objects([update], *self.related())
            shown = update
        else:
            shown = self.full_queryset().get(pk=update.pk)
        response = Response(
            ProgressUpdateSerializer(shown, context=self.get_serializer_context()).data, status=status_code
        )
        response["ETag"] = etag(shown)
        return response

    def create(self, request, *args, **kwargs) -> Response:
        serializer = ProgressUpdateCreateSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with fields_named_as_sent(links="evidence"):
            update = update_create(user=request.user, **serializer.service_arguments())
        return self.representation(update, status.HTTP_201_CREATED)

    def retrieve(self, request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    def partial_update(self, request, *args, **kwargs) -> Response:
        update = self.get_object()
        serializer = ProgressUpdateEditSerializer(data=request.data, context=self.get_serializer_context())
        serializer.is_valid(raise_exception=True)
        with fields_named_as_sent(links="evidence"):
            update = at_named_version(
                request,
                serializer.validated_data.get("version"),
                lambda expected: update_edit(
                    user=request.user, update=update, expected_version=expected, **serializer.service_arguments()
                ),
            )
        return self.representation(update)

    def perform_destroy(self, instance: ProgressUpdate) -> None:
        update_delete(user=self.request.user, update=instance)

    @extend_schema(
        request={"multipart/form-data": EvidenceUploadSerializer},
        responses={201: ProgressUpdateSerializer},
        filters=False,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser], filterset_class=None)
    def evidence(self, request, pk=None) -> Response:
        """Attaches a file to a draft or returned update (links go in `evidence` when writing the update)."""
        update = self.get_object()
        serializer = EvidenceUploadSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        upload = (serializer.validated_data["title"], serializer.validated_data["file"])
        with fields_named_as_sent(files="file"):
            update = update_edit(user=request.user, update=update, files=[upload])
        return self.representation(update, status.HTTP_201_CREATED)

    def step(self, service, serializer_class=UpdateStepSerializer, **arguments) -> Response:
        """A workflow step on the update: done as it is, or, when a version (or If-Match) names the one decided
        on, refused if the update changed since (409/412)."""
        update = self.get_object()
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        arguments = {name: serializer.validated_data[name] for name in arguments}
        update = at_named_version(
            self.request,
            serializer.validated_data.get("version"),
            lambda expected: service(user=self.request.user, update=update, expected_version=expected, **arguments),
            required=False,
        )
        return self.representation(update)

    @extend_schema(
        request=UpdateStepSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ProgressUpdateSerializer, **STEP_RESPONSES},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def submit(self, request, pk=None) -> Response:
        """Sends a draft or returned update to the supervision office for review."""
        return self.step(update_submit)

    @extend_schema(
        request=UpdateStepSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ProgressUpdateSerializer, **STEP_RESPONSES},
        filters=False,
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None) -> Response:
        """Approves a submitted update: from now on it counts towards the commitment's progress."""
        return self.step(update_approve)

    @extend_schema(
        request=UpdateReturnSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: ProgressUpdateSerializer, **STEP_RESPONSES},
        filters=False,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return", filterset_class=None)
    def return_(self, request, pk=None) -> Response:
        """Sends a submitted update back to its department with a note saying why."""
        return self.step(update_return, UpdateReturnSerializer, note=True)

    @extend_schema(request=None, responses=ProgressUpdateSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def consolidate(self, request, pk=None) -> Response:
        """Copies the co-departments' submitted contributions of the update's period into its four parts, each
        under its department's name (the lead department or the office, while the update is editable)."""
        return self.representation(update_consolidate(user=request.user, update=self.get_object()))

    @extend_schema(request=None, responses=ContributionSerializer(many=True), filters=False)
    @action(detail=True, methods=["get"], filterset_class=None, pagination_class=None)
    def contributions(self, request, pk=None) -> Response:
        """The co-departments' submitted contributions for the update's period: those waiting to be
        consolidated and those already consolidated into it."""
        update = self.get_object()
        shown = visible_contributions(request.user, contributions_for_update(update))
        return Response(ContributionSerializer(shown, many=True, context=self.get_serializer_context()).data)

    @extend_schema(responses=ProgressUpdateSerializer(many=True))
    @action(detail=False, methods=["get"])
    def coordination(self, request) -> Response:
        """Matters needing coordination (需协调事项): each open commitment's latest update received by the office
        that names any (same filters as the list). The office and leaders."""
        matters = coordination_matters(self.filter_queryset(self.full_queryset()))
        page = self.paginate_queryset(matters)
        serializer = ProgressUpdateSerializer(page, many=True, context=self.get_serializer_context())
        return self.get_paginated_response(serializer.data)
