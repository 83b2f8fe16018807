"""The app stops promptly on SIGTERM while pages are open: each open page (here gradio_client)
holds a heartbeat stream that never ends by itself, and uvicorn used to wait for it until the
process was killed."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.web.server import SHUTDOWN_GRACE_S
from tests.app_fixtures import spawn_app, wait_until_ready

STOP_BOUND_S = SHUTDOWN_GRACE_S + 10


@pytest.mark.slow
def test_sigterm_stops_the_app_while_a_page_is_open(tmp_path: Path) -> None:
    app, process = spawn_app(tmp_path, {"ASSISTANT_HOME": str(tmp_path / "home")})
    try:
        wait_until_ready(app.url, process, app)
        page = Client(app.url, verbose=False)  # keeps its heartbeat stream open
        assert page.predict("申报截止时间是什么时候？", "", api_name="/ask")["answer"]
        process.terminate()
        try:
            process.wait(timeout=STOP_BOUND_S)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the app still ran {STOP_BOUND_S} s after SIGTERM:\n{app.log_tail()}")
        # the streams were ended, not cut off when the grace period ran out
        assert "Traceback" not in app.log.read_text(encoding="utf-8"), app.log_tail()
    finally:
        process.kill()
        process.wait()
