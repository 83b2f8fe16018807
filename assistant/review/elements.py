"""Where a draft covers each required element: by a heading, by content without one, or not at all.

A heading covers an element when it names it (exactly, as an alias, or as part of the element's
wording that carries what the element is about: `数据服务`, one of the examples an element lists
in `数据服务、政务服务…的总体情况`, is a sub-topic, not the overview; or an abridgement of that
wording) or when it is about the
same things: the concepts of `lexicon.CONCEPTS` found in the heading are those of the element
(`主要创新做法` and `创新做法与实践` are both about practice).
A heading that joins two topics (`成效与经验`) is split and each part matched on its own.

An element no heading covers may still be written in running text. In a structured draft (two
or more elements under headings, or three named by `标签：` lead-ins or bare title lines) that counts
only when a paragraph outside every other element's heading opens with the element's cue
(`下一步，…`, `推进中遇到的问题…`: "改革经验具有借鉴意义" under 可借鉴性 is not the lessons element);
in a draft without headings any paragraph with the cue counts.
Such content makes the element `present` when it carries all of the element's concepts (problem
and solution), else `partial`. A heading with a very short body is `partial`; one with no body
(placeholders aside) or a body of no substance (boilerplate, self-praise, bare numbers:
`substance`) is `missing`.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel

from assistant.contract import ElementStatus
from assistant.knowledge.rules import Element
from assistant.review.ledger import count_chars
from assistant.review.lexicon import BODY_CUES, CONCEPTS, KIN, LOOSE_CUES, Concept
from assistant.review.meaning import Embedder, similarities
from assistant.review.sections import PARENTHETICAL, Section, bare, extent
from assistant.review.substance import substance

MATCH = 0.5
CLEAR_MATCH = 0.85
THIN_BODY = 15
LEAD_CHARS = 30
MAX_HEADING = 40
ABRIDGED_MIN, ABRIDGED_SHARE = 8, 0.8
"""A heading this long made of the element's own wording for this share of its character pairs
abridges the element's name (`…优质内容供给、文化传承发展等方面的总体情况`)."""
HEAD_JOINT = "等方面的"
MEANING_MARGIN = 0.01
"""A sentence means an element when its centred similarity to that element leads the next by this."""
MEANING_MIN_CHARS = 15
MEANING_MIN_SENTENCES = 4
"""Centring needs a few sentences to stand for the draft."""
SENTENCES = re.compile(r"[^。！？!?；;]+")
LABELLED_STRUCTURE = 3
"""A draft whose `标签：` lead-ins (or bare title lines) name this many elements is structured."""
SPLIT = re.compile(r"以及|[与及和、，,/；;]|并且|并")


class Coverage(BaseModel):
    """The elements' statuses and which sections each element's heading took."""

    statuses: list[ElementStatus]
    sections_of: dict[str, list[int]]
    """Element name -> indices of the sections whose headings cover it."""

    @property
    def headed(self) -> int:
        return sum(1 for v in self.sections_of.values() if v)


@cache
def _concept_pattern() -> re.Pattern[str]:
    surfaces = sorted({s for forms in CONCEPTS.values() for s in forms}, key=len, reverse=True)
    return re.compile("|".join(map(re.escape, surfaces)))


@cache
def _surface_concept() -> dict[str, Concept]:
    return {s: concept for concept, forms in CONCEPTS.items() for s in forms}


def concepts(text: str) -> list[Concept]:
    """The concepts named in `text`, in order of first mention."""
    found: list[Concept] = []
    for match in _concept_pattern().finditer(text):
        concept = _surface_concept()[match.group(0)]
        if concept not in found:
            found.append(concept)
    return found


def element_concepts(element: Element) -> list[Concept]:
    """The concepts an element's name carries, what it is about first: in `…等方面的总体情况` the
    examples before `等方面的` only qualify the head noun after it (the overview)."""
    name = PARENTHETICAL.sub("", element.name)
    qualifier, joint, head = name.rpartition(HEAD_JOINT)
    if not joint:
        return concepts(name)
    first = concepts(head)
    return first + [c for c in concepts(qualifier) if c not in first]


def description(element: Element) -> str:
    """What an element is about, for matching by meaning: the notice's wording of it (the longer
    guidance of `lexicon.GUIDANCE` reads alike for every element to a small embedding model)."""
    return PARENTHETICAL.sub("", element.name)


