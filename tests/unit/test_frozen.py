"""generator.frozen: the read-only dict and the fast replace() of the model."""

from __future__ import annotations

import dataclasses
import pickle

import pytest

from generator.content.model import Image, TagRef
from generator.frozen import FrozenDict, evolve


def test_frozen_dict_refuses_changes_and_pickles_as_itself():
    frozen = FrozenDict({"a": 1})
    with pytest.raises(TypeError):
        frozen["b"] = 2
    assert pickle.loads(pickle.dumps(frozen)) == {"a": 1}
    assert type(pickle.loads(pickle.dumps(frozen))) is FrozenDict


def test_evolve_matches_dataclasses_replace_and_leaves_the_original():
    image = Image("/images/a.png", "A chart", "Desk")
    changed = evolve(image, alt="Another chart", line=4)
    assert changed == dataclasses.replace(image, alt="Another chart", line=4)
    assert image.alt == "A chart"
    with pytest.raises(dataclasses.FrozenInstanceError):
        changed.alt = "x"  # type: ignore[misc]


def test_evolve_refuses_unknown_fields():
    with pytest.raises(TypeError, match="no field 'slugg'"):
        evolve(TagRef("ai", "AI"), slugg="x")
