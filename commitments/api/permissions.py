"""DRF permission classes. They decide nothing themselves: commitments/permissions.py holds the rules."""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission


class ApiPermission(BasePermission):
    """Reads need a login, except on views that set `anonymous_read` (commitments of published reports).

    Writes are refused until they are delegated to the engine's rules.
    """

    def has_permission(self, request, view) -> bool:
        if request.method in SAFE_METHODS:
            return request.user.is_authenticated or getattr(view, "anonymous_read", False)
        return False
