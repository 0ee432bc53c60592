"""Edits that name the version they were made from: `version` in the body, or the ETag of a GET in an
If-Match header. A stale one saves nothing: 409 for `version`, 412 for If-Match; neither sent: 428.
Used by the edits of every versioned row, through at_named_version (services/versions.py holds the rule); a
workflow step on one row (an update's submit, approve or return, a contribution's submit, a key project's
promotion) honours a version when one is sent and requires none."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from ..services.versions import VersionConflict
from .exceptions import Conflict, PreconditionFailed, PreconditionRequired

T = TypeVar("T")

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
# A workflow step (step_expected_version) answers no 428.
STEP_RESPONSES = {code: response for code, response in WRITE_RESPONSES.items() if code != 428}


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


def step_expected_version(request, body_version: int | None) -> tuple[int | None, type]:
    """As expected_version, for a workflow step on one row (submit, promote): naming no version is allowed
    (any version), like the updates' submit and approve; a version named and stale still saves nothing."""
    if "If-Match" not in request.headers and body_version is None:
        return ANY_VERSION, Conflict
    return expected_version(request, body_version)


def at_named_version(
    request, body_version: int | None, write: Callable[[int | None], T], *, required: bool = True
) -> T:
    """write(expected_version) for a write that names the version it was made from (`version` in the body or
    If-Match): a stale one is refused as 409 or 412 and writes nothing. An edit must name one (428 if it
    names none, `required`); a workflow step may name none and takes the row as it is."""
    expected, refusal = (expected_version if required else step_expected_version)(request, body_version)
    try:
        return write(expected)
    except VersionConflict as conflict:
        raise refusal(str(conflict)) from None
