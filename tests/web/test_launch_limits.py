"""The real Gradio app launched with `app.limited(...)`: uploads, request bodies and requests per
client are bounded at the limit and one past it (issue 14 row 5)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from assistant.service import Assistant
from assistant.settings import LimitSettings, RetrievalSettings, Settings
from tests.processes import free_port

LIMITS = LimitSettings(upload_bytes=2_000, request_bytes=50_000, requests_per_minute=8, sessions=3)


@pytest.fixture(scope="module")
def launched(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    import app

    settings = Settings(
        retrieval=RetrievalSettings(embedding="hash", data_dir=tmp_path_factory.mktemp("launch")),
        limits=LIMITS,
    )
    demo = app.build_app(Assistant(settings))
    port = free_port()
    demo.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, **app.limited(LIMITS))
    try:
        yield f"http://127.0.0.1:{port}", demo
    finally:
        demo.close()


def test_uploads_requests_rate_and_sessions_are_bounded(launched: tuple[str, Any]) -> None:
    url, demo = launched
    with httpx.Client(base_url=url, timeout=30) as web:
        at_limit = web.post("/gradio_api/upload", files={"files": ("a.txt", b"x" * LIMITS.upload_bytes)})
        assert at_limit.status_code == 200, at_limit.text
        past = web.post("/gradio_api/upload", files={"files": ("b.txt", b"x" * (LIMITS.upload_bytes + 1))})
        assert past.status_code == 413
        huge = web.post("/gradio_api/call/ask", content=b"{" + b" " * LIMITS.request_bytes + b"}")
        assert huge.status_code == 413  # refused from its Content-Length, never read, not counted
        calls = [web.post("/gradio_api/call/ask", json={"data": ["截止时间", None]}) for _ in range(6)]
        assert all(call.status_code == 200 for call in calls), [c.text for c in calls]
        refused = web.post("/gradio_api/call/ask", json={"data": ["截止时间", None]})
        assert refused.status_code == 429
        for submitted in calls:  # read every answer; each API call opened a session
            event_id = submitted.json()["event_id"]
            assert "event: complete" in web.get(f"/gradio_api/call/ask/{event_id}").text
    assert len(demo.server_app.state_holder.session_data) == LIMITS.sessions  # 6 opened, 3 kept
