"""The display rule (commitments/display.py): one way to write each unit's figures and each date."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from commitments import display


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("53.0000"), "个", "53个"),
        (Decimal("29.3089"), "个", "29个"),
        (Decimal("29.5"), "项", "30项"),  # half up, as a person rounds
        (Decimal("3.20"), "亿元", "3.2亿元"),
        (Decimal("3.205"), "万元", "3.21万元"),
        (Decimal("32.0000"), "亿元", "32亿元"),
        (Decimal("12.34"), "%", "12.3%"),
        (Decimal("0.25"), "个百分点", "0.3个百分点"),
        (Decimal("12.345"), "公里", "12.35公里"),
        (Decimal("5E+1"), "吨", "50吨"),
        (Decimal("-0.001"), "个", "0个"),
        (Decimal("1000000"), "元", "1000000元"),
        (7, "", "7"),
    ],
)
def test_quantity_follows_its_unit(value, unit, expected):
    assert display.quantity(value, unit) == expected


def test_unit_kinds():
    assert display.unit_kind("个") == display.COUNT
    assert display.unit_kind("亿元") == display.MONEY
    assert display.unit_kind("元") == display.MONEY
    assert display.unit_kind("%") == display.PERCENT
    assert display.unit_kind("个百分点") == display.PERCENT  # not a count because it starts with 个
    assert display.unit_kind("平方米") == display.NUMBER
    assert display.unit_kind(None) == display.NUMBER


def test_percent_has_one_decimal_and_no_trailing_zero():
    assert display.percent(Decimal("53.0000")) == "53%"
    assert display.percent(Decimal("4.56")) == "4.6%"
    assert display.percent(Decimal("99.96")) == "100%"
    assert display.percent(Decimal("27.36"), sign=False) == "27.4"
    assert display.percent(None) == "—"


def test_count_and_money():
    assert display.count(Decimal("29.3089")) == "29"
    assert display.money(Decimal("3.20")) == "3.2"
    assert display.money(Decimal("0.005")) == "0.01"


def test_plain_keeps_every_digit_for_inputs():
    assert display.plain(Decimal("53.0000")) == "53"
    assert display.plain(Decimal("29.3089")) == "29.3089"
    assert display.plain(None) == ""


def test_dates_in_chinese_and_in_english():
    day = datetime.date(2020, 12, 31)
    with translation.override("zh-hans"):
        assert display.date_text(day) == "2020年12月31日"
        assert display.month_text(day) == "2020年12月"
    with translation.override("en"):
        assert display.date_text(day) == "Dec. 31, 2020"
    assert display.date_text(None) == "—"


def test_times_are_local_to_the_minute():
    moment = datetime.datetime(2020, 12, 31, 16, 5, 59, 123456, tzinfo=datetime.UTC)  # 00:05 next day in Shanghai
    with translation.override("zh-hans"):
        assert display.datetime_text(moment) == "2021年1月1日 00:05"


def test_template_filters_use_the_rule():
    template = Template(
        "{% load tracker %}{{ v|quantity:'个' }} {{ m|quantity:'亿元' }} {{ p|percent }}% {{ n|number }} {{ d|day }}"
    )
    with translation.override("zh-hans"):
        text = template.render(
            Context(
                {
                    "v": Decimal("29.3089"),
                    "m": Decimal("3.20"),
                    "p": Decimal("4.56"),
                    "n": Decimal("53.0000"),
                    "d": datetime.date(2020, 6, 30),
                }
            )
        )
    assert text == "29个 3.2亿元 4.6% 53 2020年6月30日"
