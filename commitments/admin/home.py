"""Each role's admin home: its title, its to-do counts (selectors/todo.py) each linked to the list it counts,
the unread notifications, and the same counts in the header of every admin page (`todo_context`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext

from ..permissions import Role
from ..selectors.todo import TodoKey, todo_for, unread_notifications
from .notification_admin import notification_open_url

# key: (label on the home, short form in the header, the list it counts)
TODO_ITEMS = {
    TodoKey.REVIEW: (
        lambda: gettext("Updates to review"),
        lambda: gettext("%(count)d waiting for review"),
        lambda: reverse("admin:commitments_updatereviewqueue_changelist"),
    ),
    TodoKey.CONTESTED: (
        lambda: gettext("Contested tasks"),
        lambda: gettext("%(count)d contested"),
        lambda: reverse("admin:commitments_contestedacceptance_changelist"),
    ),
    TodoKey.REPLIES_OVERDUE: (
        lambda: gettext("Supervision notices with the reply overdue"),
        lambda: gettext("%(count)d replies overdue"),
        lambda: reverse("admin:commitments_supervisionnotice_changelist") + "?todo=replies_overdue",
    ),
    TodoKey.REPORT_DUE: (
        lambda: gettext("Tasks due for a report"),
        lambda: gettext("%(count)d due for a report"),
        lambda: reverse("admin:commitments_commitment_changelist") + "?todo=report_due",
    ),
    TodoKey.RETURNED: (
        lambda: gettext("Returned updates to fix"),
        lambda: gettext("%(count)d returned"),
        lambda: reverse("admin:commitments_progressupdate_changelist") + "?state__exact=returned",
    ),
    TodoKey.TO_ACCEPT: (
        lambda: gettext("Tasks to accept"),
        lambda: gettext("%(count)d to accept"),
        lambda: reverse("admin:commitments_acceptance_changelist") + "?state__exact=pending",
    ),
    TodoKey.RED: (
        lambda: gettext("Red items in my portfolio"),
        lambda: gettext("%(count)d red"),
        lambda: reverse("admin:commitments_commitment_changelist") + "?todo=red",
    ),
}

HOME_NOTIFICATIONS = 10


class AdminTodo:
    """The user's to-do as the admin templates read it; nothing is queried until a template asks."""

    def __init__(self, request) -> None:
        self.user = request.user

    @cached_property
    def todo(self):
        return todo_for(self.user)

    @cached_property
    def title(self) -> str:
        role = self.todo.role if self.todo else Role.ANONYMOUS
        if role == Role.SUPERVISOR:
            return gettext("Supervision office workspace")
        if role == Role.REPORTER and self.todo.department is not None:
            return gettext("Department workspace — %(department)s") % {"department": self.todo.department.name}
        if role == Role.LEADER:
            return gettext("Leader's workspace")
        return gettext("Workspace")

    @cached_property
    def items(self) -> list[dict]:
        if self.todo is None:
            return []
        items = []
        for key, count in self.todo.counts.items():
            label, short, url = TODO_ITEMS[key]
            items.append(
                {"key": key, "label": label(), "header": short() % {"count": count}, "count": count, "url": url()}
            )
        return items

    @cached_property
    def waiting(self) -> list[dict]:
        """The items with something waiting: what the header shows."""
        return [item for item in self.items if item["count"]]

    @cached_property
    def unread(self) -> int:
        return self.todo.unread if self.todo else 0

    @property
    def unread_header(self) -> str:
        return gettext("%(count)d unread") % {"count": self.unread}

    @cached_property
    def notifications(self) -> list[dict]:
        if not self.unread:
            return []
        latest = unread_notifications(self.user)[:HOME_NOTIFICATIONS]
        return [{"notification": item, "url": notification_open_url(item)} for item in latest]

    @property
    def notifications_url(self) -> str:
        return reverse("admin:commitments_notification_changelist") + "?read_at__isempty=1"


def todo_context(request) -> dict:
    """Context processor: `tracker_todo` on the admin's pages for a signed-in user (computed only when read)."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or match.namespace != "admin" or user is None or not user.is_authenticated:
        return {}
    return {"tracker_todo": AdminTodo(request)}
