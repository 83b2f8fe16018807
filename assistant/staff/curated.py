"""Curated answers: answers staff wrote or approved once, served to everyone who asks the same thing.

An approved answer is tied to the notice it cites by a fingerprint of that notice's text: when the
notice changes (or a newer edition supersedes it) the answer goes back to review (status `draft`)
and is no longer served. Import and export use the contract's columns (`question`, `variants`
separated by `|`, `answer`, `notice`, `sources` = JSON list of Citation).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationError
from sqlalchemy import func, select, update

from assistant.contract import Citation
from assistant.errors import AssistantError
from assistant.staff.db import Database
from assistant.staff.files import Row, read_rows, write_rows
from assistant.staff.models import CuratedRow

CuratedStatus = Literal["draft", "approved", "retired"]
COLUMNS = ("question", "variants", "answer", "notice", "sources")
VARIANT_SEPARATOR = "|"
FIGURE = re.compile(r"\d{4}年\d{1,2}月\d{1,2}日|\d+(?:[个项字家类])")


class CuratedAnswer(BaseModel):
    """One curated answer and its review state."""

    id: str = Field(default_factory=lambda: "faq-" + uuid.uuid4().hex[:12])
    question: str = Field(min_length=2)
    variants: list[str] = Field(default_factory=list)
    answer: str = Field(min_length=1)
    citations: list[Citation] = Field(default_factory=list)
    notice: str | None = None
    status: CuratedStatus = "draft"
    version: int = 1
    valid_until: date | None = None
    author: str = ""
    reviewer: str = ""
    hit_count: int = 0
    review_note: str = ""
    """Why the answer is (back) in review, e.g. the cited notice changed."""
    approved_at: datetime | None = None

    @property
    def texts(self) -> list[str]:
        """The wordings a question is matched against."""
        return [self.question, *self.variants]

    def to_row(self) -> Row:
        return {
            "question": self.question,
            "variants": VARIANT_SEPARATOR.join(self.variants),
            "answer": self.answer,
            "notice": self.notice or "",
            "sources": [c.model_dump() for c in self.citations],
        }


class ImportError_(BaseModel):
    row: int
    message: str


class ImportResult(BaseModel):
    imported: int
    errors: list[ImportError_] = Field(default_factory=list)


class ExportResult(BaseModel):
    exported: int
    file: str


def _now() -> datetime:
    return datetime.now(UTC)


def notice_fingerprint(doc_id: str | None) -> str | None:
    """A hash of the notice's normalised text; None for an answer tied to no (known) notice."""
    if not doc_id:
        return None
    from assistant.knowledge.documents import normalized_text

    try:
        text = normalized_text(doc_id)
    except (AssistantError, OSError):
        return None
    return hashlib.sha256(text.encode()).hexdigest()


def superseded_notices() -> set[str]:
    """Notices a newer registered edition of the same call supersedes."""
    from assistant.knowledge.documents import registry
    from assistant.knowledge.editions import supersedes

    return {older for doc_id in registry() if (older := supersedes(doc_id))}


def _from_row(row: CuratedRow) -> CuratedAnswer:
    return CuratedAnswer(
        id=row.id,
        question=row.question,
        variants=list(row.variants or []),
        answer=row.answer,
        citations=[Citation.model_validate(c) for c in row.citations or []],
        notice=row.notice,
        status=row.status,
        version=row.version,
        valid_until=row.valid_until,
        author=row.author,
        reviewer=row.reviewer,
        hit_count=row.hit_count,
        review_note=row.review_note,
        approved_at=row.approved_at,
    )


def _fill(row: CuratedRow, answer: CuratedAnswer) -> None:
    row.question = answer.question
    row.variants = list(answer.variants)
    row.answer = answer.answer
    row.citations = [c.model_dump() for c in answer.citations]
    row.notice = answer.notice
    row.status = answer.status
    row.valid_until = answer.valid_until
    row.author = answer.author
    row.reviewer = answer.reviewer
    row.review_note = answer.review_note
    row.notice_fingerprint = notice_fingerprint(answer.notice) if answer.status == "approved" else None
    row.approved_at = answer.approved_at
    row.updated_at = _now()


