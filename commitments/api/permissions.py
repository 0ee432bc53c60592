"""The DRF permission class. It decides nothing itself: every answer comes from commitments/permissions.py.

A view states which of those rules guards each action:
- `anonymous_read`: anonymous callers may read (commitments of published reports only, via its queryset);
  every other read needs a login, and what each role sees is the view's queryset (visible_*).
- `action_rules`: action → rule(user), checked before anything is read or parsed (403, 401 if anonymous).
- `object_rules`: action → rule(user, obj), checked when the view fetches the object.
The services check the same rules again, so a write that slips past a view is still refused.
"""

from __future__ import annotations

from rest_framework.permissions import SAFE_METHODS, BasePermission

from ..permissions import Role, user_role


class ApiPermission(BasePermission):
    def has_permission(self, request, view) -> bool:
        if request.method.lower() not in view.http_method_names:
            return True  # DRF answers 405 for a method the view does not offer; nothing to guard
        anonymous = user_role(request.user) == Role.ANONYMOUS
        if request.method in SAFE_METHODS:
            return not anonymous or getattr(view, "anonymous_read", False)
        if anonymous:
            return False
        rule = getattr(view, "action_rules", {}).get(getattr(view, "action", None))
        return rule is not None and rule(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        rule = getattr(view, "object_rules", {}).get(getattr(view, "action", None))
        return rule is None or rule(request.user, obj)
