"""The comparator of a target: at least, at most or about its value.

First rule that applies wins; explicit bounds beat approximations:
1. after the unit: 以上 -> at_least; 以下/以内/内 (after a duration) -> at_most;
2. right before the number, a strict bound: 不低于/不少于/超过/超/突破/逾/高于/多于 -> at_least;
   不超过/不高于/不多于/控制在/低于/少于 -> at_most ("控制在5.5%左右" -> at_most);
3. 多/余 between number and unit ("50多公里", "100余家") -> at_least;
4. approximations: 左右/上下 after, 约/近 before -> about ("增长6%左右");
5. 达到/达 right before the number -> at_least ("年交易量达20万吨");
6. a duration (小时, 分钟, 个工作日) is a time limit -> at_most;
7. otherwise at_least: a plan's number is a level to reach ("推动53个重点项目建设", "年度计划投资32亿元"
   are met by 53 or more, 32 or more). A range keeps its comparator and sets value_high. `exactly` is
   never inferred: a promise to hit a number exactly is written as an explicit bound in practice.
"""

from __future__ import annotations

import re

PRE_RE = re.compile(
    r"(?:不低于|不少于|不超过|不高于|不多于|控制在|超过|高于|低于|少于|多于|达到|突破|(?<![到下抵传表发通])达"
    r"|(?<!赶)超|(?<![节制签预邀契合公条相特大])约|(?<![接附最临将])近|逾)\s*$"
)
POST_RE = re.compile(r"\s*(以上|以下|以内|左右|上下)")
_DURATION_POST_RE = re.compile(r"\s*内")
_PRE_COMPARATOR = {
    "不低于": "at_least",
    "不少于": "at_least",
    "超过": "at_least",
    "高于": "at_least",
    "多于": "at_least",
    "达到": "at_least",
    "突破": "at_least",
    "达": "at_least",
    "超": "at_least",
    "逾": "at_least",
    "不超过": "at_most",
    "不高于": "at_most",
    "不多于": "at_most",
    "控制在": "at_most",
    "低于": "at_most",
    "少于": "at_most",
    "约": "about",
    "近": "about",
}
_POST_COMPARATOR = {"以上": "at_least", "以下": "at_most", "以内": "at_most", "左右": "about", "上下": "about"}
_STRICT_PRE = frozenset(
    ("不低于", "不少于", "高于", "多于", "超过", "超", "突破", "逾")
    + ("不超过", "不高于", "不多于", "控制在", "低于", "少于")
)


def post_word(text: str, end: int, duration: bool) -> re.Match | None:
    """The comparator word right after a number and its unit (内 only after a duration)."""
    m = POST_RE.match(text, end)
    if m is None and duration:
        m = _DURATION_POST_RE.match(text, end)
    return m


def comparator(pre: str, more: bool, post: str, duration: bool = False) -> str:
    if post in ("以上", "以下", "以内", "内"):
        return "at_least" if post == "以上" else "at_most"
    if pre in _STRICT_PRE:
        return _PRE_COMPARATOR[pre]
    if more:
        return "at_least"
    if post:  # 左右, 上下
        return _POST_COMPARATOR[post]
    if pre:  # 约, 近 -> about; 达到, 达 -> at_least
        return _PRE_COMPARATOR[pre]
    return "at_most" if duration else "at_least"
