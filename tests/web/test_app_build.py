"""The app built in-process: its endpoints, its queue, and how a chat turn streams and fails."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import gradio as gr
import pytest
from docx import Document

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
        log_id: str | None = None,
    ) -> Iterator[str | AskResult]:
        if isinstance(self.answer, Exception):
            raise self.answer
        yield from (self.answer.answer[i : i + 10] for i in range(0, len(self.answer.answer), 10))
        if conversation is not None:
            conversation.remember(question, self.answer, conversation.profile)
        yield self.answer


def turn(answer: AskResult | Exception, question: str) -> list[tuple[Any, ...]]:
    handlers = app.App(ScriptedAssistant(answer))
    return list(handlers.respond(question, [], Conversation(), ""))


def test_a_turn_streams_the_answer_then_shows_sources_and_follow_ups() -> None:
    result = AskResult(answer="截止时间为2024年4月21日，已截止。" * 6, citations=[CITE], notice=CITE.doc)
    updates = turn(result, "截止时间？")
    assert len(updates) > 3  # placeholder, partial answers, the final message
    first_history, first_box, _, _, _ = updates[0]
    assert first_box == "" and first_history[-1]["content"] == app.THINKING
    history, box, conversation, context, message = updates[-1]
    final = history[-1]
    assert message == ""
    assert "src-card" in final["content"] and "badge-passed" in final["content"]
    assert final["options"] and all("截止" not in o["value"] for o in final["options"])
    assert box == "" and conversation.notice == CITE.doc and "当前通知" in context


@pytest.mark.parametrize(
    ("error", "shown"),
    [(AssistantError("问题过长"), "问题过长"), (RuntimeError("index file corrupt"), "系统处理时出了问题")],
)
def test_a_failed_turn_explains_itself_and_gives_the_question_back(error: Exception, shown: str) -> None:
    history, box, _, _, _ = turn(error, "我们能申报吗？")[-1]
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


SKIP = gr.skip()


def test_an_empty_question_changes_nothing_but_the_message_under_the_box() -> None:
    (update,) = turn(AskResult(answer="不会被用到"), "   ")
    assert update[:4] == (SKIP,) * 4  # history, typed text, conversation and context stay
    assert "请先在下面的输入框里写下问题" in update[4] and "form-error" in update[4]


def test_form_mistakes_leave_every_output_as_it_was_and_say_why_beside_the_control() -> None:
    handlers = app.App(ScriptedAssistant(AskResult(answer="")))
    report, message = handlers.eligibility("", "", "", "notice-2024-media-convergence")
    assert report == SKIP and "请选择单位类型" in message
    too_long = "申报" * 100_001
    report, message = handlers.critique(too_long, "", "notice-2023-network-services", "")
    assert report == SKIP and "过长" in message
    text, report, docx, markdown, message = handlers.draft("事实", "notice-2023-network-services", "")
    assert (text, report, docx, markdown) == (SKIP,) * 4 and "请先选择申报类别" in message


def test_an_unreadable_upload_keeps_the_draft_and_frees_the_upload_area(tmp_path: Path) -> None:
    handlers = app.App(ScriptedAssistant(AskResult(answer="")))
    fake = tmp_path / "申报材料.docx"
    fake.write_text("其实是文本", encoding="utf-8")
    text, read, report, upload, message = handlers.upload(str(fake), "notice-2023-network-services", "")
    assert (text, read, report) == (SKIP,) * 3 and upload is None
    assert "不是有效的 .docx" in message and "form-error" in message


def test_an_uploaded_docx_shows_without_markup_and_is_checked_with_it(tmp_path: Path) -> None:
    draft = Document()
    draft.add_heading("一、基本情况", level=2)
    draft.add_paragraph("我台于2022年建成全省广电5G融合平台，服务用户120万户。")
    path = tmp_path / "申报材料.docx"
    draft.save(str(path))
    handlers = app.App(ScriptedAssistant(AskResult(answer="")))
    text, read, report, upload, message = handlers.upload(str(path), "notice-2023-network-services", "")
    assert text.startswith("一、基本情况\n") and read.startswith("## 一、基本情况\n")
    assert upload == SKIP and message == ""
    assert "必备要素" in report and "检查依据" in report and "##" not in report
