"""Checks every text input passes before any work is done on it: not empty, within its length
limit, and real Unicode (a lone surrogate is what undecodable bytes become in `sys.argv` or a
JSON `\\udc00` escape; nothing downstream can encode it)."""

from __future__ import annotations

import re
from typing import Any

from assistant.errors import AssistantError

SURROGATE = re.compile(r"[\ud800-\udfff]")


def checked_text(value: str | None, what: str, limit: int) -> str:
    """`value` if it is a non-empty string of at most `limit` characters of valid Unicode."""
    if value is None or not value.strip():
        raise AssistantError(f"{what}不能为空", code="empty_input")
    if len(value) > limit:
        raise AssistantError(
            f"{what}过长（{len(value)} 字符，上限 {limit}）；请分段提交", code="input_too_long"
        )
    if SURROGATE.search(value):
        raise AssistantError(f"{what}含有无法识别的字符（编码错误）：请以 UTF-8 编码提交")
    return value


def decoded(data: bytes, what: str) -> str:
    """Bytes read from stdin or a request body as UTF-8, or bad input saying so."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise AssistantError(f"{what}不是有效的 UTF-8 文本（第 {exc.start} 字节起）") from None


def request_sizes(raw: Any) -> str:
    """What a log may say about a request: its op and the length of each text field, never the text."""
    if not isinstance(raw, dict):
        return f"<{type(raw).__name__}>"
    parts = [f"op={raw.get('op')!r}" if isinstance(raw.get("op"), str) and len(raw["op"]) <= 20 else "op=?"]
    for key, value in raw.items():
        if key != "op" and isinstance(key, str) and len(key) <= 20:
            size = len(value) if isinstance(value, str | list | dict) else None
            parts.append(f"{key}={type(value).__name__}" + (f"[{size}]" if size is not None else ""))
    return " ".join(parts[:12])
