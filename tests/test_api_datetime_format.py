"""The list's short-cut for datetimes gives the text DRF's own field gives, in any current time zone."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from rest_framework import serializers

from commitments.api.serializers.fields import datetime_formatter

MOMENTS = [
    datetime.datetime(2026, 11, 28, 1, 2, 3, 456789, tzinfo=datetime.UTC),
    datetime.datetime(2020, 2, 29, 23, 59, 59, tzinfo=ZoneInfo("Asia/Shanghai")),
    datetime.datetime(2021, 3, 28, 1, 30, tzinfo=ZoneInfo("Europe/Berlin")),
    datetime.datetime(2020, 6, 30, 12, 0),  # naive: made aware in the current zone, as the field does
]


@pytest.mark.parametrize("zone", ["Asia/Shanghai", "UTC", "America/New_York"])
@pytest.mark.parametrize("moment", MOMENTS, ids=str)
def test_the_short_cut_writes_what_the_field_writes(zone, moment):
    field = serializers.DateTimeField()
    with timezone.override(zone):
        assert datetime_formatter(field)(moment) == field.to_representation(moment)


def test_other_formats_are_left_to_the_field():
    field = serializers.DateTimeField(format="%Y年%m月%d日")
    moment = MOMENTS[0]

    assert datetime_formatter(field)(moment) == field.to_representation(moment) == "2026年11月28日"
