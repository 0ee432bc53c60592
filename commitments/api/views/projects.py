"""The key-project ledger: /api/key-projects/ (filters, the office's writes, 预备转正, a department's monthly
report on its own project) and /api/key-projects/figures/ (the ledger's headline figures on a day)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ...filtersets_workflow import KeyProjectFilterSet
from ...models import KeyProject
from ...permissions import (
    can_create_updates,
    can_manage_key_projects,
    can_report_on_key_project,
    visible_commitments,
    visible_key_projects,
)
from ...selectors.projects import ledger_figures, with_stage
from ...services import (
    key_project_create,
    key_project_promote,
    key_project_report,
    key_project_update,
)
from ..serializers import ProgressUpdateSerializer
from ..serializers.projects import (
    KeyProjectPromoteSerializer,
    KeyProjectReportSerializer,
    KeyProjectSerializer,
    KeyProjectWriteSerializer,
    LedgerFiguresSerializer,
    LedgerQuerySerializer,
)
from ..versions import ETAG, IF_MATCH, STEP_RESPONSES, WRITE_RESPONSES, at_named_version, etag

WRITE = dict.fromkeys(("create", "update", "partial_update", "promote"), can_manage_key_projects)


CHANGE = extend_schema(
    request=KeyProjectWriteSerializer,
    parameters=[IF_MATCH, ETAG],
    responses={200: KeyProjectSerializer, **WRITE_RESPONSES},
)


@extend_schema_view(retrieve=extend_schema(parameters=[ETAG]), update=CHANGE, partial_update=CHANGE)
class KeyProjectViewSet(viewsets.ModelViewSet):
    """Key projects (重点项目台账). Anyone reads those of published reports, staff all; the office adds, changes
    and promotes them; a department reports monthly on its own projects (`report`: a draft progress update
    of the project's sub-item, then submitted and approved at /api/updates/). Amounts in 亿元. A change names
    the version it was made from (`version` or If-Match), as for commitments; a promotion may."""

    serializer_class = KeyProjectSerializer
    filterset_class = KeyProjectFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    http_method_names = ["get", "post", "put", "patch", "head", "options"]  # a project is never deleted
    anonymous_read = True
    action_rules = {**WRITE, "report": can_create_updates}
    object_rules = {"report": can_report_on_key_project}

    def get_queryset(self) -> QuerySet[KeyProject]:
        queryset = with_stage(KeyProject.objects.with_ledger_columns()).order_by("ledger_id", "sequence")
        return visible_key_projects(self.request.user, queryset)

    def representation(self, project: KeyProject, status_code: int = status.HTTP_200_OK) -> Response:
        fresh = self.get_queryset().get(pk=project.pk)
        response = Response(KeyProjectSerializer(fresh, context=self.get_serializer_context()).data, status=status_code)
        response["ETag"] = etag(fresh)
        return response

    def retrieve(self, request, *args, **kwargs) -> Response:
        response = super().retrieve(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response

    @extend_schema(request=KeyProjectWriteSerializer, responses={201: KeyProjectSerializer}, parameters=[ETAG])
    def create(self, request, *args, **kwargs) -> Response:
        serializer = KeyProjectWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ledger = serializer.validated_data["ledger"]
        project = key_project_create(user=request.user, ledger=ledger, data=serializer.project_data())
        return self.representation(project, status.HTTP_201_CREATED)

    def update(self, request, *args, partial: bool = False, **kwargs) -> Response:
        project = self.get_object()
        current = {
            "sequence": project.sequence,
            "name": project.name,
            "content": project.content,
            "department": project.commitment.lead_department_id,
            "leader": project.commitment.responsible_leader_id,
            "total_investment": project.total_investment,
            "planned_investment": project.investment_target.target_value,
            "planned_start": project.planned_start,
            "planned_completion": project.planned_completion,
            "is_reserve": project.is_reserve,
            "categories": [tag.category for tag in project.categories.all()],
            "is_example": project.is_example,
        }
        data = {**current, **request.data} if partial else request.data
        serializer = KeyProjectWriteSerializer(project, data=data)
        serializer.is_valid(raise_exception=True)
        project = at_named_version(
            request,
            serializer.validated_data.get("version"),
            lambda expected: key_project_update(
                user=request.user, project=project, data=serializer.project_data(), expected_version=expected
            ),
        )
        return self.representation(project)

    @extend_schema(
        request=KeyProjectPromoteSerializer,
        parameters=[IF_MATCH, ETAG],
        responses={200: KeyProjectSerializer, **STEP_RESPONSES},
    )
    @action(detail=True, methods=["post"], filterset_class=None)
    def promote(self, request, pk=None) -> Response:
        """预备转正: the reserve project becomes formal from `on`; the history records who and why. `version` or
        If-Match may name the version read: if someone changed the project since, it is not promoted."""
        project = self.get_object()
        serializer = KeyProjectPromoteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        project = at_named_version(
            request,
            data.pop("version", None),
            lambda expected: key_project_promote(user=request.user, project=project, expected_version=expected, **data),
            required=False,
        )
        return self.representation(project)

    @extend_schema(request=KeyProjectReportSerializer, responses={201: ProgressUpdateSerializer})
    @action(detail=True, methods=["post"], filterset_class=None)
    def report(self, request, pk=None) -> Response:
        """A monthly report on the project as a draft progress update of its sub-item; submit it and the
        office approves it at /api/updates/<id>/."""
        project = self.get_object()
        serializer = KeyProjectReportSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        update = key_project_report(user=request.user, project=project, links=data.pop("evidence"), **data)
        body = ProgressUpdateSerializer(update, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(parameters=[LedgerQuerySerializer], responses=LedgerFiguresSerializer, filters=False)
    @action(detail=False, methods=["get"], filterset_class=None, pagination_class=None)
    def figures(self, request) -> Response:
        """The ledger's headline figures on a day (today by default): the projects and reserves, completed
        investment against the annual plan with its 序时 pace and forecast, by stage, category, department,
        leader and month. Counted from the rows, never typed."""
        query = LedgerQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        ledger = get_object_or_404(visible_commitments(request.user), pk=query.validated_data["ledger"].pk)
        on = query.validated_data.get("as_of") or min(timezone.localdate(), ledger.due_date)
        return Response(LedgerFiguresSerializer(ledger_figures(ledger, on=on), context={"request": request}).data)
