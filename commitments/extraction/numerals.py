"""Numerals: Arabic (with decimals and thousands separators), full-width (５３) and Chinese
(两个, 十五个, 一百二十, 二〇二〇) number tokens to values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from .textutil import analysis_form

_CN_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_SMALL = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "".join(_CN_DIGITS) + "十百千"


def parse_chinese_numeral(s: str) -> int | None:
    """Value of a Chinese numeral: 两->2, 十五->15, 三十->30, 一百二十->120, 二〇二〇->2020,
    一百零五->105, 三万五千->35000. None when it is not a well-formed numeral (十三五, 百, 千)."""
    if not s:
        return None
    if all(ch in _CN_DIGITS for ch in s):
        if len(s) == 1:
            return _CN_DIGITS[s]
        if "两" in s:
            return None
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))  # 二〇二〇: digit by digit
    total = 0
    section = 0
    number: int | None = None
    last_small: int | None = None
    last_big: int | None = None
    for ch in s:
        if ch in ("〇", "零"):
            if number is not None:
                return None
            continue
        if ch in _CN_DIGITS:
            if number is not None:
                return None  # two digits in a row inside a positional numeral: 十三五
            number = _CN_DIGITS[ch]
        elif ch in _CN_SMALL:
            unit = _CN_SMALL[ch]
            if last_small is not None and unit >= last_small:
                return None
            if number is None:
                if ch != "十" or section:
                    return None  # bare 百/千: 千家万户, 百亿元级
                number = 1  # 十五 = 15
            section += number * unit
            number = None
            last_small = unit
        elif ch in _CN_BIG:
            unit = _CN_BIG[ch]
            if last_big is not None and unit >= last_big:
                return None
            if number is not None:
                section += number
                number = None
            if section == 0:
                return None
            total += section * unit
            section = 0
            last_small = None
            last_big = unit
        else:
            return None
    if number is not None:
        section += number
    return total + section


def parse_number(token: str) -> Decimal | None:
    """Decimal value of an Arabic, full-width or Chinese number token, or None."""
    token = analysis_form(token).replace(",", "").strip()
    if not token:
        return None
    if token[0].isdigit():
        try:
            return Decimal(token)
        except InvalidOperation:
            return None
    value = parse_chinese_numeral(token)
    return None if value is None else Decimal(value)