def heading_score(title: str, element: Element) -> float:
    """How surely a heading titled `title` introduces `element` (>= MATCH: it does)."""
    t = bare(title)
    name = bare(element.name)
    aliases = [bare(a) for a in element.aliases]
    if t and (t == name or t in aliases):
        return 1.2
    if not t or len(t) > MAX_HEADING:
        return 0.0
    scores = [0.0]
    heading_concepts, wanted = set(concepts(t)), set(element_concepts(element))
    about_it = bool(heading_concepts & wanted) or not wanted or len(t) * 2 >= len(name)
    if len(t) >= 4 and t in name and about_it:
        scores.append(1.0 + 0.1 * len(t) / len(name))
    elif len(t) >= ABRIDGED_MIN and about_it and _bigram_share(t, name) >= ABRIDGED_SHARE:
        scores.append(1.0)  # the element's wording with some of its listed examples left out
    if any(len(a) >= 2 and a in t and len(a) * 2 >= len(t) for a in aliases):
        scores.append(0.95)
    # "可供别人照搬的做法": 做法 of what the modifier says, so 做法 alone does not decide
    said = heading_concepts - {"practice"} if len(heading_concepts) > 1 else heading_concepts
    if said and wanted:
        shared = len(said & wanted)
        scores.append(shared / len(said) * (0.6 + 0.4 * shared / len(wanted)))
    return max(scores)


def _bigram_share(short: str, long: str) -> float:
    """The share of `short`'s character pairs that occur in `long`."""
    pairs = [short[i : i + 2] for i in range(len(short) - 1)]
    return sum(pair in long for pair in pairs) / max(len(pairs), 1)


def covered_by(title: str, elements: list[Element]) -> list[int]:
    """Indices of the elements a heading covers (one, or one per part of a joined heading)."""
    if not elements:
        return []
    scores = [heading_score(title, e) for e in elements]
    best = max(range(len(elements)), key=lambda i: scores[i])
    if scores[best] >= CLEAR_MATCH:
        return [best]
    parts = [p for p in SPLIT.split(bare_keep_joints(title)) if p]
    found: list[int] = []
    if len(parts) > 1:
        for part in parts:
            part_scores = [heading_score(part, e) for e in elements]
            top = max(range(len(elements)), key=lambda i: part_scores[i])
            if part_scores[top] >= MATCH and top not in found:
                found.append(top)
    if not found and scores[best] >= MATCH:
        found.append(best)
    return found


def bare_keep_joints(title: str) -> str:
    """The title without parentheticals and outer punctuation, keeping the joints SPLIT cuts at."""
    return PARENTHETICAL.sub("", title).strip(" ：:。*#")


def cover(sections: list[Section], elements: list[Element], embedder: Embedder | None = None) -> Coverage:
    """Each element's status in the draft made of `sections` (with `embedder`, a headless draft's
    paragraphs also cover the elements they are closest to in meaning)."""
    claims: dict[int, list[int]] = {}  # section index -> element indices
    for section in sections:
        if section.kind != "preamble" and not section.is_summary:
            hits = covered_by(section.title, elements)
            if hits:
                claims[section.index] = hits
    _claim_by_kin(sections, elements, claims)
    headed = {i for s, hits in claims.items() if sections[s].kind != "label" for i in hits}
    labelled = {i for hits in claims.values() for i in hits}
    structured = len(headed) >= 2 or len(labelled) >= LABELLED_STRUCTURE
    texts = _unclaimed_paragraphs(sections, claims)
    statuses: list[ElementStatus] = []
    sections_of: dict[str, list[int]] = {}
    for i, element in enumerate(elements):
        own = [s for s, hits in claims.items() if i in hits]
        sections_of[element.name] = own
        if own:
            statuses.append(_headed_status(element, sections, own, claims))
        else:
            statuses.append(_content_status(element, sections, texts, structured))
    if embedder is not None and not structured:
        statuses = _by_meaning(statuses, elements, [t for t, free in texts if free], embedder)
    return Coverage(statuses=statuses, sections_of=sections_of)


def _claim_by_kin(sections: list[Section], elements: list[Element], claims: dict[int, list[int]]) -> None:
    """A heading no element claimed, about a concept kindred to an element no heading covers
    ("可供别人照搬的做法" where the notice asks for 可提炼的经验), covers that element."""
    covered = {i for hits in claims.values() for i in hits}
    for section in sections:
        if section.index in claims or section.kind == "preamble" or section.is_summary:
            continue
        kindred = {KIN[c] for c in concepts(bare(section.title)) if c in KIN}
        for i, element in enumerate(elements):
            if i not in covered and kindred & set(element_concepts(element)):
                claims[section.index] = [i]
                covered.add(i)
                break


