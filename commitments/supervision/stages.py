"""Stage templates: the ordered stages a kind of project passes, each proven by a document.

A construction project (建设项目) passes 立项 → 用地 → 招标 → 开工 → 竣工验收. A milestone created from a
template stage names the evidence that proves it (立项批复, 用地批复, 中标通知书, 施工许可证, 竣工验收备案).
A project has *reached* a stage when that stage's milestone or any later one is completed: a project
accepted as completed (竣工验收) has certainly started construction (开工), even if nobody ticked it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    evidence: str


CONSTRUCTION_TEMPLATE_NAME = "建设项目"
CONSTRUCTION_STAGES: tuple[Stage, ...] = (
    Stage("approval", "立项", "项目立项批复（核准、备案）文件"),
    Stage("land", "用地", "用地预审或建设用地批准文件、不动产权证书"),
    Stage("tender", "招标", "中标通知书"),
    Stage("construction", "开工", "建筑工程施工许可证或开工报告"),
    Stage("completion", "竣工验收", "竣工验收备案表"),
)


def has_reached(completed_keys: Iterable[str], stage_key: str, stage_keys: Sequence[str]) -> bool:
    """True when the stage, or any stage after it in ``stage_keys``, is completed."""
    if stage_key not in stage_keys:
        raise ValueError(f"{stage_key!r} is not a stage of this template.")
    later = set(stage_keys[stage_keys.index(stage_key) :])
    return not later.isdisjoint(completed_keys)


def furthest_stage(completed_keys: Iterable[str], stage_keys: Sequence[str]) -> str | None:
    """The last stage of the template that is completed, or None."""
    done = set(completed_keys)
    for key in reversed(stage_keys):
        if key in done:
            return key
    return None
