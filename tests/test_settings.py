from pathlib import Path

import pytest

from assistant.settings import Settings


def test_assistant_home_holds_the_index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path))
    settings = Settings()
    assert settings.home == tmp_path
    assert settings.retrieval.data_dir == tmp_path


def test_an_explicit_index_directory_wins(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__DATA_DIR", str(tmp_path / "index"))
    assert Settings().retrieval.data_dir == tmp_path / "index"
