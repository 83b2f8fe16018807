"""Matching a question to the curated answers: each answer's wordings are compared with the
question by dense and normalised BM25 similarity and read slot by slot (`assistant/staff/slots.py`:
notice, topics, silent topics, year, negation, scope, limit target, side of a measure, applicant,
categories); the learned judge (`assistant/staff/judge.py`) weighs all of it into the probability
that an answer is the one asked for.

An answer is never considered when a guard slot conflicts (another notice or year, a topic the
notices are silent on, a question in the negative), and never served to a question that names
several notices (one notice's answer covers part of it at most). The likeliest answer is served verbatim when
the judge's probability clears `curated_serve_probability`; otherwise the closest one over the
related floors is shown as related (after the generated answer), e.g. for an ambiguous question or
one about another scope of the same notice. With an LLM configured, the LLM reads the judge's
likeliest answers and picks the one that answers the question, or none (`CuratedMatcher.match`).

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

import logging
import math
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import date
from typing import Literal

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, ConfigDict

from assistant.answering.parts import asked_parts
from assistant.answering.spelling import normalize_question
from assistant.knowledge.vocabulary import strip_notice_names
from assistant.llm.layer import ChoiceFailedError
from assistant.retrieval.words import tokenize
from assistant.settings import StaffSettings
from assistant.staff.curated import CuratedAnswer
from assistant.staff.judge import (
    Candidate,
    CuratedJudge,
    JudgeMissingError,
    Similarity,
    candidates,
    likeliest_of,
)
from assistant.staff.slots import AnswerSlots, Reading

K1 = 1.2
B = 0.75

MatchLevel = Literal["serve", "related"]
Chooser = Callable[[str, Sequence[tuple[str, str]]], int | None]
"""Picks which of some curated answers (question, text) answers a question, or None."""
log = logging.getLogger(__name__)


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
    """The approved answers of one moment, with vectors and BM25 indexes of their wordings and texts."""

    def __init__(
        self,
        answers: Sequence[CuratedAnswer],
        embeddings: Embeddings,
        settings: StaffSettings,
        judge: CuratedJudge | None,
    ) -> None:
        """`judge` None: the matcher lists candidates (to train a judge on) but cannot decide."""
        self.answers = list(answers)
        self.settings = settings
        self.judge = judge
        self.embeddings = embeddings
        self.owner = [i for i, a in enumerate(self.answers) for _ in a.texts]
        texts = [t for a in self.answers for t in a.texts]
        contents = [content(t) for t in texts]
        vectors = [embeddings.embed_query(c) for c in contents]
        self.vectors = np.array(vectors) if vectors else np.zeros((0, 1))
        self.lexical = LexicalScorer(contents)
        # the answers' own texts: a question about a fact the text never states is less like it
        said = [content(a.answer) for a in self.answers]
        self.text_vectors = np.array([embeddings.embed_query(t) for t in said]) if said else np.zeros((0, 1))
        self.text_lexical = LexicalScorer(said)
        self.slots = {a.id: AnswerSlots.of(a) for a in self.answers}

    def scores(self, question: str) -> list[Similarity]:
        """The similarity of every answer to `question`, best first by dense plus lexical."""
        normalized = normalize_question(question)
        return self._scores(normalized, asked_parts(normalized))

    def _scores(self, normalized: str, asks: Sequence[str]) -> list[Similarity]:
        """`scores` of a question already read as the slots read it (Chinese, typos repaired), with
        the parts of it that ask something."""
        if not self.answers:
            return []
        asked = content(normalized)
        query = np.array(self.embeddings.embed_query(asked))
        dense = self._best_per_answer(self.vectors @ query)
        lexical = self._best_per_answer(self.lexical.scores(asked))
        text_dense = self.text_vectors @ query
        text_lexical = self.text_lexical.scores(asked)
        whole = np.maximum(dense, text_dense)
        covered = np.min([whole if part == normalized else self._cover(part) for part in asks], axis=0)
        ranked = sorted(range(len(self.answers)), key=lambda i: -(dense[i] + lexical[i]))
        return [
            Similarity(
                self.answers[i],
                float(dense[i]),
                float(lexical[i]),
                float(text_dense[i]),
                float(text_lexical[i]),
                float(covered[i]),
            )
            for i in ranked
        ]

    def _best_per_answer(self, per_wording: np.ndarray) -> np.ndarray:
        """The best score of each answer's wordings."""
        best = np.full(len(self.answers), -1.0)
        np.maximum.at(best, self.owner, per_wording)
        return best

    def _cover(self, part: str) -> np.ndarray:
        """How closely each answer speaks to one asked part of the question: the dense similarity
        of its best wording or its text."""
        vector = np.array(self.embeddings.embed_query(content(part)))
        covered: np.ndarray = np.maximum(
            self._best_per_answer(self.vectors @ vector), self.text_vectors @ vector
        )
        return covered

    def related(self, dense: float, lexical: float) -> bool:
        s = self.settings
        return dense >= s.related_dense_floor and lexical >= s.related_bm25_floor

    def candidates(
        self, question: str, notice: str | None = None, today: date | None = None
    ) -> list[Candidate]:
        """The answers no guard slot rules out, best similarity first, with what the judge reads."""
        reading = Reading.of(question, notice)
        scored = [s for s in self._scores(reading.text, reading.asks) if _valid(s.answer, today)]
        return candidates(reading, scored, self.slots)

    def match(
        self,
        question: str,
        notice: str | None = None,
        today: date | None = None,
        choose: Chooser | None = None,
    ) -> CuratedMatch | None:
        """The answer to serve, else the closest one similar enough to show as related, else None.

        Without `choose` the judge decides: its likeliest answer is served when likely enough. With
        `choose` (an LLM's reading, `LLMLayer.choose_curated`) the judge only shortlists: the answer
        `choose` picks among them is served, none when it picks none; when it fails, the judge
        decides after all."""
        if not self.answers:
            return None
        if self.judge is None:
            raise JudgeMissingError("this matcher has no judge: it can list candidates, not match")
        found = self.candidates(question, notice, today)
        likelihood = self.judge.likelihood([c.features for c in found])
        chosen = self._judged(found, likelihood)
        if choose is not None:
            chosen = self._chosen(question, found, likelihood, choose, fallback=chosen)
        if chosen is not None:
            return CuratedMatch(
                answer=chosen.answer, dense=chosen.dense, lexical=chosen.lexical, level="serve"
            )
        for c in found:
            if self.related(c.dense, c.lexical):
                return CuratedMatch(answer=c.answer, dense=c.dense, lexical=c.lexical, level="related")
        return None

    def _judged(self, found: Sequence[Candidate], likelihood: np.ndarray) -> Candidate | None:
        servable = [i for i, c in enumerate(found) if c.servable]
        best = likeliest_of(likelihood, self.settings.curated_serve_probability, among=servable)
        return None if best is None else found[best]

    def _chosen(
        self,
        question: str,
        found: Sequence[Candidate],
        likelihood: np.ndarray,
        choose: Chooser,
        fallback: Candidate | None,
    ) -> Candidate | None:
        likeliest = [
            i
            for i in np.argsort(-likelihood, kind="stable")
            if found[i].servable and likelihood[i] >= self.settings.llm_shortlist_probability
        ]
        shortlist = [found[i] for i in likeliest[: self.settings.llm_shortlist]]
        if not shortlist:
            return None
        try:
            picked = choose(question, [(c.answer.question, c.answer.answer) for c in shortlist])
        except ChoiceFailedError as exc:
            log.warning("the LLM could not choose a curated answer (%s); the judge decides", exc)
            return fallback
        return None if picked is None else shortlist[picked]


def _valid(answer: CuratedAnswer, today: date | None) -> bool:
    """Not past its valid-until date (which answers take part, approved or drafts too, is the
    caller's choice of `answers`)."""
    return answer.valid_until is None or today is None or answer.valid_until >= today
