"""Supervision (督办): reporting completeness, targets behind 序时进度, acceptances (签收) and their actions.

Thin: parse the query or body, call one selector or service of commitments/supervision, render. Who may
read and write what is commitments/permissions.py; the services check it again.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from ...filtersets import AcceptanceFilterSet
from ...models import Acceptance, Commitment
from ...permissions import (
    can_answer_acceptance,
    can_answer_acceptances,
    can_read_any_completeness,
    can_read_completeness,
    can_read_supervision_figures,
    can_resolve_contests,
    completeness_departments,
    visible_acceptances,
    visible_commitments,
    visible_reports,
)
from ...supervision import services
from ...supervision.selectors import (
    behind_pace_targets,
    completeness_total,
    contested_queue,
    reporting_completeness,
)
from ..serializers.supervision import (
    AcceptanceClarifySerializer,
    AcceptanceContestSerializer,
    AcceptanceReassignedSerializer,
    AcceptanceReassignSerializer,
    AcceptanceSerializer,
    BehindPaceQuerySerializer,
    BehindPaceSerializer,
    CompletenessQuerySerializer,
    CompletenessSerializer,
)


class CompletenessView(APIView):
    """Periodic reports expected, submitted (on time, late), missing, not yet due and approved, per lead
    department (and reporting month with `by_period`), counting the reports due between `start` and `end` as
    seen on `as_of`. The office and leaders read every department; a department's staff their own."""

    read_rules = {None: can_read_any_completeness}

    @extend_schema(
        operation_id="supervision_completeness",
        parameters=[CompletenessQuerySerializer],
        responses=CompletenessSerializer,
    )
    def get(self, request) -> Response:
        query = CompletenessQuerySerializer(data=request.query_params)
        # A report the caller may not read is as unknown as one that does not exist.
        query.fields["report"].queryset = visible_reports(request.user)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        department, report = data.get("department"), data.get("report")
        if department is not None and not can_read_completeness(request.user, department):
            raise PermissionDenied(_("A department reads its own reporting completeness only."))
        scope = visible_commitments(request.user).filter(lead_department__in=completeness_departments(request.user))
        if report is not None:
            scope = scope.filter(report=report)
        if department is not None:
            scope = scope.filter(lead_department=department)
        on = query.evaluation_day()
        rows = reporting_completeness(scope, start=data["start"], end=data["end"], on=on, by_period=data["by_period"])
        body = {
            "as_of": on,
            "start": data["start"],
            "end": data["end"],
            "by_period": data["by_period"],
            "rows": rows,
            "total": completeness_total(rows),
        }
        return Response(CompletenessSerializer(body, context={"request": request}).data)


class BehindPaceView(APIView):
    """The targets behind 序时进度 on `as_of` (the share achieved trails the share of time elapsed by more than
    the RAG tolerance), furthest behind first, with their commitment's RAG and the forecast's shortfall."""

    read_rules = {None: can_read_supervision_figures}

    @extend_schema(
        operation_id="supervision_behind_pace",
        parameters=[BehindPaceQuerySerializer],
        responses=BehindPaceSerializer,
    )
    def get(self, request) -> Response:
        query = BehindPaceQuerySerializer(data=request.query_params)
        reports = visible_reports(request.user)
        query.fields["report"].queryset = reports
        query.is_valid(raise_exception=True)
        report = query.validated_data.get("report") or reports.order_by("-year", "government", "pk").first()
        department = query.validated_data.get("department")
        on = query.evaluation_day()
        rows = []
        if report is not None:
            scope = visible_commitments(request.user, Commitment.objects.filter(report=report))
            if department is not None:
                scope = scope.for_department(department)
            rows = behind_pace_targets(scope, on=on)
        body = {"report": report, "as_of": on, "count": len(rows), "targets": rows}
        return Response(BehindPaceSerializer(body, context={"request": request}).data)


ANSWERS = ("accept", "contest", "acknowledge")
RESOLUTIONS = ("clarify", "reassign")


