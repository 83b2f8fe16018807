"""Finding the sections of an applicant's draft.

A draft may number its headings (`一、`, `（一）`, `1.`, `（1）`), mark them up (`## …`, `**…**`,
Word heading styles read as `#`), write a label and go on in the same line (`案例简介：…`, or the form's row `案例简介 | …`), or
have no headings at all. `parse_sections` returns the draft as a flat list of sections in order;
text before the first heading is the preamble. Levels only say which sections nest in which: a
section's *extent* (`extent`) is itself and the deeper sections that follow it.

A numbered line is a heading only when it reads like one: a short title (at most `MAX_TITLE`
characters) that does not end like a sentence, a longer one without any full stop (a notice's
long element name copied as a heading), or a short title followed by `：`/`。` and text
(`一、基本情况：项目于…`). A numbered sentence (`1.引入AI推荐和多视角切换。`) is body text.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal

from pydantic import BaseModel

from assistant.lexicon import SUMMARY_TITLES

SectionKind = Literal["preamble", "numbered", "markdown", "bold", "label"]
MAX_TITLE = 30
MAX_INLINE_TITLE = 20
MAX_LONG_TITLE = 80
LABEL_LEVEL = 100  # a `标签：正文` line never contains other sections
BOLD_LEVEL = 9
NUMBER_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (10, re.compile(r"^(第[一二三四五六七八九十]+(?:部分|章|节)|[一二三四五六七八九十]+[、.．])\s*(.*)$")),
    (20, re.compile(r"^([（(][一二三四五六七八九十]+[）)])\s*(.*)$")),
    (30, re.compile(r"^(\d{1,2}(?:[、．]|\.(?!\d)))\s*(.*)$")),
    (40, re.compile(r"^([（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*(.*)$")),
]
MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
BOLD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[：:]?\s*(.*)$")
LABEL = re.compile(r"^([^，,。；;：:\s|]{2,16})[：:]\s*(.*)$")
TABLE_ROW = re.compile(r"^([^，,。；;：:|]{2,24}?)\s*\|\s*(.*)$")  # a row of the application form
INLINE_TITLE_END = re.compile(r"[：:。]")
SENTENCE_END = re.compile(r"[。；;！？!?]$")
INNER_STOP = re.compile(r"[。；;！？!?：:]")
PUNCT = re.compile(r"[\s，,。.、；;：:！!？?“”\"'‘’（）()《》【】\[\]*#_—\-…·|]")
PARENTHETICAL = re.compile(r"[（(][^）)]*[）)]")


class Section(BaseModel):
    """One heading and the text up to the next heading."""

    index: int
    kind: SectionKind
    level: int
    marker: str
    title: str
    """The heading without numbering or markup ('' for the preamble)."""
    heading: str
    """The heading line as written ('' for the preamble)."""
    body: str
    raw: str
    """The section's lines exactly as written (heading line included)."""

    @property
    def is_summary(self) -> bool:
        return bool(SUMMARY_TITLES.match(bare(self.title)))


def bare(text: str) -> str:
    """A title reduced for comparison: no parentheticals, punctuation, whitespace or markup."""
    return PUNCT.sub("", PARENTHETICAL.sub("", text))


def parse_sections(text: str, is_label: Callable[[str], bool] = lambda _: False) -> list[Section]:
    """The draft's sections in order; `is_label` says which `X：…` prefixes are headings."""
    sections: list[Section] = []
    kind: SectionKind = "preamble"
    level, marker, title, heading = 0, "", "", ""
    body: list[str] = []
    raw: list[str] = []

    def close() -> None:
        if kind != "preamble" or any(line.strip() for line in body):
            sections.append(
                Section(
                    index=len(sections),
                    kind=kind,
                    level=level,
                    marker=marker,
                    title=title,
                    heading=heading,
                    body="\n".join(body).strip(),
                    raw="\n".join(raw),
                )
            )

    pending = text.splitlines()
    pending.reverse()
    while pending:
        raw_line = pending.pop()
        line = raw_line.strip()
        found = _heading(line, is_label) if line else None
        if found is None:
            body.append(line)
            raw.append(raw_line)
            continue
        close()
        kind, level, marker, title, inline = found
        if kind == "label" and inline and _heading(inline, is_label):
            pending.append(inline)  # a form row whose cell opens the material: `申报材料 | 一、基本情况`
            heading, body, raw = (
                line[: len(line) - len(inline)].rstrip(),
                [],
                [raw_line[: len(raw_line) - len(inline)]],
            )
            continue
        heading = line
        body = [inline] if inline else []
        raw = [raw_line]
    close()
    return sections


def _heading(line: str, is_label: Callable[[str], bool]) -> tuple[SectionKind, int, str, str, str] | None:
    """(kind, level, marker, title, inline body) when `line` opens a section."""
    md = MARKDOWN.match(line)
    if md:
        content = md.group(2).strip().strip("*_").strip()
        numbered = _numbered(content, strict=False)
        if numbered:
            return ("markdown", *numbered)
        return "markdown", 2 + 2 * len(md.group(1)), "", content, ""
    bold = BOLD.match(line)
    if bold and len(bold.group(1)) <= MAX_TITLE:
        inner, rest = bold.group(1).strip(), bold.group(2).strip()
        numbered = _numbered(inner, strict=False)
        if numbered:
            return "bold", numbered[0], numbered[1], numbered[2], rest
        return "bold", BOLD_LEVEL, "", inner.rstrip("：:"), rest
    numbered = _numbered(line, strict=True)
    if numbered:
        return ("numbered", *numbered)
    label = LABEL.match(line) or TABLE_ROW.match(line)
    if label and is_label(label.group(1)):
        return "label", LABEL_LEVEL, "", label.group(1), label.group(2).strip()
    return None


def _numbered(line: str, strict: bool) -> tuple[int, str, str, str] | None:
    """(level, marker, title, inline body) of a numbered heading; `strict` rejects sentences."""
    for level, pattern in NUMBER_LEVELS:
        match = pattern.match(line)
        if not match:
            continue
        marker, rest = match.group(1), match.group(2).strip()
        if not rest:
            return None
        if len(rest) <= MAX_TITLE and not (strict and SENTENCE_END.search(rest)):
            return level, marker, rest.rstrip("：:"), ""
        if len(rest) <= MAX_LONG_TITLE and not INNER_STOP.search(rest) and rest.count("，") <= 2:
            return level, marker, rest.rstrip("：:"), ""  # a notice's long element name as a heading
        cut = INLINE_TITLE_END.search(rest)
        if cut and 0 < cut.start() <= MAX_INLINE_TITLE and rest[cut.end() :].strip():
            return level, marker, rest[: cut.start()], rest[cut.end() :].strip()
        return None if strict else (level, marker, rest, "")
    return None


def extent(sections: list[Section], start: int, stop: Callable[[Section], bool]) -> list[Section]:
    """Section `start` and the deeper sections after it, up to a shallower or `stop` section."""
    head = sections[start]
    found = [head]
    for section in sections[start + 1 :]:
        if section.level <= head.level or stop(section):
            break
        found.append(section)
    return found
