"""Brief nested shapes and the reference data: reports, chapters, indicators, departments, leaders."""

from __future__ import annotations

from rest_framework import serializers

from ...models import Chapter, Commitment, Department, Indicator, Leader, Report
from .fields import ServiceModelSerializer


class BriefReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = Report
        fields = ["id", "year", "title", "kind"]


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
    url = serializers.HyperlinkedIdentityField(view_name="api:commitment-detail")

    class Meta:
        model = Commitment
        fields = ["id", "url", "code", "title"]


class ReportSerializer(ServiceModelSerializer):
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
            "kind",
            "reference_number",
            "proposer",
            "received_on",
            "created_at",
            "updated_at",
        ]


class ChapterSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chapter-detail")

    class Meta:
        model = Chapter
        fields = ["id", "url", "report", "number", "title"]


class IndicatorSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:indicator-detail")

    class Meta:
        model = Indicator
        fields = ["id", "url", "report", "name", "value", "unit", "growth_percent", "note", "position"]


class DepartmentSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:department-detail")

    class Meta:
        model = Department
        fields = ["id", "url", "name", "short_name", "kind", "contact_email", "is_active"]


class LeaderSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:leader-detail")

    class Meta:
        model = Leader
        fields = ["id", "url", "name", "position", "email"]
