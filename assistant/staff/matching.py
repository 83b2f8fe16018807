"""Matching a question to the curated answers: the same question, read slot by slot
(`assistant/staff/slots.py`: notice, topics, silent topics, year, negation, scope, limit target,
side of a measure, applicant, categories), with a dense and a normalised BM25 similarity over a
low floor; or, for a question whose topic nothing recognises, similarity alone over high floors.

An answer is served verbatim when its slots agree with the question's and it is the only answer
that fits: a question that leaves a slot open (no notice named, no scope) gets it only when no
other answer fits equally well ("截止时间是哪天" with several calls curated is ambiguous). An
answer is shown as related (after the generated answer) when it clears the related floors and no
guard slot conflicts (another notice or year, a silent topic, a negation), e.g. an ambiguous
question, or one about another scope of the same notice.

Both scores are taken over every wording of an answer (the question and its variants), best
wording per score, with the notice's names (title, short names, year, document number such as
"广电办发[20xx]NN号") taken out of the question and the wordings: every answer about one notice
shares those words, so left in they make a question about another fact of that notice look close
(the notice slot already decides which notice is meant). The BM25 score is divided by the score a document would get that contains
every query word once, so it reads as "how much of the question's weight this wording covers"
(0..~1.2) and a floor means the same for short and long questions; a query word that no curated
wording contains keeps its (high) weight in the divisor, so a question about something else
scores low. (bm25s ignores unknown words, hence the few lines of arithmetic here.)
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, ConfigDict

from assistant.answering.spelling import normalize_question
from assistant.knowledge.vocabulary import strip_notice_names
from assistant.knowledge.wordlists import vocabulary
from assistant.retrieval.words import tokenize
from assistant.settings import StaffSettings
from assistant.staff.curated import CuratedAnswer
from assistant.staff.slots import AnswerSlots, Reading, compare

K1 = 1.2
B = 0.75

MatchLevel = Literal["serve", "related"]


class CuratedMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: CuratedAnswer
    dense: float
    lexical: float
    level: MatchLevel


def content(text: str) -> str:
    """The text without the notice's names (what is asked, not about which notice)."""
    stripped = strip_notice_names(text).strip()
    return stripped if tokenize(stripped) else text


