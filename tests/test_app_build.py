"""The app built in-process: its endpoints, its queue, and how a chat turn streams and fails."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

import pytest

import app
from assistant.answering.conversation import Conversation
from assistant.contract import AskResult, Citation
from assistant.errors import AssistantError
from assistant.service import Assistant
from assistant.settings import Settings

CITE = Citation(
    doc="notice-2024-media-convergence", section="五、（一）", quote="征集的截止时间为2024年4月21日。"
)


class ScriptedAssistant(Assistant):
    """Streams a fixed result or raises a fixed error; builds no index."""

    def __init__(self, answer: AskResult | Exception) -> None:
        super().__init__(Settings(today="2026-11-24"))
        self.answer = answer

    def ask_stream(
        self,
        question: str,
        notice: str | None = None,
        conversation: Conversation | None = None,
        history: Sequence[str] | None = None,
    ) -> Iterator[str | AskResult]:
        if isinstance(self.answer, Exception):
            raise self.answer
        yield from (self.answer.answer[i : i + 10] for i in range(0, len(self.answer.answer), 10))
        if conversation is not None:
            conversation.remember(question, self.answer, conversation.profile)
        yield self.answer


def turn(
    answer: AskResult | Exception, question: str
) -> list[tuple[list[dict[str, Any]], str, Conversation, str]]:
    handlers = app.App(ScriptedAssistant(answer))
    return list(handlers.respond(question, [], Conversation(), ""))


def test_a_turn_streams_the_answer_then_shows_sources_and_follow_ups() -> None:
    result = AskResult(answer="截止时间为2024年4月21日，已截止。" * 6, citations=[CITE], notice=CITE.doc)
    updates = turn(result, "截止时间？")
    assert len(updates) > 3  # placeholder, partial answers, the final message
    first_history, first_box, _, _ = updates[0]
    assert first_box == "" and first_history[-1]["content"] == app.THINKING
    history, box, conversation, context = updates[-1]
    final = history[-1]
    assert "src-card" in final["content"] and "badge-passed" in final["content"]
    assert final["options"] and all("截止" not in o["value"] for o in final["options"])
    assert box == "" and conversation.notice == CITE.doc and "当前通知" in context


@pytest.mark.parametrize(
    ("error", "shown"),
    [(AssistantError("问题过长"), "问题过长"), (RuntimeError("index file corrupt"), "系统处理时出了问题")],
)
def test_a_failed_turn_explains_itself_and_gives_the_question_back(error: Exception, shown: str) -> None:
    history, box, _, _ = turn(error, "我们能申报吗？")[-1]
    assert box == "我们能申报吗？"
    assert shown in history[-1]["content"] and "error-box" in history[-1]["content"]
    assert "index file corrupt" not in history[-1]["content"]
    assert history[-2] == {"role": "user", "content": "我们能申报吗？"}


def test_the_api_is_named_and_the_queue_serves_twenty_users_at_once() -> None:
    assistant = ScriptedAssistant(AskResult(answer=""))
    demo = app.build_app(assistant)
    public = {fn.api_name for fn in demo.fns.values() if fn.api_visibility == "public"}
    assert public == {"ask", "classify", "critique", "draft"}
    assert demo._queue.default_concurrency_limit >= 20  # gradio has no public getter
