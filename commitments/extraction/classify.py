"""Is a sentence a work item? Its firmness, kind, title, and when to split it.

Work item: a sentence of at least six CJK characters that holds a work verb (``WORK_RE``:
推进, 加快, 建设, 完成, 落实, 引进, 确保 …) — or, when it holds targets, states a level or change
(增长, 下降, 控制在, 达到 …), names a deadline (全年, 年底, 一季度 …) or belongs to a sentence about
目标 ("主要预期目标是：地区生产总值增长6%左右；…") — and is neither
- rhetoric: "X就是Y" ("疫情就是命令，防控就是责任"), "X是…之年/关键…", an address
  ("各位代表"), nor
- a past fact or a current state: it starts with 当前/目前/至目前止/截至/去年/过去…, or it holds a
  past marker (已经, 已…, …了, 以来, 同比, 比上年, 累计 (not 累计建成/达到: a level to reach), 一年来 …)
  without any future marker
  (将, 要, 必须, 力争, 确保, 争取, 计划, 继续, 今年, 年内, 年底, 下半年).
A statistic such as "全区工业企业1798家，复工1785家" has no work verb and is dropped.

Firmness (first rule that applies wins):
1. an aspirational marker (力争, 争取, 努力, 力促, 力求, 争创) in the clause holding a target or a
   dated deliverable -> aspirational ("…，力争下半年开工建设");
2. a binding marker anywhere (确保, 必须, 完成, 坚决, 务必, 一定要, 保证, 严禁, 不得) -> binding;
3. an aspirational marker anywhere -> aspirational;
4. a measurable end without markers (a target, or a dated deliverable) -> binding
   ("年度计划投资32亿元", "年底动工建设区人民医院");
5. otherwise directional (推进, 加快, 深化, 加强, 推动 … with no measurable end).

Kind: quantitative if it has targets, else milestone if it has a dated deliverable, else ongoing.

Splitting: a sentence whose comma clauses hold targets in two or more clauses is cut before each
later such clause that starts with its own verb ("大力扶持…28个在建项目加快建设，力促…30个新动工项目
尽快建设，…") or with its own deadline ("加快实施…26条道路新建、改造工程，年内…20条道路建成通车");
other clauses stay with the clause before them.
"年底全区80%以上村庄达到…，40%以上行政村达到…" is not cut (the second clause has no verb of its
own: one measure, one owner).
"""

from __future__ import annotations

import re

from .deadlines import DEADLINE_RE
from .textutil import CJK, analysis_form, compact, shorten

WORK_RE = re.compile(
    "推进|加快|建设|完成|实施|开展|落实|加强|深化|推动|打造|培育|引进|提升|提高|完善|健全|建立|抓好|做好|"
    "确保|力争|争取|实现|开工|动工|建成|启动|扶持|坚持|强化|优化|扩大|促进|保障|巩固|创建|整治|治理|办好|"
    "压实|组织|服务好|做大|做强|盘活|拓展|推广|取消|压减|打赢|打好|打击|遏制|监管|化解|维护|关爱|加大|"
    "筛选|引导|鼓励|构建|激发|畅通|营造|解决|补齐|挖掘|谋划|申报|新增|新建|改造|升级|保护|修复|清理|排查|"
    "查处|规范|执行|遵守|接受|履行|惩治|破除|精简|提供|帮扶|救助|兜住|守住|对接|融入|参与|配合|投入|统筹|"
    "聚焦|瞄准|抓紧|抢抓|发展|增强|发挥|支持|用好|管好|筑牢|严防|整改|审查|监督|督查|问责|宣传|防范|"
    "加速|深入|严格|切实|扎实|力促|推行|实行|开通|招商|培养|带领|发扬|树立|贯彻|招引|储备|保持|增加|"
    "减少|降低|压缩|严厉|重拳|铁腕|依法|办理|整顿|提速|争创|创成|覆盖|实现|开发|疏浚|投产|竣工|完工|安排|新开工|"
    "开拓|吸引"
)
_RHETORIC_RE = re.compile(
    r"就是|^[^，,；;]{0,16}(?:是|乃)[^，,；;]{0,30}(?:之年|关键|基础|前提|根本|命令|责任|动力|所在|必然)|"
    r"^(?:各位代表|同志们|各位委员)"
)
_PAST_START_RE = re.compile(r"^(?:当前|目前|现在|至目前止|截至|截止|近年来|过去|去年|此前|前期|一年来)")
_PAST_RE = re.compile(
    r"至目前止|截至|截止到|已经|(?<![而不早])已(?!有)(?![^，,；;。]{0,6}(?:项目|企业))|以来|同比|比上年|较上年|去年|过去一年|一年来|累计(?!建成|达到|达)|"
    r"(?<![为除罢来不])了(?![解然却结])"
)
_FUTURE_RE = re.compile(
    r"(?<!已)将(?!近|军|士)|(?<![重主需只必紧首纪概摘提])要(?![求素点件闻害领])|必须|力争|确保|争取|计划|拟|继续|"
    r"今年|年内|年底|下半年"
)

