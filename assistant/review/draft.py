"""Drafting the material from an applicant's facts, in the notice's element order for a category.

Facts come as free text or as a form (`{element or label: text}`). `placement` splits them into
statements and places each under the element it serves (by heading, input label, cue, or meaning).
Every element is then written from its own statements, verbatim and in order, after a lead-in
from the notice-register templates of `knowledge/review.yaml`; an element without facts gets a
【待补充：…】 placeholder saying what to write, a results section without a single figure gets one
asking for the data, and every thin element gets the questions the applicant must answer
(`questions`). Nothing is invented: the drafter adds headings, lead-ins and placeholders, never a
figure, a name or a date.

With an LLM layer, each written section may be reworded (`llm.rewrite_section`); the rewording
is kept only when every number in it occurs in the facts. The draft is trimmed to the notice's
limits and critiqued; its `defects` are that critique (placeholders show as missing elements).
A 2023 draft opens with the 案例简介 the application form asks for, kept within its limit.
"""

from __future__ import annotations

import re
from typing import Protocol

from assistant.contract import DraftResult, DraftSection, ElementQuestions
from assistant.errors import AssistantError
from assistant.knowledge.rules import Element
from assistant.review.critique import Classifier, critique
from assistant.review.elements import element_concepts
from assistant.review.ledger import NoticeLedger, count_chars, ledger_for
from assistant.review.lexicon import GUIDANCE, Concept
from assistant.review.meaning import Embedder
from assistant.review.placement import Placement, element_by_concept, place, statements
from assistant.review.wording import CHINESE_QUANTITY, figures, subjective_hits
from assistant.review.wordlists import wordlists
from assistant.text.chinese import chinese_numeral


class SectionRewriter(Protocol):
    """What drafting needs of an LLM (`assistant.llm.layer.LLMLayer` is one): a section reworded."""

    def rewrite_section(self, element: str, facts_text: str, draft_text: str) -> str | None: ...


SUMMARY = "案例简介"
SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;]?")
ENUMERATED = re.compile(r"^(一是|首先|第一|其一)")
MAX_ENUMERATED = 9
THIN_FACTS = 30
"""An element given fewer 字 of facts than this is thin: the applicant is asked about it."""
DIGITS = re.compile(r"\d+(?:\.\d+)?")
DATA_PLACEHOLDER = "【待补充：成效数据，如用户规模、收入、增长率、满意度，以及实施前后或同比的对比】"
SUMMARY_CONCEPTS: tuple[Concept, ...] = ("overview", "practice", "result")


def draft(
    facts: str | dict[str, str],
    notice: str,
    category: str,
    llm: SectionRewriter | None = None,
    classifier: Classifier | None = None,
    embedder: Embedder | None = None,
) -> DraftResult:
    """The material for `notice`/`category` written from `facts` (see the module docstring)."""
    ledger = ledger_for(notice)
    chosen = ledger.resolve_category(category)
    if not ledger.structured:
        raise AssistantError(
            f"{ledger.note}无法按要素起草；可先按案例的做法、成效和经验自行组织材料，再用“材料检查”核对。",
            code="no_structure",
        )
    elements = ledger.elements_for(chosen)
    plan = _plan(facts, elements, embedder)
    facts_text = facts if isinstance(facts, str) else "\n".join(facts.values())
    sections = (
        [DraftSection(element=SUMMARY, text=_summary(ledger, plan, elements))] if ledger.summary_limit else []
    )
    for i, element in enumerate(elements):
        sections.append(DraftSection(element=element.name, text=_write(element, plan.by_element.get(i, []))))
    if llm is not None:
        sections = [_reworded(llm, s, facts_text) for s in sections]
    sections = _within_limit(ledger, sections)
    text = render(sections)
    result = critique(text, notice, chosen, classifier=classifier, embedder=embedder)
    if any(d.code == "subjective_language" for d in result.defects):
        sections = [s.model_copy(update={"text": _plain(s.text)}) for s in sections]
        text = render(sections)
        result = critique(text, notice, chosen, classifier=classifier, embedder=embedder)
    return DraftResult(
        text=text, sections=sections, defects=result.defects, questions=questions(elements, plan)
    )


