"""The reporting endpoints: summary, department scorecard, commitment timeline, and their query parameters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...choices import CommitmentStatus, Rag
from ...models import Chapter, Department, Report
from .common import BriefCommitmentSerializer, BriefDepartmentSerializer
from .fields import IdRelatedField
from .updates import ReportedValueSerializer

PERCENT = {"max_digits": 5, "decimal_places": 2}

# --- Query parameters ---------------------------------------------------------------------------


class AsOfQuerySerializer(serializers.Serializer):
    as_of = serializers.DateField(
        required=False, help_text=_("Figures as of this date (today's stored figures when left out).")
    )


class SummaryQuerySerializer(AsOfQuerySerializer):
    report = IdRelatedField(queryset=Report.objects.all(), required=False)
    chapter = IdRelatedField(queryset=Chapter.objects.all(), required=False)
    department = IdRelatedField(
        queryset=Department.objects.all(), required=False, help_text=_("Led or co-owned by this department.")
    )


# --- Responses ----------------------------------------------------------------------------------


def counts_serializer(name: str, keys: list[str], doc: str) -> type[serializers.Serializer]:
    """A serializer with one integer per choice, so the schema names every key a count can have."""

    def to_representation(self, counts: dict) -> dict:
        # The engine leaves the RAG blank on a commitment never evaluated; it is counted as "unrated".
        counts = {**counts, "unrated": counts.get("", 0)}
        return {key: counts.get(key, 0) for key in keys}

    fields = {key: serializers.IntegerField() for key in keys}
    return type(
        name,
        (serializers.Serializer,),
        {"__doc__": doc, "__module__": __name__, "to_representation": to_representation, "KEYS": keys, **fields},
    )


ByStatusSerializer = counts_serializer(
    "ByStatusSerializer", CommitmentStatus.values, "How many commitments have each status."
)
ByRagSerializer = counts_serializer(
    "ByRagSerializer",
    [*Rag.values, "unrated"],
    "How many commitments have each RAG rating; `unrated` counts those never evaluated.",
)


class TallySerializer(serializers.Serializer):
    count = serializers.IntegerField()
    by_status = ByStatusSerializer()
    by_rag = ByRagSerializer()
    mean_progress = serializers.DecimalField(
        allow_null=True, help_text=_("Mean progress of the commitments not cancelled."), **PERCENT
    )
    overdue = serializers.IntegerField()


class GroupTallySerializer(TallySerializer):
    id = serializers.IntegerField()
    label = serializers.CharField()


class SummarySerializer(TallySerializer):
    as_of = serializers.DateField(allow_null=True, help_text=_("Null for today's stored figures."))
    by_chapter = GroupTallySerializer(many=True)
    by_department = GroupTallySerializer(many=True, help_text=_("By lead department."))


class ScorecardRowSerializer(serializers.Serializer):
    commitment = BriefCommitmentSerializer()
    role = serializers.ChoiceField(choices=[("lead", _("Lead")), ("co", _("Co-responsible"))])
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    progress = serializers.DecimalField(**PERCENT)
    expected_progress = serializers.DecimalField(**PERCENT)
    rag = serializers.ChoiceField(choices=Rag.choices)
    overdue = serializers.BooleanField()
    last_approved_update = serializers.DateField(allow_null=True)
    days_since_last_update = serializers.IntegerField(
        allow_null=True, help_text=_("Days from the last approved update to the as-of date; null if none.")
    )


class ScorecardSerializer(serializers.Serializer):
    department = BriefDepartmentSerializer()
    as_of = serializers.DateField()
    count = serializers.IntegerField()
    overdue_count = serializers.IntegerField()
    commitments = ScorecardRowSerializer(many=True)
    overdue = ScorecardRowSerializer(many=True, help_text=_("The overdue commitments, most overdue first."))


class TimelinePointSerializer(serializers.Serializer):
    date = serializers.DateField()
    expected_progress = serializers.DecimalField(**PERCENT)
    actual_progress = serializers.DecimalField(**PERCENT)
    status = serializers.ChoiceField(choices=CommitmentStatus.choices)
    rag = serializers.ChoiceField(choices=Rag.choices)


class TimelineUpdateSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    as_of = serializers.DateField()
    narrative = serializers.CharField()
    percent = serializers.DecimalField(allow_null=True, **PERCENT)
    values = ReportedValueSerializer(many=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)


class TimelineSerializer(serializers.Serializer):
    commitment = BriefCommitmentSerializer()
    start_date = serializers.DateField()
    clock_start = serializers.DateField(
        help_text=_(
            "The day the clock starts: the later of the start date and the assignment (by default the "
            "report's delivery)."
        )
    )
    due_date = serializers.DateField()
    points = TimelinePointSerializer(many=True)
    updates = TimelineUpdateSerializer(many=True)
