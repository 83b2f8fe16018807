"""`batch` line handling: exactly one output line per input line, in order, whatever the line holds.

A line is read with a bounded buffer (an endless line is skipped, not loaded), decoded as UTF-8,
parsed as one JSON object (nesting too deep for the parser is bad JSON, not a crash), served by
the handler, and its result encoded; a result that cannot be encoded becomes an error line.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from typing import Any, BinaryIO

from assistant.contract import ErrorResult
from assistant.errors import AssistantError
from assistant.guard.inputs import decoded
from assistant.guard.logs import internal_message, log_internal, new_request_id

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], dict[str, Any]]
READ_CHUNK = 1 << 16


def read_lines(stream: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """The stream's lines without their line end; None for a line longer than `max_bytes`, whose
    rest is read and dropped in chunks so it never sits in memory whole."""
    while True:
        line = stream.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or line.endswith(b"\n"):
            yield line.rstrip(b"\r\n")
            continue
        while not line.endswith(b"\n"):
            line = stream.readline(READ_CHUNK)
            if not line:
                break
        yield None


def parse_line(line: bytes | None, max_bytes: int) -> dict[str, Any]:
    """One request object, or raises `AssistantError` with the reason the line is not one."""
    if line is None:
        raise AssistantError(f"请求行过长（上限 {max_bytes} 字节）", code="input_too_long")
    text = decoded(line, "请求行")
    if not text.strip():
        raise AssistantError("空行：每行应是一个 JSON 请求对象", code="empty_line")
    try:
        request = json.loads(text)
    except RecursionError:
        raise AssistantError("无法解析的请求行：嵌套层数过多", code="bad_json") from None
    except ValueError as exc:
        raise AssistantError(f"无法解析的请求行：{exc}", code="bad_json") from None
    if not isinstance(request, dict):
        raise AssistantError("无法解析的请求行：不是 JSON 对象", code="bad_json")
    return request


def dump(result: dict[str, Any]) -> str:
    """The result as one JSON line that encodes as UTF-8, or a bad-input line when it cannot."""
    line = json.dumps(result, ensure_ascii=False)
    try:
        line.encode("utf-8")
    except UnicodeEncodeError:
        return json.dumps(
            ErrorResult.of("bad_input", "请求含有无法识别的字符（编码错误）"), ensure_ascii=False
        )
    return line


def serve_line(line: bytes | None, handle: Handler, max_bytes: int) -> str:
    """The output line for one input line; never raises."""
    try:
        return dump(handle(parse_line(line, max_bytes)))
    except AssistantError as exc:
        return dump(ErrorResult.of(exc.code, exc.message))
    except Exception as exc:  # the handler already catches everything; this is the last guard
        request_id = new_request_id()
        log_internal(log, request_id, f"line of {len(line or b'')} bytes", exc)
        return dump(ErrorResult.of("internal", internal_message(request_id)))


def serve(stream: BinaryIO, handle: Handler, max_bytes: int) -> Iterator[str]:
    """One output line per input line of `stream`, in order."""
    for line in read_lines(stream, max_bytes):
        yield serve_line(line, handle, max_bytes)
