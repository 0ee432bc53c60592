"""The targets of a sentence: numbers with a unit that the plan promises to reach.

The rules live by responsibility: ``numerals`` (reading a number), ``units`` (units, the pattern of a
number with its unit, ranges), ``comparators`` (at least / at most / about), ``nontargets`` (numbers
that are not targets, and those kept as information), ``metrics`` (what is counted or measured).
This module puts them together and adds the rules that need all targets of a sentence:

- baselines: "从每月609元、276元提高到631元、286元": 609 and 276 are not targets but the baselines
  of 631 and 286, paired in order ("由800元/亩提高至1000元/亩");
- qualifiers: a measure that describes the things a later count of the same clause counts
  ("其中10亿元以上项目3个", "引进超10亿元或1亿美元的重大产业项目60个") is not a target; an annual
  investment stays one ("年度投资25亿元的62个项目": 25亿元 is this year's money);
- round figures: a bare 百/千 is an idiom (百亿元级, 千家万户) except right after 突破/达到/超过
  ("优质稻米产业产值突破百亿元" is 100亿元);
- directional targets: a clause that promises a direction without a number ("居民人均可支配收入增长与
  经济增长基本同步", "…与地区生产总值增速保持同步", "进出口总额与上年持平", "进出口实现正增长") is
  kept as a figure of kind "directional".
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import Decimal

from .comparators import PRE_RE, comparator, post_word
from .metrics import metric
from .models import Figure, TargetCandidate
from .nontargets import (
    BASELINE_FROM_RE,
    BASELINE_TO_RE,
    INFORMATION,
    clause_start,
    skip_reason,
    subcount_spans,
)
from .numerals import parse_chinese_numeral, parse_number
from .textutil import CJK, analysis_form, quoted_spans
from .units import COUNT_SET, DURATION_SET, MULT, TARGET_RE, unit_of

__all__ = [
    "find_figures",
    "find_targets",
    "find_targets_with_spans",
    "forget",
    "parse_chinese_numeral",
    "parse_number",
]

_TOO_LARGE = Decimal(10) ** 15  # no plausible target; keeps Decimal arithmetic exact
_CLAUSE_END = "，,；;。！？!?"
_DIRECTIONAL_RE = re.compile(
    rf"[{CJK}]{{2,16}}?(?:增长)?(?:与[{CJK}]{{2,12}}?(?:基本)?(?:保持)?(?:同步|持平)"
    rf"|实现正增长|稳步增长|稳定增长|保持稳定|基本稳定)"
)
_ROUND = {"百": Decimal(100), "千": Decimal(1000)}
_REACH_RE = re.compile(r"(?:突破|达到|超过)$")
_ANNUAL_INVESTMENT_RE = re.compile(r"年度(?:计划)?投资(?:约|近|达|超)?$")


@dataclass(frozen=True)
class _Found:
    start: int
    end: int
    target: TargetCandidate


def find_targets_with_spans(sentence: str, year: int | None = None) -> list[_Found]:
    """Targets of a sentence with their [start, end) offsets in it (``year``: the report's, to tell
    a later year's figure "到2025年…" from this year's)."""
    return list(_scan(sentence, year)[0])


def find_targets(sentence: str, year: int | None = None) -> list[TargetCandidate]:
    """The targets of one sentence (see the module docstrings for the rules)."""
    return [f.target for f in find_targets_with_spans(sentence, year)]


def find_figures(sentence: str, year: int | None = None) -> list[Figure]:
    """Figures of a sentence that are information, not targets, and its directional targets."""
    return list(_scan(sentence, year)[1])


def forget() -> None:
    """Empty the scan cache: each extraction starts cold, so a benchmark measures the work."""
    _scan.cache_clear()


@functools.lru_cache(maxsize=4096)  # a sentence is scanned for its targets and again for its figures
def _scan(sentence: str, year: int | None) -> tuple[list[_Found], tuple[Figure, ...]]:
    text = analysis_form(sentence)
    spans = quoted_spans(text)
    sub_spans = subcount_spans(text)
    found: list[_Found] = []
    figures: list[Figure] = []
    baselines: list[tuple[int, Decimal]] = []  # (offset, value) of "从X" values
    for m in TARGET_RE.finditer(text):
        num = m.group("num")
        unit = unit_of(m)
        base_unit = m.group("unit") or m.group("unit2")
        reason = skip_reason(text, m.start(), m.end(), num, base_unit, spans, sub_spans, year)
        value, value_high = _values(m, text)
        if value is None:
            continue
        if reason in INFORMATION:
            figures.append(Figure(reason, sentence[m.start() : m.end()].strip()))
            continue
        start, end = m.start(), m.end()
        if reason in ("", "ratio") and _is_baseline(text, start, end):
            baselines.append((start, value))
            continue
        if reason:
            continue
        pre_m = PRE_RE.search(text, max(0, start - 4), start)
        pre = pre_m.group(0).strip() if pre_m and pre_m.end() == start else ""
        duration = base_unit in DURATION_SET
        post_m = post_word(text, end, duration)
        post = post_m.group(1) if post_m and post_m.groups() else (post_m.group(0).strip() if post_m else "")
        more = bool(m.group("more") or m.group("more2"))
        c_start = clause_start(text, start)
        frag_start = start - len(pre_m.group(0)) if pre else start
        frag_end = post_m.end() if post else end
        target = TargetCandidate(
            metric=metric(text, c_start, frag_start, frag_end, base_unit),
            value=_normalise(value),
            unit=unit,
            comparator=comparator(pre, more, post, duration),
            value_high=_normalise(value_high) if value_high is not None else None,
            text=sentence[frag_start:frag_end].strip(),
        )
        found.append(_Found(frag_start, frag_end, target))
    found = _with_baselines(text, found, baselines)
    figures += [Figure("directional", d) for d in _directional(sentence, text, found)]
    return _unique_metrics(_drop_qualifiers(text, found)), tuple(figures)


def _values(m: re.Match, text: str) -> tuple[Decimal | None, Decimal | None]:
    value = parse_number(m.group("num"))
    if value is None and m.group("num") in _ROUND and _REACH_RE.search(text, 0, m.start()):
        value = _ROUND[m.group("num")]  # "产值突破百亿元": a round figure, not the idiom 百亿元级
    if value is None:
        return None, None
    value_high = parse_number(m.group("num2")) if m.group("num2") else None
    if m.group("num2") and value_high is None:
        return None, None
    if m.group("pct1") and (m.group("unit") or m.group("unit2")) != "%":
        return None, None  # "3%-5个": inconsistent
    mult = m.group("mult")
    if mult:
        value *= MULT[mult]
        value_high = value_high * MULT[mult] if value_high is not None else None
    if value >= _TOO_LARGE or (value_high is not None and value_high >= _TOO_LARGE):
        return None, None
    return value, value_high


def _is_baseline(text: str, start: int, end: int) -> bool:
    """The "from" value of "从X提高到Y": 从/由 before it in its clause, 提高到 after it."""
    before = text[clause_start(text, start) : start]
    i = max(before.rfind("从"), before.rfind("由"))
    if i == -1 or BASELINE_TO_RE.search(before[i:]) or not BASELINE_FROM_RE.search(before):
        return False
    return bool(BASELINE_TO_RE.search(text[end : _clause_end(text, end)]))


def _clause_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(d, pos) for d in _CLAUSE_END) if i != -1]
    return min(ends) if ends else len(text)


def _with_baselines(text: str, found: list[_Found], baselines: list[tuple[int, Decimal]]) -> list[_Found]:
    """Give the targets after "提高到" the "从" values before it, in order."""
    if not baselines:
        return found
    out = []
    queue = list(baselines)
    for f in found:
        pending = [b for b in queue if b[0] < f.start]
        if pending and BASELINE_TO_RE.search(text[pending[0][0] : f.start]):
            queue.remove(pending[0])
            t = f.target
            f = _Found(f.start, f.end, _replace(t, baseline=_normalise(pending[0][1])))
        out.append(f)
    return out


def _replace(t: TargetCandidate, **changes) -> TargetCandidate:
    fields = {
        "metric": t.metric,
        "value": t.value,
        "unit": t.unit,
        "comparator": t.comparator,
        "value_high": t.value_high,
        "text": t.text,
        "baseline": t.baseline,
    }
    fields.update(changes)
    return TargetCandidate(**fields)


def _directional(sentence: str, text: str, found: list[_Found]) -> list[str]:
    """Clauses promising a direction without a number, outside any numeric target's clause."""
    out = []
    for m in _DIRECTIONAL_RE.finditer(text):
        a = clause_start(text, m.start(), _CLAUSE_END)
        b = _clause_end(text, m.end())
        if any(a <= f.start < b for f in found):
            continue
        out.append(sentence[a:b].strip())
    return out


