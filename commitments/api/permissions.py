"""The DRF permission class. It decides nothing itself: every answer comes from commitments/permissions.py.

A view states which of those rules guards each action:
- `anonymous_read`: anonymous callers may read (commitments of published reports only, via its queryset);
  every other read needs a login, and what each role sees is the view's queryset (visible_*).
- `read_rules`: action → rule(user) for reads that need more than a login (an APIView's key is None);
  anonymous callers are refused these even where `anonymous_read` is set.
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
        action = getattr(view, "action", None)
        if request.method in SAFE_METHODS:
            read_rule = getattr(view, "read_rules", {}).get(action)
            if anonymous:
                return read_rule is None and getattr(view, "anonymous_read", False)
            return read_rule is None or read_rule(request.user)
        if anonymous:
            return False
        rule = getattr(view, "action_rules", {}).get(action)
        return rule is not None and rule(request.user)

    def has_object_permission(self, request, view, obj) -> bool:
        if request.method in SAFE_METHODS:
            return True
        rule = getattr(view, "object_rules", {}).get(getattr(view, "action", None))
        return rule is None or rule(request.user, obj)
