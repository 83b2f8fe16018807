"""A local OpenAI-compatible endpoint for tests: POST /v1/chat/completions answers with the
next canned reply, as one JSON object or, when the request asks to stream, as server-sent
events a few characters each. Lets the real ChatOpenAI client code run without a network."""

from __future__ import annotations

import json
import threading
from collections import deque
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class StubLLMServer:
    def __init__(self, chunk_chars: int = 3) -> None:
        self.replies: deque[str] = deque()
        self.requests: list[dict[str, Any]] = []
        self.chunk_chars = chunk_chars
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> StubLLMServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()


def _completion(model: str, delta_or_message: dict[str, Any], *, chunk: bool, finish: str | None) -> bytes:
    key = "delta" if chunk else "message"
    body = {
        "id": "stub-1",
        "object": "chat.completion.chunk" if chunk else "chat.completion",
        "created": 0,
        "model": model,
        "choices": [{"index": 0, key: delta_or_message, "finish_reason": finish}],
    }
    return json.dumps(body, ensure_ascii=False).encode()


def _handler_for(stub: StubLLMServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            request = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            stub.requests.append(request)
            if self.path != "/v1/chat/completions":
                self.send_error(404)
                return
            if not stub.replies:
                self.send_error(500, "no canned reply left")
                return
            reply, model = stub.replies.popleft(), request.get("model", "stub")
            self.send_response(200)
            if not request.get("stream"):
                payload = _completion(
                    model, {"role": "assistant", "content": reply}, chunk=False, finish="stop"
                )
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)
                return
            self.send_header("Content-Type", "text/event-stream")
            self.end_headers()
            pieces = [reply[i : i + stub.chunk_chars] for i in range(0, len(reply), stub.chunk_chars)]
            for piece in pieces:
                self.wfile.write(
                    b"data: " + _completion(model, {"content": piece}, chunk=True, finish=None) + b"\n\n"
                )
                self.wfile.flush()
            self.wfile.write(b"data: " + _completion(model, {}, chunk=True, finish="stop") + b"\n\n")
            self.wfile.write(b"data: [DONE]\n\n")

        def log_message(self, format: str, *args: Any) -> None:  # keep pytest output clean
            pass

    return Handler
