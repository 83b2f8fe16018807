"""The question log: what was asked and how it was answered, with the asker's feedback.

Only what the person typed is kept (no IP, no session, no name), and entries older than the
retention setting are deleted. Writes go through one background thread per process, in order
(an entry before the feedback on it), so `ask` only pays for putting a record on a queue;
`flush()` waits until everything queued is in the database.
"""

from __future__ import annotations

import atexit
import logging
import queue
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import delete, select, update

from assistant.contract import Citation
from assistant.staff.db import Database
from assistant.staff.models import LogRow

log = logging.getLogger(__name__)

AnswerKind = Literal["curated", "rules", "text", "not_covered"]
FeedbackValue = Literal["up", "down"]
FEEDBACK_REASONS = ("不准确", "不完整", "答非所问", "其他")
PURGE_EVERY = 1000
BATCH = 200


def new_id() -> str:
    return uuid.uuid4().hex


class LogEntry(BaseModel):
    id: str = Field(default_factory=new_id)
    created_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    question: str
    history_len: int = 0
    notice: str | None = None
    kind: AnswerKind
    answerable: bool
    answer: str = ""
    citations: list[Citation] = Field(default_factory=list)
    top_score: float | None = None
    latency_ms: float
    faq_id: str | None = None
    feedback: FeedbackValue | None = None
    feedback_reason: str | None = None


class Feedback(BaseModel):
    entry_id: str
    value: FeedbackValue
    reason: str | None = None


Job = LogEntry | Feedback


def _row(entry: LogEntry) -> LogRow:
    data = entry.model_dump()
    data["citations"] = [c.model_dump() for c in entry.citations]
    return LogRow(**data)


class QuestionLog:
    """The log in the staff database, written by a background thread."""

    def __init__(
        self, db: Database, retention_days: int, enrich: Callable[[LogEntry], LogEntry] | None = None
    ) -> None:
        self.db = db
        self.retention = timedelta(days=retention_days)
        self.enrich = enrich
        """Fills in what is costly to know (the top retrieval score) off the asking thread."""
        self._queue: queue.Queue[Job | None] = queue.Queue()
        self._written = 0
        self._thread = threading.Thread(target=self._run, name="question-log", daemon=True)
        self._thread.start()
        atexit.register(self.close)
        self.purge()

    def record(self, entry: LogEntry) -> str:
        self._queue.put(entry)
        return entry.id

    def feedback(self, entry_id: str, value: FeedbackValue, reason: str | None = None) -> None:
        if reason is not None and reason not in FEEDBACK_REASONS:
            reason = "其他"
        self._queue.put(Feedback(entry_id=entry_id, value=value, reason=reason))

    def flush(self) -> None:
        self._queue.join()

    def close(self) -> None:
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join(timeout=10)

    def purge(self, now: datetime | None = None) -> int:
        """Delete entries older than the retention period; how many went."""
        cutoff = (now or datetime.now(UTC)) - self.retention
        with self.db.session() as session:
            done = session.execute(delete(LogRow).where(LogRow.created_at < cutoff))
        return int(getattr(done, "rowcount", 0) or 0)

    def entries(self, limit: int = 1000) -> list[LogEntry]:
        """The newest entries first, including every one this process has queued so far (a staff
        page reads what was just asked)."""
        self.flush()
        with self.db.session() as session:
            rows = session.scalars(select(LogRow).order_by(LogRow.created_at.desc()).limit(limit))
            return [
                LogEntry.model_validate(
                    {c.name: getattr(r, c.name) for c in LogRow.__table__.columns}, from_attributes=False
                )
                for r in rows
            ]

    # -- the writer thread -----------------------------------------------------------------

    def _run(self) -> None:
        while True:
            jobs = [self._queue.get()]
            while len(jobs) < BATCH:
                try:
                    jobs.append(self._queue.get_nowait())
                except queue.Empty:
                    break
            try:
                self._write([j for j in jobs if j is not None])
            except Exception:
                log.exception("could not write %d question-log records", len(jobs))
            finally:
                for _ in jobs:
                    self._queue.task_done()
            if None in jobs:
                return

    def _write(self, jobs: list[Job]) -> None:
        if not jobs:
            return
        entries = [j for j in jobs if isinstance(j, LogEntry)]
        if self.enrich is not None:
            entries = [self._enriched(e) for e in entries]
        with self.db.session() as session:
            session.add_all(_row(e) for e in entries)
            session.flush()
            for job in jobs:
                if isinstance(job, Feedback):
                    session.execute(
                        update(LogRow)
                        .where(LogRow.id == job.entry_id)
                        .values(feedback=job.value, feedback_reason=job.reason)
                    )
        self._written += len(entries)
        if self._written >= PURGE_EVERY:
            self._written = 0
            self.purge()

    def _enriched(self, entry: LogEntry) -> LogEntry:
        assert self.enrich is not None
        try:
            return self.enrich(entry)
        except Exception:
            log.exception("could not enrich a question-log entry")
            return entry
