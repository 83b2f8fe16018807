"""Every limit in `settings.limits` at the limit and one past it, through the `Assistant` facade
(the same checks serve the CLI, batch and the web app); undecodable text; logs without text."""

from __future__ import annotations

import logging

import pytest

from assistant.errors import AssistantError
from assistant.service import Assistant
from assistant.settings import LimitSettings, RetrievalSettings, Settings

NOTICE = "notice-2024-media-convergence"
CATEGORY = "融合生产传播"
QUESTION_CHARS = 40
TEXT_CHARS = 400


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    settings = Settings(
        retrieval=RetrievalSettings(embedding="hash", data_dir=tmp_path_factory.mktemp("limits")),
        limits=LimitSettings(question_chars=QUESTION_CHARS, text_chars=TEXT_CHARS),
    )
    return Assistant(settings)


def padded(head: str, size: int) -> str:
    return (head + "，" * size)[:size]


QUESTION_OPS = [
    ("ask", "question", {}),
    ("search", "query", {}),
    ("classify", "description", {"notice": NOTICE}),
]
TEXT_OPS = [
    ("critique", "text", {"notice": NOTICE}),
    ("draft", "facts", {"notice": NOTICE, "category": CATEGORY}),
]


@pytest.mark.parametrize(("op", "field", "extra"), QUESTION_OPS)
def test_question_length_at_the_limit_and_one_past(
    assistant: Assistant, op: str, field: str, extra: dict[str, str]
) -> None:
    at_limit = padded("2024年媒体融合案例申报截止时间是什么时候", QUESTION_CHARS)
    assert "error" not in assistant.handle({"op": op, field: at_limit, **extra})
    past = assistant.handle({"op": op, field: at_limit + "？", **extra})
    assert past["error"]["code"] == "input_too_long"
    assert str(QUESTION_CHARS) in past["error"]["message"]


@pytest.mark.parametrize(("op", "field", "extra"), TEXT_OPS)
def test_text_length_at_the_limit_and_one_past(
    assistant: Assistant, op: str, field: str, extra: dict[str, str]
) -> None:
    at_limit = padded("一、基本情况\n我台建成融媒体中心，覆盖全县12个乡镇，日均发稿300条。", TEXT_CHARS)
    assert "error" not in assistant.handle({"op": op, field: at_limit, **extra})
    past = assistant.handle({"op": op, field: at_limit + "。", **extra})
    assert past["error"]["code"] == "input_too_long"


def test_a_sixty_thousand_character_question_is_refused_at_once() -> None:
    """Row 1 of issue 14: it took 61 s and stalled every other user; now refused before any work."""
    assistant = Assistant(Settings(retrieval=RetrievalSettings(embedding="hash")))
    result = assistant.handle({"op": "ask", "question": "截止时间" * 15_000})
    assert result["error"]["code"] == "input_too_long"
    assert "index" not in assistant.__dict__  # refused before the index was even opened


@pytest.mark.parametrize(
    ("op", "field", "extra"),
    [*QUESTION_OPS, *TEXT_OPS],
)
def test_lone_surrogates_are_bad_input(
    assistant: Assistant, op: str, field: str, extra: dict[str, str]
) -> None:
    """Rows 3 and 9: what undecodable bytes become (`\\udc80`) is bad input, not an internal fault."""
    result = assistant.handle({"op": op, field: "截止时间\udc80是哪天", **extra})
    assert result["error"]["code"] == "bad_input"
    result["error"]["message"].encode("utf-8")


def test_internal_errors_are_logged_with_id_and_sizes_not_text(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Row 13: the applicant's text never reaches the log; the client gets an id to quote."""
    secret = "我单位的内部经营数据一二三"

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError(f"cannot handle {secret}")

    monkeypatch.setattr(Assistant, "classify", broken)
    with caplog.at_level(logging.ERROR):
        result = assistant.handle({"op": "classify", "description": secret, "notice": NOTICE})
    assert result["error"]["code"] == "internal"
    request_id = result["error"]["message"].split("请求编号 ")[1].split("）")[0]
    logged = caplog.text
    assert request_id in logged and f"description=str[{len(secret)}]" in logged
    assert "ValueError" in logged and secret not in logged
    assert secret not in result["error"]["message"]


def test_check_text_keeps_its_old_default_for_other_callers() -> None:
    from assistant.service import check_text

    assert check_text("问" * LimitSettings().text_chars, "问题")
    with pytest.raises(AssistantError):
        check_text("问" * (LimitSettings().text_chars + 1), "问题")


def test_limits_are_settings_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_LIMITS__QUESTION_CHARS", "123")
    monkeypatch.setenv("ASSISTANT_LIMITS__REQUESTS_PER_MINUTE", "7")
    limits = Settings().limits
    assert (limits.question_chars, limits.requests_per_minute) == (123, 7)
