"""What every extractor shares: the notice's text cut into sentences, each findable in its clause,
and `Found`, one extracted value with its verbatim quote and a confidence."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Any

import cn2an
from pydantic import BaseModel, ConfigDict, Field

from assistant.contract import Citation
from assistant.knowledge.clauses import PREAMBLE, Clause, parse_clauses

SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
CN_DIGITS = "〇零一二三四五六七八九十两"
CN_DATE = re.compile(rf"([{CN_DIGITS}]{{4}})年([{CN_DIGITS}]{{1,3}})月([{CN_DIGITS}]{{1,3}})日")
DATE = re.compile(
    r"(?:(20\d{2})\s*年\s*)?(\d{1,2})\s*月\s*(\d{1,2})\s*日|(20\d{2})[-/.](\d{1,2})[-/.](\d{1,2})"
)
YEAR = re.compile(r"(20\d{2})\s*年")
YEAR_DIGITS = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0}


class Found(BaseModel):
    """One extracted value: `quote` is verbatim in the normalised text."""

    model_config = ConfigDict(extra="forbid")

    field: str
    value: Any
    quote: str
    confidence: float
    checks: list[str] = Field(default_factory=list)

    def lowered(self, why: str, factor: float = 0.5) -> Found:
        return self.model_copy(
            update={"confidence": round(self.confidence * factor, 3), "checks": [*self.checks, why]}
        )


@dataclass(frozen=True)
class Sentence:
    text: str
    section: str
    heading: str
    """The clause's heading path (`五、征集和推选安排 > （一）征集时间`)."""


@dataclass
class NoticeText:
    """A normalised notice, its clauses and sentences; `issued` once known (relative dates)."""

    doc_id: str
    text: str
    issued: date | None = None
    lines: list[str] = field(init=False)

    def __post_init__(self) -> None:
        self.lines = [line.strip() for line in self.text.split("\n") if line.strip()]

    @cached_property
    def clauses(self) -> list[Clause]:
        return parse_clauses(self.doc_id, self.text)

    @cached_property
    def sentences(self) -> list[Sentence]:
        found = []
        for clause in self.clauses:
            for match in SENTENCE.finditer(clause.text):
                piece = match.group(0).strip()
                if piece:
                    found.append(Sentence(piece, clause.path, clause.heading_path))
        return found

    def section_of(self, quote: str) -> str:
        return next((c.path for c in self.clauses if quote in c.text), PREAMBLE)

    def cite(self, quote: str) -> Citation:
        return Citation(doc=self.doc_id, section=self.section_of(quote), quote=quote)

    def parse_dates(self, text: str) -> list[tuple[date, str]]:
        """Every date in `text` with the words that state it; a date without a year takes the
        issue date's year (the next year when that would put it before the issue date)."""
        found: list[tuple[date, str]] = []
        for match in CN_DATE.finditer(text):
            year, month, day = (
                int(cn2an.cn2an(_cn_year(g) if i == 0 else g, "smart")) for i, g in enumerate(match.groups())
            )
            found.append((_safe_date(year, month, day), match.group(0)))
        for match in DATE.finditer(text):
            if match.group(4):
                year, month, day = int(match.group(4)), int(match.group(5)), int(match.group(6))
            else:
                month, day = int(match.group(2)), int(match.group(3))
                year = (
                    int(match.group(1)) if match.group(1) else self._implied_year(text, match.start(), month)
                )
                if year == 0:
                    continue
            made = _safe_date(year, month, day)
            if made != date.min:
                found.append((made, match.group(0)))
        return [(d, words) for d, words in found if d != date.min]

    def _implied_year(self, text: str, at: int, month: int) -> int:
        before = YEAR.findall(text[:at])
        if before:
            return int(before[-1])
        if self.issued is None:
            return 0
        return self.issued.year + (1 if month < self.issued.month - 1 else 0)


def _cn_year(digits: str) -> str:
    """`二〇二四` digit by digit: cn2an would read it as one number, not as 2024."""
    return "".join(str(YEAR_DIGITS.get(ch, ch)) for ch in digits)


def _safe_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        return date.min


def first(items: list[Found]) -> Found | None:
    return items[0] if items else None
