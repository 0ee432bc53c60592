"""The strict filters every filter set is built from: ids that cannot exist, unknown booleans and
fractional integers are a 400 naming the field, not an empty or full list; no DISTINCT where a row cannot
repeat; an ordering that ends in the id; and the base filter set, which keeps only the filters a request
names. The filter sets themselves are in filtersets.py, filtersets_workflow.py and
filtersets_contributions.py."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters import fields as filter_fields
from django_filters.constants import EMPTY_VALUES

# Ids are BigAutoField: a larger number cannot name a row, and the database driver refuses to even send it.
MAX_ID = 2**63 - 1


def check_id(field: forms.Field, value) -> None:
    """400 rather than a driver error for an id no row can have (`chapter=3039210688597879947264`)."""
    try:
        number = int(str(value))
    except ValueError:
        return  # not a number at all: Django's own check answers it
    if not 1 <= number <= MAX_ID:
        raise ValidationError(field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})


class IdChoiceField(filter_fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and not (self.null_label is not None and value == self.null_value):
            check_id(self, value)
        return super().to_python(value)


class IdMultipleChoiceField(filter_fields.ModelMultipleChoiceField):
    def _check_values(self, value):
        for item in value:
            if not (self.null_label is not None and item == self.null_value):
                check_id(self, item)
        return super()._check_values(value)


class ModelChoiceFilter(filters.ModelChoiceFilter):
    field_class = IdChoiceField


class ModelMultipleChoiceFilter(filters.ModelMultipleChoiceFilter):
    field_class = IdMultipleChoiceField

    def __init__(self, *args, **kwargs):
        # These filter on the row's own column, so no row can repeat; django-filter's default DISTINCT
        # over every selected column costs seconds at 100,000 commitments.
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class MultipleChoiceFilter(filters.MultipleChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)  # a column of the row itself: no duplicates to remove
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """true/false (or 1/0, yes/no); anything else is an error, not a silently ignored filter."""

    widget = forms.TextInput  # NullBooleanSelect would turn an unknown value into None before we see it
    VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

    def to_python(self, value):
        if value in (None, ""):
            return None
        if isinstance(value, bool):
            return value
        try:
            return self.VALUES[str(value).lower()]
        except KeyError:
            raise ValidationError(_("Enter true or false."), code="invalid") from None

    def validate(self, value) -> None:
        pass


class BooleanFilter(filters.BooleanFilter):
    field_class = StrictBooleanField


class StableOrderingFilter(filters.OrderingFilter):
    """Orders by the requested fields, then by id, so pages never repeat or skip rows."""

    def filter(self, qs: QuerySet, value) -> QuerySet:
        if not value:
            return qs
        return qs.order_by(*self.get_ordering_value_list(value), "pk")

    def get_ordering_value_list(self, value) -> list[str]:
        return [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]


class IntegerFilter(filters.NumberFilter):
    """A whole number: `?year=0.5` is a 400 naming the field, not a filter that matches nothing."""

    field_class = forms.IntegerField


INTEGER_FIELDS = (
    models.IntegerField,
    models.SmallIntegerField,
    models.BigIntegerField,
    models.PositiveIntegerField,
    models.PositiveSmallIntegerField,
    models.PositiveBigIntegerField,
)


class BaseFilterSet(filters.FilterSet):
    """Generated boolean and integer filters are strict too.

    With `given_only=True` the filterset keeps only the filters the data names: one that is absent would
    filter nothing anyway, and copying every filter and building its form field (querysets and all) is
    most of a filtered request's Python time. The browsable API's filter form still shows them all.
    """

    FILTER_DEFAULTS = {
        **filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": BooleanFilter},
        **{field: {"filter_class": IntegerFilter} for field in INTEGER_FIELDS},
    }

    def __init__(self, data=None, queryset=None, *, request=None, prefix=None, given_only: bool = False):
        if given_only and data is not None:
            # An instance attribute: the class's own filters stay whole for the schema and other instances.
            self.base_filters = {
                name: filter_
                for name, filter_ in type(self).base_filters.items()
                if any(key == name or key.startswith(f"{name}_") for key in data)
            }
        super().__init__(data, queryset, request=request, prefix=prefix)
