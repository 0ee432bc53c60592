"""Fields shared by the serializers."""

from __future__ import annotations

import datetime
from decimal import Decimal

from rest_framework import ISO_8601, serializers
from rest_framework.settings import api_settings

from ...filtersets_base import MAX_ID


class IdRelatedField(serializers.PrimaryKeyRelatedField):
    """A related row by id; an id no BigAutoField can hold is refused before it reaches the database driver
    (SQLite raises OverflowError on it, a 500 otherwise)."""

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int | str):
            self.fail("incorrect_type", data_type=type(data).__name__)
        try:
            number = int(data)
        except ValueError:
            self.fail("incorrect_type", data_type=type(data).__name__)
        if not 1 <= number <= MAX_ID:
            self.fail("does_not_exist", pk_value=data)
        return super().to_internal_value(number)


class ServiceModelSerializer(serializers.ModelSerializer):
    """A ModelSerializer whose writes go through a service: the view calls the service with
    validated_data, so create() and update() are never used."""

    serializer_related_field = IdRelatedField

    def create(self, validated_data):  # pragma: no cover - guarded: views call the services
        raise NotImplementedError("Writes go through the services.")

    def update(self, instance, validated_data):  # pragma: no cover
        raise NotImplementedError("Writes go through the services.")


def decimal_formatter(field: serializers.DecimalField):
    """The field's own formatting, short-cut for what the database hands back already at the field's
    places (str() of such a Decimal is exactly DRF's '{:f}' of it, quantized)."""
    places, slow = field.decimal_places, field.to_representation

    def format_decimal(value: Decimal) -> str:
        text = str(value)
        dot = text.find(".")
        if type(value) is Decimal and dot > 0 and len(text) - 1 - dot == places and "E" not in text:
            return text
        return slow(value)

    return format_decimal


def datetime_formatter(field: serializers.DateTimeField):
    """The field's own ISO 8601 formatting of aware datetimes, with the current time zone looked up once
    (make one per response) instead of for every value: asking it is a context-variable lookup per value,
    a tenth of the list's serializing. Anything else (naive values, another format) goes the field's way."""
    slow = field.to_representation
    output = getattr(field, "format", api_settings.DATETIME_FORMAT)
    zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
    if zone is None or not isinstance(output, str) or output.lower() != ISO_8601:
        return slow

    def format_datetime(value: datetime.datetime) -> str:
        if type(value) is not datetime.datetime or value.tzinfo is None:
            return slow(value)
        try:
            text = value.astimezone(zone).isoformat()
        except OverflowError:
            return slow(value)  # which reports it as the field does
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return format_datetime
