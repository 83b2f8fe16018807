"""The answering tests' assistant: a fast index (hash embeddings) and a fixed clock."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from assistant.service import Assistant
from assistant.settings import RetrievalSettings, Settings


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    data_dir: Path = tmp_path_factory.mktemp("index")
    settings = Settings(
        today=date(2026, 11, 24), retrieval=RetrievalSettings(embedding="hash", data_dir=data_dir)
    )
    return Assistant(settings)
