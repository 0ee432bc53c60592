"""Numbers, units, comparators and metrics: finding the targets of a sentence.

A target is a number followed by a unit of the table ``UNITS`` (optionally with a multiplier
万/亿/千 before a plain unit, and with 多/余 between number and unit). Numbers are Arabic
(with decimals and thousands separators), full-width (５３) or Chinese (两个, 十五个, 一百二十,
二〇二〇). A range is "3-5个", "3至5个", "3~5%", "三至五个" (value .. value_high).

What is NOT a target (general rules, checked in this order; see ``skip_reason``):
1. no unit after the number: years "2020年"/"二〇二〇年", dates "6月", "十九届四中全会",
   "十三五"/"十四五", "一号工程", "一级响应", "国家一级渔港", "一期", and every Chinese numeral
   before 大/不/清/拆除/保/稳 (三大攻坚战, 两不愁三保障, 五清, 三清理三拆除, “六稳”“六保”);
2. ordinals: the number follows 第 (第十五小学, 阳江市第九中学, 第一个百年);
3. quoted names and slogans: inside “…”, 《…》, 「…」 etc. (“六稳”“六保”, “省促进就业九条”);
4. formulas: a "+" right before or after the number (1+1+9, 1+N);
5. sub-counts in a "（含…）" parenthetical (53个重点项目（含11个预备项目）: 11 is part of 53);
6. per-unit ratios: "每…一所", "每村1名" (每 at most three characters before the number; 每年/每月
   are frequencies, not ratios: "每年培训500人" is a target);
7. Chinese-numeral slogans: the same Chinese numeral again within four characters
   (一户一档, 一村一品), and "N个/项/条" followed by another numeral or by an abstract noun of
   the small stop list ``_SLOGAN_NOUNS`` (四个意识, 两个维护, 三个一批, 八项规定, 四个不摘);
8. "N个/项/条" in Chinese numerals right after an adherence verb (落实/贯彻/增强/做到/坚持…
   within four characters): "落实中央八项规定", "增强四个意识";
9. policy names: Chinese numeral + 条 with no noun after it (促进就业九条, 金融十条);
10. a bare Chinese "一" (value 1 written 一) is an article, not a target (一批, 一条龙, 一所);
11. bare 百/千/万 without a digit before them are idioms (千家万户, 百亿元级).

Comparator (first rule that applies wins; explicit bounds beat approximations):
1. after the unit: 以上 -> at_least; 以下/以内 -> at_most;
2. right before the number, a strict bound: 不低于/不少于/超过/超/突破/逾/高于/多于 -> at_least;
   不超过/不高于/不多于/控制在/低于/少于 -> at_most ("控制在5.5%左右" -> at_most);
3. 多/余 between number and unit ("50多公里", "100余家") -> at_least;
4. approximations: 左右/上下 after, 约/近 before -> about ("增长6%左右");
5. 达到/达 right before the number -> at_least ("年交易量达20万吨");
6. otherwise at_least: a plan's number is a level to reach ("推动53个重点项目建设", "年度计划投资32亿元"
   are met by 53 or more, 32 or more). A range keeps its comparator and sets value_high. `exactly` is
   never inferred: a promise to hit a number exactly is written as an explicit bound in practice.

Qualifiers are not targets: a measure with 以上/以下 directly followed by a noun that a later count
of the same clause counts ("其中10亿元以上项目3个", "引进亿元以上项目15个") only describes the
things counted.

Metric: for counted units (个, 家, 项 …) the noun phrase after the unit ("53个重点项目" ->
重点项目), else the phrase before the number; for measures (亿元, %, 公里 …) the phrase before
the number after its last verb ("年度计划投资32亿元", "年交易量达20万吨", "实现扩园1平方公里"),
else the phrase after. A quoted name in the phrase after wins ("50多公里“四好农村路”建设" ->
四好农村路). "80%以上村庄达到干净整洁村标准" -> 干净整洁村比例.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .models import TargetCandidate
from .textutil import CJK, analysis_form, in_spans, quoted_spans

# ----------------------------------------------------------------------------- numerals

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


# ----------------------------------------------------------------------------- units

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
    "立方米",
    "万立方米",
)
UNITS = COUNT_UNITS + MEASURE_UNITS
_COUNT_SET = frozenset(COUNT_UNITS)

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
    "所": "(?!以|有|在|属|得|谓|需)",
    "户": "(?!籍|口|外|型|厕)",
    "个": "(?!人(?!次)|体|性|别)",
    "镇": "(?!街|区|域|长|压|定|静|政|级|村)",
    "件": "(?!事)",
    "座": "(?!谈)",
    "套": "(?!餐)",
}


def _unit_alternation() -> str:
    parts = []
    for unit in sorted(UNITS, key=len, reverse=True):
        guard = _UNIT_GUARDS.get(unit[-1], "") if unit != "个百分点" else ""
        parts.append(re.escape(unit) + guard)
    return "|".join(parts)


_NUM = r"(?:\d+(?:,\d{3})*(?:\.\d+)?|[〇零一二两三四五六七八九十百千]+(?:[万亿][〇零一二两三四五六七八九十百千]+)?)"
_UNIT = _unit_alternation()
TARGET_RE = re.compile(
    rf"(?P<num>{_NUM})(?P<pct1>\s*%)?"
    rf"(?:\s*(?P<sep>[-~—–至到])\s*(?P<num2>{_NUM}))?"
    rf"\s*(?P<more>[多余])?\s*"
    rf"(?:(?P<unit>{_UNIT})|(?P<mult>[万亿千])(?P<more2>[多余])?(?P<unit2>{_UNIT}))"
)
_PRE_RE = re.compile(
    r"(?:不低于|不少于|不超过|不高于|不多于|控制在|超过|高于|低于|少于|多于|达到|突破|(?<![到下抵传表发通])达"
    r"|(?<!赶)超|(?<![节制签预邀契合公条相特大])约|(?<![接附最临将])近|逾)\s*$"
)
_POST_RE = re.compile(r"\s*(以上|以下|以内|左右|上下)")
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
_TOO_LARGE = Decimal(10) ** 15  # no plausible target; keeps Decimal arithmetic exact
_MULT = {"万": Decimal(10_000), "亿": Decimal(100_000_000), "千": Decimal(1000)}

# ----------------------------------------------------------------------------- non-targets

_CN_NUM_CLASS = "一二两三四五六七八九十"
_SLOGAN_NOUNS = re.compile(
    r"(?:意识|自信|维护|确立|全面|代表|规定|不|禁止|纪律|责任|原则|基本|务必|必须|区分|中心|没有|"
    r"坚持|服务|健康|统筹|转变|有利于|[〇零一二两三四五六七八九十百])"
)
_ADHERENCE_RE = re.compile(
    r"(?:落实|贯彻|增强|树牢|坚定|做到|践行|坚持|遵守|执行|严守|牢记|守住|学习|巩固)[^，,；;。]{0,4}$"
)
_RATIO_RE = re.compile(rf"每(?![年月季周天日])[个名家所]?[{CJK}]{{0,3}}$")
_SUBCOUNT_RE = re.compile(r"[（(]\s*(?:含|其中|包括)[^（()）]{0,60}[）)]")
_DELIMS = "，,；;。！？!?：:（(）)"


def skip_reason(
    text: str, start: int, end: int, num: str, unit: str, spans: list[tuple[int, int]], sub_spans: list[tuple[int, int]]
) -> str:
    """Why the number ``num`` at text[start:end] (followed by ``unit``) is not a target, or ''."""
    before = text[max(0, start - 6) : start]
    after = text[end : end + 4]
    is_cn = not num[0].isdigit()
    if before.endswith("第") or before.rstrip().endswith("第"):
        return "ordinal"
    if in_spans(start, spans):
        return "quoted"
    if before.rstrip().endswith(("+", "＋")) or text[start + len(num) : start + len(num) + 1] in ("+", "＋"):
        return "formula"
    if in_spans(start, sub_spans):
        return "sub-count"
    clause_start = max(text.rfind(d, 0, start) for d in _DELIMS) + 1
    clause_before = text[clause_start:start]
    if _RATIO_RE.search(clause_before):
        return "ratio"
    if before and before[-1:].isascii() and before[-1:].isalpha():
        return "code"  # 5G, G325
    if is_cn:
        if num == "一" and text[start + 1 : start + 2] not in ("万", "亿", "千"):
            return "article"
        window = text[max(0, start - 4) : end + 4]
        for ch in set(num) & set(_CN_NUM_CLASS):
            if window.count(ch) >= 2 and _repeats_nearby(text, start, end, ch):
                return "slogan"
        if unit in ("个", "项", "条"):
            if _SLOGAN_NOUNS.match(after):
                return "slogan"
            if _ADHERENCE_RE.search(clause_before):
                return "slogan"
        if unit == "条" and not re.match(f"[{CJK}]", after):
            return "name"
    return ""


def _repeats_nearby(text: str, start: int, end: int, ch: str) -> bool:
    """The same Chinese numeral again within four characters: 一村一品, 三清理三拆除."""
    for i in range(max(0, start - 4), min(len(text), end + 4)):
        if text[i] == ch and not (start <= i < end):
            return True
    return False


# ----------------------------------------------------------------------------- metrics

_VERBS = (
    "推进|加快|建设|完成|实施|开展|落实|加强|深化|推动|打造|培育|引进|提升|提高|完善|健全|建立|抓好|做好|"
    "确保|力争|争取|实现|新开工|开工|动工|建成|启动|扶持|坚持|强化|优化|扩大|促进|保障|巩固|创建|整治|治理|办好|"
    "力促|新增|新建|改造|投入|安排|达到|达|超过|突破|控制在|保持在|稳定在|新引进|引导|支持|帮助|组织|服务|"
    "争创|创成|建好|办成|解决|筹集|发放|培训|招引|签约|盘活|清理|整治|改扩建|扩建|修建|铺设"
)
_VERBS_RE = re.compile(_VERBS)
_LEADING_NOISE_RE = re.compile(
    r"^(?:全区|全市|全县|全镇|全年|今年|年内|年底前|年底|年末|上半年|下半年|力争|确保|争取|努力|累计|"
    r"共|其中|各|我区|我市|全|的|要|将|并|和|及|等|前?第?[一二三四1-4]季度|\d{1,2}月(?:底|末|份)?前?)+"
)
_TRAILING_NOISE_RE = re.compile(r"(?:不低于|不少于|不超过|控制在|保持在|稳定在|超过|达到|突破|为|是|共|的)+$")
_FOLLOW_CUT_RE = re.compile(
    r"(?:加快|尽快|达产|达到|实现|落户|上马|建设|实施|投产|开工|竣工|完成|进入|纳入|改造|提升|以上|"
    r"左右|的建设|得到|获得|参与|开展|创建|建成|覆盖|任务)"
)
_STANDARD_RE = re.compile(rf"^[{CJK}]{{0,8}}?(?:达到|实现|建成|完成|符合)([^，,；;。]{{1,15}}?)标准")
_QUOTED_NAME_RE = re.compile(r"[“「《\"]([^“”「」《》\"]{2,20})[”」》\"]")
_NEW_VERBS = ("新增", "新建", "新引进", "新培育", "新开工")
_METRIC_MAX = 30


def _clean(phrase: str) -> str:
    phrase = re.sub(r"\s+", "", phrase)
    phrase = phrase.strip('“”"‘’「」『』《》、·—-')
    return phrase


def _preceding_metric(before: str) -> str:
    before = _clean(before)
    before = _TRAILING_NOISE_RE.sub("", before)
    matches = list(_VERBS_RE.finditer(before))
    m = matches[-1] if matches else None
    if m is not None:
        rest = before[m.end() :]
        if len(_LEADING_NOISE_RE.sub("", rest)) <= 2 and m.group(0) in _NEW_VERBS:
            prefix = before[: m.start()]
            rest = m.group(0) + rest  # "新增就业", "城镇新增就业"
            if not _VERBS_RE.search(prefix):
                rest = prefix + rest
        before = rest
    before = _LEADING_NOISE_RE.sub("", before)
    before = _TRAILING_NOISE_RE.sub("", before)
    before = _clean(before)
    return before[-_METRIC_MAX:]


def _following_metric(after: str) -> str:
    after = re.sub(r"^\s*(?:以上|以下|以内|左右|上下)", "", after)
    stop = len(after)
    for d in "，,；;。！？!?：:（(":
        i = after.find(d)
        if i != -1:
            stop = min(stop, i)
    after = after[:stop]
    quoted = _QUOTED_NAME_RE.search(after)
    if quoted:
        return _clean(quoted.group(1))[:_METRIC_MAX]
    for m in _FOLLOW_CUT_RE.finditer(after):
        if m.start() >= 2:
            after = after[: m.start()]
            break
    after = re.sub(r"^的", "", after.strip())
    return _clean(after)[:_METRIC_MAX]


def _metric(text: str, clause_start: int, start: int, end: int, unit: str) -> str:
    before = text[clause_start:start]
    clause_end = len(text)
    for d in "，,；;。！？!?":
        i = text.find(d, end)
        if i != -1:
            clause_end = min(clause_end, i)
    after = text[end:clause_end]
    if unit == "%":
        plain = re.sub(r"^\s*(?:以上|以下|以内|左右|上下)", "", after)
        std = _STANDARD_RE.match(_clean(plain))
        if std:
            return _clean(std.group(1))[: _METRIC_MAX - 2] + "比例"
    pre = _preceding_metric(before)
    post = _following_metric(after)
    if unit in _COUNT_SET:
        metric = post or pre
    else:
        metric = pre or post
        if unit == "%" and not pre and post:
            metric = post + "比例"
    return metric or unit


# ----------------------------------------------------------------------------- comparators


_STRICT_PRE = frozenset(
    {
        "不低于",
        "不少于",
        "高于",
        "多于",
        "超过",
        "超",
        "突破",
        "逾",
        "不超过",
        "不高于",
        "不多于",
        "控制在",
        "低于",
        "少于",
    }
)


def _comparator(text: str, clause_before: str, pre: str, more: bool, post: str) -> str:
    if post in ("以上", "以下", "以内"):
        return _POST_COMPARATOR[post]
    if pre in _STRICT_PRE:
        return _PRE_COMPARATOR[pre]
    if more:
        return "at_least"
    if post:  # 左右, 上下
        return "about"
    if pre:  # 约, 近 -> about; 达到, 达 -> at_least
        return _PRE_COMPARATOR[pre]
    return "at_least"


# ----------------------------------------------------------------------------- public


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    target: TargetCandidate


def find_targets_with_spans(sentence: str) -> list[_Found]:
    """Targets of a sentence with their [start, end) offsets in it."""
    text = analysis_form(sentence)
    spans = quoted_spans(text)
    sub_spans = [m.span() for m in _SUBCOUNT_RE.finditer(text)]
    found: list[_Found] = []
    for m in TARGET_RE.finditer(text):
        num = m.group("num")
        unit = m.group("unit") or m.group("unit2")
        if skip_reason(text, m.start(), m.end(), num, unit, spans, sub_spans):
            continue
        value = parse_number(num)
        if value is None or value >= _TOO_LARGE:
            continue
        value_high = parse_number(m.group("num2")) if m.group("num2") else None
        if m.group("num2") and value_high is None:
            continue
        mult = m.group("mult")
        if mult:
            value *= _MULT[mult]
            if value_high is not None:
                value_high *= _MULT[mult]
        if value >= _TOO_LARGE or (value_high is not None and value_high >= _TOO_LARGE):
            continue
        if m.group("pct1") and unit != "%":
            continue  # "3%-5个": inconsistent
        start, end = m.start(), m.end()
        pre_m = _PRE_RE.search(text, max(0, start - 4), start)
        pre = pre_m.group(0).strip() if pre_m and pre_m.end() == start else ""
        post_m = _POST_RE.match(text, end)
        post = post_m.group(1) if post_m else ""
        more = bool(m.group("more") or m.group("more2"))
        clause_start = max(text.rfind(d, 0, start) for d in _DELIMS) + 1
        frag_start = start - len(pre_m.group(0)) if pre else start
        frag_end = post_m.end() if post else end
        comparator = _comparator(text, text[clause_start:frag_start], pre, more, post)
        metric = _metric(text, clause_start, frag_start, frag_end, unit)
        target = TargetCandidate(
            metric=metric,
            value=_normalise(value),
            unit=unit,
            comparator=comparator,
            value_high=_normalise(value_high) if value_high is not None else None,
            text=sentence[frag_start:frag_end].strip(),
        )
        found.append(_Found(frag_start, frag_end, target))
    return _unique_metrics(_drop_qualifiers(text, found))


def _drop_qualifiers(text: str, found: list[_Found]) -> list[_Found]:
    """ "10亿元以上项目3个": the 10亿元 only qualifies the projects that are counted."""
    out = []
    for i, f in enumerate(found):
        t = f.target
        if (
            t.unit not in _COUNT_SET
            and text[: f.end].rstrip().endswith(("以上", "以下"))
            and re.match(f"[{CJK}]", text[f.end : f.end + 1] or " ")
        ):
            clause_end = min(
                [text.find(d, f.end) for d in "，,；;。！？!?" if text.find(d, f.end) != -1] or [len(text)]
            )
            if any(g.target.unit in _COUNT_SET and f.end <= g.start < clause_end for g in found[i + 1 :]):
                continue
        out.append(f)
    return out


def find_targets(sentence: str) -> list[TargetCandidate]:
    """The targets of one sentence (see the module docstring for the rules)."""
    return [f.target for f in find_targets_with_spans(sentence)]


def _unique_metrics(found: list[_Found]) -> list[_Found]:
    """The database keeps one target per (commitment, metric): make metrics unique."""
    seen: dict[str, int] = {}
    out = []
    for f in found:
        metric = f.target.metric
        if metric in seen:
            seen[metric] += 1
            metric = f"{metric}（{seen[metric]}）"
            t = f.target
            f = _Found(f.start, f.end, TargetCandidate(metric, t.value, t.unit, t.comparator, t.value_high, t.text))
        else:
            seen[metric] = 1
        out.append(f)
    return out


def _normalise(value: Decimal) -> Decimal:
    """32.0 -> 32, 2.70 -> 2.7, without exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
