"""When the database is away: 503 with Retry-After instead of a 500, JSON under /api/, a short page
elsewhere, and one log record per outage instead of one per request.

Django calls the 500 handler (`server_error`, tracker/urls.py) inside the `except` block of the failed
request, so the exception is at hand there. A lost or refused connection (psycopg's OperationalError, or
InterfaceError for a connection that died) answers 503: the database comes back by itself (PostgreSQL's
restart takes about a second, measured in issue 16) and a client should simply try again. Django
reconnects on the next request (CONN_HEALTH_CHECKS), so nothing needs restarting.
"""

from __future__ import annotations

import logging
import sys
import time

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 30
# One record per outage: the first failure, then silence until the database has answered for this long.
QUIET_SECONDS = 60

_last_outage_logged = 0.0


def database_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, OperationalError | InterfaceError)


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler: 503 for a database that is away, else Django's own 500 (JSON under /api/)."""
    exc = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if database_unavailable(exc):
        message = _("The database is unavailable for a moment. Please try again shortly.")
        if api:
            response = JsonResponse({"detail": message}, status=503)
        else:
            # No request context: its processors (the user, the messages) would ask the database again.
            response = HttpResponse(render_to_string("503.html", {"message": message}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if api:
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)


class OncePerOutage(logging.Filter):
    """On the `django.request` logger: the first failure of an outage is logged with its traceback, the
    others, while it lasts, are not."""

    def filter(self, record: logging.LogRecord) -> bool:
        global _last_outage_logged
        exc = record.exc_info[1] if record.exc_info else None
        if not database_unavailable(exc):
            return True
        # Decided once per record: logging configured twice (a second django.setup()) puts two of these
        # filters on the logger, and the second would otherwise drop what the first let through.
        if hasattr(record, "once_per_outage"):
            return record.once_per_outage
        now = time.monotonic()
        first = now - _last_outage_logged > QUIET_SECONDS
        if first:
            _last_outage_logged = now
            record.msg = "The database is unavailable (further failures are not logged for %ss): " + str(record.msg)
            record.args = (QUIET_SECONDS, *(record.args or ()))
        else:
            _last_outage_logged = now  # still away: the quiet period starts again
        record.once_per_outage = first
        return first
