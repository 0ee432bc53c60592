"""The orjson renderer writes exactly what DRF's JSONRenderer writes."""

import datetime
import decimal
import uuid
import zoneinfo

import pytest
from django.utils.translation import gettext_lazy
from rest_framework.renderers import JSONRenderer

from commitments.api.renderers import FastJSONRenderer

PAYLOADS = [
    {"count": 2, "results": [{"id": 1, "title": "推进重点项目建设", "progress": "37.50"}, {"id": 2, "title": None}]},
    {"decimal": decimal.Decimal("53.0000"), "float": 1.5, "flag": True, "none": None},
    {"date": datetime.date(2020, 6, 30), "time": datetime.time(8, 30)},
    {"utc": datetime.datetime(2020, 6, 30, 8, 0, tzinfo=datetime.UTC)},
    {"local": datetime.datetime(2020, 6, 30, 8, 0, 0, 123456, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai"))},
    {"lazy": gettext_lazy("Report"), "uuid": uuid.UUID(int=7), 3: "an integer key"},
    {"separators": "line\u2028paragraph\u2029end", "tuple": (1, 2)},
    [],
    "plain",
]


@pytest.mark.parametrize("data", PAYLOADS)
def test_same_bytes_as_drf(data):
    assert FastJSONRenderer().render(data, "application/json", {}) == JSONRenderer().render(
        data, "application/json", {}
    )


def test_indent_and_none_behave_as_drf():
    data = {"a": [1, 2]}
    media = "application/json; indent=2"
    assert FastJSONRenderer().render(data, media, {}) == JSONRenderer().render(data, media, {})
    assert FastJSONRenderer().render(None) == b""