def _drop_qualifiers(text: str, found: list[_Found]) -> list[_Found]:
    """ "10亿元以上项目3个", "超10亿元或1亿美元的重大产业项目60个": the measures only describe the things
    a later count of the same clause counts."""
    out = []
    for i, f in enumerate(found):
        t = f.target
        after = text[f.end : f.end + 1] or " "
        describes = (text[: f.end].rstrip().endswith(("以上", "以下")) and re.match(f"[{CJK}]", after)) or after in (
            "的",
            "或",
        )
        if t.unit not in COUNT_SET and describes and not _ANNUAL_INVESTMENT_RE.search(text[: f.start]):
            clause_end = _clause_end(text, f.end)
            if any(g.target.unit in COUNT_SET and f.end <= g.start < clause_end for g in found[i + 1 :]):
                continue
        out.append(f)
    return out


def _unique_metrics(found: list[_Found]) -> list[_Found]:
    """The database keeps one target per (commitment, metric): make metrics unique."""
    seen: dict[str, int] = {}
    out = []
    for f in found:
        name = f.target.metric
        if name in seen:
            seen[name] += 1
            f = _Found(f.start, f.end, _replace(f.target, metric=f"{name}（{seen[name]}）"))
        else:
            seen[name] = 1
        out.append(f)
    return out


def _normalise(value: Decimal) -> Decimal:
    """32.0 -> 32, 2.70 -> 2.7, without exponent notation."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()
