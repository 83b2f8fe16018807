"""Matching a question to the curated answers: dense similarity (the retrieval embeddings) AND a
normalised BM25 score (jieba words), each with its own floor, behind two guards.

Both scores are taken over every wording of an answer (the question and its variants), best
wording per score. The BM25 score is divided by the score a document would get that contains
every query word once, so it reads as "how much of the question's weight this wording covers"
(0..~1.2) and a floor means the same for short and long questions; a query word that no curated
wording contains keeps its (high) weight in the divisor, so a question about something else
scores low. (bm25s ignores unknown words, hence the few lines of arithmetic here.)

Guards: a question that names another notice than the answer's (or that the caller scoped to
another), or that asks about an edition or a programme the knowledge does not have, never gets a
curated answer, however close its words are; the answers are per notice.
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

from assistant.retrieval.words import tokenize
from assistant.settings import StaffSettings
from assistant.staff.curated import CuratedAnswer

K1 = 1.2
B = 0.75
FOREIGN_SILENCES = {"next_edition", "other_programme"}

MatchLevel = Literal["serve", "related"]


class CuratedMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: CuratedAnswer
    dense: float
    lexical: float
    level: MatchLevel


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

    def __init__(self, answers: Sequence[CuratedAnswer], embeddings: Embeddings, settings: StaffSettings) -> None:
        self.answers = list(answers)
        self.settings = settings
        self.embeddings = embeddings
        self.owner = [i for i, a in enumerate(self.answers) for _ in a.texts]
        texts = [t for a in self.answers for t in a.texts]
        self.vectors = np.array([embeddings.embed_query(t) for t in texts]) if texts else np.zeros((0, 1))
        self.lexical = LexicalScorer(texts)

    def scores(self, question: str) -> list[tuple[CuratedAnswer, float, float]]:
        """(answer, best dense, best lexical) for every answer, best first by their sum."""
        if not self.answers:
            return []
        dense_all = self.vectors @ np.array(self.embeddings.embed_query(question))
        lexical_all = self.lexical.scores(question)
        dense = np.full(len(self.answers), -1.0)
        lexical = np.zeros(len(self.answers))
        for text_index, owner in enumerate(self.owner):
            dense[owner] = max(dense[owner], dense_all[text_index])
            lexical[owner] = max(lexical[owner], lexical_all[text_index])
        ranked = sorted(range(len(self.answers)), key=lambda i: -(dense[i] + lexical[i]))
        return [(self.answers[i], float(dense[i]), float(lexical[i])) for i in ranked]

    def level(self, dense: float, lexical: float) -> MatchLevel | None:
        s = self.settings
        if dense >= s.curated_dense_floor and lexical >= s.curated_bm25_floor:
            return "serve"
        if dense >= s.related_dense_floor and lexical >= s.related_bm25_floor:
            return "related"
        return None

    def match(self, question: str, notice: str | None = None, today: date | None = None) -> CuratedMatch | None:
        """The best answer that passes the guards and at least the related floors, or None."""
        candidates = [
            (a, d, x) for a, d, x in self.scores(question) if self.level(d, x) and _valid(a, today)
        ]
        if not candidates:
            return None
        allowed = _allowed_notices(question, notice)
        for answer, dense, lexical in candidates:
            if allowed is None or answer.notice in allowed:
                level = self.level(dense, lexical)
                assert level is not None
                return CuratedMatch(answer=answer, dense=dense, lexical=lexical, level=level)
        return None


def _valid(answer: CuratedAnswer, today: date | None) -> bool:
    return answer.status == "approved" and (
        answer.valid_until is None or today is None or answer.valid_until >= today
    )


def _allowed_notices(question: str, notice: str | None) -> set[str | None] | None:
    """The notices a curated answer may belong to: None for any; an empty set for none at all."""
    from assistant.answering.intent import understand

    intent = understand(question, notice=notice)
    if FOREIGN_SILENCES & set(intent.silent):
        return set()
    if intent.notice_named:
        return {*intent.notices, None}
    return None
