"""Serving the applicant and staff pages with uvicorn, stopping promptly on SIGTERM or Ctrl-C.

Every open page (and every gradio_client) holds a heartbeat stream that ends only when its Gradio
app's `stop_event` is set, and uvicorn waits for open connections before it stops: on SIGTERM it
waited for those streams until the process was killed. `PagesServer` sets the mounted Gradio apps'
stop events when it is told to stop, as `gradio.Blocks.close` does for a launched app; a bound on
the graceful wait ends anything else left open.
"""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Callable
from types import FrameType
from typing import Any

import uvicorn
from starlette.routing import Mount

SHUTDOWN_GRACE_S = 5
"""The longest a stopping server waits for requests still open once the pages' streams ended."""


def mounted_gradio_apps(app: Any) -> list[Any]:
    """The Gradio apps mounted on `app` (those with a heartbeat `stop_event`)."""
    return [
        route.app
        for route in getattr(app, "routes", [])
        if isinstance(route, Mount) and isinstance(getattr(route.app, "stop_event", None), asyncio.Event)
    ]


class PagesServer(uvicorn.Server):
    def __init__(self, config: uvicorn.Config, on_stop: Callable[[], None] | None = None) -> None:
        super().__init__(config)
        self.on_stop = on_stop

    async def shutdown(self, sockets: list[socket.socket] | None = None) -> None:
        """Stop serving, then `on_stop` (write the question-log rows still queued): uvicorn
        re-raises SIGTERM once it has stopped, so no exit handler would run after it."""
        await super().shutdown(sockets=sockets)
        if self.on_stop is not None:
            self.on_stop()

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        super().handle_exit(sig, frame)
        for gradio_app in mounted_gradio_apps(self.config.app):
            gradio_app.stop_event.set()  # the loop runs on this (the main) thread; it ticks every 0.1 s


def run(app: Any, host: str, port: int, on_stop: Callable[[], None] | None = None) -> None:
    config = uvicorn.Config(
        app, host=host, port=port, log_level="warning", timeout_graceful_shutdown=SHUTDOWN_GRACE_S
    )
    PagesServer(config, on_stop).run()
