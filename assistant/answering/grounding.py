"""Facts and the sentences that ground them, picked from retrieved clauses.

A `Fact` is one sentence of an answer and the citation it rests on. For questions the rules do
not model (the policy documents' content, odd details), `retrieved_facts` takes the best
sentences of the retrieved clauses: each candidate sentence (read with its clause's headings) is
scored by how much of the question's content words it contains (longer, more specific words
weigh more), and only a sentence that covers enough of the question is used, so a question the
documents do not answer gets no answer rather than a loosely related quote.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, NamedTuple

from assistant.contract import Citation
from assistant.knowledge.citations import findable
from assistant.knowledge.documents import document, normalized_text, registry
from assistant.knowledge.wordlists import vocabulary
from assistant.text.chinese import to_simplified
from assistant.text.numbering import LEVEL_MARKERS

if TYPE_CHECKING:
    from assistant.answering.context import Searcher
    from assistant.retrieval.index import Passage

HEADING_LINE = re.compile(rf"(?:{'|'.join(LEVEL_MARKERS)})[^。；！？]{{0,30}}")
SENTENCE = re.compile(r"[^。；！？\n]+[。；！？]?")
MIN_COVERAGE = 0.45
MAX_SENTENCES = 3
LEAD_IN = 16
ABSENT_WEIGHT = 0.5
"""Weight (per character) of a question word found nowhere in the knowledge: mostly colloquial."""


@dataclass(frozen=True)
class Fact:
    text: str
    citation: Citation | None = None


def sentences(text: str) -> list[str]:
    """The sentences of a clause's text, without its heading lines (they are in its heading path)."""
    found = [s.strip() for s in SENTENCE.findall(text) if len(s.strip()) >= 6]
    return [s for s in found if not HEADING_LINE.fullmatch(s)]


@cache
def _document_names() -> str:
    """Every way a document is named (titles, short names, aliases): words that pick a document,
    not what is asked about it."""
    from assistant.knowledge.vocabulary import notice_aliases

    names = [info.title + info.short_name for info in registry().values()]
    names += [alias for aliases in notice_aliases().values() for alias in aliases]
    return "|".join(names)


class Word(NamedTuple):
    asked: tuple[str, ...]
    """The asker's wording (its tokens)."""
    alternatives: tuple[str, ...] = ()
    """The documents' wording for it (`term_aliases`)."""

    def occurs_in(self, text: str) -> bool:
        """Whether any wording occurs in `text` (case aside: the tokens are lower-cased, "ip")."""
        folded = text.lower()
        return any(w.lower() in folded for w in (*self.asked, *self.alternatives))

    @property
    def weight(self) -> float:
        """As much as its most telling wording: a colloquial term the documents never use
        ("没做完") weighs what the documents' wording for it ("实际完成") does."""
        return max(word_weight(w) for w in (*self.asked, *self.alternatives))


@dataclass(frozen=True)
class QueryWords:
    """The content words of a question. A colloquial term and the documents' wording for it are
    one word, found when either is ("企业" is answered by a sentence about 企业 as well as one about
    企事业单位)."""

    words: tuple[Word, ...]

    def __bool__(self) -> bool:
        return bool(self.words)

    def asked(self) -> list[str]:
        """Every word as the asker typed it."""
        return [w for word in self.words for w in word.asked]

    def most_telling(self) -> Word:
        return max(self.words, key=lambda word: word.weight)


COUNT_WORD = re.compile(r"[一二三四五六七八九十两几]+个")
"""A count ("三个征集通知") says how many, not what is asked about."""


def content_words(question: str) -> QueryWords:
    from assistant.knowledge.vocabulary import term_expansions
    from assistant.retrieval.words import tokenize

    names = _document_names()

    def kept(words: list[str]) -> list[str]:
        return [
            w
            for w in dict.fromkeys(words)
            if w not in vocabulary().question_words
            and len(w) > 1
            and (w not in names or w in ("扶贫", "示范", "监管"))
            and not COUNT_WORD.fullmatch(w)
        ]

    text = re.sub(vocabulary().question_phrases, " ", to_simplified(question))
    words: list[Word] = []
    grouped: set[str] = set()
    for typed, canonical in term_expansions(text):
        asked = tuple(w for w in kept(tokenize(typed)) if w in typed) or (typed,)
        words.append(Word(asked, tuple(canonical.split())))
        grouped.update(asked)
    words += [Word((w,)) for w in kept(tokenize(text)) if w not in grouped]
    return QueryWords(tuple(words))


@cache
def _knowledge_sentences() -> tuple[str, ...]:
    """Lower-cased, as the tokens are."""
    return tuple(s.lower() for doc_id in registry() for s in sentences(normalized_text(doc_id)))


@cache
def word_weight(word: str) -> float:
    """Longer and rarer words say more: length (capped) times inverse sentence frequency in the knowledge."""
    corpus = _knowledge_sentences()
    found_in = sum(1 for s in corpus if word in s)
    if found_in == 0:
        return min(len(word), 4) * ABSENT_WEIGHT
    return min(len(word), 4) * math.log((1 + len(corpus)) / (1 + found_in))


def coverage(words: QueryWords, text: str) -> float:
    """Share of the question's content words (weighted by `word_weight` of the asker's wording)
    that occur in the text, in any of their wordings."""
    total = sum(word.weight for word in words.words)
    if total <= 0:
        return 0.0
    return sum(word.weight for word in words.words if word.occurs_in(text)) / total


