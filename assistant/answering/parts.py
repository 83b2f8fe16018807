"""Questions that ask two things at once ("扶贫行动一共从几个方面推进？其中消费扶贫推广哪些模式？").

The composer reads a question as a whole: its topics and notices. A second part about something
the first part's topic does not cover (the detail of one listed item, another notice's submission
route) is then left out. Each part that asks something is checked against the answer, and a part
the answer does not speak to is answered on its own and appended, with its citations.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.answering.grounding import QueryWords, content_words, coverage
from assistant.contract import AskResult
from assistant.knowledge.wordlists import vocabulary

MIN_PART = 3
"""Characters of the shortest part that asks on its own ("是吗" confirms the part before it)."""
PART_COVERED = 0.6
"""Share of a part's own content words (weighted; those no other part has) the answer has to
contain to speak to it."""
MARKER = re.compile(r"\[(\d+)\]")


def asked_parts(text: str) -> tuple[str, ...]:
    """The parts of a question that ask something (`curated_slots.clause_breaks`, `asking`): two
    for "示范案例每省能报几个？入选比例多少？", one for a background sentence and a question; the
    whole text when no part has an asking cue ("示范案例 报送方式")."""
    cues = vocabulary().curated_slots
    parts = (p.strip() for p in re.split(cues.clause_breaks, text))
    asking = tuple(p for p in parts if len(p) >= MIN_PART and re.search(cues.asking, p))
    return asking or (text,)


def with_every_part(question: str, result: AskResult, answer_part: Callable[[str], AskResult]) -> AskResult:
    """`result` with an answer of its own for each asked part it does not speak to."""
    parts = asked_parts(question)
    if len(parts) < 2 or not result.answerable:
        return result
    for part in parts:
        others = " ".join(p for p in parts if p != part)
        words = QueryWords(tuple(w for w in content_words(part).words if not w.occurs_in(others)))
        covered = coverage(words, result.answer) if words else 1.0
        if covered >= PART_COVERED:
            continue
        extra = answer_part(part)
        if extra.answerable and coverage(words, extra.answer) > covered:
            result = merged(result, extra)
    return result


def merged(first: AskResult, second: AskResult) -> AskResult:
    """`second`'s answer after `first`'s, its citation markers renumbered (a citation both cite
    keeps its first number)."""
    citations = list(first.citations)
    numbers = {}
    for i, citation in enumerate(second.citations, start=1):
        if citation not in citations:
            citations.append(citation)
        numbers[i] = citations.index(citation) + 1
    text = MARKER.sub(lambda m: f"[{numbers.get(int(m.group(1)), int(m.group(1)))}]", second.answer)
    new_lines = [line for line in text.splitlines() if line.strip() and line not in first.answer]
    return first.model_copy(update={"answer": "\n".join([first.answer, *new_lines]), "citations": citations})
