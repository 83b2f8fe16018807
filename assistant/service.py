"""The one entry point every front end uses (CLI, batch, Gradio app, evaluation harness).

`Assistant` owns the heavy, shared state (the retrieval index, the optional LLM) and today's
date; each method takes plain arguments and returns a result model of `assistant.contract`.
`handle` serves one `batch` request (a dict) and never raises: a bad request becomes an
`{"error": ...}` result so a batch goes on.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.contract import (
    AskResult,
    ClassifyResult,
    CritiqueResult,
    DraftResult,
    ErrorResult,
    NoticeAddResult,
    NoticeListResult,
    NoticeRemoveResult,
    NoticeStatusResult,
    SearchResult,
)
from assistant.errors import AssistantError
from assistant.guard.inputs import checked_text, request_sizes
from assistant.guard.logs import internal_message, log_internal, new_request_id
from assistant.settings import LimitSettings, Settings, get_settings

if TYPE_CHECKING:
    from langchain_core.embeddings import Embeddings

    from assistant.answering.compose import Answered
    from assistant.answering.conversation import Conversation
    from assistant.knowledge.notice_meta import FieldReview
    from assistant.llm.layer import LLMLayer
    from assistant.retrieval.index import HybridIndex
    from assistant.staff.curated import ExportResult, ImportResult
    from assistant.staff.desk import StaffDesk
    from assistant.staff.log import FeedbackValue
    from assistant.staff.matching import CuratedMatch
    from assistant.staff.notice_sync import NoticeMirror

log = logging.getLogger(__name__)
MAX_INPUT_CHARS = LimitSettings().text_chars


class BatchRequest(BaseModel):
    """One line of `batch` input; the fields an op does not use are ignored. Types are strict:
    `"k": "5"` or `"k": true` is a bad request, not 5 or 1."""

    model_config = ConfigDict(extra="ignore", strict=True)

    op: str
    question: str | None = None
    query: str | None = None
    k: int = 5
    notice: str | None = None
    description: str | None = None
    text: str | None = None
    category: str | None = None
    facts: str | None = None
    history: list[str] | None = None


def check_text(value: str | None, what: str, limit: int = MAX_INPUT_CHARS) -> str:
    """Reject empty, enormous and undecodable input with a message a person understands."""
    return checked_text(value, what, limit)


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
    def embeddings(self) -> Embeddings:
        """The embedding model: the index's when it is open, else one of the same settings (critique
        and drafting match prose to elements by meaning without opening the index)."""
        index: HybridIndex | None = self.__dict__.get("index")
        if index is not None:
            return index.embeddings
        from assistant.retrieval.embeddings import make_embeddings

        return make_embeddings(self.settings.retrieval)

    @cached_property
    def llm(self) -> LLMLayer | None:
        from assistant.llm.layer import build_llm_layer

        return build_llm_layer(self.settings.llm)

    def ask(
        self,
        question: str,
        notice: str | None = None,
        conversation: Conversation | None = None,
        history: Sequence[str] | None = None,
        log_id: str | None = None,
    ) -> AskResult:
        """Answer one question; `history` (the user's earlier turns, oldest first, else those the
        `conversation` recorded) completes a follow-up such as "那截止时间呢？"."""
        from assistant.answering.compose import answer_question

        turn = self._begin(question, notice, conversation, history)
        top_score = None
        if turn.match is not None and turn.match.level == "serve":
            result = self._served(turn.question, turn.match, conversation)
        else:
            answered = answer_question(self, turn.question, notice=notice, history=turn.earlier)
            if conversation is not None:
                conversation.remember(turn.question, answered.result, answered.profile)
            result = _with_related(answered.result, turn.match)
            top_score = answered.top_score
        self._log(turn.question, result, turn.started, len(turn.earlier), log_id, top_score)
        return result

    def ask_stream(
        self,
        question: str,
        notice: str | None = None,
        conversation: Conversation | None = None,
        history: Sequence[str] | None = None,
        log_id: str | None = None,
    ) -> Iterator[str | AskResult]:
        """Text chunks as the answer is produced, then the final `AskResult` (for the chat UI);
        `log_id` names the question-log entry (for feedback on this answer)."""
        from assistant.answering.compose import stream_answer

        turn = self._begin(question, notice, conversation, history)
        if turn.match is not None and turn.match.level == "serve":
            result = self._served(turn.question, turn.match, conversation)
            self._log(turn.question, result, turn.started, len(turn.earlier), log_id)
            return iter([*result.answer.splitlines(keepends=True), result])
        stream = stream_answer(self, turn.question, notice=notice, history=turn.earlier)
        remembered = _remembered(turn.question, stream, conversation, turn.match)
        return self._logged(turn.question, remembered, turn.started, len(turn.earlier), log_id)

    def _begin(
        self,
        question: str,
        notice: str | None,
        conversation: Conversation | None,
        history: Sequence[str] | None,
    ) -> _Turn:
        """What every answer starts from: the checked question, the earlier questions, and the
        closest curated answer (looked up only for a question that stands alone)."""
        self.sync_notices()
        started = time.perf_counter()
        question = check_text(question, "问题", self.settings.limits.question_chars)
        earlier = _history(history, conversation)
        match = None if earlier else self._curated(question, notice)  # a follow-up is read in context
        return _Turn(question, earlier, match, started)

    def search(self, query: str, k: int = 5, notice: str | None = None) -> SearchResult:
        self.sync_notices()
        if not 1 <= k <= 50:
            raise AssistantError("k 必须在 1 到 50 之间", code="bad_k")
        from assistant.answering.intent import notices_named
        from assistant.answering.spelling import normalize_question

        text = normalize_question(check_text(query, "检索词", self.settings.limits.question_chars))
        docs = None if notice else notices_named(text)
        hits = self.index.search(text, k=k, notice=notice, docs=docs)
        return SearchResult(hits=[h.to_hit() for h in hits])

    def classify(self, description: str, notice: str | None = None) -> ClassifyResult:
        self.sync_notices()
        from assistant.answering.classify import classify

        return classify(
            check_text(description, "案例描述", self.settings.limits.question_chars),
            notice=notice,
            embeddings=self.index.embeddings,
        )

    def critique(self, text: str, notice: str, category: str | None = None) -> CritiqueResult:
        from assistant.review.critique import critique

        # critique reads the category from wording alone: its mismatch thresholds are calibrated on that
        result: CritiqueResult = critique(
            check_text(text, "申报材料", self.settings.limits.text_chars),
            notice=notice,
            category=category,
            embedder=self.embeddings,
        )
        return result

    def draft(self, facts: str, notice: str, category: str) -> DraftResult:
        from assistant.review.draft import draft

        result: DraftResult = draft(
            check_text(facts, "案例事实", self.settings.limits.text_chars),
            notice=notice,
            category=category,
            llm=self.llm,
            embedder=self.embeddings,
        )
        return result

    # -- staff desk ----------------------------------------------------------------------------

    @cached_property
    def staff(self) -> StaffDesk:
        """Curated answers, the question log and the review queue (SQLite or PostgreSQL)."""
        from assistant.staff.desk import StaffDesk

        return StaffDesk(self.settings, lambda: self.index.embeddings, lambda: self.llm)

    def _curated(self, question: str, notice: str | None) -> CuratedMatch | None:
        """The closest approved curated answer; a broken staff database never stops answering."""
        try:
            return self.staff.match(question, notice=notice)
        except AssistantError:
            raise
        except Exception:
            log.exception("curated-answer lookup failed; answering without it")
            return None

    def _served(self, question: str, match: CuratedMatch, conversation: Conversation | None) -> AskResult:
        from assistant.staff.desk import served_result

        result = served_result(match.answer)
        if conversation is not None:
            conversation.remember(question, result, conversation.profile)
        return result

    def _log(
        self,
        question: str,
        result: AskResult,
        started: float,
        history: int,
        log_id: str | None,
        top_score: float | None = None,
    ) -> None:
        latency_ms = (time.perf_counter() - started) * 1000
        try:
            self.staff.record(
                question, result, latency_ms, history_len=history, entry_id=log_id, top_score=top_score
            )
        except Exception:
            log.exception("could not log the question")

    def _logged(
        self,
        question: str,
        stream: Iterator[str | Answered],
        started: float,
        history: int,
        log_id: str | None,
    ) -> Iterator[str | AskResult]:
        for item in stream:
            if isinstance(item, str):
                yield item
                continue
            self._log(question, item.result, started, history, log_id, item.top_score)
            yield item.result

    def close(self) -> None:
        """Write what is still queued (question-log rows) and release the staff database."""
        staff: StaffDesk | None = self.__dict__.get("staff")
        if staff is not None:
            staff.close()

    def feedback(self, log_id: str, value: FeedbackValue, reason: str | None = None) -> None:
        """👍/👎 (with a reason) on one logged answer."""
        if self.staff.log is not None:
            self.staff.log.feedback(log_id, value, reason)

    def faq_import(self, path: Path) -> ImportResult:
        if not path.is_file():
            raise AssistantError(f"找不到文件 {path}", code="bad_file")
        limit = self.settings.limits.upload_bytes
        if path.stat().st_size > limit:
            raise AssistantError(f"文件过大（上限 {limit // 1024 // 1024} MB）", code="input_too_long")
        return self.staff.curated.import_file(path)

    def faq_export(self, path: Path, evaluation: bool = False) -> ExportResult:
        if evaluation:
            return self.staff.curated.export_eval(path)
        return self.staff.curated.export_file(path)

    # -- notices staff add -----------------------------------------------------------------------

    @cached_property
    def notices(self) -> NoticeOperations:
        return NoticeOperations(self)

    def sync_notices(self) -> None:
        """Take in notices another process added, approved or removed since this one last looked
        (one small file read per request; with a staff database URL, first the notices other
        instances changed in the database are copied in)."""
        from assistant.knowledge.notice_store import NoticeStore

        pulled = self._pull_notices()
        version = NoticeStore(self.settings.home).version()
        seen = self.__dict__.get("_notices_version")
        self.__dict__["_notices_version"] = version
        if seen == version or (seen is None and not pulled):
            return
        from assistant.knowledge.documents import knowledge_changed

        knowledge_changed()
        if "index" in self.__dict__:
            self.refresh_index()

    def refresh_index(self) -> None:
        """Rebuild the index for the current documents aside (only new chunks are embedded) and
        swap it in; questions keep using the previous index until the new one is complete."""
        from assistant.knowledge.notice_store import NoticeStore
        from assistant.retrieval.index import refresh_index

        self.__dict__["index"] = refresh_index(self.settings.retrieval)
        self.__dict__["_notices_version"] = NoticeStore(self.settings.home).version()

    @cached_property
    def notice_mirror(self) -> NoticeMirror | None:
        """The notices' copy in the staff database, when a database URL is configured."""
        if not self.settings.staff.database_url:
            return None
        from assistant.staff.notice_sync import NoticeMirror

        return NoticeMirror.open(self.settings)

    def _pull_notices(self) -> bool:
        """Copy in what other instances changed; an unreachable database never stops answering."""
        if self.notice_mirror is None:
            return False
        try:
            return self.notice_mirror.pull()
        except Exception:
            log.exception("could not read the notices from the staff database; using the local copies")
            return False

    def _mirror_notice(self, notice_id: str, removed: bool = False) -> None:
        """Write a notice staff just changed to the staff database (when one is configured)."""
        if self.notice_mirror is None:
            return
        try:
            if removed:
                self.notice_mirror.drop(notice_id)
            else:
                self.notice_mirror.push(notice_id)
        except Exception as exc:
            log.exception("could not write notice %s to the staff database", notice_id)
            raise AssistantError(
                f"通知 {notice_id} 已在本机更改，但未能写入员工数据库；请稍后重试", code="database_error"
            ) from exc

    def handle(self, raw: dict[str, Any]) -> dict[str, Any]:
        """Serve one batch request; errors become `{"error": {...}}` results."""
        try:
            req = BatchRequest.model_validate(raw)
            result = self._dispatch(req)
            return result.model_dump(mode="json", exclude_none=False)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(part) for part in first["loc"])
            return ErrorResult.of("bad_request", f"请求格式不对：{where}: {first['msg']}")
        except AssistantError as exc:
            return ErrorResult.of(exc.code, exc.message)
        except Exception as exc:
            request_id = new_request_id()
            log_internal(log, request_id, request_sizes(raw), exc)
            return ErrorResult.of("internal", internal_message(request_id))

    def _dispatch(self, req: BatchRequest) -> BaseModel:
        if req.op == "ask":
            return self.ask(req.question or "", notice=req.notice, history=req.history)
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


