"""Template filters of the public site and the dashboard."""

from decimal import Decimal

from django import template

from ..selectors import format_number

register = template.Library()


@register.filter
def number(value: Decimal | int | None) -> str:
    """53, 3.2, 0.58: a stored decimal without trailing zeros or exponent ('5E+1')."""
    return format_number(Decimal(str(value))) if value is not None else ""
