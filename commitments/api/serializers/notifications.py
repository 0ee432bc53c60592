"""Notifications and each role's to-do (issue 17)."""

from __future__ import annotations

from rest_framework import serializers

from ...choices import NotificationKind
from ...models import Notification
from ...permissions import Role
from .common import BriefDepartmentSerializer


class NotificationSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=NotificationKind.choices, read_only=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "message", "update", "acceptance", "created_at", "read_at"]
        read_only_fields = fields


class TodoCountsSerializer(serializers.Serializer):
    """Only the role's own counts are present."""

    review = serializers.IntegerField(required=False, help_text="Office: submitted updates the caller may approve.")
    contested = serializers.IntegerField(required=False, help_text="Office: contested tasks.")
    replies_overdue = serializers.IntegerField(
        required=False, help_text="Office: supervision notices (督办单) awaiting a reply past its deadline."
    )
    report_due = serializers.IntegerField(
        required=False, help_text="Department: its open commitments owing a report (missing or due soon)."
    )
    returned = serializers.IntegerField(required=False, help_text="Department: returned updates to fix.")
    to_accept = serializers.IntegerField(required=False, help_text="Department: tasks not answered yet.")
    red = serializers.IntegerField(required=False, help_text="Leader: red commitments of their portfolio.")


class TodoSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    department = BriefDepartmentSerializer(allow_null=True)
    counts = TodoCountsSerializer()
    unread = serializers.IntegerField(help_text="Unread notifications.")