class CuratedStore:
    """Curated answers in the staff database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, answer: CuratedAnswer) -> CuratedAnswer:
        """Insert, or update an existing answer (its version goes up by one)."""
        if answer.status == "approved" and answer.approved_at is None:
            answer = answer.model_copy(update={"approved_at": _now()})
        with self.db.session() as session:
            row = session.get(CuratedRow, answer.id)
            if row is None:
                row = CuratedRow(id=answer.id, version=1, hit_count=0, created_at=_now())
                session.add(row)
            else:
                row.version += 1
            _fill(row, answer)
            session.flush()
            return _from_row(row)

    def get(self, faq_id: str) -> CuratedAnswer:
        with self.db.session() as session:
            row = session.get(CuratedRow, faq_id)
            if row is None:
                raise AssistantError(f"没有编号为 {faq_id} 的审核答复", code="unknown_id")
            return _from_row(row)

    def all(self, status: CuratedStatus | None = None) -> list[CuratedAnswer]:
        query = select(CuratedRow).order_by(CuratedRow.created_at, CuratedRow.id)
        if status:
            query = query.where(CuratedRow.status == status)
        with self.db.session() as session:
            return [_from_row(r) for r in session.scalars(query)]

    def set_status(
        self, faq_id: str, status: CuratedStatus, reviewer: str = "", note: str = ""
    ) -> CuratedAnswer:
        answer = self.get(faq_id)
        changes: dict[str, Any] = {"status": status, "review_note": note}
        if reviewer:
            changes["reviewer"] = reviewer
        if status == "approved":
            changes["approved_at"] = _now()
        return self.save(answer.model_copy(update=changes))

    def record_hit(self, faq_id: str) -> None:
        """Count one serving; done in SQL so concurrent processes lose no hit."""
        with self.db.session() as session:
            session.execute(
                update(CuratedRow).where(CuratedRow.id == faq_id).values(hit_count=CuratedRow.hit_count + 1)
            )

    def revision(self) -> tuple[int, str]:
        """Changes whenever any answer changes: matchers rebuild when it does (other processes too)."""
        with self.db.session() as session:
            count, latest = session.execute(
                select(func.count(CuratedRow.id), func.max(CuratedRow.updated_at))
            ).one()
        return int(count), str(latest)

    def recheck_notices(self) -> list[str]:
        """Send approved answers whose notice changed or was superseded back to review; their ids."""
        superseded = superseded_notices()
        sent: list[str] = []
        with self.db.session() as session:
            for row in session.scalars(select(CuratedRow).where(CuratedRow.status == "approved")):
                note = ""
                if row.notice in superseded:
                    note = "所引用的通知已被新一期通知取代，请重新审核。"
                elif row.notice and row.notice_fingerprint != notice_fingerprint(row.notice):
                    note = "所引用的通知内容已变化，请重新审核。"
                if note:
                    row.status, row.review_note, row.updated_at = "draft", note, _now()
                    sent.append(row.id)
        return sent

    # -- import / export -------------------------------------------------------------------

    def import_file(self, path: Path, author: str = "import", data: bytes | None = None) -> ImportResult:
        """Approved answers from a .csv/.xlsx/.jsonl file; a bad row is reported and skipped.
        A row whose question already exists (same notice) updates that answer."""
        rows = read_rows(path, data)
        existing = {(a.question, a.notice): a for a in self.all()}
        imported, errors = 0, []
        for number, raw in enumerate(rows, start=1):
            try:
                answer = parse_row(raw, author)
            except (ValueError, ValidationError, AssistantError) as exc:
                errors.append(ImportError_(row=number, message=_message(exc)))
                continue
            known = existing.get((answer.question, answer.notice))
            if known is not None:
                answer = answer.model_copy(update={"id": known.id, "hit_count": known.hit_count})
            existing[(answer.question, answer.notice)] = self.save(answer)
            imported += 1
        return ImportResult(imported=imported, errors=errors)

    def export_file(self, path: Path, status: CuratedStatus | None = "approved") -> ExportResult:
        answers = self.all(status)
        write_rows(path, COLUMNS, [a.to_row() for a in answers])
        return ExportResult(exported=len(answers), file=str(path))

    def export_eval(self, path: Path) -> ExportResult:
        """The approved answers as an evaluation qa.jsonl: every wording a question, the answer's
        dates and figures as `must_include`, its quotes as `gold_sources`."""
        rows = [eval_row(a, text, n) for a in self.all("approved") for n, text in enumerate(a.texts)]
        columns = ("id", "question", "type", "notice", "must_include", "gold_sources", "answerable")
        write_rows(path.with_suffix(".jsonl"), columns, rows)
        return ExportResult(exported=len(rows), file=str(path.with_suffix(".jsonl")))


def eval_row(answer: CuratedAnswer, question: str, number: int) -> Row:
    figures = list(dict.fromkeys(FIGURE.findall(answer.answer)))
    return {
        "id": f"{answer.id}-{number}",
        "question": question,
        "type": "curated",
        "notice": answer.notice,
        "must_include": [[f] for f in figures],
        "gold_sources": [{"doc": c.doc, "quote": c.quote} for c in answer.citations],
        "answerable": True,
    }


def _message(exc: Exception) -> str:
    if isinstance(exc, ValidationError):
        first = exc.errors()[0]
        return f"{'.'.join(str(p) for p in first['loc'])}：{first['msg']}"
    return exc.message if isinstance(exc, AssistantError) else str(exc)


def _split_variants(value: Any) -> list[str]:
    parts: Iterable[Any] = value if isinstance(value, list) else str(value or "").split(VARIANT_SEPARATOR)
    return [str(v).strip() for v in parts if str(v).strip()]


def _citations(value: Any) -> list[Citation]:
    if isinstance(value, str):
        value = json.loads(value) if value.strip() else []
    if not isinstance(value, list):
        raise ValueError("sources 必须是 Citation 的 JSON 列表")
    return [Citation.model_validate(c) for c in value]


def parse_row(raw: Row, author: str) -> CuratedAnswer:
    """One import row as an approved answer; every quote must occur in its document."""
    if "__error__" in raw:
        raise ValueError(raw["__error__"])
    missing = [c for c in ("question", "answer") if not str(raw.get(c) or "").strip()]
    if missing:
        raise ValueError(f"缺少 {'、'.join(missing)}")
    notice = str(raw.get("notice") or "").strip() or None
    if notice:
        from assistant.knowledge.documents import document

        document(notice)
    try:
        citations = _citations(raw.get("sources"))
    except json.JSONDecodeError as exc:
        raise ValueError(f"sources 不是合法的 JSON：{exc.msg}") from None
    citations = check_quotes(citations)
    return CuratedAnswer(
        question=str(raw["question"]).strip(),
        variants=_split_variants(raw.get("variants")),
        answer=str(raw["answer"]).strip(),
        citations=citations,
        notice=notice,
        status="approved",
        author=author,
        reviewer=author,
    )


def check_quotes(citations: Sequence[Citation]) -> list[Citation]:
    """Accept a citation only when its quote occurs in the document; the quote comes back as the
    verbatim span of the normalised text (an import may quote the original, e.g. with `,` for `，`)."""
    checked = []
    for cite in citations:
        span = verbatim_span(cite.doc, cite.quote)
        if span is None:
            raise ValueError(f"引文不在文件 {cite.doc} 中：{cite.quote[:30]}")
        checked.append(cite.model_copy(update={"quote": span}))
    return checked


def verbatim_span(doc_id: str, quote: str) -> str | None:
    """The span of the normalised document that `quote` matches once both are folded
    (punctuation, width, whitespace and script differences aside), or None."""
    from assistant.knowledge.citations import fold
    from assistant.knowledge.documents import normalized_text

    text = normalized_text(doc_id)
    if quote in text:
        return quote
    folded, positions = _folded_with_positions(text)
    target = fold(quote)
    start = folded.find(target) if target else -1
    if start < 0:
        return None
    return text[positions[start] : positions[start + len(target) - 1] + 1]


@lru_cache(maxsize=16)
def _folded_with_positions(text: str) -> tuple[str, list[int]]:
    from assistant.knowledge.citations import fold

    chars: list[str] = []
    positions: list[int] = []
    for index, char in enumerate(text):
        for folded_char in fold(char):
            chars.append(folded_char)
            positions.append(index)
    return "".join(chars), positions
