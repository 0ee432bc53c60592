"""What every API view shares."""

from __future__ import annotations

from django.db.models import Model
from django.http import JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from rest_framework import viewsets

from ...permissions import can_manage_commitments
from ..versions import at_named_version

# Creating, changing and deleting commitments and everything they are made of: the office only.
MANAGE_RULES = dict.fromkeys(("create", "update", "partial_update", "destroy"), can_manage_commitments)


def not_found(request, exception=None):
    """Under /api/ even a URL that matches no route answers JSON, like every other API error."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(_("Not found."))}, status=404)
    return defaults.page_not_found(request, exception)


class ServiceModelViewSet(viewsets.ModelViewSet):
    """A model viewset whose writes go through a service: `save_object` and `delete_object` call it."""

    # Up to 18 digits: any longer id cannot exist (BigAutoField) and would only reach the database driver to fail.
    lookup_value_regex = "[0-9]{1,18}"
    action_rules = MANAGE_RULES

    def save_object(self, instance: Model) -> Model:
        raise NotImplementedError

    def delete_object(self, instance: Model) -> None:
        raise NotImplementedError

    def perform_create(self, serializer) -> None:
        data = dict(serializer.validated_data)
        data.pop("version", None)  # a new row starts at version 1
        serializer.instance = self.save_object(serializer.Meta.model(**data))

    def perform_update(self, serializer) -> None:
        """Sets the fields and saves through the service; a versioned row's edit names the version it was
        made from (api/versions.py), and a stale one saves nothing."""
        instance, data = serializer.instance, dict(serializer.validated_data)
        named = data.pop("version", None)
        for name, value in data.items():
            setattr(instance, name, value)
        if not hasattr(instance, "version"):
            serializer.instance = self.save_object(instance)
            return
        serializer.instance = at_named_version(
            self.request, named, lambda expected: self.save_object(instance, expected_version=expected)
        )

    def perform_destroy(self, instance: Model) -> None:
        self.delete_object(instance)