def best_sentences(
    question: str, passages: list[Passage], limit: int = MAX_SENTENCES
) -> list[tuple[float, Fact]]:
    words = content_words(question)
    scored: list[tuple[float, int, Fact]] = []
    for rank, passage in enumerate(passages):
        for sentence in _with_lead_ins(sentences(passage.text)):
            citation = _quotable_part(
                Citation(doc=passage.doc, section=passage.section, quote=sentence), words
            )
            if citation is None:
                continue
            score = coverage(words, f"{passage.heading_path} {sentence}") - 0.02 * rank
            label = f"{document(passage.doc).short_name}{_section_label(passage.section)}"
            scored.append((score, rank, Fact(text=f"{label}：“{sentence}”", citation=citation)))
    scored.sort(key=lambda item: (-item[0], item[1]))
    seen: set[str] = set()
    picked: list[tuple[float, Fact]] = []
    for score, _, fact in scored:
        quote = fact.citation.quote if fact.citation else fact.text
        if any(quote in kept or kept in quote for kept in seen):
            continue  # a lead-in merged with its sentence repeats that sentence
        seen.add(quote)
        picked.append((score, fact))
        if len(picked) == limit:
            break
    return picked


QUOTED = re.compile(r"[“\"「『]([^”\"」』]{6,})[”\"」』]")
MIN_PASTED = 10


def pasted_text_sources(question: str) -> list[Fact]:
    """Where a passage the asker pasted in quotation marks comes from, with its whole sentence
    ("“一体化资源配置、多媒体内容汇聚……”这句话后面还有哪几个？出自哪里？")."""
    from assistant.knowledge.clauses import clauses_of

    facts = []
    for quoted in QUOTED.findall(to_simplified(question)):
        piece = max(re.split(r"…+|\.{3,}", quoted), key=len).strip()
        if len(piece) < MIN_PASTED:
            continue
        for doc_id in registry():
            clause = next((c for c in clauses_of(doc_id) if piece in c.text), None)
            if clause is None:
                continue
            sentence = next((s for s in sentences(clause.text) if piece in s), piece)
            citation = _quotable_part(
                Citation(doc=doc_id, section=clause.path, quote=sentence), QueryWords((Word((piece,)),))
            )
            if citation is not None:
                label = f"{document(doc_id).short_name}{_section_label(clause.path)}"
                facts.append(Fact(f"这段话出自{label}，原文是：“{sentence}”", citation))
                break
    return facts


def _quotable_part(citation: Citation, words: QueryWords) -> Citation | None:
    """The sentence itself when it can be found in the original; otherwise (it spans a repaired
    page break) its run of clauses that can, the one covering most of the question."""
    if findable(citation):
        return citation
    runs: list[str] = []
    for clause in re.split(r"(?<=，)", citation.quote):
        extended = (runs[-1] + clause) if runs else clause
        if runs and findable(citation.model_copy(update={"quote": extended})):
            runs[-1] = extended
        elif findable(citation.model_copy(update={"quote": clause})):
            runs.append(clause)
    runs = [run.rstrip("，") for run in runs if len(run) >= LEAD_IN]
    if not runs:
        return None
    return citation.model_copy(update={"quote": max(runs, key=lambda run: coverage(words, run))})


def _with_lead_ins(items: list[str]) -> list[str]:
    """A short lead-in sentence ("突出移动优先策略。") is read together with the sentence it introduces."""
    merged = []
    for i, item in enumerate(items):
        if len(item) < LEAD_IN and i + 1 < len(items):
            merged.append(item + items[i + 1])
        else:
            merged.append(item)
    return merged


def _section_label(section: str) -> str:
    return "" if section in ("前言", "文末") else f"“{section}”部分"


SELF_OPENING = re.compile(r"^(?:我们|我|咱们|本单位|我单位|我司|我台|我局|我校|本台)")
CLAUSE = re.compile(r"[^，,。；;！!：:]+[，,。；;！!：:]*")
QUESTION_CUE = re.compile(r"[吗？?呢]|什么|哪|谁")


@cache
def _asking() -> re.Pattern[str]:
    """What shows that a clause asks something."""
    return re.compile(f"{QUESTION_CUE.pattern}|{vocabulary().followup.asking}")


def asked_clauses(question: str) -> str:
    """The question without the asker's opening account of itself: "我们公司做广电大数据，指导意见里
    大数据用在哪些地方" asks about 大数据 in the opinions, and 公司 only dilutes what a sentence must
    cover. The clauses up to the first that asks something go when the first speaks of the asker."""
    clauses = CLAUSE.findall(question)
    if not clauses or not SELF_OPENING.match(clauses[0]):
        return question
    for i, clause in enumerate(clauses):
        if _asking().search(clause):
            return "".join(clauses[i:]) if i else question
    return question


def retrieved_facts(index: Searcher, question: str, docs: list[str]) -> tuple[list[Fact], bool]:
    """The best supporting sentences for a question, and whether they answer it confidently: those
    for what it asks when the asker opens with an account of itself and that part alone is
    answered confidently, else those for the whole question."""
    asked = asked_clauses(question)
    if asked != question:
        facts, confident = _retrieved_facts(index, asked, docs)
        if confident:
            return facts, confident
    return _retrieved_facts(index, question, docs)


def _retrieved_facts(index: Searcher, question: str, docs: list[str]) -> tuple[list[Fact], bool]:
    passages = index.search(question, k=6 if len(docs) == 1 else 8, docs=docs)
    picked = best_sentences(question, passages)
    if not picked or picked[0][0] < MIN_COVERAGE:
        return [], False
    top = picked[0][0]
    return [fact for score, fact in picked if score >= max(MIN_COVERAGE, top - 0.25)], True