def render(sections: list[DraftSection]) -> str:
    """The draft as text: the summary as a labelled line, each element under a numbered heading."""
    lines: list[str] = []
    for title, text in numbered(sections):
        lines += [f"{title}：{text}"] if title == SUMMARY else [title, text]
    return "\n".join(lines)


def numbered(sections: list[DraftSection]) -> list[tuple[str, str]]:
    """(heading, text) per section: the summary keeps its name, the elements are numbered 一、二、…"""
    found: list[tuple[str, str]] = []
    number = 0
    for section in sections:
        if section.element == SUMMARY:
            found.append((SUMMARY, section.text))
        else:
            number += 1
            found.append((f"{chinese_numeral(number)}、{heading(section.element)}", section.text))
    return found


def heading(element: str) -> str:
    """An element's name as a heading: the notice's wording without its parenthetical notes."""
    return re.sub(r"（[^）]*）", "", element)


def _plan(facts: str | dict[str, str], elements: list[Element], embedder: Embedder | None) -> Placement:
    found, summary = statements(facts, elements)
    return place(found, summary, elements, embedder)


def _sentences(text: str) -> list[str]:
    return [m.group(0).strip() for m in SENTENCE.finditer(text) if m.group(0).strip()]


def _write(element: Element, sentences: list[str]) -> str:
    """An element's section from its statements: the template's lead-in in the notice's register,
    the statements verbatim (enumerated 一是…；二是…。 where the template says so), and a
    placeholder for what is still missing."""
    named = element_concepts(element)
    if not sentences:
        guide = GUIDANCE[named[0]] if named else "按通知要求补写该部分内容"
        return f"【待补充：{guide}】"
    template = wordlists().templates.get(named[0]) if named else None
    text = _joined(sentences, template.enumerate if template else False)
    listed = template is not None and template.enumerate and 2 <= len(sentences) <= MAX_ENUMERATED
    lead = template.lead if template and (listed or not template.enumerate) else ""
    if lead and not text.startswith(lead.rstrip("，：:,")):
        text = lead + text
    if named[:1] == ["result"] and not figures(text):
        text += DATA_PLACEHOLDER
    return text


def _joined(sentences: list[str], enumerate_them: bool) -> str:
    if not enumerate_them or not 2 <= len(sentences) <= MAX_ENUMERATED or ENUMERATED.match(sentences[0]):
        return "".join(sentences)
    last = len(sentences) - 1
    return "".join(
        f"{chinese_numeral(n + 1)}是{re.sub(r'[。！？!?；;]$', '', s)}{'。' if n == last else '；'}"
        for n, s in enumerate(sentences)
    )


def questions(elements: list[Element], plan: Placement) -> list[ElementQuestions]:
    """For each element the facts leave empty or thin, what the applicant must answer."""
    asked: list[ElementQuestions] = []
    for i, element in enumerate(elements):
        named = element_concepts(element)
        own = "".join(plan.by_element.get(i, []))
        thin = count_chars(own) < THIN_FACTS or (named[:1] == ["result"] and not figures(own))
        if named and thin:
            wanted = [q for c in named for q in wordlists().questions.get(c, [])]
            asked.append(ElementQuestions(element=element.name, questions=list(dict.fromkeys(wanted))))
    return asked


def _summary(ledger: NoticeLedger, plan: Placement, elements: list[Element]) -> str:
    """The 案例简介: the applicant's own, else the opening facts of overview, practice and results."""
    limit = ledger.summary_limit.max_chars if ledger.summary_limit else 0
    by_concept = element_by_concept(elements)
    summary_from = {by_concept[c] for c in SUMMARY_CONCEPTS if c in by_concept}
    chosen = plan.summary or [
        s for i in sorted(plan.by_element) if i in summary_from for s in plan.by_element[i][:1]
    ]
    if not chosen:
        return "【待补充：案例简介，概述案例做什么、怎么做和关键成效数据】"
    return _fit(chosen, limit)


