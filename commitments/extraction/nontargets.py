"""Numbers with a unit that are not this year's targets.

``skip_reason`` names why; the reasons of ``INFORMATION`` are figures a reviewer should still see
(kept on the candidate as information), the others are no figure of the plan at all.

Not a figure (checked in this order):
1. ordinals: the number follows 第 (第十五小学, 第一个百年);
2. quoted names and slogans: inside “…”, 《…》, 「…」 etc. (“六稳”“六保”, “省促进就业九条”);
3. formulas: a "+" right before or after the number (1+1+9, 1+N);
4. per-unit ratios: "每…一所", "每村1名", "每个县（市、区）打造3条", "在每个县区建成运营1所…",
   "各县区各学段至少建成1所" (每年/每月 are frequencies, not ratios: "每年培训500人" is a target);
5. codes: a Latin letter right before the number (5G, G325, PM2.5);
6. descriptions, not deliverables: a count naming what a document or an existing body is about
   ("落实省20个战略性产业集群建设行动计划", "充分发挥7个工作专班作用"); a programme's name ("100项民生
   实事项目", "十件民生实事"); a size class of the things counted ("签约50亿元以上项目10个", "年产值超
   20亿元龙头企业1家", "以100亿元项目为引领"); a frame "以…为主/为引领" ("以3个国家级开发区、4个省级
   开发区和若干功能区为主的园区载体建设");
7. Chinese numerals: a bare "一" is an article (一批, 一所); the same numeral again within four
   characters is a slogan (一户一档, 一村一品); a count right after a closing quote counts the quoted
   names ("“粤菜师傅”“广东技工”“南粤家政”三项工程") — but a count after a list of plain names counts
   deliverables ("埠场、双捷两镇污水处理厂", "稻米、果蔬、肉禽、生猪四条精深加工产业链");
   "N个/项/条/件" followed by another numeral or by a noun of ``_SLOGAN_NOUNS`` (四个意识, 三个一批,
   八个方面, 两项补贴, 十件民生实事) or after an adherence verb (落实中央八项规定); Chinese numeral
   + 条 with no noun after it is a policy name (促进就业九条).

Information, not a target:
8. sub-counts in a "（含…）" parenthetical (53个重点项目（含11个预备项目）: 11 is part of 53), or in a
   parenthetical breakdown of a count before it ("343座公路桥梁进行改造（三类桥136座，四类桥173座…）");
9. capacities: a unit of power ("650万千瓦海上风电项目"), or a measure written straight before the
   facility it describes ("年交易量达20万吨大型海鲜交易中心");
10. pool totals: the total investment of the projects counted ("总投资3002亿元的125个项目",
   "投资总额350亿元共64个…项目", "投资近50亿元的金田铜业等项目"); an annual investment
   ("年度投资25亿元的62个项目") is this year's and stays a target;
11. multi-year figures: the number belongs to a multi-year plan, the next five years or a later year
    than the report's ("三年行动计划108个项目", "今后五年…", "到2025年" in a 2021 report, "实施…三年行动
    计划，累计建成20个"); "到2021年底" in a 2021 report is this year's;
12. past results: "巩固18万公里“四好农村路”建设攻坚成果";
13. baselines: the "from" value of "从X提高到Y" / "由X提高至Y" (kept on the target as its baseline).
"""

from __future__ import annotations

import re

from .textutil import CJK, in_spans
from .units import CAPACITY_UNITS, COUNT_SET, TARGET_RE

INFORMATION = frozenset({"sub-count", "capacity", "total", "multi-year", "past"})

