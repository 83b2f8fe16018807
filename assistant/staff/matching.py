"""Matching a question to the curated answers: dense similarity (the retrieval embeddings) AND a
normalised BM25 score (jieba words), each with its own floor, behind two guards.

Both scores are taken over every wording of an answer (the question and its variants), best
wording per score. The BM25 score is divided by the score a document would get that contains
every query word once, so it reads as "how much of the question's weight this wording covers"
(0..~1.2) and a floor means the same for short and long questions; a query word that no curated
wording contains keeps its (high) weight in the divisor, so a question about something else
scores low. (bm25s ignores unknown words, hence the few lines of arithmetic here.)

The dense score compares the question and the wordings with the notice's names (title, short
names, year, document number) taken out: every answer about one notice shares those words, so
left in they make a question about another fact of that notice look close.

Guards: the answers are per notice and per fact, so however close its words are, a question
never gets a curated answer when it names another notice than the answer's (or the caller scoped
it to another), names a year other than the notice's, asks about an edition or a programme the
knowledge does not have, touches a topic the notices are silent on that the answer's wordings do
not, or asks in the negative ("哪些单位不能申报") when the wordings do not.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, ConfigDict

from assistant.knowledge.vocabulary import YEAR, notice_years, strip_notice_names
from assistant.retrieval.words import tokenize
from assistant.settings import StaffSettings
from assistant.staff.curated import CuratedAnswer

K1 = 1.2
B = 0.75
FOREIGN_SILENCES = {"next_edition", "other_programme"}
NEGATION = re.compile(r"(?<![能可])不(?:能|可以|得|允许|予|接受)|禁止")

MatchLevel = Literal["serve", "related"]


class CuratedMatch(BaseModel):
    model_config = ConfigDict(frozen=True)

    answer: CuratedAnswer
    dense: float
    lexical: float
    level: MatchLevel


class Signature(BaseModel):
    """What a text says beyond its words: the years it names, the topics the notices are silent on
    that it asks about, whether it asks in the negative."""

    years: frozenset[int]
    silent: frozenset[str]
    negated: bool

    @classmethod
    def of(cls, text: str) -> Signature:
        from assistant.answering.intent import silent_topics_of
        from assistant.text.chinese import to_simplified

        simplified = to_simplified(text)
        return cls(
            years=frozenset(int(y) for y in YEAR.findall(simplified)),
            silent=frozenset(silent_topics_of(simplified)),
            negated=bool(NEGATION.search(simplified)),
        )

    @classmethod
    def of_answer(cls, answer: CuratedAnswer) -> Signature:
        parts = [cls.of(t) for t in answer.texts]
        year = notice_years().get(answer.notice or "")
        return cls(
            years=frozenset().union(*(p.years for p in parts)) | ({year} if year else set()),
            silent=frozenset().union(*(p.silent for p in parts)),
            negated=any(p.negated for p in parts),
        )

    def admits(self, question: Signature) -> bool:
        """Whether an answer with this signature may answer a question with that one."""
        return (
            question.years <= self.years
            and question.silent <= self.silent
            and (self.negated or not question.negated)
        )


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
        vectors = [embeddings.embed_query(content(t)) for t in texts]
        self.vectors = np.array(vectors) if vectors else np.zeros((0, 1))
        self.lexical = LexicalScorer(texts)
        self.signatures = [Signature.of_answer(a) for a in self.answers]

    def scores(self, question: str) -> list[tuple[CuratedAnswer, float, float]]:
        """(answer, best dense, best lexical) for every answer, best first by their sum."""
        if not self.answers:
            return []
        dense_all = self.vectors @ np.array(self.embeddings.embed_query(content(question)))
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

    def match(
        self, question: str, notice: str | None = None, today: date | None = None
    ) -> CuratedMatch | None:
        """The best answer that passes the guards and at least the related floors, or None."""
        candidates = [(a, d, x) for a, d, x in self.scores(question) if self.level(d, x) and _valid(a, today)]
        if not candidates:
            return None
        allowed = _allowed_notices(question, notice)
        asked = Signature.of(question)
        signatures = {a.id: s for a, s in zip(self.answers, self.signatures, strict=True)}
        for answer, dense, lexical in candidates:
            if (allowed is None or answer.notice in allowed) and signatures[answer.id].admits(asked):
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
