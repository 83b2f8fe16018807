"""Fixtures for tests that need the running web app and a real Chromium.

`running_app` starts `python app.py` on a free port with the fast `hash` embedding and a fresh
index folder, waits until it answers, and stops it after the session. `browser` is Debian's
Chromium (installed by scripts/install_browser.sh, never downloaded) driven by playwright.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.processes import free_port, stop

if TYPE_CHECKING:
    from playwright.sync_api import Browser

PROJECT = Path(__file__).resolve().parent.parent
ARTIFACTS = PROJECT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
STARTUP_TIMEOUT_S = 90
TODAY = "2026-11-24"


@dataclass(frozen=True)
class RunningApp:
    url: str
    log: Path

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def app_environment(port: int, data_dir: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "ASSISTANT_RETRIEVAL__EMBEDDING": "hash",
            "ASSISTANT_RETRIEVAL__DATA_DIR": str(data_dir),
            "ASSISTANT_APP__HOST": "127.0.0.1",
            "ASSISTANT_APP__PORT": str(port),
            "ASSISTANT_LLM__PROVIDER": "none",
            "ASSISTANT_TODAY": TODAY,
            # every test client is 127.0.0.1: one address, far more requests than a person makes
            "ASSISTANT_LIMITS__REQUESTS_PER_MINUTE": "0",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "HF_HUB_OFFLINE": "1",
            "ANONYMIZED_TELEMETRY": "False",
        }
    )
    return env


def wait_until_ready(url: str, process: subprocess.Popen[bytes], app: RunningApp) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the app exited with {process.returncode} before it was ready:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.3)
    pytest.fail(f"the app did not answer within {STARTUP_TIMEOUT_S} s:\n{app.log_tail()}")


def spawn_app(folder: Path, env: dict[str, str] | None = None) -> tuple[RunningApp, subprocess.Popen[bytes]]:
    """Start `python app.py` on a free port with `app_environment` plus `env`, logging to
    `folder/app.log`; it is not ready yet (`wait_until_ready`), and the caller stops it."""
    folder.mkdir(parents=True, exist_ok=True)
    port = free_port()
    app = RunningApp(url=f"http://127.0.0.1:{port}/", log=folder / "app.log")
    with app.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "app.py"],
            cwd=PROJECT,
            env={**app_environment(port, folder / "data"), **(env or {})},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    return app, process


@pytest.fixture(scope="session")
def running_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    """The web app in a subprocess on a free port (one for the whole session)."""
    app, process = spawn_app(tmp_path_factory.mktemp("app"))
    try:
        wait_until_ready(app.url, process, app)
        yield app
    finally:
        stop(process)


def install_browser() -> None:
    """Debian's Chromium and a Chinese font, by scripts/install_browser.sh (apt only; idempotent)."""
    done = subprocess.run(
        ["bash", str(PROJECT / "scripts" / "install_browser.sh")], capture_output=True, text=True
    )
    if done.returncode != 0:
        pytest.fail(f"scripts/install_browser.sh failed:\n{done.stderr[-2000:]}")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium under playwright; installs it with apt first when it is missing."""
    from playwright.sync_api import sync_playwright

    if not CHROMIUM.exists():
        install_browser()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            yield chromium
        finally:
            chromium.close()
