"""Each caller's notifications (read, and marked read) and their to-do counts. Thin: the queryset is
permissions.visible_notifications, marking read is services.notification_open, the counts selectors/todo.py."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from ... import services
from ...filtersets_workflow import NotificationFilterSet
from ...permissions import Role, user_role, visible_notifications
from ...selectors.todo import todo_for
from ..serializers.notifications import NotificationSerializer, TodoSerializer


def is_signed_in(user) -> bool:
    return user_role(user) != Role.ANONYMOUS


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's own notifications, newest first (`unread=true` for those not opened yet)."""

    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    lookup_value_regex = "[0-9]{1,18}"
    action_rules = {"read": is_signed_in}

    def get_queryset(self):
        return visible_notifications(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer, filters=False)
    @action(detail=True, methods=["post"], filterset_class=None)
    def read(self, request, pk=None) -> Response:
        """Marks the notification read (the first time counts)."""
        notification = services.notification_open(user=request.user, notification=self.get_object())
        return Response(NotificationSerializer(notification, context=self.get_serializer_context()).data)


class TodoView(APIView):
    """What waits for the caller, by role: the office (updates to review, contested tasks, 督办单 replies
    overdue), a department's reporter (tasks due for a report, returned updates, tasks to accept), a leader
    (red items of their portfolio); and their unread notifications."""

    read_rules = {None: is_signed_in}

    @extend_schema(operation_id="todo", responses=TodoSerializer)
    def get(self, request) -> Response:
        todo = todo_for(request.user)
        body = {"role": todo.role, "department": todo.department, "counts": todo.counts, "unread": todo.unread}
        return Response(TodoSerializer(body, context={"request": request}).data)
