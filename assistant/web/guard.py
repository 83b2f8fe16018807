"""An ASGI middleware in front of the Gradio app: bounds every POST body and the requests one
client address may make per minute (`settings.limits`), before Gradio reads or queues anything.

A body over `limits.request_bytes` (uploads: `limits.upload_bytes`, which Gradio's
`max_file_size` checks too) gets 413 from its Content-Length, or, when sent without one, as soon
as the bytes read pass the limit; the 61st request of a minute from one address gets 429. GET
requests (the page, assets, the event stream of an answer) are not counted.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from assistant.guard.rate import RateLimiter
from assistant.settings import LimitSettings

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
UPLOAD_OVERHEAD = 64 * 1024
"""Multipart headers around an uploaded file."""


class RequestGuard:
    def __init__(self, app: ASGIApp, limits: LimitSettings, limiter: RateLimiter | None = None) -> None:
        self.app = app
        self.limits = limits
        self.limiter = limiter or RateLimiter(limits.requests_per_minute)

    def body_limit(self, path: str) -> int:
        if path.rstrip("/").endswith("/upload"):
            return self.limits.upload_bytes + UPLOAD_OVERHEAD
        return self.limits.request_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "POST":
            await self.app(scope, receive, send)
            return
        client = (scope.get("client") or ("unknown", 0))[0]
        limit = self.body_limit(str(scope.get("path", "")))
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _reply(send, 413, "请求内容过大", f"上限 {limit} 字节")
            return
        if not self.limiter.allow(client):
            retry = self.limiter.retry_after(client)
            await _reply(
                send,
                429,
                "请求过于频繁",
                f"每分钟最多 {self.limiter.per_minute} 次，请 {retry} 秒后再试",
                retry,
            )
            return
        await self._bounded(scope, receive, send, limit)

    async def _bounded(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        """Pass the request on, cutting it off once more than `limit` body bytes have arrived."""
        received = 0
        over = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, over
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    over = True
                    return {"type": "http.disconnect"}
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if over and not started:
                return  # the app's reply to a cut-off body is replaced by the 413 below
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await _reply(send, 413, "请求内容过大", f"上限 {limit} 字节")


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", []):
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


async def _reply(send: Send, status: int, error: str, detail: str, retry_after: int | None = None) -> None:
    body = json.dumps({"error": error, "detail": detail}, ensure_ascii=False).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
    ]
    if retry_after is not None:
        headers.append((b"retry-after", str(retry_after).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