@dataclass(frozen=True)
class _Turn:
    question: str
    earlier: list[str]
    match: CuratedMatch | None
    started: float


def _remembered(
    question: str,
    stream: Iterator[str | Answered],
    conversation: Conversation | None,
    match: CuratedMatch | None = None,
) -> Iterator[str | Answered]:
    """Pass the text chunks on; record the finished answer in the conversation."""
    for item in stream:
        if isinstance(item, str):
            yield item
            continue
        if conversation is not None:
            conversation.remember(question, item.result, item.profile)
        yield dataclasses.replace(item, result=_with_related(item.result, match))


def _with_related(result: AskResult, match: CuratedMatch | None) -> AskResult:
    """A curated answer just below the serving floors goes after the generated one."""
    if match is None or match.level != "related":
        return result
    from assistant.staff.desk import related_answer

    return result.model_copy(update={"related": related_answer(match.answer)})


def _history(history: Sequence[str] | None, conversation: Conversation | None) -> list[str]:
    """The earlier user turns: as given, else as the conversation recorded them."""
    if history is not None:
        return [h for h in history if h.strip()]
    return [t.question for t in conversation.turns] if conversation is not None else []


def _required(value: str | None, name: str) -> str:
    if not value:
        raise AssistantError(f"缺少字段 {name}", code="missing_field")
    return value


