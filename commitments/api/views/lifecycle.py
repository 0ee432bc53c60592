"""The end of the cycle: extension requests (延期申请), close-out applications (办结销号) and supervision
notices (督办单). Thin: check the body, call one service of commitments/supervision, render. Who may do what
is commitments/permissions.py (api/permissions.py maps the actions); the services check it again."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from ...filtersets_workflow import CloseoutApplicationFilterSet, ExtensionRequestFilterSet, SupervisionNoticeFilterSet
from ...permissions import (
    can_act_for_lead_departments,
    can_decide_lifecycle,
    can_decide_request,
    can_reply_notice,
    visible_lifecycle,
)
from ...supervision import closeout, extensions, notices
from ...supervision.lifecycle_selectors import closeout_list, extension_list, notice_list
from ...supervision.notice_document import DOCX_CONTENT_TYPE, notice_content_disposition, notice_document
from ..parsers import LimitedJSONParser
from ..serializers.lifecycle import (
    CloseoutApplicationSerializer,
    CloseoutApplySerializer,
    CloseoutCloseSerializer,
    DecisionSerializer,
    ExtensionRequestCreateSerializer,
    ExtensionRequestSerializer,
    NoticeIssueSerializer,
    NoticeReplySerializer,
    NoticeSendBackSerializer,
    ReasonedDecisionSerializer,
    ReopenSerializer,
    SupervisionNoticeSerializer,
)

PARSERS = [LimitedJSONParser, FormParser, MultiPartParser]


class _LifecycleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = "[0-9]{1,18}"
    parser_classes = PARSERS

    def base_queryset(self) -> QuerySet:
        raise NotImplementedError

    def get_queryset(self) -> QuerySet:
        # A row the caller may read but not act on answers 403 (action_rules, object_rules); one it may not
        # read (another department's) 404.
        return visible_lifecycle(self.request.user, self.base_queryset())

    def body(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def representation(self, row, code: int = status.HTTP_200_OK) -> Response:
        fresh = self.base_queryset().get(pk=row.pk)
        return Response(self.get_serializer(fresh).data, status=code)

    def evidence_response(self, row) -> FileResponse:
        if not row.evidence_file:
            raise Http404
        return FileResponse(
            row.evidence_file.open("rb"),
            as_attachment=True,
            filename=row.evidence_name or row.evidence_file.name.rsplit("/", 1)[-1],
            content_type=row.evidence_content_type or "application/octet-stream",
        )


class ExtensionRequestViewSet(_LifecycleViewSet):
    """延期申请: the lead department asks for a later deadline with a reason and evidence (a link, or a file sent
    as multipart); the office approves (the new deadline takes effect, the original stays on record) or refuses
    with a note. The office and leaders read all; a department's staff the requests of their commitments."""

    serializer_class = ExtensionRequestSerializer
    filterset_class = ExtensionRequestFilterSet
    deciding = ("approve", "refuse")
    action_rules = {"create": can_act_for_lead_departments, **dict.fromkeys(deciding, can_decide_lifecycle)}
    object_rules = dict.fromkeys(deciding, can_decide_request)

    def base_queryset(self) -> QuerySet:
        return extension_list()

    @extend_schema(request=ExtensionRequestCreateSerializer, responses={201: ExtensionRequestSerializer})
    def create(self, request) -> Response:
        data = self.body(ExtensionRequestCreateSerializer)
        row = extensions.extension_request(user=request.user, **data)
        return self.representation(row, status.HTTP_201_CREATED)

    @extend_schema(request=DecisionSerializer, responses=ExtensionRequestSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def approve(self, request, pk=None) -> Response:
        """Approves the request: its date becomes the effective deadline; RAG and pace follow."""
        row = self.get_object()
        note = self.body(DecisionSerializer)["note"]
        return self.representation(extensions.extension_approve(user=request.user, extension=row, note=note))

    @extend_schema(request=ReasonedDecisionSerializer, responses=ExtensionRequestSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def refuse(self, request, pk=None) -> Response:
        """Refuses the request with the office's reasons."""
        row = self.get_object()
        note = self.body(ReasonedDecisionSerializer)["note"]
        return self.representation(extensions.extension_refuse(user=request.user, extension=row, note=note))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def evidence(self, request, pk=None) -> FileResponse:
        """The request's evidence file (404 when its evidence is a link)."""
        return self.evidence_response(self.get_object())


class CloseoutApplicationViewSet(_LifecycleViewSet):
    """办结 / 销号: the lead department applies for completion with evidence; the office verifies it (optionally
    recording a site check) and closes the task, or sends it back with reasons; a closed task is reopened with
    a reason. The commitment's `closeout_state` follows beside its `status`."""

    serializer_class = CloseoutApplicationSerializer
    filterset_class = CloseoutApplicationFilterSet
    deciding = ("close", "send_back", "reopen")
    action_rules = {"create": can_act_for_lead_departments, **dict.fromkeys(deciding, can_decide_lifecycle)}
    object_rules = dict.fromkeys(("close", "send_back"), can_decide_request)

    def base_queryset(self) -> QuerySet:
        return closeout_list()

    @extend_schema(request=CloseoutApplySerializer, responses={201: CloseoutApplicationSerializer})
    def create(self, request) -> Response:
        data = self.body(CloseoutApplySerializer)
        return self.representation(closeout.closeout_apply(user=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=CloseoutCloseSerializer, responses=CloseoutApplicationSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def close(self, request, pk=None) -> Response:
        """Verifies the application (with an optional site check) and closes the task (销号)."""
        row = self.get_object()
        data = self.body(CloseoutCloseSerializer)
        return self.representation(closeout.closeout_close(user=request.user, application=row, **data))

    @extend_schema(request=ReasonedDecisionSerializer, responses=CloseoutApplicationSerializer, filters=False)
    @action(detail=True, methods=["post"], url_path="send-back", filterset_class=None)
    def send_back(self, request, pk=None) -> Response:
        """Sends the application back with the office's reasons."""
        row = self.get_object()
        note = self.body(ReasonedDecisionSerializer)["note"]
        return self.representation(closeout.closeout_return(user=request.user, application=row, note=note))

    @extend_schema(request=ReopenSerializer, responses=CloseoutApplicationSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reopen(self, request, pk=None) -> Response:
        """Reopens a closed task with a reason."""
        row = self.get_object()
        reason = self.body(ReopenSerializer)["reason"]
        return self.representation(closeout.closeout_reopen(user=request.user, application=row, reason=reason))

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}, filters=False)
    @action(detail=True, methods=["get"], filterset_class=None)
    def evidence(self, request, pk=None) -> FileResponse:
        """The application's evidence file (404 when its evidence is a link)."""
        return self.evidence_response(self.get_object())


class SupervisionNoticeViewSet(_LifecycleViewSet):
    """督办单: the office issues a numbered notice (文号) for a lagging or red task to its lead department; the
    department replies; the office accepts the reply or sends it back. `document/` is the notice as an A4 Word
    file in the official layout. `reply_overdue_on` lists the notices whose reply was overdue on a day."""

    serializer_class = SupervisionNoticeSerializer
    filterset_class = SupervisionNoticeFilterSet
    deciding = ("accept", "send_back")
    action_rules = {
        "create": can_decide_lifecycle,
        "reply": can_act_for_lead_departments,
        **dict.fromkeys(deciding, can_decide_lifecycle),
    }
    object_rules = {"reply": can_reply_notice}

    def base_queryset(self) -> QuerySet:
        return notice_list()

    @extend_schema(request=NoticeIssueSerializer, responses={201: SupervisionNoticeSerializer})
    def create(self, request) -> Response:
        data = self.body(NoticeIssueSerializer)
        return self.representation(notices.notice_issue(user=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(request=NoticeReplySerializer, responses=SupervisionNoticeSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def reply(self, request, pk=None) -> Response:
        """The addressed department's reply."""
        row = self.get_object()
        text = self.body(NoticeReplySerializer)["reply"]
        return self.representation(notices.notice_reply(user=request.user, notice=row, reply=text))

    @extend_schema(request=DecisionSerializer, responses=SupervisionNoticeSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def accept(self, request, pk=None) -> Response:
        """Accepts the reply."""
        row = self.get_object()
        note = self.body(DecisionSerializer)["note"]
        return self.representation(notices.notice_accept(user=request.user, notice=row, note=note))

    @extend_schema(request=NoticeSendBackSerializer, responses=SupervisionNoticeSerializer, filters=False)
    @action(detail=True, methods=["post"], url_path="send-back", filterset_class=None)
    def send_back(self, request, pk=None) -> Response:
        """Sends the reply back with reasons (and optionally a new reply deadline)."""
        row = self.get_object()
        data = self.body(NoticeSendBackSerializer)
        return self.representation(notices.notice_send_back(user=request.user, notice=row, **data))

    @extend_schema(
        responses={(200, DOCX_CONTENT_TYPE): OpenApiResponse(OpenApiTypes.BINARY, description="The .docx file.")},
        filters=False,
    )
    @action(detail=True, methods=["get"], filterset_class=None)
    def document(self, request, pk=None) -> HttpResponse:
        """The notice as an A4 Word document in the official layout (GB/T 9704)."""
        notice = self.get_object()
        response = HttpResponse(notice_document(notice), content_type=DOCX_CONTENT_TYPE)
        response["Content-Disposition"] = notice_content_disposition(notice)
        return response
