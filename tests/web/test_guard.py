"""The request guard in front of the web app: body sizes and requests per client, each at the
limit and one past it (issue 14 row 5: a 100 M-character `/ask` and a 100 MB upload were read)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from assistant.settings import LimitSettings
from assistant.web.guard import UPLOAD_OVERHEAD, RequestGuard

LIMITS = LimitSettings(request_bytes=1000, upload_bytes=3000, requests_per_minute=5)


async def echo(request: Request) -> JSONResponse:
    body = await request.body()
    return JSONResponse({"read": len(body)})


def client(limits: LimitSettings = LIMITS) -> TestClient:
    routes = [
        Route(path, echo, methods=["GET", "POST"]) for path in ("/gradio_api/call/ask", "/gradio_api/upload")
    ]
    return TestClient(Starlette(routes=routes, middleware=[Middleware(RequestGuard, limits=limits)]))


def test_body_at_the_limit_passes_and_one_byte_more_is_refused() -> None:
    web = client(LIMITS.model_copy(update={"requests_per_minute": 0}))
    assert web.post("/gradio_api/call/ask", content=b"x" * 1000).json() == {"read": 1000}
    refused = web.post("/gradio_api/call/ask", content=b"x" * 1001)
    assert refused.status_code == 413 and "1000" in refused.json()["detail"]


def test_a_body_without_content_length_is_cut_off_once_past_the_limit() -> None:
    web = client(LIMITS.model_copy(update={"requests_per_minute": 0}))

    def chunks(total: int) -> Iterator[bytes]:
        for _ in range(total // 100):
            yield b"y" * 100

    assert web.post("/gradio_api/call/ask", content=chunks(1000)).json() == {"read": 1000}
    assert web.post("/gradio_api/call/ask", content=chunks(5000)).status_code == 413


def test_uploads_have_their_own_limit() -> None:
    web = client(LIMITS.model_copy(update={"requests_per_minute": 0}))
    limit = LIMITS.upload_bytes + UPLOAD_OVERHEAD
    assert web.post("/gradio_api/upload", content=b"z" * limit).status_code == 200
    assert web.post("/gradio_api/upload", content=b"z" * (limit + 1)).status_code == 413


def test_requests_per_client_per_minute_at_the_limit_and_one_past() -> None:
    web = client()
    assert all(web.post("/gradio_api/call/ask", content=b"{}").status_code == 200 for _ in range(5))
    refused = web.post("/gradio_api/call/ask", content=b"{}")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) >= 1
    assert web.get("/gradio_api/call/ask").status_code == 200  # reading results is not counted


@pytest.mark.parametrize("method", ["GET"])
def test_gets_pass_untouched(method: str) -> None:
    web = client(LIMITS.model_copy(update={"requests_per_minute": 1}))
    assert all(web.request(method, "/gradio_api/call/ask").status_code == 200 for _ in range(3))