@extend_schema_view(
    list=extend_schema(
        description="The acceptances the caller may read: all for the office and leaders, "
        "their own department's for a department's staff."
    ),
)
class AcceptanceViewSet(viewsets.ReadOnlyModelViewSet):
    """签收: each department's acceptance of a commitment. The lead department accepts or contests; a
    co-responsible department acknowledges or contests its co-assignment; the office clarifies or reassigns
    contested tasks (`contested/` is its queue)."""

    serializer_class = AcceptanceSerializer
    filterset_class = AcceptanceFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    action_rules = {
        **dict.fromkeys(ANSWERS, can_answer_acceptances),
        **dict.fromkeys(RESOLUTIONS, can_resolve_contests),
    }
    object_rules = dict.fromkeys(ANSWERS, can_answer_acceptance)

    def base_queryset(self) -> QuerySet[Acceptance]:
        return Acceptance.objects.select_related("commitment", "department", "issued_by", "responded_by", "resolved_by")

    def get_queryset(self) -> QuerySet[Acceptance]:
        if self.action in ANSWERS + RESOLUTIONS:
            # Staff read every commitment: a department answering another's task is told it may not (403),
            # not that the task does not exist.
            return self.base_queryset().filter(commitment__in=visible_commitments(self.request.user))
        return visible_acceptances(self.request.user, self.base_queryset())

    def representation(self, acceptance: Acceptance) -> Response:
        fresh = self.base_queryset().get(pk=acceptance.pk)
        return Response(AcceptanceSerializer(fresh, context=self.get_serializer_context()).data)

    @extend_schema(responses=AcceptanceSerializer(many=True), filters=True)
    @action(detail=False, methods=["get"])
    def contested(self, request) -> Response:
        """The office's queue: contested tasks (lead and co-responsible), oldest answer first."""
        queryset = self.filter_queryset(visible_acceptances(request.user, contested_queue()))
        queryset = queryset.select_related("issued_by", "resolved_by")
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=None, responses=AcceptanceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None) -> Response:
        """The lead department accepts (签收) its task."""
        return self.representation(services.acceptance_accept(user=request.user, acceptance=self.get_object()))

    @extend_schema(request=None, responses=AcceptanceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def acknowledge(self, request, pk=None) -> Response:
        """A co-responsible department acknowledges (知悉) its part."""
        return self.representation(services.acceptance_acknowledge(user=request.user, acceptance=self.get_object()))

    @extend_schema(request=AcceptanceContestSerializer, responses=AcceptanceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def contest(self, request, pk=None) -> Response:
        """The department contests its task (lead) or co-assignment (co-responsible), with a reason; it goes to
        the office's queue."""
        acceptance = self.get_object()
        body = AcceptanceContestSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.representation(
            services.acceptance_contest(user=request.user, acceptance=acceptance, **body.validated_data)
        )

    @extend_schema(request=AcceptanceClarifySerializer, responses=AcceptanceSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def clarify(self, request, pk=None) -> Response:
        """The office answers a contest; the task goes back to the department, which answers again."""
        acceptance = self.get_object()
        body = AcceptanceClarifySerializer(data=request.data)
        body.is_valid(raise_exception=True)
        return self.representation(
            services.acceptance_clarify(user=request.user, acceptance=acceptance, note=body.validated_data["note"])
        )

    @extend_schema(request=AcceptanceReassignSerializer, responses=AcceptanceReassignedSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reassign(self, request, pk=None) -> Response:
        """The office gives a contested task to another department (or releases a contesting co-department)."""
        acceptance = self.get_object()
        body = AcceptanceReassignSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        opened = services.acceptance_reassign(
            user=request.user,
            acceptance=acceptance,
            department=data.get("department"),
            note=data["note"],
            keep_previous_as_co=data["keep_previous_as_co"],
        )
        rows = self.base_queryset().in_bulk([acceptance.pk, *([opened.pk] if opened else [])])
        context = self.get_serializer_context()
        return Response(
            AcceptanceReassignedSerializer(
                {"contested": rows[acceptance.pk], "opened": rows[opened.pk] if opened else None}, context=context
            ).data
        )
