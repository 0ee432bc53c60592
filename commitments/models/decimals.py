"""The sizes of the decimal fields, shared by the models and the API's serializers so both accept the same numbers."""

VALUE_DIGITS = {"max_digits": 16, "decimal_places": 4}
PERCENT_DIGITS = {"max_digits": 5, "decimal_places": 2}