def _by_meaning(
    statuses: list[ElementStatus], elements: list[Element], paragraphs: list[str], embedder: Embedder
) -> list[ElementStatus]:
    """Statuses with each missing element found in a sentence that means it.

    Each sentence of the headless prose is compared with every element's description; the
    similarities are centred per element over the draft's sentences (an embedding model finds
    some descriptions close to everything), and a sentence means the element whose centred
    similarity leads the next by `MEANING_MARGIN`.
    """
    missing = {i for i, s in enumerate(statuses) if s.status == "missing"}
    sentences = [
        s.strip() for p in paragraphs for s in SENTENCES.findall(p) if count_chars(s) >= MEANING_MIN_CHARS
    ]
    if not missing or len(sentences) < MEANING_MIN_SENTENCES or len(elements) < 2:
        return statuses
    raw = similarities(sentences, [description(e) for e in elements], embedder)
    sims = raw - raw.mean(axis=0, keepdims=True)
    found = list(statuses)
    for sentence, row, plain in zip(sentences, sims, raw, strict=True):
        best, second = sorted(range(len(elements)), key=lambda i: -row[i])[:2]
        # a sentence close to nothing in particular is no element's (centring alone would give it one)
        if (
            best in missing
            and row[best] - row[second] >= MEANING_MARGIN
            and plain[best] > plain.mean() + 1e-6
        ):
            missing.discard(best)
            found[best] = ElementStatus(
                name=elements[best].name, present=True, status="partial", heading=sentence[:20]
            )
    return found


def _headed_status(
    element: Element, sections: list[Section], own: list[int], claims: dict[int, list[int]]
) -> ElementStatus:
    def stop(s: Section) -> bool:
        return s.index in claims or s.is_summary

    body = "\n".join(
        s.body if k == 0 else f"{s.title}\n{s.body}"
        for start in own
        for k, s in enumerate(extent(sections, start, stop))
    )
    size = count_chars(substance(body))
    status = "missing" if size == 0 else "partial" if size < THIN_BODY else "present"
    return ElementStatus(
        name=element.name, present=status != "missing", status=status, heading=sections[own[0]].heading
    )


def _unclaimed_paragraphs(sections: list[Section], claims: dict[int, list[int]]) -> list[tuple[str, bool]]:
    """Every body paragraph outside the summary, with whether it lies outside any element's heading."""
    paragraphs: list[tuple[str, bool]] = []
    owner_free = True
    owner_level = 0
    for section in sections:
        if section.index in claims or section.is_summary:
            owner_free, owner_level = section.is_summary, section.level
        elif section.level <= owner_level or section.kind == "preamble":
            owner_free, owner_level = True, 0
        if section.is_summary:
            continue
        paragraphs.extend((line, owner_free) for line in section.body.splitlines() if line.strip())
    return paragraphs


def _content_status(
    element: Element, sections: list[Section], paragraphs: list[tuple[str, bool]], structured: bool
) -> ElementStatus:
    wanted = element_concepts(element)
    if not wanted:
        return ElementStatus(name=element.name, present=False, status="missing")
    primary, others = wanted[0], wanted[1:]
    cues = BODY_CUES if structured else LOOSE_CUES
    for text, free in paragraphs:
        lead = text[:LEAD_CHARS] if structured else text
        if not cues[primary].search(lead) or (structured and not free):
            continue
        complete = all(cues[c].search(text) for c in others)
        status = "present" if complete else "partial"
        return ElementStatus(name=element.name, present=True, status=status, heading=text[:20])
    if primary == "overview" and _has_opening(sections):
        return ElementStatus(name=element.name, present=True, status="partial", heading=None)
    return ElementStatus(name=element.name, present=False, status="missing")


def _has_opening(sections: list[Section]) -> bool:
    """Whether the draft opens with an introduction before its first heading (a title line aside)."""
    preamble = next((s for s in sections if s.kind == "preamble"), None)
    if preamble is None:
        return False
    lines = [line for line in preamble.body.splitlines() if line.strip()]
    if lines and len(lines[0]) <= 40 and not lines[0].endswith("。"):
        lines = lines[1:]
    return count_chars("".join(lines)) >= 30
