"""/api/auth/token/: log in for a token (POST) or revoke it (DELETE); /api/auth/token/rotate/: a new token.

DRF's own token view, with the API's parsers (its own list leaves out the nesting limit of api/parsers.py),
failed logins counted and locked out by django-axes (per user name and address), and a throttle per client
address (REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["login"]).
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from ...services.tokens import token_expires_at, token_issue, token_revoke, token_rotate
from ..exceptions import LockedOut

TokenAnswer = inline_serializer(
    "TokenAnswer", {"token": serializers.CharField(), "expires": serializers.DateTimeField()}
)


class LoginRateThrottle(SimpleRateThrottle):
    """Login attempts per client address, whoever they claim to be."""

    scope = "login"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def answer(token) -> dict:
    return {"token": token.key, "expires": token_expires_at(token)}


class TokenView(ObtainAuthToken):
    parser_classes = api_settings.DEFAULT_PARSER_CLASSES
    renderer_classes = api_settings.DEFAULT_RENDERER_CLASSES
    throttle_classes = [LoginRateThrottle]

    def get_permissions(self):
        return [IsAuthenticated()] if self.request.method == "DELETE" else []

    def perform_authentication(self, request):
        # Logging in needs no credentials but the form's: an expired token sent along must not refuse it.
        if request.method != "POST":
            super().perform_authentication(request)

    @extend_schema(responses=TokenAnswer)
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        valid = serializer.is_valid()
        # Django's authenticate() turns the lockout into "wrong credentials"; axes marks the request.
        if getattr(request, "axes_locked_out", False):
            raise LockedOut()
        if not valid:
            raise ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        # A login like the admin's: last_login is set, and axes forgets the earlier failures.
        user_logged_in.send(sender=type(user), request=request, user=user)
        return Response(answer(token_issue(user=user)))

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, *args, **kwargs):
        token_revoke(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TokenRotateView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=TokenAnswer)
    def post(self, request):
        return Response(answer(token_rotate(user=request.user)))
