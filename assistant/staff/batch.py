"""Batch answering: a list of questions (.xlsx, .csv or .txt, or pasted text) in, a table of
answers with their sources out, downloadable as .xlsx."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from assistant.contract import AskResult
from assistant.errors import AssistantError
from assistant.staff.files import read_rows, suffix_of, write_xlsx

MAX_QUESTIONS = 500
COLUMNS = ("序号", "问题", "答复", "来源", "能否回答", "审核答复编号")
QUESTION_COLUMNS = ("question", "问题")


class BatchRow(BaseModel):
    number: int
    question: str
    answer: str
    sources: str
    answerable: bool
    faq_id: str | None = None

    def cells(self) -> list[str | int]:
        return [
            self.number,
            self.question,
            self.answer,
            self.sources,
            "是" if self.answerable else "否",
            self.faq_id or "",
        ]


def questions_from_text(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def questions_from_file(path: Path) -> list[str]:
    """One question a line (.txt), or the `question`/`问题` column (else the first) of a table."""
    suffix = suffix_of(path, (".txt", ".csv", ".xlsx"))
    if suffix == ".txt":
        return questions_from_text(path.read_text(encoding="utf-8-sig"))
    rows = read_rows(path)
    if not rows:
        return []
    column = next((c for c in QUESTION_COLUMNS if c in rows[0]), next(iter(rows[0])))
    return [str(r.get(column) or "").strip() for r in rows if str(r.get(column) or "").strip()]


def answer_all(questions: list[str], ask: Callable[[str], AskResult]) -> list[BatchRow]:
    if len(questions) > MAX_QUESTIONS:
        raise AssistantError(f"一次最多 {MAX_QUESTIONS} 个问题（收到 {len(questions)} 个）", code="too_many")
    rows = []
    for number, question in enumerate(questions, start=1):
        try:
            result = ask(question)
        except AssistantError as exc:
            rows.append(
                BatchRow(number=number, question=question, answer=exc.message, sources="", answerable=False)
            )
            continue
        sources = "\n".join(
            f"[{i}] {c.doc} {c.section}：{c.quote}" for i, c in enumerate(result.citations, 1)
        )
        rows.append(
            BatchRow(
                number=number,
                question=question,
                answer=result.answer,
                sources=sources,
                answerable=result.answerable,
                faq_id=result.faq_id,
            )
        )
    return rows


def write_answers(rows: list[BatchRow], path: Path) -> Path:
    return write_xlsx(path, COLUMNS, [r.cells() for r in rows])