class LexicalScorer:
    """BM25 over a handful of short texts, normalised as the module docstring says."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.docs = [Counter(tokenize(t)) for t in texts]
        lengths = [sum(d.values()) for d in self.docs]
        self.avg = (sum(lengths) / len(lengths)) if lengths else 1.0
        self.lengths = lengths
        self.n = len(texts)
        frequency: Counter[str] = Counter()
        for doc in self.docs:
            frequency.update(doc.keys())
        self.frequency = frequency

    def idf(self, term: str) -> float:
        n = self.frequency.get(term, 0)
        return math.log(1 + (self.n - n + 0.5) / (n + 0.5))

    def scores(self, query: str) -> np.ndarray:
        terms = tokenize(query)
        result = np.zeros(self.n)
        if not terms or not self.n:
            return result
        ideal = sum(self.idf(t) for t in terms)
        for i, (doc, length) in enumerate(zip(self.docs, self.lengths, strict=True)):
            norm = K1 * (1 - B + B * length / self.avg)
            result[i] = sum(self.idf(t) * doc[t] * (K1 + 1) / (doc[t] + norm) for t in terms if t in doc)
        return result / ideal if ideal else result


class CuratedMatcher:
    """The approved answers of one moment, with their wordings' vectors and a BM25 index."""

    def __init__(
        self, answers: Sequence[CuratedAnswer], embeddings: Embeddings, settings: StaffSettings
    ) -> None:
        self.answers = list(answers)
        self.settings = settings
        self.embeddings = embeddings
        self.owner = [i for i, a in enumerate(self.answers) for _ in a.texts]
        texts = [t for a in self.answers for t in a.texts]
        contents = [content(t) for t in texts]
        vectors = [embeddings.embed_query(c) for c in contents]
        self.vectors = np.array(vectors) if vectors else np.zeros((0, 1))
        self.lexical = LexicalScorer(contents)
        self.slots = {a.id: AnswerSlots.of(a) for a in self.answers}

    def scores(self, question: str) -> list[tuple[CuratedAnswer, float, float]]:
        """(answer, best dense, best lexical) for every answer, best first by their sum."""
        return self._scores(normalize_question(question))

    def _scores(self, normalized: str) -> list[tuple[CuratedAnswer, float, float]]:
        """`scores` of a question already read as the slots read it (Chinese, typos repaired)."""
        if not self.answers:
            return []
        asked = content(normalized)
        dense_all = self.vectors @ np.array(self.embeddings.embed_query(asked))
        lexical_all = self.lexical.scores(asked)
        dense = np.full(len(self.answers), -1.0)
        lexical = np.zeros(len(self.answers))
        for text_index, owner in enumerate(self.owner):
            dense[owner] = max(dense[owner], dense_all[text_index])
            lexical[owner] = max(lexical[owner], lexical_all[text_index])
        ranked = sorted(range(len(self.answers)), key=lambda i: -(dense[i] + lexical[i]))
        return [(self.answers[i], float(dense[i]), float(lexical[i])) for i in ranked]

    def level(self, dense: float, lexical: float) -> MatchLevel | None:
        """The level similarity alone earns (no slots read: near-duplicate checks, topicless questions)."""
        s = self.settings
        if dense >= s.curated_dense_floor and lexical >= s.curated_bm25_floor:
            return "serve"
        if dense >= s.related_dense_floor and lexical >= s.related_bm25_floor:
            return "related"
        return None

    def match(
        self, question: str, notice: str | None = None, today: date | None = None
    ) -> CuratedMatch | None:
        """The answer to serve (slots agree, the only one that fits, similarity over the floor), else
        the closest one to show as related, else None."""
        reading = Reading.of(question, notice)
        scored = [(a, d, x) for a, d, x in self._scores(reading.text) if _valid(a, today)]
        if not scored:
            return None
        agreement = {a.id: compare(reading, self.slots[a.id]) for a, _, _ in scored}
        fitting = [c for c in scored if agreement[c[0].id].agrees]
        exact = [c for c in fitting if agreement[c[0].id].exact]
        s = self.settings
        chosen = None
        if not reading.topics:  # nothing structural to vouch for it: the high floors decide
            chosen = next((c for c in fitting if self.level(c[1], c[2]) == "serve"), None)
        elif len(fitting) == 1 or len(exact) == 1:
            answer, dense, lexical = fitting[0] if len(fitting) == 1 else exact[0]
            nearest = max(d for a, d, _ in scored if agreement[a.id].guarded)
            # the slots and the words must point to the same answer: one that fits but is clearly
            # farther than another of the same notice means a slot was misread (a typo, an odd wording)
            broad = bool(self.slots[answer.id].core & set(vocabulary().curated_slots.broad_topics))
            if (
                dense >= nearest - s.slot_dense_margin
                and dense >= s.slot_dense_floor
                and (lexical >= s.slot_bm25_floor or not broad)
            ):
                chosen = (answer, dense, lexical)
        if chosen is not None:
            return CuratedMatch(answer=chosen[0], dense=chosen[1], lexical=chosen[2], level="serve")
        for answer, dense, lexical in scored:
            if agreement[answer.id].guarded and self.level(dense, lexical) is not None:
                return CuratedMatch(answer=answer, dense=dense, lexical=lexical, level="related")
        return None


def _valid(answer: CuratedAnswer, today: date | None) -> bool:
    """Not past its valid-until date (which answers take part, approved or drafts too, is the
    caller's choice of `answers`)."""
    return answer.valid_until is None or today is None or answer.valid_until >= today
