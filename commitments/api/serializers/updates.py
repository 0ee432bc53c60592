"""Progress updates: their representation, what a reporter writes, and the review note."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import (
    PERCENT_DIGITS,
    VALUE_DIGITS,
    Commitment,
    Evidence,
    Milestone,
    ProgressUpdate,
    ReportedValue,
    Target,
)
from .common import version_field
from .fields import IdRelatedField


class ReportedValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportedValue
        fields = ["target", "value"]


class EvidenceSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    url = serializers.SerializerMethodField(help_text=_("The link, or where the file is downloaded."))

    class Meta:
        model = Evidence
        fields = ["id", "kind", "title", "url", "original_name", "content_type", "size", "created_at"]
        read_only_fields = fields

    def get_url(self, evidence: Evidence) -> str:
        if not evidence.file:
            return evidence.url
        # Files are served only by the evidence view, which checks that the caller may read the update.
        path = reverse("commitments:evidence", args=[evidence.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ProgressUpdateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:update-detail")
    values = ReportedValueSerializer(many=True, read_only=True)
    evidence = EvidenceSerializer(many=True, read_only=True)
    created_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    reviewed_by = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "url",
            "commitment",
            "as_of",
            "narrative",
            "problems",
            "next_steps",
            "coordination_needed",
            "percent",
            "values",
            "milestones_completed",
            "evidence",
            "state",
            "created_by",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ReportedValueInputSerializer(serializers.Serializer):
    target = IdRelatedField(queryset=Target.objects.all())
    value = serializers.DecimalField(**VALUE_DIGITS)


class EvidenceLinkInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    url = serializers.URLField(max_length=500)


class ProgressUpdateEditSerializer(serializers.Serializer):
    """Changes to a draft or returned update. Fields left out stay; `values` and `milestones_completed`
    replace the update's; `evidence` links are added to it."""

    as_of = serializers.DateField(required=False)
    narrative = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("进展情况: the progress made.")
    )
    problems = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("存在问题: the problems met.")
    )
    next_steps = serializers.CharField(
        required=False, allow_blank=True, trim_whitespace=False, help_text=_("下步计划: the next steps.")
    )
    coordination_needed = serializers.CharField(
        required=False,
        allow_blank=True,
        trim_whitespace=False,
        help_text=_("需协调事项: matters needing coordination by the office or leaders."),
    )
    percent = serializers.DecimalField(required=False, allow_null=True, **PERCENT_DIGITS)
    values = ReportedValueInputSerializer(many=True, required=False)
    milestones_completed = IdRelatedField(many=True, queryset=Milestone.objects.all(), required=False)
    evidence = EvidenceLinkInputSerializer(many=True, required=False)
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        write_only=True,
        help_text=_("The version you edited (or send an If-Match header); a stale one answers 409."),
    )

    def service_arguments(self) -> dict:
        """validated_data in the form update_create and update_edit take."""
        data = dict(self.validated_data)
        data.pop("version", None)
        if "values" in data:
            data["values"] = [(item["target"], item["value"]) for item in data["values"]]
        if "evidence" in data:
            data["links"] = [(item["title"], item["url"]) for item in data.pop("evidence")]
        return data


class ProgressUpdateCreateSerializer(ProgressUpdateEditSerializer):
    """A new draft update for a commitment the caller may report on."""

    commitment = IdRelatedField(queryset=Commitment.objects.all())
    as_of = serializers.DateField()


class EvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    file = serializers.FileField(
        help_text=_("PDF, Word, Excel, JPEG, PNG or WebP; its first bytes must match its extension.")
    )


class UpdateStepSerializer(serializers.Serializer):
    """Submit or approve. Optional: the version decided on (or an If-Match header); an update changed since
    is not acted on (409 or 412)."""

    version = version_field()


class UpdateReturnSerializer(UpdateStepSerializer):
    note = serializers.CharField(help_text=_("Why the update goes back to its department."))