_CN_NUM_CLASS = "一二两三四五六七八九十"
_SLOGAN_NOUNS = re.compile(
    r"(?:意识|自信|维护|确立|全面|代表|规定|不|禁止|纪律|责任|原则|基本|务必|必须|区分|中心|没有|"
    r"坚持|服务|健康|统筹|转变|有利于|方面|工程|补贴|体系|制度|机制|市场|资源|定位|民生|实事|公开赛|"
    r"[〇零一二两三四五六七八九十百])"
)
_ADHERENCE_RE = re.compile(
    r"(?:落实|贯彻|增强|树牢|坚定|做到|践行|坚持|遵守|执行|严守|牢记|守住|学习|巩固)[^，,；;。]{0,4}$"
)
_RATIO_RE = re.compile(rf"每(?![年月季周天日])[个名家所]?[{CJK}]{{0,3}}$")
_RATIO_CLAUSE_RE = re.compile(
    rf"^(?:在|对|为)?每(?![年月季周天日])[个名家所]?[{CJK}]{{1,4}}(?:[（(][^（()）]{{0,12}}[）)])?"
    rf"|^各[{CJK}]{{1,4}}(?:各[{CJK}]{{1,4}})?至少"
)
_SUBCOUNT_RE = re.compile(r"[（(]\s*(?:含|其中|包括)[^（()）]{0,60}[）)]")
_PARENTHETICAL_RE = re.compile(r"[（(][^（()）]{2,80}[）)]")
_NAMED_DOCUMENT_RE = re.compile(rf"^[{CJK}]{{2,20}}?(?:行动计划|实施方案|工作方案|规划纲要)")
_EXISTING_RE = re.compile(rf"发挥[{CJK}]{{0,2}}$")
_PROGRAMME_RE = re.compile(r"^[项件]?民生实事")
_MONEY_UNITS = frozenset({"亿元", "万元", "元", "亿美元", "万美元", "美元"})
_SIZE_CLASS_RE = re.compile(rf"^(?:以上|以下)?的?[{CJK}]{{0,6}}?(?:项目|企业)")
_FRAME_BEFORE_RE = re.compile(r"以[^以为，,；;。]{0,30}$")
_FRAME_AFTER_RE = re.compile(r"^[^，,；;。]{0,30}?为(?:主|重点|引领|主体|基础|支撑|核心|抓手|龙头)")
_DELIMS = "，,；;。！？!?：:（(）)"
_COMMA_DELIMS = "，,；;。！？!?：:"
_FACILITY_RE = re.compile(
    rf"^[{CJK}]{{1,12}}?(?:项目|中心|基地|电站|电厂|码头|泊位|生产线|工厂|储气库|船舶|风电场)(?:[，,；;。、]|$|[{CJK}]{{0,4}}(?:加快|建设|上马|投产|落地))"
)
_TOTAL_BEFORE_RE = re.compile(r"(?<!年度)(?<!年度计划)(?<!签约)(?:总投资|投资总额|投资)(?:约|近|达|超)?$")
_MULTI_YEAR_RE = re.compile(r"十四五|[两三四五六七八九十]年(?:行动|计划|滚动|攻坚)")
# a sentence about the next five years: every figure after these words is the period's
_FIVE_YEARS_RE = re.compile(r"今后五年|未来五年|五年内|五年间|“?十四五”?(?:时期|期间)")
_BY_YEAR_RE = re.compile(r"(?:到|至)(20\d\d)年")
_PAST_RE = re.compile(r"^巩固[^，,；;。]{0,4}$")
BASELINE_FROM_RE = re.compile(r"(?:从|由)[^，,；;。从由]{0,24}$")
BASELINE_TO_RE = re.compile(r"(?:提高|增加|提升|降低|下降|减少|调整|上调|增)(?:到|至|为)")


def clause_start(text: str, pos: int, delims: str = _DELIMS) -> int:
    return max(text.rfind(d, 0, pos) for d in delims) + 1


