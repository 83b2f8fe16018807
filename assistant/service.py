"""The one entry point every front end uses (CLI, batch, Gradio app, evaluation harness).

`Assistant` owns the heavy, shared state (the retrieval index, the optional LLM) and today's
date; each method takes plain arguments and returns a result model of `assistant.contract`.
`handle` serves one `batch` request (a dict) and never raises: a bad request becomes an
`{"error": ...}` result so a batch goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.contract import (
    AskResult,
    ClassifyResult,
    CritiqueResult,
    DraftResult,
    NoticeAddResult,
    NoticeListResult,
    NoticeRemoveResult,
    NoticeStatusResult,
    SearchResult,
)
from assistant.errors import AssistantError
from assistant.settings import Settings, get_settings

if TYPE_CHECKING:
    from assistant.answering.compose import Answered
    from assistant.answering.conversation import Conversation
    from assistant.llm.layer import LLMLayer
    from assistant.notices.models import FieldReview
    from assistant.retrieval.index import HybridIndex

log = logging.getLogger(__name__)
MAX_INPUT_CHARS = 60_000


class BatchRequest(BaseModel):
    """One line of `batch` input; the fields an op does not use are ignored."""

    model_config = ConfigDict(extra="ignore")

    op: str
    question: str | None = None
    query: str | None = None
    k: int = 5
    notice: str | None = None
    description: str | None = None
    text: str | None = None
    category: str | None = None
    facts: str | None = None


def check_text(value: str | None, what: str) -> str:
    """Reject empty and enormous input with a message a person understands."""
    if value is None or not value.strip():
        raise AssistantError(f"{what}不能为空", code="empty_input")
    if len(value) > MAX_INPUT_CHARS:
        raise AssistantError(
            f"{what}过长（{len(value)} 字符，上限 {MAX_INPUT_CHARS}）；请分段提交", code="input_too_long"
        )
    return value


class Assistant:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or get_settings()

    def today(self) -> date:
        return self.settings.current_date()

    @cached_property
    def index(self) -> HybridIndex:
        from assistant.retrieval.index import open_index

        return open_index(self.settings.retrieval)

    @cached_property
    def llm(self) -> LLMLayer | None:
        from assistant.llm.layer import build_llm_layer

        return build_llm_layer(self.settings.llm)

    def ask(
        self, question: str, notice: str | None = None, conversation: Conversation | None = None
    ) -> AskResult:
        self.sync_notices()
        from assistant.answering.compose import answer_question

        question = check_text(question, "问题")
        answered = answer_question(self, question, notice=notice, conversation=conversation)
        if conversation is not None:
            conversation.remember(question, answered.result, answered.profile)
        return answered.result

    def ask_stream(
        self, question: str, notice: str | None = None, conversation: Conversation | None = None
    ) -> Iterator[str | AskResult]:
        """Text chunks as the answer is produced, then the final `AskResult` (for the chat UI)."""
        self.sync_notices()
        from assistant.answering.compose import stream_answer

        stream = stream_answer(self, check_text(question, "问题"), notice=notice, conversation=conversation)
        return _remembered(question, stream, conversation)

    def search(self, query: str, k: int = 5, notice: str | None = None) -> SearchResult:
        self.sync_notices()
        if not 1 <= k <= 50:
            raise AssistantError("k 必须在 1 到 50 之间", code="bad_k")
        hits = self.index.search(check_text(query, "检索词"), k=k, notice=notice)
        return SearchResult(hits=[h.to_hit() for h in hits])

    def classify(self, description: str, notice: str | None = None) -> ClassifyResult:
        self.sync_notices()
        from assistant.answering.classify import classify

        return classify(check_text(description, "案例描述"), notice=notice, embeddings=self.index.embeddings)

    def critique(self, text: str, notice: str, category: str | None = None) -> CritiqueResult:
        from assistant.review.critique import critique

        # critique reads the category from wording alone: its mismatch thresholds are calibrated on that
        result: CritiqueResult = critique(check_text(text, "申报材料"), notice=notice, category=category)
        return result

    def draft(self, facts: str, notice: str, category: str) -> DraftResult:
        from assistant.review.draft import draft

        result: DraftResult = draft(
            check_text(facts, "案例事实"), notice=notice, category=category, llm=self.llm
        )
        return result

    @cached_property
    def notices(self) -> NoticeOperations:
        return NoticeOperations(self)

    def sync_notices(self) -> None:
        """Take in notices another process added, approved or removed since this one last looked
        (one small file read per request)."""
        from assistant.notices.store import NoticeStore

        version = NoticeStore(self.settings.home).version()
        seen = self.__dict__.get("_notices_version")
        self.__dict__["_notices_version"] = version
        if seen is None or seen == version:
            return
        from assistant.knowledge.documents import knowledge_changed

        knowledge_changed()
        if "index" in self.__dict__:
            self.refresh_index()

    def refresh_index(self) -> None:
        """Rebuild the index for the current documents aside (only new chunks are embedded) and
        swap it in; questions keep using the previous index until the new one is complete."""
        from assistant.notices.store import NoticeStore
        from assistant.retrieval.index import refresh_index

        self.__dict__["index"] = refresh_index(self.settings.retrieval)
        self.__dict__["_notices_version"] = NoticeStore(self.settings.home).version()

    def handle(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Serve one batch request; errors become `{"error": {...}}` results."""
        try:
            req = BatchRequest.model_validate(raw)
            result = self._dispatch(req)
            return result.model_dump(mode="json", exclude_none=False)
        except ValidationError as exc:
            return _error("bad_request", f"请求格式不对：{exc.errors()[0]['msg']}")
        except AssistantError as exc:
            return _error(exc.code, exc.message)
        except Exception as exc:
            log.exception("internal error on %s", raw)
            return _error("internal", str(exc))

    def _dispatch(self, req: BatchRequest) -> BaseModel:
        if req.op == "ask":
            return self.ask(req.question or "", notice=req.notice)
        if req.op == "search":
            return self.search(req.query or "", k=req.k, notice=req.notice)
        if req.op == "classify":
            return self.classify(req.description or "", notice=req.notice)
        if req.op == "critique":
            return self.critique(
                req.text or "", notice=_required(req.notice, "notice"), category=req.category
            )
        if req.op == "draft":
            return self.draft(
                req.facts or "",
                notice=_required(req.notice, "notice"),
                category=_required(req.category, "category"),
            )
        raise AssistantError(
            f"未知的操作 {req.op!r}；可用：ask, search, classify, critique, draft", code="bad_op"
        )


