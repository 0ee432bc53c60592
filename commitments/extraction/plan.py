"""Headings, where the plan part starts, and the annexes that belong to it.

Numbered headings: "一、…" (also "第一部分…") is level 1, "（一）…" level 2, "1．…" / "（1）…" / "①"
level 3.

Plan heading (whitespace-insensitive, numbering such as "二、" or "第二部分" ignored), a short
line (<= 30 characters, no "，。；" inside) that starts with a year (2021, 二〇二一) or 今/明/本年
and ends with 工作/任务/安排 (optionally followed by 安排/任务/计划/部署/思路/重点/要点/目标 and a
colon): "2020 年工作安排", "三、2021年工作安排", "2021年主要工作", "今年重点做好以下七方面工作：",
"今年政府工作的总体要求和主要任务". Lines with 回顾/总结/完成情况/成绩 are not it, nor a year before
the report's year. The first match wins.

Without such a heading the plan starts at the year paragraph: the first paragraph opening with
"今年是" / "<year>年是" (the report's year; "2020年是…" in a 2021 report looks back), or else the
first paragraph holding 主要预期目标; a short title line right before it ("凝心聚力做好今年各项工作
确保“十四五”开好局起好步") is the plan's heading.

The plan ends at an appendix ("附件", "名词解释", "注释"), except an annex that belongs to the year's
plan: "附件1 / 2021年省十件民生实事". An annex belongs to the plan when its title (the annex line itself
or one of the next two paragraphs) names the year's projects or tasks (民生实事, 实事, 重点项目,
目标任务, 重点工作) and no other year than the report's. Such an annex is one chapter; its numbered items
("一、促进普惠性学前教育扩学位、提质量。…") are its sections.
"""

from __future__ import annotations

import re

from .numerals import parse_chinese_numeral
from .textutil import compact

_CN = "一二三四五六七八九十"
L1_RE = re.compile(
    rf"^\s*(?:(?P<num>[{_CN}]{{1,3}})\s*[、．.]|第(?P<num2>[{_CN}]{{1,3}})(?:部分|章|篇)[、：:，,\s]*)\s*(?P<rest>.*)$",
    re.S,
)
L2_RE = re.compile(rf"^\s*[（(]\s*(?P<num>[{_CN}]{{1,3}})\s*[）)]\s*[、．.]?\s*(?P<rest>.*)$", re.S)
L3_RE = re.compile(
    r"^\s*(?:(?P<num>\d{1,2})\s*[、．.](?![\d.．])|[（(]\s*(?P<num2>\d{1,2})\s*[）)]|(?P<circ>[①-⑳]))\s*(?P<rest>.*)$",
    re.S,
)
_PLAN_HEAD_RE = re.compile(
    r"^(?:关于|做好|今后五年(?:和|及|与)?|未来五年(?:和|及|与)?)?"
    r"(?P<when>\d{4}|[〇零一二三四五六七八九]{4}|今|明|本)年度?(?P<mid>.{0,18}?)(?:工作|任务|安排)"
    r"(?:安排|任务|计划|部署|打算|思路|重点|要点|建议|目标)?[：:。]?$"
)
_PLAN_NOT_RE = re.compile(r"回顾|总结|完成情况|成绩|成效|过去|做法|经验|情况|报告")
STOP_RE = re.compile(r"^(?:附件|附表|附录|名词解释|注释|附[：:])")
_ANNEX_RE = re.compile(r"^(?:附件|附表)")
_ANNEX_NUMBER_RE = re.compile(r"^(?:附件|附表)[0-9一二三四五六七八九十]*[：:、．.]?")
_ANNEX_TITLE_RE = re.compile(r"民生实事|实事|重点项目|目标任务|重点工作|工作任务")
_YEAR_RE = re.compile(r"(\d{4})年")
_TITLE_MAX = 40


def heading_match(line: str) -> tuple[int, str, str] | None:
    """(level, printed number, rest) of a numbered heading line, or None."""
    for level, regex in ((1, L1_RE), (2, L2_RE), (3, L3_RE)):
        m = regex.match(line)
        if m:
            num = m.groupdict().get("num") or m.groupdict().get("num2") or m.groupdict().get("circ") or ""
            return level, num, m.group("rest")
    return None


def is_plan_heading(line: str, year: int | None = None) -> int | None:
    """The year a plan heading names (the report year for 今年), or None if it is not one."""
    c = compact(line)
    h = heading_match(c)
    if h and h[0] in (1, 2):
        c = compact(h[2])
    if not c or len(c) > 30 or re.search(r"[，,。；;](?!$)", c):
        return None
    m = _PLAN_HEAD_RE.match(c)
    if not m or _PLAN_NOT_RE.search(c):
        return None
    when = m.group("when")
    if when in ("今", "本"):
        return year if year is not None else 0
    if when == "明":
        return (year + 1) if year is not None else 0
    value = int(when) if when.isdigit() else parse_chinese_numeral(when)
    if value is None or not 1900 <= value <= 2100:
        return None
    if year is not None and value < year:
        return None
    return value


def plan_start(paras: list[str], year: int) -> tuple[int, int | None, bool] | None:
    """(index of the plan's heading paragraph, the year it names, whether that paragraph is only a
    heading) — or None when the text has no plan part. When the plan starts at a year paragraph with
    no title line before it, the index is that of the paragraph before, which is no heading."""
    for i, p in enumerate(paras):
        y = is_plan_heading(p, year)
        if y is not None:
            return i, y, True
    opening = re.compile(rf"^(?:今年|{year}年)(?:是|，|,)")
    found = next((i for i, p in enumerate(paras) if opening.match(compact(p))), None)
    if found is None:
        found = next((i for i, p in enumerate(paras) if "主要预期目标" in p), None)
    if found is None:
        return None
    if found > 0 and is_title_line(paras[found - 1]):
        return found - 1, year, True
    return found - 1, year, False


def is_title_line(paragraph: str) -> bool:
    """A short line without sentence punctuation (a heading the numbering rules do not know)."""
    c = compact(paragraph)
    return 0 < len(c) <= _TITLE_MAX and not re.search(r"[。；;！!？?]", c) and heading_match(c) is None


def annex_title(paras: list[str], k: int, year: int) -> str | None:
    """The title of the annex starting at paragraph k when it belongs to the year's plan, else None."""
    if not _ANNEX_RE.match(compact(paras[k])):
        return None
    for j in range(k, min(k + 3, len(paras))):
        c = compact(paras[j])
        rest = _ANNEX_NUMBER_RE.sub("", c) if j == k else c
        if not rest or len(rest) > _TITLE_MAX:
            continue
        if _ANNEX_TITLE_RE.search(rest):
            years = {int(y) for y in _YEAR_RE.findall(rest)}
            return rest if years <= {year} else None
    return None
