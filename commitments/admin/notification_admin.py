"""Each person's notifications (the admin home lists the unread ones): opening one marks it read and leads to
what it is about; the log of the e-mails that batched them, for the office."""

from __future__ import annotations

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Notification, NotificationEmail
from ..permissions import can_review_updates, visible_notifications
from .common import QuickRowsMixin


def notification_target(notification: Notification) -> str:
    """Where a notification leads: its update's page or its task's page, else the list of notifications."""
    if notification.update_id:
        return reverse("admin:commitments_progressupdate_change", args=[notification.update_id])
    if notification.acceptance_id:
        return reverse("admin:commitments_acceptance_change", args=[notification.acceptance_id])
    return reverse("admin:commitments_notification_changelist")


def notification_open_url(notification: Notification) -> str:
    return reverse("admin:commitments_notification_open", args=[notification.pk])


@admin.register(Notification)
class NotificationAdmin(QuickRowsMixin, admin.ModelAdmin):
    list_display = ["opened_link", "kind", "created_at", "read_at"]
    list_filter = ["kind", ("read_at", admin.EmptyFieldListFilter)]
    list_display_links = None
    list_per_page = 50
    actions = None

    def has_module_permission(self, request):
        return request.user.is_authenticated and request.user.is_staff

    def has_view_permission(self, request, obj=None):
        return request.user.is_authenticated and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return visible_notifications(request.user, super().get_queryset(request))

    def get_urls(self):
        opened = path(
            "<int:pk>/open/",
            self.admin_site.admin_view(self.open_view),
            name="commitments_notification_open",
        )
        return [opened, *super().get_urls()]

    def open_view(self, request, pk: int):
        """Marks the notification read (services.notification_open) and goes to what it is about."""
        notification = get_object_or_404(visible_notifications(request.user), pk=pk)
        try:
            services.notification_open(user=request.user, notification=notification)
        except PermissionDenied:
            raise Http404 from None
        return HttpResponseRedirect(notification_target(notification))

    @admin.display(description=_("message"))
    def opened_link(self, notification: Notification) -> str:
        return format_html('<a href="{}">{}</a>', notification_open_url(notification), notification.message)


@admin.register(NotificationEmail)
class NotificationEmailAdmin(QuickRowsMixin, admin.ModelAdmin):
    """What send_notifications mailed (read-only): the office checks who was told what and when."""

    list_display = ["sent_on", "recipient", "kind", "address", "subject", "items", "sent_at"]
    list_filter = ["kind", "sent_on"]
    list_select_related = ["recipient"]
    search_fields = ["address", "subject"]

    def has_module_permission(self, request):
        return can_review_updates(request.user)

    def has_view_permission(self, request, obj=None):
        return can_review_updates(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
