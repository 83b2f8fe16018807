"""Where each of an applicant's facts belongs: the facts split into statements, each placed under
the element it serves.

- Splitting: headings and `标签：` lines naming an element keep their text together; the rest is cut
  into sentences, and a long sentence that strings together facts of different kinds (a platform
  built, then downloads, then awards) into its clauses.
- Input labels (`数据：`, `问题：`) are stripped; a label that names a kind of fact
  (`knowledge/review.yaml`, `labels`) places the text it heads.
- An unlabelled statement goes by its cues (`lexicon.FACT_CUES`): results and figures to the
  results, problems and fixes to the problem element, plans to the plans, what was built and how
  to the practice, who and what to the overview. A statement without any cue goes to the element
  whose description (its name and what it asks for) it is closest to in meaning, when an
  embedding model is at hand; else the opening statements to the overview and the rest to the
  practice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from pydantic import BaseModel

from assistant.knowledge.rules import Element
from assistant.review.elements import covered_by, description, element_concepts
from assistant.review.ledger import count_chars
from assistant.review.lexicon import CONCEPT_FALLBACK, FACT_CUES, SUMMARY_TITLES, Concept
from assistant.review.meaning import Embedder, similarities
from assistant.review.sections import bare, parse_sections
from assistant.review.wording import figures
from assistant.review.wordlists import label_pattern, wordlists

SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
"""Statements end at a full stop; `；` joins the parts of one fact (`…38个账号；客户端接入76项服务。`)."""
CLAUSE = re.compile(r"[^，,]+[，,]?")
LONG_SENTENCE = 100
"""A sentence longer than this (字) may string several facts together: it is cut into clauses
when they are of different kinds."""
MEANING_MIN_TEXTS = 4
PLACE_MARGIN = 0.03
"""On the crit3 fact sheets any margin from 0.02 up leaves cue placement as it is (0.01 moves
practice statements away wrongly): meaning overrides the default only when it is clear."""
FOLLOWS_PROBLEM = re.compile(r"^(为此|对此|针对|通过|我们(通过|采取|推出|组织|开展))")
RESULT_WORDS = re.compile(
    r"成效|效益|反响|好评|荣获|获评|获得|获|入选|满意度|增长|增至|增加|提升|提高|降至|降低|下降|减少|缩短|节约|节省|同比|"
    r"收入|营收|利润|续约|活跃|累计|达到|达|下载|用户|粉丝|订阅|播放|阅读|点击|访问|浏览|转发|曝光|覆盖|协助|处置|带动"
)
OUTCOME = re.compile(r"成效|效益|反响|荣获|入选|获评|获[^。；，]{0,12}(奖|称号|表彰)|表彰|好评")
DATED_OPENING = re.compile(r"^[^，。]{0,12}(于|在)?\d{4}年")
BUILT_OPENING = re.compile(
    r"^(我们|我台|我公司|我中心|公司|平台|中心|项目)?(自主)?(研发|开发|搭建|构建|打造|建设|建立|建成|部署|引入|采用|推出|上线|整合|组建|开设|设立|制定|出台|依托|利用|通过)"
)


class Statement(BaseModel):
    text: str
    """The statement as the applicant wrote it, input label stripped."""
    element: int | None = None
    """The element (index) its heading or label placed it under, if any."""
    concept: Concept | None = None
    """The kind of fact its input label names, if any."""


class Placement(BaseModel):
    """Statements per element (by index) and those meant for the 简介."""

    by_element: dict[int, list[str]]
    summary: list[str]


def statements(facts: str | dict[str, str], elements: list[Element]) -> tuple[list[Statement], list[str]]:
    """The facts as statements, and the sentences the applicant gave as the 简介."""
    parts = list(facts.items()) if isinstance(facts, dict) else _labelled_parts(facts, elements)
    found: list[Statement] = []
    summary: list[str] = []
    for label, text in parts:
        if label and SUMMARY_TITLES.match(bare(label)):
            summary += [s.text for s in _split(text)]
            continue
        concept = _label_concept(label) if label else None
        # a label of a kind of fact (`下一步：`) goes where that kind goes; another by its heading
        targets = covered_by(label, elements) if label and not concept else []
        for statement in _split(text):
            # a line's own label (`数据：…` under `做法：`) places it before the part's heading
            if targets and not statement.concept:
                statement.element = targets[0]
            elif concept and not statement.concept:
                statement.concept = concept
            found.append(statement)
    return found, summary


def _labelled_parts(facts: str, elements: list[Element]) -> list[tuple[str, str]]:
    """Free-text facts as (heading or label, text) parts; '' labels text under no element heading."""

    def is_label(label: str) -> bool:
        return bool(SUMMARY_TITLES.match(bare(label)) or covered_by(label, elements))

    parts: list[tuple[str, str]] = []
    for section in parse_sections(facts, is_label=is_label):
        if section.kind == "label":
            # `背景：…` heads its own line only; the lines after it are loose facts
            first, _, rest = section.body.partition("\n")
            parts += [(section.title, first), ("", rest)]
        else:
            parts.append((section.title, section.body))
    return [(title, body) for title, body in parts if body.strip()]


def _label_concept(label: str) -> Concept | None:
    return wordlists().labels.get(bare(label))


def _split(text: str) -> list[Statement]:
    """Sentences (long mixed ones as clauses), list markers and input labels stripped."""
    found: list[Statement] = []
    for line in text.splitlines():
        concept: Concept | None = None
        label = label_pattern().match(line.strip())
        if label:
            concept = _label_concept(label.group(0).strip().rstrip("：:"))
            line = line.strip()[label.end() :]
        for match in SENTENCE.finditer(line):
            sentence = _clean(match.group(0))
            if count_chars(sentence) < 2:
                continue
            for piece in _pieces(sentence):
                found.append(Statement(text=piece, concept=concept))
    return found


def _clean(sentence: str) -> str:
    sentence = sentence.strip().lstrip("-*•·").strip()
    sentence = re.sub(r"^(\d{1,2}[.、．]|（\d{1,2}）|[①②③④⑤⑥⑦⑧⑨⑩])\s*", "", sentence).strip()
    sentence = label_pattern().sub("", sentence)
    return sentence if re.search(r"[。！？!?；;]$", sentence) else sentence + "。"


def _pieces(sentence: str) -> list[str]:
    """A long sentence whose clauses are facts of different kinds, as one piece per kind."""
    if count_chars(sentence) <= LONG_SENTENCE:
        return [sentence]
    groups: list[tuple[Concept | None, str]] = []
    for clause in CLAUSE.findall(sentence):
        kind = cue_concept(clause)
        if groups and (kind is None or kind == groups[-1][0]):
            groups[-1] = (groups[-1][0] or kind, groups[-1][1] + clause)
        else:
            groups.append((kind, clause))
    if len(groups) < 2:
        return [sentence]
    return [re.sub(r"[，,]$", "。", text) for _, text in groups]


def cue_concept(statement: str) -> Concept | None:
    """The kind of fact a statement's wording shows, or None when nothing shows it.

    The cues are tried in `FACT_CUES`'s order (plans, problems, lessons, results, overview,
    practice). A result needs a figure of use or reach, or an outcome word (成效, 荣获…奖); a
    statement that opens with what was built (`搭建…`, `我们研发…`) is practice unless it measures
    what that achieved; an overview cue beside a result figure is a result unless the statement
    opens with a date (`于2021年启动…，覆盖…`).
    """
    measured = _measured(statement)
    built = bool(BUILT_OPENING.search(statement))
    for concept, cue in FACT_CUES:
        if not cue.search(statement):
            continue
        if concept == "result":
            if not (measured or OUTCOME.search(statement)):
                continue
            return "practice" if built and not measured else "result"
        if concept == "overview":
            if measured and not DATED_OPENING.search(statement) and not built:
                return "result"
            return "practice" if built and not measured else "overview"
        return concept
    if measured:
        return "result"
    return "practice" if built else None


def _measured(statement: str) -> bool:
    """Whether a statement reports what something achieved: a figure of use, growth or reach."""
    return bool(RESULT_WORDS.search(statement)) and bool(figures(statement))


def place(
    found: Sequence[Statement], summary: list[str], elements: list[Element], embedder: Embedder | None = None
) -> Placement:
    """Each statement under its element (see the module docstring)."""
    by_concept = element_by_concept(elements)
    placement = Placement(by_element={}, summary=summary)
    chosen: list[int | None] = []
    previous: Concept | None = None
    for n, statement in enumerate(found):
        concept = statement.concept or _concept_after(statement.text, previous)
        if statement.element is None and statement.concept is None and n == 0:
            concept = "overview"  # applicants open with who and what
        if statement.element is not None:
            chosen.append(statement.element)
        elif concept is not None:
            chosen.append(_element_of(concept, by_concept))
        else:
            chosen.append(None)
        previous = concept
    unsure = [n for n, target in enumerate(chosen) if target is None]
    default = _element_of("practice", by_concept)
    guesses = _by_meaning([s.text for s in found], elements, embedder, default) if unsure else []
    for n in unsure:
        chosen[n] = guesses[n]
    for statement, target in zip(found, chosen, strict=True):
        placement.by_element.setdefault(target or 0, []).append(statement.text)
    return placement


def _concept_after(statement: str, previous: Concept | None) -> Concept | None:
    if previous == "problem" and FOLLOWS_PROBLEM.search(statement):
        return "problem"
    return cue_concept(statement)


def _element_of(concept: Concept, by_concept: dict[Concept, int]) -> int:
    return next((by_concept[c] for c in (concept, *CONCEPT_FALLBACK[concept]) if c in by_concept), 0)


def element_by_concept(elements: list[Element]) -> dict[Concept, int]:
    """Each concept's element: the first whose name opens with it, else the last naming it (a plan
    goes to `…经验与启示及下一步优化方向` rather than to `可借鉴性…及未来发展潜力` before it)."""
    found: dict[Concept, int] = {}
    for i, element in enumerate(elements):
        named = element_concepts(element)
        if named and named[0] not in found:
            found[named[0]] = i
    for i, element in reversed(list(enumerate(elements))):
        for concept in element_concepts(element):
            found.setdefault(concept, i)
    return found


def _by_meaning(
    texts: list[str], elements: list[Element], embedder: Embedder | None, default: int
) -> list[int]:
    """Each text's element by meaning: the description it is closest to, when that is clearly
    closer (`PLACE_MARGIN`) than the `default` element's. Similarities are centred per element
    over the facts (a small model finds some descriptions close to everything)."""
    if len(texts) < MEANING_MIN_TEXTS or embedder is None or len(elements) < 2:
        return [default] * len(texts)
    raw = similarities(texts, [description(e) for e in elements], embedder)
    sims = raw - raw.mean(axis=0, keepdims=True)
    guesses = []
    for row, plain in zip(sims, raw, strict=True):
        best = int(np.argmax(row))
        # a text close to nothing in particular keeps the default (centring alone would move it)
        clear = row[best] - row[default] >= PLACE_MARGIN and plain[best] > plain.mean() + 1e-6
        guesses.append(best if clear else default)
    return guesses
