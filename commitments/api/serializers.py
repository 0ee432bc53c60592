"""Serializers: the shape of each resource and field validation only.

Rules (who may write, state changes, derived progress) live in services.py and permissions.py; DRF
does not run Model.clean(), so the services do.
"""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ..choices import Firmness, Rag
from ..models import (
    Chapter,
    Commitment,
    Department,
    Indicator,
    Leader,
    Milestone,
    ProgressUpdate,
    Report,
    ReportedValue,
    Target,
)

# --- Brief representations, nested inside other resources -------------------------------------


class BriefReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "year", "title"]


class BriefChapterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Chapter
        fields = ["id", "number", "title"]


class BriefDepartmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Department
        fields = ["id", "name"]


class BriefLeaderSerializer(serializers.ModelSerializer):
    class Meta:
        model = Leader
        fields = ["id", "name", "position"]


class BriefCommitmentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Commitment
        fields = ["id", "code", "title"]


# --- Resources ----------------------------------------------------------------------------------


class ReportSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "government",
            "year",
            "title",
            "delivered_on",
            "source_text",
            "published",
            "created_at",
            "updated_at",
        ]


class ChapterSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chapter-detail")

    class Meta:
        model = Chapter
        fields = ["id", "url", "report", "number", "title"]


class DepartmentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:department-detail")

    class Meta:
        model = Department
        fields = ["id", "url", "name", "short_name", "kind", "contact_email", "is_active"]


class LeaderSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:leader-detail")

    class Meta:
        model = Leader
        fields = ["id", "url", "name", "position", "email"]


class TargetSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:target-detail")

    class Meta:
        model = Target
        fields = [
            "id",
            "url",
            "commitment",
            "metric",
            "unit",
            "comparator",
            "baseline_value",
            "target_value",
            "current_value",
            "weight",
        ]
        read_only_fields = ["current_value"]


class NestedTargetSerializer(serializers.ModelSerializer):
    """A target inside its commitment: no back-reference, no url."""

    class Meta:
        model = Target
        fields = ["id", "metric", "unit", "comparator", "baseline_value", "target_value", "current_value", "weight"]


class MilestoneSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:milestone-detail")

    class Meta:
        model = Milestone
        fields = ["id", "url", "commitment", "title", "due_date", "completed_on"]
        read_only_fields = ["completed_on"]


class NestedMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "completed_on"]


class LatestUpdateSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    narrative = serializers.CharField()


class CommitmentSerializer(serializers.ModelSerializer):
    """A commitment as the API shows it; `status`, `progress`, `rag` and `version` are kept by the engine."""

    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")
    report = BriefReportSerializer(read_only=True)
    chapter = BriefChapterSerializer(read_only=True)
    lead_department = BriefDepartmentSerializer(read_only=True)
    co_departments = BriefDepartmentSerializer(many=True, read_only=True)
    responsible_leader = BriefLeaderSerializer(read_only=True, allow_null=True)
    targets = NestedTargetSerializer(many=True, read_only=True)
    milestones = NestedMilestoneSerializer(many=True, read_only=True)
    latest_update = serializers.SerializerMethodField()
    # Declared so that the schema allows the blank value these optional choices hold.
    firmness = serializers.ChoiceField(choices=Firmness.choices, allow_blank=True, read_only=True)
    rag = serializers.ChoiceField(choices=Rag.choices, allow_blank=True, read_only=True)

    class Meta:
        model = Commitment
        fields = [
            "id",
            "url",
            "code",
            "title",
            "section",
            "source_text",
            "kind",
            "firmness",
            "report",
            "chapter",
            "lead_department",
            "co_departments",
            "responsible_leader",
            "parent",
            "start_date",
            "due_date",
            "status",
            "progress",
            "rag",
            "targets",
            "milestones",
            "latest_update",
            "version",
            "updated_at",
        ]
        read_only_fields = fields

    @extend_schema_field(LatestUpdateSerializer(allow_null=True))
    def get_latest_update(self, commitment: Commitment) -> dict | None:
        """The latest approved update, from the annotations of `commitment_full_queryset()`."""
        as_of = getattr(commitment, "latest_update_as_of", None)
        if as_of is None:
            return None
        return {"as_of": as_of.isoformat(), "narrative": commitment.latest_update_narrative}


class ReportedValueSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReportedValue
        fields = ["target", "value"]


class ProgressUpdateSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:update-detail")
    values = ReportedValueSerializer(many=True, read_only=True)
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
            "percent",
            "values",
            "milestones_completed",
            "state",
            "created_by",
            "submitted_by",
            "submitted_at",
            "reviewed_by",
            "reviewed_at",
            "review_note",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class IndicatorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:indicator-detail")

    class Meta:
        model = Indicator
        fields = ["id", "url", "report", "name", "value", "unit", "growth_percent", "note", "position"]
