"""A running assistant (the web app) takes in a notice another process (the CLI) added."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from assistant.knowledge.documents import knowledge_changed
from assistant.service import Assistant
from assistant.settings import RetrievalSettings, Settings, get_settings

ROOT = Path(__file__).resolve().parents[2]


def test_a_notice_added_elsewhere_is_answered_without_a_restart(
    tmp_path: Path, next_edition: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("ASSISTANT_HOME", str(home))
    get_settings.cache_clear()
    knowledge_changed()
    try:
        settings = Settings(
            home=home, today=date(2026, 11, 24), retrieval=RetrievalSettings(embedding="hash", data_dir=home)
        )
        app = Assistant(settings)
        before = app.ask("融合案例什么时候截止？")
        assert before.notice == "notice-2024-media-convergence"
        env = dict(os.environ, ASSISTANT_HOME=str(home), ASSISTANT_RETRIEVAL__EMBEDDING="hash")
        subprocess.run(
            [
                sys.executable,
                "-m",
                "assistant",
                "notices",
                "add",
                str(next_edition),
                "--id",
                "notice-2026-mc",
                "--json",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        after = app.ask("融合案例什么时候截止？")
        assert after.notice == "notice-2026-mc" and "2026年12月20日" in after.answer
        assert any(hit.doc == "notice-2026-mc" for hit in app.search("融合案例征集截止时间", k=10).hits)
    finally:
        get_settings.cache_clear()
        knowledge_changed()
