"""API tokens: issued at login, expiring, rotated or revoked by their user, gone when the password changes.

DRF's own Token model (one token per user) and TokenAuthentication; what DRF leaves out is its lifetime:
a token older than TRACKER_TOKEN_TTL_HOURS no longer authenticates (api/authentication.py), and the next
login replaces it.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from rest_framework.authtoken.models import Token


def token_expired(token: Token) -> bool:
    return token.created < timezone.now() - datetime.timedelta(hours=settings.TRACKER_TOKEN_TTL_HOURS)


def token_expires_at(token: Token) -> datetime.datetime:
    return token.created + datetime.timedelta(hours=settings.TRACKER_TOKEN_TTL_HOURS)


@transaction.atomic
def token_issue(*, user) -> Token:
    """The user's token after a login: the one they have while it lasts, else a new one."""
    token = Token.objects.select_for_update().filter(user=user).first()
    if token is not None and not token_expired(token):
        return token
    return token_rotate(user=user)


@transaction.atomic
def token_rotate(*, user) -> Token:
    """A new token for the user; the old one stops working at once."""
    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user)


def token_revoke(*, user) -> None:
    """Logs the user's API clients out: the token stops working; the next login issues a new one."""
    Token.objects.filter(user=user).delete()
