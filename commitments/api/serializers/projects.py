"""The key-project ledger's shapes: a project, the office's write, a monthly report, a promotion, the figures."""

from __future__ import annotations

from rest_framework import serializers

from ...choices import ProjectCategory, ProjectStage
from ...models import VALUE_DIGITS, Commitment, Department, KeyProject, Leader
from ...services import KeyProjectData
from .common import BriefCommitmentSerializer, BriefDepartmentSerializer, BriefLeaderSerializer, version_field
from .supervision import ForecastSerializer, PaceSerializer


class KeyProjectSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:key-project-detail")
    ledger = BriefCommitmentSerializer(read_only=True)
    commitment = BriefCommitmentSerializer(read_only=True, help_text="The project's own sub-item: report on it.")
    department = BriefDepartmentSerializer(source="commitment.lead_department", read_only=True)
    leader = BriefLeaderSerializer(source="commitment.responsible_leader", read_only=True, allow_null=True)
    planned_investment = serializers.DecimalField(
        source="investment_target.target_value", read_only=True, help_text="亿元", **VALUE_DIGITS
    )
    completed_investment = serializers.DecimalField(
        source="investment_target.current_value",
        read_only=True,
        allow_null=True,
        help_text="亿元, this year so far (approved reports only).",
        **VALUE_DIGITS,
    )
    categories = serializers.SerializerMethodField()
    stage = serializers.SerializerMethodField()

    class Meta:
        model = KeyProject
        fields = [
            "id",
            "url",
            "ledger",
            "commitment",
            "sequence",
            "name",
            "content",
            "department",
            "leader",
            "categories",
            "total_investment",
            "planned_investment",
            "completed_investment",
            "stage",
            "planned_start",
            "planned_completion",
            "is_reserve",
            "promoted_on",
            "is_example",
            "version",
        ]

    def get_categories(self, project: KeyProject) -> list[str]:
        return [tag.category for tag in project.categories.all()]

    def get_stage(self, project: KeyProject) -> str:
        return getattr(project, "stage_key", None) or ProjectStage.PRELIMINARY


class KeyProjectWriteSerializer(serializers.Serializer):
    """The ledger row as the office writes it (amounts in 亿元); the service checks it against the ledger. On
    a change, `version` (or an If-Match header) names the version edited: if someone changed the project
    since, nothing is saved."""

    ledger = serializers.PrimaryKeyRelatedField(queryset=Commitment.objects.all(), required=False)
    sequence = serializers.IntegerField(min_value=1)
    name = serializers.CharField(max_length=200)
    content = serializers.CharField(required=False, allow_blank=True, default="")
    department = serializers.PrimaryKeyRelatedField(queryset=Department.objects.all())
    leader = serializers.PrimaryKeyRelatedField(queryset=Leader.objects.all(), required=False, allow_null=True)
    total_investment = serializers.DecimalField(min_value=0, required=False, default=0, **VALUE_DIGITS)
    planned_investment = serializers.DecimalField(min_value=0, **VALUE_DIGITS)
    planned_start = serializers.DateField(required=False, allow_null=True, default=None)
    planned_completion = serializers.DateField(required=False, allow_null=True, default=None)
    is_reserve = serializers.BooleanField(required=False, default=False)
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=ProjectCategory.choices), required=False, default=list
    )
    is_example = serializers.BooleanField(required=False, default=False)
    version = version_field()

    def validate(self, data: dict) -> dict:
        if self.instance is None and data.get("ledger") is None:
            raise serializers.ValidationError({"ledger": "This field is required."})
        return data

    def project_data(self) -> KeyProjectData:
        data = dict(self.validated_data)
        data.pop("ledger", None)
        data.pop("version", None)
        return KeyProjectData(**data)


class KeyProjectReportSerializer(serializers.Serializer):
    """A monthly report: completed investment this year so far (亿元, cumulative) and the stages completed."""

    as_of = serializers.DateField()
    completed_investment = serializers.DecimalField(min_value=0, required=False, allow_null=True, **VALUE_DIGITS)
    stages = serializers.ListField(
        child=serializers.ChoiceField(choices=[c for c in ProjectStage.choices if c[0] != ProjectStage.PRELIMINARY]),
        required=False,
        default=list,
    )
    narrative = serializers.CharField(required=False, allow_blank=True, default="")
    evidence = serializers.ListField(child=serializers.URLField(), required=False, default=list)


class KeyProjectPromoteSerializer(serializers.Serializer):
    """`version` (or an If-Match header) is optional: named and stale, the project is not promoted."""

    on = serializers.DateField()
    note = serializers.CharField(required=False, allow_blank=True, default="")
    version = version_field()


class LedgerQuerySerializer(serializers.Serializer):
    ledger = serializers.PrimaryKeyRelatedField(
        queryset=Commitment.objects.filter(key_projects__isnull=False).distinct()
    )
    as_of = serializers.DateField(required=False)


class GroupSerializer(serializers.Serializer):
    key = serializers.CharField(allow_null=True)
    label = serializers.CharField()
    count = serializers.IntegerField()
    reserves = serializers.IntegerField()
    planned = serializers.DecimalField(**VALUE_DIGITS)
    completed = serializers.DecimalField(**VALUE_DIGITS)


class MonthSerializer(serializers.Serializer):
    as_of = serializers.DateField()
    completed = serializers.DecimalField(allow_null=True, **VALUE_DIGITS)
    added = serializers.DecimalField(allow_null=True, **VALUE_DIGITS)
    expected = serializers.DecimalField(**VALUE_DIGITS)


class LedgerFiguresSerializer(serializers.Serializer):
    """The ledger's headline figures on a day, counted from its rows (selectors/projects.py)."""

    ledger = BriefCommitmentSerializer()
    on = serializers.DateField()
    count = serializers.IntegerField()
    reserves = serializers.IntegerField()
    promoted = serializers.IntegerField()
    started = serializers.IntegerField()
    examples = serializers.IntegerField()
    planned = serializers.DecimalField(**VALUE_DIGITS)
    completed = serializers.DecimalField(**VALUE_DIGITS)
    investment_pace = PaceSerializer()
    investment_forecast = ForecastSerializer(allow_null=True)
    started_pace = PaceSerializer()
    by_stage = GroupSerializer(many=True)
    by_category = GroupSerializer(many=True)
    by_department = GroupSerializer(many=True)
    by_leader = GroupSerializer(many=True)
    by_month = MonthSerializer(many=True)
