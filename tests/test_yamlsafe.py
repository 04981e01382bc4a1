"""The bounded YAML loader: ``LineLoader`` refuses a document past its ``YamlLimits``."""

from __future__ import annotations

import pytest

from ingest.yamlsafe import LineLoader, YamlLimitError, YamlLimits
from tests.configfiles import bomb


def test_the_loader_stops_at_the_node_and_alias_limits() -> None:
    limit = 1_000
    loader = LineLoader(bomb(9, 9), YamlLimits(nodes=limit))
    with pytest.raises(YamlLimitError) as info:
        loader.get_single_data()
    # 9**9 values described, and stopped after a few dozen real nodes
    assert loader.composed <= 100 and loader.expanded <= 2 * limit
    assert "past 1,000 values" in info.value.message
    assert LineLoader(bomb(2, 9), YamlLimits(nodes=limit)).get_single_data()
    many = "defaults: &d {interval: 1h}\nx: [" + ", ".join(["*d"] * 10) + "]\n"
    with pytest.raises(YamlLimitError, match="more than 5 aliases"):
        LineLoader(many, YamlLimits(aliases=5)).get_single_data()