_TARGET_VERB_RE = re.compile(r"增长|下降|控制在|保持在|稳定在|达到|提高到|降低到|降至|提高|降低|不低于|不超过")
_DEADLINE_WORD_RE = re.compile(r"全年|今年|年内|年底|上半年|下半年|季度|月底|月份|月前")
_ASPIRATIONAL_RE = re.compile(r"力争|争取|努力|力促|力求|争创")
_BINDING_RE = re.compile(r"确保|必须|完成|坚决|务必|一定要|保证|严禁|不得")

_CLAUSE_RE = re.compile(r"[^，,；;。！？!?：:]+")
_ADVERBS = (
    r"大力|全力|积极|着力|重点|继续|进一步|努力|力争|争取|确保|全面|切实|扎实|尽快|要|并|同时|"
    r"年内|年底前|年底|今年|全年|上半年|下半年|加快|认真|深入|持续|"
    r"[0-9０-９]{1,2}月(?:底|末|份)?前?|十[一二]?月(?:底|末|份)?前?|[一二三四五六七八九]月(?:底|末|份)?前?|"
    r"前?第?[一二三四1-4１-４]季度(?:末|底)?前?"
)
_CLAUSE_VERB_START_RE = re.compile(
    rf"^\s*(?:{_ADVERBS})*(?:引进|新增|建设|推动|推进|力促|扶持|完成|实施|培育|打造|新建|改造|开工|动工|创建|"
    rf"建成|招引|投入|安排|培训|发放|筹集|整治|清理|修建|铺设|扩建|改扩建|办好|实现|提供|帮扶|救助|开展|落实|支持)"
)
_VERB_START_RE = re.compile(rf"^\s*(?:{_ADVERBS})*(?:{WORK_RE.pattern})")
_DEADLINE_OPENING_RE = re.compile(r"^\s*(?:力争|确保|争取)?")
_SUBJECT_RE = re.compile(r"^\s*(?P<subj>[^，,；;。：:]{2,12}?)(?:要|将)(?!求|素|点|件|闻|害|紧|务)")
_TITLE_NOISE_RE = re.compile(r"^(?:同时|此外|另外|并|要|将|其中)+")
_CJK_RE = re.compile(f"[{CJK}]")
TITLE_MAX = 40


def is_work_item(sentence: str, has_targets: bool = False, context: str = "", listed: bool = False) -> tuple[bool, str]:
    """(True, '') for a work item, else (False, reason).

    A sentence with targets also counts when it states a level or a change (增长, 控制在 …) or
    when its full sentence (``context``) speaks of targets ("主要预期目标是：地区生产总值增长6%左右；"),
    or when it is ``listed`` in an annex of the year's promises ("为农村送15万场电影").
    """
    c = compact(sentence)
    if len(_CJK_RE.findall(c)) < 6:
        return False, "too short"
    if _RHETORIC_RE.search(c):
        return False, "rhetoric"
    future = bool(_FUTURE_RE.search(c))
    if _PAST_START_RE.match(c) and not future:
        return False, "current state"
    if _PAST_RE.search(c) and not future:
        return False, "past"
    if not WORK_RE.search(c) and not (
        has_targets and (listed or _TARGET_VERB_RE.search(c) or "目标" in context or _DEADLINE_WORD_RE.search(c))
    ):
        return False, "no work verb"
    return True, ""