class NoticeOperations:
    """Staff's notice commands (CONTRACT.md `notices ...`), on an `Assistant` whose index they refresh."""

    def __init__(self, assistant: Assistant) -> None:
        from assistant.notices.manage import NoticeManager

        self.assistant = assistant
        self.manager = NoticeManager(assistant.settings.home)

    def add(self, path: str, notice_id: str | None = None) -> NoticeAddResult:
        from pathlib import Path

        self.assistant.sync_notices()
        result = self.manager.add(Path(path), notice_id)
        self.assistant._mirror_notice(result.id)
        self.assistant.refresh_index()
        return result

    def approve(self, notice_id: str) -> NoticeStatusResult:
        self.assistant.sync_notices()
        result = self.manager.approve(notice_id)
        self.assistant._mirror_notice(notice_id)
        self.assistant.refresh_index()  # approved rules may rename the notice for retrieval
        return result

    def remove(self, notice_id: str) -> NoticeRemoveResult:
        self.assistant.sync_notices()
        result = self.manager.remove(notice_id)
        self.assistant._mirror_notice(notice_id, removed=True)
        self.assistant.refresh_index()
        return result

    def listing(self) -> NoticeListResult:
        self.assistant.sync_notices()
        return self.manager.listing(self.assistant.today())

    def review(
        self, notice_id: str, field: str, action: Literal["accept", "correct", "reject"], value: Any = None
    ) -> FieldReview:
        self.assistant.sync_notices()
        result = self.manager.review(notice_id, field, action, value)
        self.assistant._mirror_notice(notice_id)
        return result
