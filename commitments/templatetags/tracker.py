"""Template filters of the public site, the dashboard and the admin: the display rules of
commitments/display.py (one rule per unit), never a format of their own."""

from __future__ import annotations

from django import template

from .. import display
from ..selectors.history import history_entries

register = template.Library()


@register.filter
def number(value) -> str:
    """A figure of no particular unit: at most two decimals, no trailing zeros ('53', '3.2', '0.58')."""
    return display.rounded(value)


@register.filter
def percent(value) -> str:
    """A percentage to one decimal, without the sign: '4.6' (the template writes the %)."""
    return display.percent(value, sign=False, empty="")


@register.filter
def quantity(value, unit: str = "") -> str:
    """A value by its unit's rule, with the unit: '29个', '3.2亿元'."""
    return display.quantity(value, unit)


@register.filter
def amount(value, unit: str = "") -> str:
    """A value by its unit's rule, without the unit (the template writes it): '29' for 29.3089 个."""
    return display.rounded(value, display.unit_kind(unit))


@register.filter
def day(value) -> str:
    """A date as the interface writes it: '2020年12月31日' in Chinese."""
    return display.date_text(value)


@register.filter
def month(value) -> str:
    """A month as the interface writes it: '2020年12月' in Chinese."""
    return display.month_text(value)


@register.filter
def moment(value) -> str:
    """A date and time in local time to the minute: '2020年12月31日 14:05'."""
    return display.datetime_text(value)


@register.simple_tag
def history_of(records):
    """The page's historical records as entries people read (selectors/history.py)."""
    return history_entries(records)
