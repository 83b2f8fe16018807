"""Logging an internal fault without the applicant's text: a request id, the sizes of what was
sent, the exception's type and the stack. The exception's message is left out, since it often
quotes the input (a decoder error, a KeyError on a user's value)."""

from __future__ import annotations

import logging
import traceback
import uuid


def new_request_id() -> str:
    return uuid.uuid4().hex[:12]


def log_internal(log: logging.Logger, request_id: str, sizes: str, exc: BaseException) -> None:
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("internal error in request %s (%s): %s\n%s", request_id, sizes, type(exc).__name__, stack)


def internal_message(request_id: str) -> str:
    """What the client is told: enough to quote to an operator, nothing else."""
    return f"内部错误（请求编号 {request_id}），已记录；请稍后重试或联系管理员"
