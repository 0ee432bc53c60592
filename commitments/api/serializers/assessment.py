"""The assessment (考核): the query, the scheme and the ranking with each score's breakdown."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import AssessmentItem, AssessmentScheme
from .common import BriefDepartmentSerializer

POINTS = {"max_digits": 12, "decimal_places": 2}


class AssessmentQuerySerializer(serializers.Serializer):
    year = serializers.IntegerField(min_value=1949, max_value=2100, help_text=_("The scheme's year."))
    as_of = serializers.DateField(
        required=False,
        help_text=_("The ranking as it stood on this day (today when left out; at most the year's end)."),
    )

    def validate_as_of(self, value):
        if value > timezone.localdate():
            raise serializers.ValidationError(_("The day cannot be in the future."))
        return value

    def validate_year(self, value):
        scheme = AssessmentScheme.objects.filter(year=value).first()
        if scheme is None:
            raise serializers.ValidationError(_("There is no assessment scheme for this year."))
        self.scheme = scheme
        return value


class AssessmentItemSerializer(serializers.ModelSerializer):
    measure_label = serializers.CharField(source="get_measure_display", read_only=True)

    class Meta:
        model = AssessmentItem
        fields = ["id", "measure", "measure_label", "basis", "points", "cap", "weight", "position"]
        read_only_fields = fields


class AssessmentSchemeSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:assessment-scheme-detail")
    items = AssessmentItemSerializer(many=True, read_only=True)

    class Meta:
        model = AssessmentScheme
        fields = ["id", "url", "year", "name", "base_score", "notes", "items", "created_at", "updated_at"]
        read_only_fields = fields


class ItemScoreSerializer(serializers.Serializer):
    measure = serializers.CharField()
    measure_label = serializers.CharField(source="item.get_measure_display")
    count = serializers.IntegerField(help_text=_("How many occurrences the measure counted."))
    eligible = serializers.IntegerField(help_text=_("Out of how many (a share's denominator)."))
    points = serializers.DecimalField(help_text=_("The item's points after its cap and weight."), **POINTS)


class DepartmentScoreSerializer(serializers.Serializer):
    rank = serializers.IntegerField()
    department = BriefDepartmentSerializer()
    total = serializers.DecimalField(**POINTS)
    items = ItemScoreSerializer(many=True, help_text=_("The breakdown: each item of the scheme."))


class RankingSerializer(serializers.Serializer):
    year = serializers.IntegerField(source="scheme.year")
    scheme = serializers.CharField(source="scheme.name")
    base_score = serializers.DecimalField(source="scheme.base_score", **POINTS)
    as_of = serializers.DateField()
    items = AssessmentItemSerializer(many=True)
    rows = DepartmentScoreSerializer(many=True)
