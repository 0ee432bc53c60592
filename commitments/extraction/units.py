"""Units and the pattern of a number with its unit.

A target is a number followed by a unit of the table ``UNITS`` (optionally with a multiplier
万/亿/千 before a plain unit, and with 多/余 between number and unit). A unit may be "per"
something: "1000元/亩", "24微克/立方米". A range is "3-5个", "3至5个", "3~5%", "三至五个"
(value .. value_high).

Durations (小时, 分钟, 个工作日) are time limits: with no comparator word they are at most
("不动产抵押登记1小时内办结", "主要城市间1小时通达").
"""

from __future__ import annotations

import re
from decimal import Decimal

from .textutil import CJK

# Counted things: the metric is usually the noun after the unit ("53个重点项目").
COUNT_UNITS = (
    "个",
    "家",
    "项",
    "所",
    "座",
    "条",
    "间",
    "宗",
    "户",
    "人",
    "名",
    "件",
    "辆",
    "套",
    "镇",
    "栋",
    "株",
    "处",
    "场",
    "批次",
    "校",
    "大",  # "10大滨水节点": Arabic only (三大攻坚战 is a slogan, see nontargets)
    "万株",
    "万人",
    "万户",
    "人次",
    "万人次",
)
# Measures: the metric is usually the phrase before the number ("年度计划投资32亿元").
MEASURE_UNITS = (
    "亿元",
    "万元",
    "元",
    "亿美元",
    "万美元",
    "美元",
    "%",
    "个百分点",
    "倍",
    "公里",
    "千米",
    "米",
    "平方公里",
    "平方米",
    "万平方米",
    "亩",
    "万亩",
    "公顷",
    "万吨",
    "吨",
    "千瓦",
    "万千瓦",
    "兆瓦",
    "千伏",
    "立方米",
    "万立方米",
    "微克",
)
DURATION_UNITS = ("小时", "分钟", "个工作日")
UNITS = COUNT_UNITS + MEASURE_UNITS + DURATION_UNITS
COUNT_SET = frozenset(COUNT_UNITS)
DURATION_SET = frozenset(DURATION_UNITS)
# Units of power and voltage describe a facility ("650万千瓦海上风电项目"), never a count of it.
CAPACITY_UNITS = frozenset({"千瓦", "万千瓦", "千伏", "兆瓦"})

# Negative look-aheads keep words that start with a unit character from being read as units.
_UNIT_GUARDS = {
    "人": "(?!民|大|代|社|口)",
    "项": "(?!目)",
    "条": "(?!例|件|款)",
    "名": "(?!单|称|录|牌|片|额|义|誉)",
    "家": "(?!庭|长|乡|园|属|电|具|政)",
    "元": "(?!旦|素|宵|年|首)",
    "米": "(?!袋|粉|饭)",
    "间": "(?!隔|接|歇|断)",
    "所": "(?!以|有|在地|属|得|谓|需)",
    "户": "(?!籍|口|外|型|厕)",
    "个": "(?!人(?!次)|体|性|别)",
    "镇": "(?!街|区|域|长|压|定|静|政|级|村)",
    "件": "(?!事)",
    "座": "(?!谈)",
    "套": "(?!餐)",
    "处": "(?!理|置|罚|长|室|于|在|分|级|方)",
    "场": "(?!所|地|馆|站|景|面|合|景|次)",
    "倍": "(?!增)",
    "校": "(?!园|区|长|友|企|地|外|内|准|验|对|正|级|际|训|庆|史|医)",
    "大": "(?!于|学|会|型|力|幅|量|局|道|桥|厦|街|湾|赛|类|规模|数据|项目|众|气|中)",
}


def _unit_alternation() -> str:
    parts = []
    for unit in sorted(UNITS, key=len, reverse=True):
        guard = _UNIT_GUARDS.get(unit[-1], "") if unit not in ("个百分点", "个工作日") else ""
        parts.append(re.escape(unit) + guard)
    return "|".join(parts)


_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+(?:[万亿][〇零一二两三四五六七八九十百千]+)?)"
_UNIT = _unit_alternation()
_PER = rf"(?P<per>\s*/\s*(?:立方米|平方米|[{CJK}]))?"
TARGET_RE = re.compile(
    rf"(?P<num>{_NUM})(?P<pct1>\s*%)?"
    rf"(?:\s*(?P<sep>[-~—–至到])\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<more>[多余])?\s*"
    rf"(?:(?P<unit>{_UNIT})|(?P<mult>[万亿千])(?P<more2>[多余])?(?P<unit2>{_UNIT})){_PER}"
)
MULT = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}


def unit_of(m: re.Match) -> str:
    """The unit of a TARGET_RE match, with its "per" part ("元/亩")."""
    unit = m.group("unit") or m.group("unit2")
    per = m.group("per")
    return unit + re.sub(r"\s+", "", per) if per else unit