def is_past_group(full_sentence: str) -> bool:
    """A whole 。-sentence told in the past or as a current state ("疫情发生以来，…；…；…打响了…")."""
    c = compact(full_sentence)
    if _FUTURE_RE.search(c):
        return False
    return bool(_PAST_START_RE.match(c) or _PAST_RE.search(c))


def clauses(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _CLAUSE_RE.finditer(text)]


def firmness(text: str, measurable_clauses: list[str], measurable: bool) -> str:
    """See the module docstring for the precedence."""
    if any(_ASPIRATIONAL_RE.search(c) for c in measurable_clauses):
        return "aspirational"
    if _BINDING_RE.search(text):
        return "binding"
    if _ASPIRATIONAL_RE.search(text):
        return "aspirational"
    if measurable:
        return "binding"
    return "directional"


def kind(has_targets: bool, has_milestones: bool) -> str:
    if has_targets:
        return "quantitative"
    if has_milestones:
        return "milestone"
    return "ongoing"


def split_points(sentence: str, target_starts: list[int]) -> list[tuple[int, int]]:
    """Spans of the parts of a sentence that hold separately assignable numeric items."""
    whole = [(0, len(sentence))]
    comma_clauses = [m.span() for m in re.finditer(r"[^，,]+", sentence)]
    numeric = []
    for i, (a, b) in enumerate(comma_clauses):
        if any(a <= s < b for s in target_starts):
            numeric.append(i)
    if len(numeric) < 2:
        return whole
    starts = [0] + [comma_clauses[i][0] for i in numeric[1:] if _own_item(sentence[slice(*comma_clauses[i])])]
    if len(starts) == 1:
        return whole
    spans = []
    for k, a in enumerate(starts):
        b = starts[k + 1] if k + 1 < len(starts) else len(sentence)
        part = sentence[a:b].rstrip().rstrip("，,").rstrip()
        lead_ws = len(part) - len(part.lstrip())
        spans.append((a + lead_ws, a + len(part)))
    return spans


def _own_item(clause: str) -> bool:
    """A comma clause that opens with its own verb or its own deadline."""
    if _CLAUSE_VERB_START_RE.match(clause):
        return True
    rest = analysis_form(clause[_DEADLINE_OPENING_RE.match(clause).end() :])
    return bool(DEADLINE_RE.match(rest))


_PRONOUN_SUBJECTS = ("我们", "我区", "全区", "区政府", "政府", "各级各部门", "我们还", "我们也")


def subject(sentence: str) -> str:
    """The named subject of "银岭园要…" / "奕垌园要…" ('' for 我们/全区…)."""
    m = _SUBJECT_RE.match(sentence)
    if not m:
        return ""
    subj = compact(m.group("subj"))
    return "" if subj in _PRONOUN_SUBJECTS or WORK_RE.search(subj) else subj


def make_title(text: str, focus: int | None, subj: str = "") -> str:
    """A short title: the clause holding the first target/deliverable (``focus`` offset), else the
    first clause with a work verb; prefixed by the sentence's subject ("奕垌园：…")."""
    spans = clauses(text)
    if not spans:
        return shorten(compact(text), TITLE_MAX)
    chosen = None
    if focus is not None:
        for a, b in spans:
            if a <= focus < b:
                chosen = (a, b)
                break
    if chosen is None:
        chosen = next(((a, b) for a, b in spans if _VERB_START_RE.match(_SUBJECT_RE.sub("", text[a:b], count=1))), None)
    if chosen is None:
        chosen = next(((a, b) for a, b in spans if WORK_RE.search(text[a:b])), spans[0])
    idx = spans.index(chosen)
    title = _TITLE_NOISE_RE.sub("", compact(text[chosen[0] : chosen[1]]))
    if len(title) < 8 and idx + 1 < len(spans):
        title += "，" + compact(text[spans[idx + 1][0] : spans[idx + 1][1]])
    if subj and idx > 0 and subj not in title:
        title = f"{subj}：{title}"
    return shorten(title, TITLE_MAX)
