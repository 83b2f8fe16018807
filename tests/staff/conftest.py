"""Fixtures for the staff desk: a fresh home with the fast hash embedding, and a throw-away
PostgreSQL server (Debian's postgresql package, run as the postgres user in a temp dir)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg
import pytest

from assistant.settings import RetrievalSettings, Settings, StaffSettings
from tests.processes import free_port

PG_BIN = Path("/usr/lib/postgresql/15/bin")
CURATED = [
    {
        "question": "2023年全国智慧广电网络新服务征集的截止时间是哪天？",
        "variants": "2023年网络新服务案例申报什么时候截止",
        "answer": "2023年“全国智慧广电网络新服务”征集截止时间为2023年6月9日。",
        "notice": "notice-2023-network-services",
        "sources": [
            {
                "doc": "notice-2023-network-services",
                "section": "四、",
                "quote": "征集截止时间为 2023 年 6 月 9 日",
            }
        ],
    },
    {
        "question": "2024年全国广播电视媒体融合典型案例征集的截止时间是哪天？",
        "variants": "",
        "answer": "截止时间为2024年4月21日。",
        "notice": "notice-2024-media-convergence",
        "sources": [
            {
                "doc": "notice-2024-media-convergence",
                "section": "五、",
                "quote": "征集的截止时间为2024年4月21日",
            }
        ],
    },
]


def staff_settings(home: Path, **staff: object) -> Settings:
    return Settings(
        home=home,
        today=date(2026, 11, 24),
        retrieval=RetrievalSettings(embedding="hash", data_dir=home / "index"),
        staff=StaffSettings.model_validate(staff),
    )


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return staff_settings(tmp_path)


@pytest.fixture
def curated_file(tmp_path: Path) -> Path:
    path = tmp_path / "curated.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in CURATED), encoding="utf-8")
    return path


def _as_postgres(*args: str) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *args] if os.geteuid() == 0 else list(args)


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server for this test session; installs Debian's package when missing."""
    if not (PG_BIN / "initdb").exists():
        subprocess.run(["apt-get", "install", "-y", "postgresql"], check=True, capture_output=True)
    folder = Path(tempfile.mkdtemp(prefix="pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    port = free_port()
    data = folder / "db"
    subprocess.run(
        _as_postgres(str(PG_BIN / "initdb"), "-D", str(data), "-A", "trust", "-U", "postgres"),
        check=True,
        capture_output=True,
    )
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200"
    pg_ctl = [str(PG_BIN / "pg_ctl"), "-D", str(data)]
    subprocess.run(
        _as_postgres(*pg_ctl, "-o", options, "-l", str(folder / "log"), "-w", "start"),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_postgres(*pg_ctl, "-m", "fast", "-w", "stop"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def new_database(server_url: str) -> str:
    """The URL of a fresh, empty database on the PostgreSQL server at `server_url`."""
    name = f"staff_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(server_url.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    return server_url.rsplit("/", 1)[0] + f"/{name}"
