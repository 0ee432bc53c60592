"""One error shape for the API: Django's and the services' exceptions become DRF responses."""

from __future__ import annotations

from axes.exceptions import AxesBackendPermissionDenied
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.exceptions import APIException, ParseError, ValidationError
from rest_framework.serializers import as_serializer_error
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler


class LockedOut(APIException):
    status_code = status.HTTP_429_TOO_MANY_REQUESTS
    default_detail = _("Too many failed logins: this account is locked from here for a while. Try again later.")
    default_code = "locked_out"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = _("The request conflicts with the current state of the resource.")
    default_code = "conflict"


class PreconditionFailed(APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_detail = _("The resource has changed since you read it.")
    default_code = "precondition_failed"


class PreconditionRequired(APIException):
    status_code = 428
    default_detail = _("Send the version you edited: `version` in the body or an If-Match header.")
    default_code = "precondition_required"


def exception_handler(exc: Exception, context: dict):
    """Services raise Django's ValidationError (field messages) → 400; deleting what history holds → 409."""
    if isinstance(exc, DjangoValidationError):
        detail = as_serializer_error(exc)
        # Model.full_clean() files constraint violations under "__all__"; DRF's name for them is used instead.
        if NON_FIELD_ERRORS in detail:
            detail.setdefault(api_settings.NON_FIELD_ERRORS_KEY, []).extend(detail.pop(NON_FIELD_ERRORS))
        exc = ValidationError(detail=detail)
    elif isinstance(exc, ProtectedError | RestrictedError):
        exc = Conflict(_("This cannot be deleted: other records depend on it."))
    elif isinstance(exc, AxesBackendPermissionDenied):
        exc = LockedOut()
    elif isinstance(exc, RequestDataTooBig):
        exc = ParseError(
            _("The request body is larger than %(limit)d bytes.") % {"limit": settings.DATA_UPLOAD_MAX_MEMORY_SIZE}
        )
    elif isinstance(exc, TooManyFieldsSent):
        exc = ParseError(
            _("The request has more than %(limit)d fields.") % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS}
        )
    return drf_exception_handler(exc, context)
