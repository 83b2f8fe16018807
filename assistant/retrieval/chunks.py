"""Retrieval units that follow the clause tree: a chunk is a clause, or a part of a long clause
cut at sentence ends under a token budget (tiktoken cl100k, offline encoding).

Consecutive parts share one sentence, so a quote that runs across a cut is whole in one of them;
`start`/`end` locate a part in its clause, so overlapping hits can be merged back.
"""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from assistant.knowledge.clauses import Clause, clauses_of
from assistant.knowledge.documents import registry
from assistant.knowledge.vocabulary import notice_years
from assistant.text.tokens import count_tokens

SENTENCE_END = re.compile(r"(?<=[。；！？\n])")
CHUNKER_VERSION = "1"
"""Part of the index fingerprint: bump when the chunking rules change."""


class Chunk(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    doc: str
    section: str
    title: str
    heading_path: str
    notice_name: str
    year: int | None
    text: str
    indexed_text: str
    """What BM25 and the embedding see: the notice's name and year, the heading path, the text."""
    part: int = 0
    start: int = 0
    end: int = 0
    """Character span of `text` inside its clause's text."""


def _cut(text: str, start: int, end: int, budget: int) -> int:
    """Where to cut an over-long sentence: the last comma that keeps the head within the budget
    (when it is past the middle), else the last character that does."""
    cut = start + max(1, (end - start) * budget // count_tokens(text[start:end]))
    while cut > start + 1 and count_tokens(text[start:cut]) > budget:
        cut -= 1
    comma = max(text.rfind("，", start, cut), text.rfind("、", start, cut))
    return comma + 1 if comma > start + (cut - start) // 2 else cut


def _units(text: str, budget: int) -> list[tuple[int, int]]:
    """Sentence spans of `text`, each cut further by characters when it alone exceeds the budget."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for piece in SENTENCE_END.split(text):
        if not piece:
            continue
        start, pos = pos, pos + len(piece)
        while count_tokens(text[start:pos]) > budget:
            cut = _cut(text, start, pos, budget)
            spans.append((start, cut))
            start = cut
        spans.append((start, pos))
    return spans


def split_text(text: str, budget: int) -> list[tuple[int, int]]:
    """Spans of `text` of at most `budget` tokens; neighbours share their boundary sentence."""
    if count_tokens(text) <= budget:
        return [(0, len(text))]
    units = _units(text, budget)
    parts: list[tuple[int, int]] = []
    first = 0
    while first < len(units):
        last = first
        while last + 1 < len(units) and count_tokens(text[units[first][0] : units[last + 1][1]]) <= budget:
            last += 1
        parts.append((units[first][0], units[last][1]))
        if last + 1 >= len(units):
            break
        overlap = units[last]
        fits = count_tokens(text[overlap[0] : overlap[1]]) * 2 <= budget
        first = last if fits and last > first else last + 1
    return parts


def _is_heading_only(clause: Clause) -> bool:
    return "\n" not in clause.text and clause.text.strip() == clause.title


def clause_chunks(clause: Clause, notice_name: str, year: int | None, budget: int) -> list[Chunk]:
    header = f"{notice_name} {year}年" if year else notice_name
    chunks = []
    for part, (raw_start, raw_end) in enumerate(split_text(clause.text, budget)):
        raw = clause.text[raw_start:raw_end]
        start = raw_start + len(raw) - len(raw.lstrip())
        end = raw_end - (len(raw) - len(raw.rstrip()))
        text = clause.text[start:end]
        chunks.append(
            Chunk(
                id=f"{clause.doc}:{clause.path}:{part}",
                doc=clause.doc,
                section=clause.path,
                title=clause.title,
                heading_path=clause.heading_path,
                notice_name=notice_name,
                year=year,
                text=text,
                indexed_text=f"{header}\n{clause.heading_path}\n{text}",
                part=part,
                start=start,
                end=end,
            )
        )
    return chunks


def build_chunks(token_budget: int) -> list[Chunk]:
    """Chunks of every registered document, in document and clause order."""
    years = notice_years()
    chunks: list[Chunk] = []
    for doc_id, info in registry().items():
        for clause in clauses_of(doc_id):
            if not _is_heading_only(clause):
                chunks += clause_chunks(clause, info.short_name, years.get(doc_id), token_budget)
    return chunks
