"""The staff desk as one object the service holds: the database, the curated answers and their
matcher, the question log and the review queue."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.contract import AskResult, RelatedAnswer
from assistant.llm.layer import LLMLayer
from assistant.settings import Settings
from assistant.staff.curated import CuratedAnswer, CuratedStore
from assistant.staff.db import Database
from assistant.staff.judge import CuratedJudge, judge_for, judge_path
from assistant.staff.log import LogEntry, QuestionLog
from assistant.staff.matching import CuratedMatch, CuratedMatcher
from assistant.staff.review_queue import ReviewGroup, review_groups

CURATED_LABEL = "工作人员审核答复"
REVIEW_WINDOW = 2000
"""How many of the newest log entries the review queue looks at."""


class Promotion(BaseModel):
    """A review group turned into a draft curated answer, and the existing answers it may repeat."""

    draft: CuratedAnswer
    near_duplicates: list[CuratedAnswer]


def approved_on(answer: CuratedAnswer) -> date | None:
    return answer.approved_at.date() if answer.approved_at else None


def served_result(answer: CuratedAnswer) -> AskResult:
    """The approved answer verbatim, labelled with who vouches for it and since when."""
    approved = approved_on(answer)
    from assistant.answering.deadlines import cn_date

    label = f"【{CURATED_LABEL}" + (f"，{cn_date(approved)}审核" if approved else "") + "】"
    return AskResult(
        answer=f"{answer.answer}\n{label}",
        citations=answer.citations,
        notice=answer.notice,
        answerable=True,
        faq_id=answer.id,
    )


def related_answer(answer: CuratedAnswer) -> RelatedAnswer:
    approved = approved_on(answer)
    return RelatedAnswer(
        faq_id=answer.id,
        question=answer.question,
        answer=answer.answer,
        citations=answer.citations,
        approved=approved.isoformat() if approved else None,
    )


class StaffDesk:
    def __init__(
        self,
        settings: Settings,
        embeddings: Callable[[], Embeddings],
        llm: Callable[[], LLMLayer | None] = lambda: None,
    ) -> None:
        """`llm`: the optional LLM layer, which then chooses among the judge's likeliest curated
        answers (`CuratedMatcher.match`)."""
        self.settings = settings
        self._embeddings = embeddings
        self._llm = llm
        self.db = Database.from_settings(settings)
        self.curated = CuratedStore(self.db)
        self.curated.recheck_notices()
        self.log = (
            QuestionLog(self.db, settings.staff.log_retention_days, enrich=self._enrich)
            if settings.staff.log_questions
            else None
        )
        self._lock = threading.Lock()
        self._matcher: tuple[tuple[int, str], CuratedMatcher] | None = None

    @property
    def embeddings(self) -> Embeddings:
        return self._embeddings()

    @property
    def judge(self) -> CuratedJudge:
        return judge_for(self.settings.staff.judge_file or judge_path(self.settings.retrieval.embedding))

    def matcher(self) -> CuratedMatcher:
        """The matcher of the approved answers as they are now (rebuilt when any answer changed,
        in this process or another sharing the database)."""
        revision = self.curated.revision()
        with self._lock:
            if self._matcher is None or self._matcher[0] != revision:
                answers = self.curated.all("approved")
                judge = self.judge if answers else None  # nothing to judge: no judge file needed
                self._matcher = (
                    revision,
                    CuratedMatcher(answers, self.embeddings, self.settings.staff, judge),
                )
            return self._matcher[1]

    def match(self, question: str, notice: str | None = None) -> CuratedMatch | None:
        layer = self._llm()
        return self.matcher().match(
            question,
            notice=notice,
            today=self.settings.current_date(),
            choose=layer.choose_curated if layer is not None else None,
        )

    def record(
        self,
        question: str,
        result: AskResult,
        latency_ms: float,
        history_len: int = 0,
        entry_id: str | None = None,
        top_score: float | None = None,
    ) -> str | None:
        """Queue a log entry for an answered question; its id (for feedback), or None when off.
        `top_score` is the best passage score the answer's own searches returned."""
        if self.log is None:
            return None
        kind = "curated" if result.faq_id else ("text" if result.answerable else "not_covered")
        entry = LogEntry(
            question=question,
            history_len=history_len,
            notice=result.notice,
            kind=kind,
            answerable=result.answerable,
            answer=result.answer,
            citations=result.citations,
            latency_ms=latency_ms,
            faq_id=result.faq_id,
            top_score=top_score,
        )
        if entry_id:
            entry = entry.model_copy(update={"id": entry_id})
        if result.faq_id:
            self.curated.record_hit(result.faq_id)
        return self.log.record(entry)

    def _enrich(self, entry: LogEntry) -> LogEntry:
        """Off the asking thread: whether the answer came from the rules or the text."""
        from assistant.answering.compose import NOTICE_TOPICS
        from assistant.answering.intent import topics_of

        changes: dict[str, object] = {}
        if entry.kind == "text" and NOTICE_TOPICS & set(topics_of(entry.question)):
            changes["kind"] = "rules"
        return entry.model_copy(update=changes)

    def review_queue(self, limit: int = REVIEW_WINDOW) -> list[ReviewGroup]:
        if self.log is None:
            return []
        return review_groups(self.log.entries(limit), self.embeddings)

    def near_duplicates(self, answer: CuratedAnswer) -> list[CuratedAnswer]:
        """Existing (not retired) answers that a question like this one would already reach."""
        others = [a for a in self.curated.all() if a.status != "retired" and a.id != answer.id]
        if not others:
            return []
        matcher = CuratedMatcher(others, self.embeddings, self.settings.staff, self.judge)
        found: dict[str, CuratedAnswer] = {}
        for text in answer.texts:
            match = matcher.match(text, notice=answer.notice)
            if match is not None:
                found.setdefault(match.answer.id, match.answer)
        return list(found.values())

    def promote(self, group: ReviewGroup, author: str = "") -> Promotion:
        draft = group.draft(author)
        return Promotion(draft=draft, near_duplicates=self.near_duplicates(draft))

    def close(self) -> None:
        if self.log is not None:
            self.log.close()
        self.db.close()
