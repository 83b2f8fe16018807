"""The clause tree of a normalised document: every paragraph gets a section path such as `四、（二）`.

Numbering decides the level, not layout: `一、` opens a top-level clause, `（一）` the next level,
`1.`/`1、` the next, `（1）` the last; a markdown heading (`#`, in a notice added later) opens a
clause at its own depth when it carries no numbering. Text before the first numbered heading is
the preamble (`前言`); the closing formula (`特此通知。`/`专此通知。`) and what follows it form
`文末` (contacts, attachments, signature).
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from assistant.knowledge.documents import normalized_text
from assistant.text.numbering import LEVEL_MARKERS

PREAMBLE = "前言"
CLOSING = "文末"
CLOSING_FORMULA = re.compile(r"^(?:特此通知|专此通知)。?$")
MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (level, re.compile(rf"^({marker})\s*(.*)$")) for level, marker in enumerate(LEVEL_MARKERS, start=1)
]
MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
TITLE_END = re.compile(r"[。：:；]")
MAX_TITLE = 30


class Clause(BaseModel):
    """One clause: its own paragraphs, not those of its sub-clauses."""

    model_config = ConfigDict(frozen=True)

    doc: str
    path: str
    level: int
    title: str
    text: str
    parents: tuple[str, ...] = ()
    """Titles of the enclosing clauses, outermost first."""

    @property
    def heading_path(self) -> str:
        """The titles from the top down, e.g. `四、征集推选安排 > （一）征集时间`."""
        return " > ".join((*self.parents, self.title))


def _heading(line: str) -> tuple[int, str, str] | None:
    """(level, marker, rest of the line) when the line opens a numbered clause."""
    for level, pattern in MARKERS:
        match = pattern.match(line)
        if match:
            return level, match.group(1), match.group(2)
    return None


def _title(marker: str, rest: str) -> str:
    """A clause title: the heading text up to its first full stop, or the short heading line."""
    cut = TITLE_END.search(rest)
    head = rest[: cut.start()] if cut else rest
    if len(head) > MAX_TITLE:
        head = head[:MAX_TITLE] + "…"
    return marker + head


def parse_clauses(doc_id: str, text: str) -> list[Clause]:
    """Split a normalised text into clauses in document order."""
    clauses: list[Clause] = []
    stack: list[tuple[int, str, str]] = []  # (level, marker, title) of the open clauses
    current: dict[str, object] = {"path": PREAMBLE, "level": 0, "title": PREAMBLE, "parents": ()}
    body: list[str] = []
    closed = False

    def flush() -> None:
        if body:
            clauses.append(Clause(doc=doc_id, text="\n".join(body), **current))
            body.clear()

    for line in (p for p in text.split("\n") if p.strip()):
        if not closed and CLOSING_FORMULA.match(line):
            flush()
            closed = True
            current = {"path": CLOSING, "level": 1, "title": CLOSING, "parents": ()}
            body.append(line)
            continue
        heading = None if closed else _heading(line)
        if heading is None and not closed:
            md = MARKDOWN_HEADING.match(line)
            if md:
                heading = (len(md.group(1)), "", md.group(2))
        if heading is None:
            body.append(line)
            continue
        flush()
        level, marker, rest = heading
        while stack and stack[-1][0] >= level:
            stack.pop()
        title = _title(marker, rest)
        stack.append((level, marker, title))
        current = {
            "path": "".join(m for _, m, _ in stack) or title,
            "level": level,
            "title": title,
            "parents": tuple(t for _, _, t in stack[:-1]),
        }
        body.append(line)
    flush()
    return clauses


@cache
def clauses_of(doc_id: str) -> list[Clause]:
    return parse_clauses(doc_id, normalized_text(doc_id))


def clause_at(doc_id: str, path: str) -> Clause | None:
    return next((c for c in clauses_of(doc_id) if c.path == path), None)


def section_of(doc_id: str, quote: str) -> str | None:
    """The path of the first clause whose text contains `quote` verbatim."""
    return next((c.path for c in clauses_of(doc_id) if quote in c.text), None)
