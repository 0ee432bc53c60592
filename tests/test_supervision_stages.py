"""Stage templates: the construction stages and what "reached a stage" means."""

import pytest

from commitments.supervision.stages import CONSTRUCTION_STAGES, furthest_stage, has_reached

KEYS = [stage.key for stage in CONSTRUCTION_STAGES]


def test_the_construction_template_runs_from_approval_to_completion():
    assert [stage.title for stage in CONSTRUCTION_STAGES] == ["立项", "用地", "招标", "开工", "竣工验收"]
    assert all(stage.evidence for stage in CONSTRUCTION_STAGES)


def test_a_later_stage_implies_the_earlier_ones_are_reached():
    assert has_reached({"completion"}, "construction", KEYS)
    assert has_reached({"construction"}, "construction", KEYS)
    assert not has_reached({"approval", "land", "tender"}, "construction", KEYS)


def test_an_unknown_stage_is_refused():
    with pytest.raises(ValueError):
        has_reached(set(), "demolition", KEYS)


def test_furthest_stage():
    assert furthest_stage({"approval", "tender"}, KEYS) == "tender"
    assert furthest_stage(set(), KEYS) is None
