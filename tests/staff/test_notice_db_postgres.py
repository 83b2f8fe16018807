"""Two instances with their own ASSISTANT_HOME sharing one PostgreSQL database: a notice staff add
and approve through one (the CLI, another process) is listed and answered by the other on its next
request, and removing it there removes it here."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from assistant.knowledge.documents import knowledge_changed
from assistant.service import Assistant
from assistant.settings import RetrievalSettings, Settings, StaffSettings, get_settings
from tests.notices.conftest import NEXT_EDITION

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def notices_url(postgres_url: str) -> str:
    """A database of its own, so other tests' instances never see these notices."""
    engine = create_engine(postgres_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text("DROP DATABASE IF EXISTS notices_sync"))
        connection.execute(text("CREATE DATABASE notices_sync"))
    engine.dispose()
    return postgres_url.rsplit("/", 1)[0] + "/notices_sync"


def _cli(home: Path, url: str, *args: str) -> None:
    env = dict(
        os.environ,
        ASSISTANT_HOME=str(home),
        ASSISTANT_RETRIEVAL__EMBEDDING="hash",
        ASSISTANT_STAFF__DATABASE_URL=url,
    )
    subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--json"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


def test_a_notice_added_through_one_instance_reaches_the_other(
    tmp_path: Path, notices_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    here, there = tmp_path / "here", tmp_path / "there"
    monkeypatch.setenv("ASSISTANT_HOME", str(here))
    get_settings.cache_clear()
    knowledge_changed()
    try:
        app = Assistant(
            Settings(
                home=here,
                today=date(2026, 11, 24),
                retrieval=RetrievalSettings(embedding="hash", data_dir=here / "index"),
                staff=StaffSettings(database_url=notices_url),
            )
        )
        assert app.ask("融合案例什么时候截止？").notice == "notice-2024-media-convergence"

        upload = tmp_path / "next-edition.txt"
        upload.write_text(NEXT_EDITION, encoding="utf-8")
        _cli(there, notices_url, "notices", "add", str(upload), "--id", "notice-2026-mc")
        _cli(there, notices_url, "notices", "approve", "notice-2026-mc")

        after = app.ask("融合案例什么时候截止？")
        assert after.notice == "notice-2026-mc" and "2026年12月20日" in after.answer
        assert "未经核对" not in after.answer  # the approval came along with the notice
        listed = {n.id: n for n in app.notices.listing().notices}
        assert listed["notice-2026-mc"].status == "approved"
        assert (here / "notices" / "notice-2026-mc" / "original.txt").read_text(
            encoding="utf-8"
        ) == NEXT_EDITION

        _cli(there, notices_url, "notices", "remove", "notice-2026-mc")
        assert app.ask("融合案例什么时候截止？").notice == "notice-2024-media-convergence"
        assert "notice-2026-mc" not in {n.id for n in app.notices.listing().notices}
        assert not (here / "notices" / "notice-2026-mc").exists()
    finally:
        get_settings.cache_clear()
        knowledge_changed()
