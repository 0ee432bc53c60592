"""The API's JSON parser: DRF's, with a limit on nesting.

Python's decoder recurses once per level, so a body of 100,000 brackets ended in a RecursionError (a 500,
also anonymously on /api/auth/token/). No request of this API nests deeper than a few levels; anything
past TRACKER_JSON_MAX_DEPTH is refused with a 400 in the API's error format before it is decoded.
"""

from __future__ import annotations

import io
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.S)
BRACKETS = re.compile(rb"[\[\]{}]")


def nesting_depth(text: bytes, limit: int) -> int:
    """How deep the JSON text's arrays and objects nest, counting up to just past `limit`; brackets inside
    strings do not count."""
    depth = deepest = 0
    for bracket in BRACKETS.finditer(STRINGS.sub(b"", text)):
        if bracket.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
            if deepest > limit:
                break
        else:
            depth -= 1
    return deepest


class LimitedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        body = stream.read() if stream is not None else b""
        limit = settings.TRACKER_JSON_MAX_DEPTH
        if nesting_depth(body, limit) > limit:
            raise ParseError(_("The JSON nests deeper than %(limit)d levels.") % {"limit": limit})
        return super().parse(io.BytesIO(body), media_type, parser_context)
