"""The quality gate: the dev sets through the real engine (real embeddings) must keep every
headline figure at or above eval/thresholds.json."""

from __future__ import annotations

import pytest

from eval.__main__ import main


@pytest.mark.slow
def test_headline_figures_stay_above_the_thresholds(tmp_path_factory: pytest.TempPathFactory) -> None:
    out = tmp_path_factory.mktemp("gate")
    assert main(["gate", "--no-progress", "--out", str(out)]) == 0
