"""Edits that name the version they were made from: `version` in the body, or the ETag of a GET in an
If-Match header. A stale one saves nothing: 409 for `version`, 412 for If-Match; neither sent: 428.
Used by the commitments' and the updates' edits (services/versions.py holds the rule)."""

from __future__ import annotations

import re

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from .exceptions import Conflict, PreconditionFailed, PreconditionRequired

ETAG = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=[200, 201],
    description=_("The version, for an If-Match header on the next edit."),
)
IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description=_("The ETag of the version you read; instead of `version` in the body. A stale one answers 412."),
)
ETAG_PATTERN = re.compile(r'(?:W/)?"(\d{1,18})"')
ANY_VERSION = None
WRITE_RESPONSES = {
    409: OpenApiResponse(description=_("`version` is stale: someone changed it; nothing was saved.")),
    412: OpenApiResponse(description=_("The If-Match ETag is stale; nothing was saved.")),
    428: OpenApiResponse(description=_("Neither `version` nor If-Match was sent.")),
}


def etag(row) -> str:
    return f'"{row.version}"'


def version_from_if_match(header: str) -> int | None:
    """The version an If-Match header names (None for `*`, any version); 412 for anything unreadable."""
    tags = [tag.strip() for tag in header.split(",") if tag.strip()]
    if tags == ["*"]:
        return ANY_VERSION
    match = ETAG_PATTERN.fullmatch(tags[0]) if len(tags) == 1 else None
    if match is None:
        raise PreconditionFailed(_("If-Match must carry the one ETag a GET answered."))
    return int(match.group(1))


def expected_version(request, body_version: int | None) -> tuple[int | None, type]:
    """The version an edit names and the refusal to raise if it is stale; 428 if it names none."""
    if "If-Match" in request.headers:
        return version_from_if_match(request.headers["If-Match"]), PreconditionFailed
    if body_version is not None:
        return body_version, Conflict
    raise PreconditionRequired()
