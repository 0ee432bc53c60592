"""Commitments, their targets and milestones: the representation and what a client may write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ...choices import CommitmentStatus, Firmness, Rag
from ...filtersets_base import MAX_ID
from ...models import Commitment, Department, Milestone, Report, Target
from ...selectors import progress_basis, target_progress
from ...services import COMMITMENT_FIELDS
from ...supervision.deadlines import reply_months
from .common import (
    BriefChapterSerializer,
    BriefCommitmentSerializer,
    BriefDepartmentSerializer,
    BriefLeaderSerializer,
    BriefReportSerializer,
)
from .fields import IdRelatedField, ServiceModelSerializer


class TargetProgressField(serializers.DecimalField):
    """The target's progress (0–100) at its stored current value, by the engine's rule."""

    def __init__(self, **kwargs) -> None:
        super().__init__(max_digits=5, decimal_places=2, source="*", read_only=True, **kwargs)

    def to_representation(self, target: Target) -> str:
        return super().to_representation(target_progress(target, target.current_value))


TARGET_FIELDS = [
    "metric",
    "unit",
    "comparator",
    "baseline_value",
    "target_value",
    "base_quantity",
    "base_unit",
    "current_value",
    "progress",
    "weight",
    "allows_negative",
]


class TargetSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:target-detail")
    progress = TargetProgressField()
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Read: the current version. On an edit: the version you edited (or If-Match); stale: 409."),
    )

    class Meta:
        model = Target
        fields = ["id", "url", "commitment", *TARGET_FIELDS, "version"]
        # Derived from the approved updates by the engine, never written.
        read_only_fields = ["current_value"]


class NestedTargetSerializer(serializers.ModelSerializer):
    """A target inside its commitment."""

    progress = TargetProgressField()

    class Meta:
        model = Target
        fields = ["id", *TARGET_FIELDS]
        read_only_fields = fields


class MilestoneSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:milestone-detail")
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Read: the current version. On an edit: the version you edited (or If-Match); stale: 409."),
    )

    class Meta:
        model = Milestone
        fields = ["id", "url", "commitment", "title", "due_date", "completed_on", "version"]
        # Set by the approval of an update that marks the milestone done.
        read_only_fields = ["completed_on"]


class NestedMilestoneSerializer(serializers.ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["id", "title", "due_date", "completed_on"]
        read_only_fields = fields


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
            "assigned_on",
            "due_date",
            "original_due_date",
            "note",
            "status",
            "closeout_state",
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


class BasisPartSerializer(serializers.Serializer):
    commitment = BriefCommitmentSerializer(allow_null=True, help_text=_("The sub-item; null for its own work."))
    label = serializers.CharField()
    status = serializers.ChoiceField(choices=CommitmentStatus.choices, allow_blank=True)
    progress = serializers.DecimalField(max_digits=5, decimal_places=2)
    counted = serializers.BooleanField(help_text=_("False for a cancelled sub-item, shown but not counted."))


class ProgressBasisSerializer(serializers.Serializer):
    rolled_up = serializers.BooleanField(
        help_text=_("True for a parent: its progress is the mean of the parts, each weighing the same.")
    )
    explanation = serializers.CharField()
    parts = BasisPartSerializer(many=True)


class CommitmentDetailSerializer(CommitmentSerializer):
    """One commitment, with how its progress is made up (selectors.progress_basis)."""

    progress_basis = serializers.SerializerMethodField()

    class Meta(CommitmentSerializer.Meta):
        fields = [*CommitmentSerializer.Meta.fields, "progress_basis"]
        read_only_fields = fields

    @extend_schema_field(ProgressBasisSerializer)
    def get_progress_basis(self, commitment: Commitment) -> dict:
        return ProgressBasisSerializer(progress_basis(commitment), context=self.context).data


class CommitmentWriteSerializer(ServiceModelSerializer):
    """What a client sends to create or edit a commitment. On an edit, `version` (or an If-Match header)
    names the version the client read: if someone changed the commitment since, nothing is saved."""

    co_departments = IdRelatedField(many=True, queryset=Department.objects.all(), required=False)
    version = serializers.IntegerField(
        min_value=1,
        required=False,
        write_only=True,
        help_text=_("The version you read (edits only); or send it as an If-Match header."),
    )

    class Meta:
        model = Commitment
        fields = [*COMMITMENT_FIELDS, "co_departments", "version"]
        # In a source with a reply period (建议提案) the service sets a due date left out (source_defaults);
        # elsewhere a new commitment needs one (to_internal_value says so beside the other missing fields).
        extra_kwargs = {"due_date": {"required": False}}

    def to_internal_value(self, data):
        try:
            value, errors = super().to_internal_value(data), {}
        except serializers.ValidationError as error:
            value, errors = None, dict(error.detail)
        creating = self.instance is None and hasattr(data, "get")
        if creating and not data.get("due_date") and "due_date" not in errors and not _has_reply_period(data):
            errors["due_date"] = [self.fields["due_date"].error_messages["required"]]
        if errors:
            raise serializers.ValidationError(errors)
        return value


def _has_reply_period(data) -> bool:
    """Whether the report the data names is a source whose kind sets a default due date."""
    report = data.get("report")
    if isinstance(report, bool) or not isinstance(report, int | str) or not str(report).isdigit():
        return False
    kind = (
        Report.objects.filter(pk=int(report)).values_list("kind", flat=True).first() if int(report) <= MAX_ID else None
    )
    return kind is not None and reply_months(kind) is not None
