"""The headline scorer's weights file (data/models/headline/weights.json): present in the package, fitted on a
named public training set under a stated licence, and weighting every feature stages/headline.py computes."""

from __future__ import annotations

import json
from importlib import resources

from eventwire.stages import headline
from eventwire.stages.text_lines import EN_STOPS, make_line

BODY = [
    "The city council approved the new harbour budget on Tuesday after a long debate about ferry services.",
    "Council members said the harbour budget would fund two ferries and repair the northern pier this year.",
]


def _doc() -> dict:
    return json.loads(resources.files("eventwire").joinpath(headline.WEIGHTS_PATH).read_text(encoding="utf-8"))


def test_weights_file_names_its_source_and_licence() -> None:
    source = _doc()["source"]
    assert "mozilla/readability" in source and "Apache-2.0" in source and "commit" in source
    assert _doc()["pages"]["train"] and not set(_doc()["pages"]["train"]) & set(_doc()["pages"]["dev"])


def test_every_computed_feature_has_a_weight() -> None:
    texts = ["Home", "News", "Council approves harbour budget for ferry services", "By Jane Doe", *BODY]
    lines = [make_line(t, EN_STOPS) for t in texts]
    for line in lines[4:]:
        line.cls = "good"
    features = headline.candidate_features(lines, [4, 5])
    assert features
    computed = {name for f in features.values() for name in f}
    assert computed == set(headline.FEATURES) == set(_doc()["weights"])
    assert all(isinstance(w, float) for w in headline.weights().values())
    assert headline.find_title(lines, [4, 5]) == 2