def skip_reason(
    text: str,
    start: int,
    end: int,
    num: str,
    unit: str,
    spans: list[tuple[int, int]],
    sub_spans: list[tuple[int, int]],
    year: int | None = None,
) -> str:
    """Why the number ``num`` at text[start:end] (followed by ``unit``) is not a target, or ''.
    ``year`` is the report's: "到2025年…" in a 2021 report is a later year's figure."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 4]
    is_cn = not num[0].isdigit()
    if before.rstrip().endswith("第"):
        return "ordinal"
    if in_spans(start, spans):
        return "quoted"
    if before.rstrip().endswith(("+", "＋")) or text[start + len(num) : start + len(num) + 1] in ("+", "＋"):
        return "formula"
    if in_spans(start, sub_spans):
        return "sub-count"
    clause_before = text[clause_start(text, start) : start]
    comma_clause = text[clause_start(text, start, _COMMA_DELIMS) : start]
    if _RATIO_RE.search(clause_before) or _RATIO_CLAUSE_RE.match(comma_clause):
        return "ratio"
    if before and before[-1:].isascii() and before[-1:].isalpha():
        return "code"  # 5G, G325
    after_clause = text[end : end + 30]
    if unit in COUNT_SET and (
        _NAMED_DOCUMENT_RE.match(after_clause)
        or (_EXISTING_RE.search(comma_clause) and "作用" in after_clause.split("，")[0])
        or _PROGRAMME_RE.match(after_clause)
    ):
        return "name"
    if (
        unit in _MONEY_UNITS
        and _SIZE_CLASS_RE.match(after_clause)
        and not _TOTAL_BEFORE_RE.search(re.sub(r"\s+", "", clause_before))
    ):
        return "size class"  # a total investment ("投资近50亿元的…项目") is information, below
    if _FRAME_BEFORE_RE.search(comma_clause) and _FRAME_AFTER_RE.match(after_clause):
        return "frame"
    if is_cn:
        reason = _chinese_numeral_reason(text, start, end, num, unit, before, after, clause_before)
        if reason:
            return reason
    return _information_reason(text, start, end, unit, clause_before, comma_clause, year)


def _chinese_numeral_reason(
    text: str, start: int, end: int, num: str, unit: str, before: str, after: str, clause_before: str
) -> str:
    if num == "一" and text[start + 1 : start + 2] not in ("万", "亿", "千"):
        return "article"
    if unit == "大" and not num[0].isdigit():
        return "slogan"  # 三大攻坚战: only "10大滨水节点" counts with 大
    window = text[max(0, start - 4) : end + 4]
    for ch in set(num) & set(_CN_NUM_CLASS):
        if window.count(ch) >= 2 and _repeats_nearby(text, start, end, ch):
            return "slogan"
    if before.endswith(("”", "」", "』")):
        return "apposition"
    if unit in ("个", "项", "条", "件"):
        if _SLOGAN_NOUNS.match(after):
            return "slogan"
        if _ADHERENCE_RE.search(clause_before):
            return "slogan"
    if unit == "条" and not re.match(f"[{CJK}]", after):
        return "name"
    return ""


def _information_reason(
    text: str, start: int, end: int, unit: str, clause_before: str, comma_clause: str, year: int | None
) -> str:
    following = text[end : end + 40]
    if unit not in COUNT_SET:
        if _TOTAL_BEFORE_RE.search(re.sub(r"\s+", "", clause_before)) and re.match(r"\s*(?:的|共)", following):
            return "total"
        if unit in CAPACITY_UNITS and re.match(f"[{CJK}]", following):
            return "capacity"
        if _FACILITY_RE.match(following):
            return "capacity"
    if _MULTI_YEAR_RE.search(comma_clause) or _FIVE_YEARS_RE.search(text[:start]):
        return "multi-year"
    by_year = _BY_YEAR_RE.search(comma_clause)
    if by_year and year is not None and int(by_year.group(1)) > year:
        return "multi-year"
    if comma_clause.startswith("累计") and _MULTI_YEAR_RE.search(text[max(0, start - 40) : start]):
        return "multi-year"
    if _PAST_RE.match(comma_clause) and "成果" in following.split("，")[0]:
        return "past"
    return ""


def _repeats_nearby(text: str, start: int, end: int, ch: str) -> bool:
    """The same Chinese numeral again within four characters: 一村一品, 三清理三拆除."""
    for i in range(max(0, start - 4), min(len(text), end + 4)):
        if text[i] == ch and not (start <= i < end):
            return True
    return False


def subcount_spans(text: str) -> list[tuple[int, int]]:
    """Spans of "（含…）" parentheticals and of breakdowns of a count written before them."""
    spans = [m.span() for m in _SUBCOUNT_RE.finditer(text)]
    for m in _PARENTHETICAL_RE.finditer(text):
        inner = {_unit(n) for n in TARGET_RE.finditer(m.group(0))}
        before = {_unit(n) for n in TARGET_RE.finditer(text[max(0, m.start() - 40) : m.start()])}
        if inner and inner <= before:
            spans.append(m.span())
    return spans


def _unit(m: re.Match) -> str:
    return m.group("unit") or m.group("unit2")