def _remembered(
    question: str, stream: Iterator[str | Answered], conversation: Conversation | None
) -> Iterator[str | AskResult]:
    """Pass the text chunks on; record the finished answer in the conversation."""
    for item in stream:
        if isinstance(item, str):
            yield item
            continue
        if conversation is not None:
            conversation.remember(question, item.result, item.profile)
        yield item.result


def _required(value: str | None, name: str) -> str:
    if not value:
        raise AssistantError(f"缺少字段 {name}", code="missing_field")
    return value


def _error(code: str, message: str) -> dict[str, Any]:
    return {"error": {"code": code, "message": message}}


class NoticeOperations:
    """Staff's notice commands (CONTRACT.md `notices ...`), on an `Assistant` whose index they refresh."""

    def __init__(self, assistant: Assistant) -> None:
        from assistant.notices.manage import NoticeManager

        self.assistant = assistant
        self.manager = NoticeManager(assistant.settings.home)

    def add(self, path: str, notice_id: str | None = None) -> NoticeAddResult:
        from pathlib import Path

        result = self.manager.add(Path(path), notice_id)
        self.assistant.refresh_index()
        return result

    def approve(self, notice_id: str) -> NoticeStatusResult:
        result = self.manager.approve(notice_id)
        self.assistant.refresh_index()  # approved rules may rename the notice for retrieval
        return result

    def remove(self, notice_id: str) -> NoticeRemoveResult:
        result = self.manager.remove(notice_id)
        self.assistant.refresh_index()
        return result

    def listing(self) -> NoticeListResult:
        return self.manager.listing(self.assistant.today())

    def review(
        self, notice_id: str, field: str, action: Literal["accept", "correct", "reject"], value: Any = None
    ) -> FieldReview:
        return self.manager.review(notice_id, field, action, value)
