"""The app stops promptly on SIGTERM while pages are open, writing what it still had queued: each open page (here gradio_client)
holds a heartbeat stream that never ends by itself, and uvicorn used to wait for it until the
process was killed."""

from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

import pytest
from gradio_client import Client

from assistant.web.server import SHUTDOWN_GRACE_S
from tests.app_fixtures import spawn_app, wait_until_ready

STOP_BOUND_S = SHUTDOWN_GRACE_S + 10


@pytest.mark.slow
def test_sigterm_stops_the_app_while_a_page_is_open(tmp_path: Path) -> None:
    home = tmp_path / "home"
    app, process = spawn_app(tmp_path, {"ASSISTANT_HOME": str(home)})
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
        # and the question-log rows still queued were written before the process went
        with sqlite3.connect(home / "staff.sqlite") as db:
            logged = [q for (q,) in db.execute("SELECT question FROM question_log")]
        assert logged == ["申报截止时间是什么时候？"]
    finally:
        process.kill()
        process.wait()


def test_the_stopping_server_runs_its_stop_hook_after_it_stopped() -> None:
    import threading
    import time

    import uvicorn

    from assistant.web.server import PagesServer
    from tests.processes import free_port

    async def app(scope: object, receive: object, send: object) -> None:  # an ASGI app that serves nothing
        return None

    calls: list[str] = []
    server = PagesServer(
        uvicorn.Config(app, port=free_port(), lifespan="off", log_level="warning"),
        on_stop=lambda: calls.append("stopped"),
    )
    thread = threading.Thread(target=server.run)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started and calls == []
    server.should_exit = True
    thread.join(timeout=10)
    assert calls == ["stopped"]
