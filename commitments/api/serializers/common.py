"""Brief nested shapes and the reference data: reports, chapters, indicators, departments, leaders."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
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


def version_field() -> serializers.IntegerField:
    """The optimistic-locking version of a row: reference data, contributions, key projects (services/versions.py)."""
    return serializers.IntegerField(
        min_value=1,
        required=False,
        help_text=_("Read: the current version. On an edit: the version you edited (or If-Match); stale: 409."),
    )


class ReportSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:report-detail")
    version = version_field()

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
            "notice_prefix",
            "kind",
            "reference_number",
            "proposer",
            "received_on",
            "created_at",
            "updated_at",
            "version",
        ]


class ChapterSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:chapter-detail")
    version = version_field()

    class Meta:
        model = Chapter
        fields = ["id", "url", "report", "number", "title", "version"]


class IndicatorSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:indicator-detail")
    version = version_field()

    class Meta:
        model = Indicator
        fields = ["id", "url", "report", "name", "value", "unit", "growth_percent", "note", "position", "version"]


class DepartmentSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:department-detail")
    version = version_field()

    class Meta:
        model = Department
        fields = ["id", "url", "name", "short_name", "kind", "contact_email", "is_active", "version"]


class LeaderSerializer(ServiceModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:leader-detail")
    version = version_field()

    class Meta:
        model = Leader
        fields = ["id", "url", "name", "position", "email", "version"]