def _fit(sentences: list[str], limit: int) -> str:
    """Whole sentences, in order, as many as fit in `limit` 字 (at least the first, cut if it must)."""
    kept: list[str] = []
    for sentence in sentences:
        if count_chars("".join([*kept, sentence])) > limit:
            break
        kept.append(sentence)
    if not kept:
        clauses = re.findall(r"[^，,]+[，,]?", sentences[0])
        while clauses and count_chars("".join(clauses)) > limit - 1:
            clauses.pop()
        kept = ["".join(clauses).rstrip("，,") + "。"]
    return "".join(kept)


def _within_limit(ledger: NoticeLedger, sections: list[DraftSection]) -> list[DraftSection]:
    """Drop the last sentences of the longest sections until the material fits its limit.

    Each section is split into sentences once and the count kept up to date sentence by sentence
    (re-rendering and re-counting everything per dropped sentence made 60,000 characters of facts
    cost 4-8 s); the exact count of the result is checked at the end and the loop goes on if the
    running count was off."""
    if ledger.detail_limit is None:
        return sections
    limit = ledger.detail_limit.max_chars
    body = [s for s in sections if s.element != SUMMARY]
    split: dict[int, list[str]] = {}
    sizes = [count_chars(s.text) for s in body]
    excess = count_chars(render(body)) - limit

    def shortened() -> list[DraftSection]:
        return [
            s.model_copy(update={"text": "".join(split[i])}) if i in split else s for i, s in enumerate(body)
        ]

    while excess > 0:
        longest = max(range(len(body)), key=lambda i: sizes[i])
        sentences = split.get(longest) or _sentences(body[longest].text)
        if len(sentences) <= 1:
            break
        if longest not in split:
            split[longest] = sentences
            resized = sum(count_chars(sentence) for sentence in sentences)
            excess -= sizes[longest] - resized
            sizes[longest] = resized
        dropped = count_chars(sentences.pop())
        sizes[longest] -= dropped
        excess -= dropped
        if excess <= 0:  # the running count says it fits: check the rendered text exactly
            excess = count_chars(render(shortened())) - limit
    body = shortened()
    head = [s for s in sections if s.element == SUMMARY]
    return head + body


def _reworded(llm: SectionRewriter, section: DraftSection, facts: str) -> DraftSection:
    """The LLM's wording of a section, when it adds no number and drops no placeholder."""
    if "【待补充" in section.text and section.text.startswith("【"):
        return section
    new = llm.rewrite_section(section.element, facts, section.text)
    if not new or not new.strip() or not _numbers_from(new, facts):
        return section
    if section.text.count("【待补充") != new.count("【待补充"):
        return section
    return section.model_copy(update={"text": new.strip()})


def _numbers_from(text: str, facts: str) -> bool:
    """Whether every number and Chinese quantity in `text` occurs in `facts`."""
    known = {_plain_number(n) for n in DIGITS.findall(facts.replace(",", "").replace("，", ""))}
    numbers = {_plain_number(n) for n in DIGITS.findall(text.replace(",", "").replace("，", ""))}
    quantities = set(CHINESE_QUANTITY.findall(text))
    return numbers <= known and all(q in facts for q in quantities)


def _plain_number(number: str) -> str:
    return number.rstrip("0").rstrip(".") if "." in number else number


def _plain(text: str) -> str:
    """The text without clauses of unsupported praise (the notices ask for no 感性描述)."""
    clauses = re.findall(r"[^，,。；;！!？?]+[，,。；;！!？?]?", text)
    kept = [c for c in clauses if not any(h.weight >= 1.0 and not h.supported for h in subjective_hits(c))]
    cleaned = "".join(kept).replace("，。", "。")
    return cleaned if cleaned.strip() else text
