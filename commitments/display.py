"""How numbers and dates are written for people: one rule per unit, used by the admin, the pages, the
dashboard, the bulletin and the exports' text (docs/rules.md, "Display").

- a count (个, 项, 家…) as a whole number: 29.3089 个 → 29个;
- money (元, 万元, 亿元) to at most two decimals: 3.20 亿元 → 3.2亿元;
- a percentage (%, 个百分点) to one decimal: 4.56% → 4.6%;
- any other quantity (公里, 吨, 平方米…) to at most two decimals;
- never trailing zeros or an exponent: 53.0000 → 53, 5E+1 → 50;
- dates in the Chinese interface as 2020年12月31日, times in local time to the minute; the English
  interface keeps Django's own formats.

Rounding is half up, as a person rounds. Pure functions: no database, no request.
"""

from __future__ import annotations

import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, timezone, translation

COUNT, MONEY, PERCENT, NUMBER = "count", "money", "percent", "number"
PLACES = {COUNT: Decimal("1"), MONEY: Decimal("0.01"), PERCENT: Decimal("0.1"), NUMBER: Decimal("0.01")}
# Units that count whole things. A unit not listed (公里, 吨, 亩, 平方米…) is a measured quantity.
COUNT_UNITS = frozenset(
    "个 项 家 户 人 人次 名 位 所 座 条 次 套 间 场 处 台 辆 批 件 栋 张 支 只 头 宗 部 本 份 趟 班 镇 村 校".split()
)
PERCENT_UNITS = frozenset({"%", "％", "个百分点", "百分点"})

Number = Decimal | int | float | str


def unit_kind(unit: str | None) -> str:
    """Which rule a unit's figures follow: COUNT, MONEY, PERCENT or NUMBER."""
    unit = (unit or "").strip()
    if unit in PERCENT_UNITS:
        return PERCENT
    if unit in COUNT_UNITS:
        return COUNT
    if unit.endswith("元"):
        return MONEY
    return NUMBER


def plain(value: Number | None) -> str:
    """Every digit of the value, without trailing zeros or an exponent: 53.0000 → '53', 0.50 → '0.5'.
    For a form's input, where rounding would change what is saved; for reading, use the rules below."""
    if value is None or value == "":
        return ""
    text = f"{Decimal(str(value)).normalize():f}"
    return "0" if text == "-0" else text


def rounded(value: Number | None, kind: str = NUMBER) -> str:
    """The value rounded (half up) to the kind's places, without trailing zeros: '' for None."""
    if value is None or value == "":
        return ""
    return plain(Decimal(str(value)).quantize(PLACES[kind], rounding=ROUND_HALF_UP))


def count(value: Number | None) -> str:
    return rounded(value, COUNT)


def money(value: Number | None) -> str:
    return rounded(value, MONEY)


def percent(value: Number | None, *, sign: bool = True, empty: str = "—") -> str:
    """'4.6%' (or '4.6' without the sign); `empty` for None."""
    if value is None:
        return empty
    return rounded(value, PERCENT) + ("%" if sign else "")


def quantity(value: Number | None, unit: str | None = "", *, empty: str = "—") -> str:
    """The value by its unit's rule, with the unit: '29个', '3.2亿元', '12.5%'; `empty` for None."""
    if value is None:
        return empty
    return rounded(value, unit_kind(unit)) + (unit or "")


def chinese_ui() -> bool:
    return (translation.get_language() or "").lower().startswith("zh")


def chinese_date(day: datetime.date) -> str:
    """'2020年12月31日', whatever the interface's language (documents filed in Chinese)."""
    return f"{day.year}年{day.month}月{day.day}日"


def date_text(day: datetime.date | None, *, empty: str = "—") -> str:
    """A date as the interface's language writes it: 2020年12月31日, or Django's English format."""
    if day is None:
        return empty
    if isinstance(day, datetime.datetime):
        return datetime_text(day, empty=empty)
    return chinese_date(day) if chinese_ui() else formats.date_format(day, "DATE_FORMAT")


def month_text(day: datetime.date | None, *, empty: str = "—") -> str:
    """A month as the interface writes it: 2020年12月, or Django's English year-month format."""
    if day is None:
        return empty
    return f"{day.year}年{day.month}月" if chinese_ui() else formats.date_format(day, "YEAR_MONTH_FORMAT")


def datetime_text(moment: datetime.datetime | None, *, empty: str = "—") -> str:
    """A moment in local time (TIME_ZONE, Asia/Shanghai) to the minute: '2020年12月31日 14:05'."""
    if moment is None:
        return empty
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    if chinese_ui():
        return f"{chinese_date(moment.date())} {moment:%H:%M}"
    return f"{formats.date_format(moment.date(), 'DATE_FORMAT')} {moment:%H:%M}"
