"""Several processes sharing one PostgreSQL server (started by the fixture) see each other's
curated answers and log entries, and concurrent writes lose nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import psycopg
import pytest

from tests.staff.conftest import new_database
from tests.staff.test_desk import FLOORS, PARAPHRASE

PROJECT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


@pytest.fixture
def database(postgres_url: str) -> str:
    """A fresh database on the session's server."""
    return new_database(postgres_url)


def worker_env(url: str, home: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "ASSISTANT_HOME": str(home),
            "ASSISTANT_STAFF__DATABASE_URL": url,
            "ASSISTANT_RETRIEVAL__EMBEDDING": "hash",
            "ASSISTANT_TODAY": "2026-11-24",
            **{f"ASSISTANT_STAFF__{k.upper()}": str(v) for k, v in FLOORS.items()},
        }
    )
    return env


def start(url: str, home: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.staff.pg_worker", *args],
        cwd=PROJECT,
        env=worker_env(url, home),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finish(process: subprocess.Popen[str]) -> dict[str, Any]:
    out, err = process.communicate(timeout=240)
    assert process.returncode == 0, err[-3000:]
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    return result


def run(url: str, home: Path, *args: str) -> dict[str, Any]:
    return finish(start(url, home, *args))


def test_instances_share_curated_answers_and_the_log(
    database: str, tmp_path: Path, curated_file: Path
) -> None:
    assert run(database, tmp_path / "a", "import", str(curated_file))["imported"] == 2
    asked = run(database, tmp_path / "b", "ask", PARAPHRASE, "一等奖奖金是多少？")
    faq_ids = asked["faq_ids"]
    assert faq_ids[0] and faq_ids[1] is None  # b serves the answer a imported
    seen = run(database, tmp_path / "a", "dump")
    assert seen["questions"] == sorted([PARAPHRASE, "一等奖奖金是多少？"])  # a sees b's log entries
    assert seen["curated"]["2023年全国智慧广电网络新服务征集的截止时间是哪天？"] == 1


def test_concurrent_writers_lose_nothing(database: str, tmp_path: Path, curated_file: Path) -> None:
    # the first processes race to create the schema (the migration takes an advisory lock)
    importers = [start(database, tmp_path / f"i{n}", "dump") for n in range(3)]
    for process in importers:
        finish(process)
    run(database, tmp_path / "a", "import", str(curated_file))
    faq_id = run(database, tmp_path / "a", "dump")["curated"]
    question = "2023年全国智慧广电网络新服务征集的截止时间是哪天？"
    assert faq_id[question] == 0
    with psycopg.connect(database.replace("+psycopg", "")) as conn:
        row = conn.execute("SELECT id FROM curated_answers WHERE question = %s", (question,)).fetchone()
    assert row is not None
    writers = [start(database, tmp_path / f"w{n}", "write", "40", row[0], f"w{n}") for n in range(4)]
    for process in writers:
        assert finish(process)["written"] == 40
    seen = run(database, tmp_path / "a", "dump")
    assert len(seen["questions"]) == 160 == len(set(seen["questions"]))
    assert seen["curated"][question] == 160
