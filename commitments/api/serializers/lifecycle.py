"""Extension requests (延期申请), close-out applications (办结销号) and supervision notices (督办单): the
shapes and the bodies of their steps. Field checks only; the services hold the rules."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...choices import CloseoutApplicationState, ExtensionState, NoticeState
from ...models import CloseoutApplication, Commitment, ExtensionRequest, SupervisionNotice
from .common import BriefCommitmentSerializer, BriefDepartmentSerializer
from .fields import IdRelatedField

USER = {"slug_field": "username", "read_only": True, "allow_null": True}
TEXT = {"max_length": 4000}


class _EvidenceShape(serializers.ModelSerializer):
    commitment = BriefCommitmentSerializer(read_only=True)
    department = BriefDepartmentSerializer(read_only=True)
    evidence_file = serializers.SerializerMethodField(help_text=_("The evidence file's download address, if any."))

    def get_evidence_file(self, row) -> str | None:
        if not row.evidence_file:
            return None
        request = self.context.get("request")
        path = reverse(self.download_view, args=[row.pk])
        return request.build_absolute_uri(path) if request else path


class ExtensionRequestSerializer(_EvidenceShape):
    download_view = "api:extension-request-evidence"
    url = serializers.HyperlinkedIdentityField(view_name="api:extension-request-detail")
    state = serializers.ChoiceField(choices=ExtensionState.choices, read_only=True)
    requested_by = serializers.SlugRelatedField(**USER)
    decided_by = serializers.SlugRelatedField(**USER)

    class Meta:
        model = ExtensionRequest
        fields = [
            "id",
            "url",
            "commitment",
            "department",
            "current_due_date",
            "requested_due_date",
            "reason",
            "evidence_url",
            "evidence_file",
            "evidence_name",
            "state",
            "requested_by",
            "requested_at",
            "decided_by",
            "decided_at",
            "decision_note",
        ]
        read_only_fields = fields


class ExtensionRequestCreateSerializer(serializers.Serializer):
    commitment = IdRelatedField(queryset=Commitment.objects.all())
    requested_due_date = serializers.DateField()
    reason = serializers.CharField(**TEXT)
    evidence_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)


class DecisionSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", **TEXT)


class ReasonedDecisionSerializer(serializers.Serializer):
    note = serializers.CharField(help_text=_("The office's reasons."), **TEXT)


class CloseoutApplicationSerializer(_EvidenceShape):
    download_view = "api:closeout-evidence"
    url = serializers.HyperlinkedIdentityField(view_name="api:closeout-detail")
    state = serializers.ChoiceField(choices=CloseoutApplicationState.choices, read_only=True)
    applied_by = serializers.SlugRelatedField(**USER)
    decided_by = serializers.SlugRelatedField(**USER)
    reopened_by = serializers.SlugRelatedField(**USER)

    class Meta:
        model = CloseoutApplication
        fields = [
            "id",
            "url",
            "commitment",
            "department",
            "summary",
            "evidence_url",
            "evidence_file",
            "evidence_name",
            "state",
            "applied_by",
            "applied_at",
            "site_check_on",
            "site_check_by",
            "site_check_note",
            "decided_by",
            "decided_at",
            "decision_note",
            "reopened_by",
            "reopened_at",
            "reopen_reason",
        ]
        read_only_fields = fields


class CloseoutApplySerializer(serializers.Serializer):
    commitment = IdRelatedField(queryset=Commitment.objects.all())
    summary = serializers.CharField(**TEXT)
    evidence_url = serializers.CharField(required=False, allow_blank=True, default="", max_length=500)
    evidence_file = serializers.FileField(required=False, allow_null=True, default=None)


class CloseoutCloseSerializer(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, default="", **TEXT)
    site_check_on = serializers.DateField(required=False, allow_null=True, default=None)
    site_check_by = serializers.CharField(required=False, allow_blank=True, default="", max_length=200)
    site_check_note = serializers.CharField(required=False, allow_blank=True, default="", **TEXT)


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(**TEXT)


class SupervisionNoticeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:notice-detail")
    commitment = BriefCommitmentSerializer(read_only=True)
    department = BriefDepartmentSerializer(read_only=True)
    state = serializers.ChoiceField(choices=NoticeState.choices, read_only=True)
    issued_by = serializers.SlugRelatedField(**USER)
    replied_by = serializers.SlugRelatedField(**USER)
    reviewed_by = serializers.SlugRelatedField(**USER)

    class Meta:
        model = SupervisionNotice
        fields = [
            "id",
            "url",
            "number",
            "commitment",
            "department",
            "issued_on",
            "required_actions",
            "reply_due",
            "state",
            "issued_by",
            "issued_at",
            "reply",
            "replied_by",
            "replied_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
        ]
        read_only_fields = fields


class NoticeIssueSerializer(serializers.Serializer):
    commitment = IdRelatedField(queryset=Commitment.objects.all())
    required_actions = serializers.CharField(**TEXT)
    reply_due = serializers.DateField()
    issued_on = serializers.DateField(required=False, allow_null=True, default=None)


class NoticeReplySerializer(serializers.Serializer):
    reply = serializers.CharField(**TEXT)


class NoticeSendBackSerializer(serializers.Serializer):
    note = serializers.CharField(**TEXT)
    reply_due = serializers.DateField(required=False, allow_null=True, default=None)
