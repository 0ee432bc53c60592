"""Co-departments' contributions to the lead department's report: their representation and what a
co-department writes."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from ...models import Commitment, Contribution
from .common import BriefDepartmentSerializer, version_field
from .fields import IdRelatedField


class ContributionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:contribution-detail")
    department = BriefDepartmentSerializer(read_only=True)
    author = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Contribution
        fields = [
            "id",
            "url",
            "commitment",
            "department",
            "as_of",
            "period",
            "narrative",
            "problems",
            "next_steps",
            "coordination_needed",
            "state",
            "author",
            "submitted_at",
            "consolidated_into",
            "created_at",
            "updated_at",
            "version",
        ]
        read_only_fields = fields


class ContributionEditSerializer(serializers.Serializer):
    """Changes to a draft contribution; fields left out stay as they are. `version` (or an If-Match header)
    names the version edited: if someone changed the contribution since, nothing is saved."""

    version = version_field()
    as_of = serializers.DateField(required=False)
    narrative = serializers.CharField(required=False, allow_blank=True, help_text=_("进展情况: the progress made."))
    problems = serializers.CharField(required=False, allow_blank=True, help_text=_("存在问题: the problems met."))
    next_steps = serializers.CharField(required=False, allow_blank=True, help_text=_("下步计划: the next steps."))
    coordination_needed = serializers.CharField(
        required=False,
        allow_blank=True,
        help_text=_("需协调事项: matters needing coordination by the office or leaders."),
    )


class ContributionCreateSerializer(ContributionEditSerializer):
    """A new draft contribution of the caller's department (co-responsible for the commitment)."""

    commitment = IdRelatedField(queryset=Commitment.objects.all())
    as_of = serializers.DateField()
    version = None  # a new contribution starts at version 1


class ContributionSubmitSerializer(serializers.Serializer):
    """Optional: the version read (or an If-Match header); if someone changed the contribution since, it
    is not submitted (409 or 412)."""

    version = version_field()
