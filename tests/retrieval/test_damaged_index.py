"""A damaged `chroma.sqlite3` is set aside and the index rebuilt (issue 14 row 6: every `ask`
failed with "database disk image is malformed", forever, with no hint)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from chromadb.errors import InternalError

from assistant.retrieval.index import DenseStore, IndexDamagedError

ROOT = Path(__file__).resolve().parent.parent.parent


def search(home: Path) -> tuple[int, dict[str, object], str]:
    env = dict(os.environ, ASSISTANT_HOME=str(home), ASSISTANT_RETRIEVAL__EMBEDDING="hash")
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", "截止时间", "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return proc.returncode, json.loads(proc.stdout), proc.stderr


@pytest.mark.parametrize("damage", ["truncated", "overwritten"])
def test_a_damaged_database_is_set_aside_and_rebuilt(tmp_path: Path, damage: str) -> None:
    code, _, _ = search(tmp_path)
    assert code == 0
    database = tmp_path / "chroma" / "chroma.sqlite3"
    data = database.read_bytes()
    database.write_bytes(data[: len(data) // 3] if damage == "truncated" else os.urandom(100_000))
    code, result, stderr = search(tmp_path)
    assert code == 0 and result["hits"], stderr
    assert "damaged" in stderr
    aside = list(tmp_path.glob("chroma.damaged-*"))
    assert len(aside) == 1 and (aside[0] / "chroma.sqlite3").exists()
    code, result, stderr = search(tmp_path)  # the rebuilt one is simply opened next time
    assert code == 0 and result["hits"] and "damaged" not in stderr


class BrokenCollection:
    def __init__(self, message: str) -> None:
        self.message = message

    def query(self, **kwargs: object) -> object:
        raise InternalError(self.message)


def test_damage_found_while_serving_names_the_fix() -> None:
    store = DenseStore(
        BrokenCollection("error returned from database: (code: 11) database disk image is malformed")
    )  # type: ignore[arg-type]
    with pytest.raises(IndexDamagedError, match="index build"):
        store.query([0.0, 1.0], 3, None)


def test_other_database_errors_are_not_called_damage() -> None:
    store = DenseStore(BrokenCollection("database is locked"))  # type: ignore[arg-type]
    with pytest.raises(InternalError):
        store.query([0.0, 1.0], 3, None)
