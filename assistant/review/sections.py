"""Finding the sections of an applicant's draft.

A draft may number its headings (`一、`, `（一）`, `1.`, `（1）`), mark them up (`## …`, `**…**`, `【…】`,
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

from assistant.review.lexicon import SUMMARY_TITLES
from assistant.text.numbering import CN_DIGITS

SectionKind = Literal["preamble", "numbered", "markdown", "bold", "label"]
MAX_TITLE = 30
MAX_INLINE_TITLE = 20
MAX_LONG_TITLE = 80
LABEL_LEVEL = 100  # a `标签：正文` line never contains other sections
BOLD_LEVEL = 9
NUMBER_LEVELS: list[tuple[int, re.Pattern[str]]] = [
    (10, re.compile(rf"^(第{CN_DIGITS}(?:部分|章|节)|{CN_DIGITS}[、.．])\s*(.*)$")),
    (20, re.compile(rf"^([（(]{CN_DIGITS}[）)])\s*(.*)$")),
    (30, re.compile(r"^(\d{1,2}(?:[、．]|\.(?!\d)))\s*(.*)$")),
    (40, re.compile(r"^([（(]\d{1,2}[）)]|[①②③④⑤⑥⑦⑧⑨⑩])\s*(.*)$")),
]
MARKDOWN = re.compile(r"^(#{1,6})\s+(.*)$")
BOLD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[：:]?\s*(.*)$")
BRACKET = re.compile(r"^【(.+?)】\s*[：:]?\s*(.*)$")  # 【案例简介】 marks a heading as bold does
BULLET = re.compile(r"^[◆◇■□●○▶►▷★☆▲△※•]\s*(.+)$")  # "◆项目概况" in a WeChat-style draft
BULLET_LEVEL = 50  # under any numbered heading: in a numbered draft bullets are items of a section
LABEL = re.compile(r"^([^，,。；;：:\s|]{2,16})[：:]\s*(.*)$")
LONG_LABEL = re.compile(r"^([^。；;：:\s|]{17,60})[：:]\s*(.*)$")  # a notice's long element name as a lead-in
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


def parse_sections(
    text: str,
    is_label: Callable[[str], bool] = lambda _: False,
    is_title: Callable[[str], bool] = lambda _: False,
) -> list[Section]:
    """The draft's sections in order.

    `is_label` says which `X：…` prefixes are headings, `is_title` which unmarked lines are (a
    draft pasted from Word loses its automatic numbering and heading styles: `基本情况` alone on
    a line).
    """
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
        found = _heading(line, is_label, is_title) if line else None
        if found is None:
            body.append(line)
            raw.append(raw_line)
            continue
        close()
        kind, level, marker, title, inline = found
        if kind == "label" and inline and _heading(inline, is_label, is_title):
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


def _heading(
    line: str, is_label: Callable[[str], bool], is_title: Callable[[str], bool]
) -> tuple[SectionKind, int, str, str, str] | None:
    """(kind, level, marker, title, inline body) when `line` opens a section."""
    md = MARKDOWN.match(line)
    if md:
        content = md.group(2).strip().strip("*_").strip()
        numbered = _numbered(content, strict=False)
        if numbered:
            return ("markdown", *numbered)
        return "markdown", 2 + 2 * len(md.group(1)), "", content, ""
    bold = BOLD.match(line) or BRACKET.match(line)
    if bold and len(bold.group(1)) <= MAX_TITLE:
        inner, rest = bold.group(1).strip(), bold.group(2).strip()
        numbered = _numbered(inner, strict=False)
        if numbered:
            return "bold", numbered[0], numbered[1], numbered[2], rest
        return "bold", BOLD_LEVEL, "", inner.rstrip("：:"), rest
    numbered = _numbered(line, strict=True)
    if numbered:
        return ("numbered", *numbered)
    bullet = BULLET.match(line)
    if bullet:
        return _bulleted(bullet.group(1).strip())
    label = LABEL.match(line) or LONG_LABEL.match(line) or TABLE_ROW.match(line)
    if label and is_label(label.group(1)):
        return "label", LABEL_LEVEL, "", label.group(1), label.group(2).strip()
    if len(line) <= MAX_LONG_TITLE and not SENTENCE_END.search(line) and is_title(line):
        return "label", LABEL_LEVEL, "", line, ""
    return None


def _bulleted(rest: str) -> tuple[SectionKind, int, str, str, str] | None:
    """A bullet line that reads like a heading (a short title, or a title and `：` and text)."""
    if len(rest) <= MAX_TITLE and not SENTENCE_END.search(rest):
        return "bold", BULLET_LEVEL, "", rest.rstrip("：:"), ""
    cut = INLINE_TITLE_END.search(rest)
    if cut and 0 < cut.start() <= MAX_INLINE_TITLE and rest[cut.end() :].strip():
        return "bold", BULLET_LEVEL, "", rest[: cut.start()], rest[cut.end() :].strip()
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


def end_open_summary(sections: list[Section]) -> list[Section]:
    """The sections, with a summary that no heading closes cut after its first paragraph.

    A summary runs up to the next heading. When none follows (`摘要：…` and then the material in
    running text), the paragraphs after the summary's first are the material, not the summary:
    they become an untitled section (kind `preamble`, level 0).
    """
    if not sections or not sections[-1].is_summary:
        return sections
    last = sections[-1]
    paragraphs = [line for line in last.body.splitlines() if line.strip()]
    if len(paragraphs) < 2:
        return sections
    raw = last.raw.splitlines()
    cut = next(i for i, line in enumerate(raw) if line.strip().endswith(paragraphs[0].strip())) + 1
    summary = last.model_copy(update={"body": paragraphs[0].strip(), "raw": "\n".join(raw[:cut])})
    material = Section(
        index=last.index + 1,
        kind="preamble",
        level=0,
        marker="",
        title="",
        heading="",
        body="\n".join(line.strip() for line in raw[cut:]).strip(),
        raw="\n".join(raw[cut:]),
    )
    return [*sections[:-1], summary, material]


def extent(sections: list[Section], start: int, stop: Callable[[Section], bool]) -> list[Section]:
    """Section `start` and the sections under it, up to a `stop` section.

    Under it are the deeper sections that follow; a heading with no text of its own (`二、主要做法`
    followed by `1.…`, `2.…` numbered like itself, or a `主要做法：` label line followed by
    numbered points) also takes the sections that follow at any level, since they are its points.
    """
    head = sections[start]
    found = [head]
    for section in sections[start + 1 :]:
        if stop(section) or (section.level <= head.level and head.body):
            break
        found.append(section)
    return found
