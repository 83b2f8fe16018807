"""The learned judge of "does this curated answer answer this question".

Hand-set floors and slot rules reached precision 0.81–0.94 and recall 0.54–0.83 on question sets
by authors they were not tuned on (`eval/faq-scores.md`): each new author found wordings the rules
had not met. The judge instead learns how much each signal counts from every labelled set we have:
a gradient-boosted model (LightGBM) over one candidate answer's similarities (dense and BM25 to its
wordings and to its own text, their margins over the other answers, how closely it speaks to the
least covered part of a question that asks two things), its slot agreement with the
question (`slots.compare`: which slot conflicts, which is left open) and how many other answers fit. It gives the probability that the
candidate is the answer staff meant; the matcher serves the likeliest candidate above a probability
floor.

Similarities depend on the embedding model, so a judge is trained per embedding
(`assistant/staff/judges/curated_match.<embedding>.txt`, written by `python -m eval.train_judge`).
It knows no notice: what it learned is how questions and curated wordings relate, so it ships with
the code, not with the knowledge.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import NamedTuple, get_args

import lightgbm
import numpy as np
from pydantic import BaseModel, ConfigDict

from assistant.errors import AssistantError
from assistant.knowledge.wordlists import vocabulary
from assistant.staff.curated import CuratedAnswer
from assistant.staff.slots import AnswerSlots, Reading, Slot, compare

SLOTS: tuple[Slot, ...] = get_args(Slot)
FEATURES: tuple[str, ...] = (
    "dense",
    "lexical",
    "rank",
    "dense_margin",
    "lexical_margin",
    "text_dense",
    "text_lexical",
    "text_dense_margin",
    "asked_parts",
    "part_cover",
    "part_gap",
    "nearest_margin",
    "fitting_margin",
    "agrees",
    "exact",
    "fitting_count",
    "exact_count",
    "topicless",
    "conflict_count",
    "open_count",
    "question_length",
    "question_topic_count",
    "notice_named",
    "broad_topic",
    *(f"conflict_{slot}" for slot in SLOTS),
    *(f"open_{slot}" for slot in SLOTS),
)
SEVERAL_NOTICES = FEATURES.index("conflict_several_notices")
CANDIDATES = 8
"""Only this many of the most similar answers are judged; the rest are never the one asked for."""
LEXICAL_CAP = 1.2
"""Normalised BM25 rarely exceeds this; beyond it a higher score says nothing more."""
TRAINING = {
    "objective": "binary",
    "learning_rate": 0.05,
    "num_leaves": 8,
    "min_data_in_leaf": 10,
    "num_threads": 1,
    "deterministic": True,
    "force_row_wise": True,
    "seed": 0,
    "verbose": -1,
}
ROUNDS = 200


class JudgeMissingError(AssistantError):
    """No judge was trained for the configured embedding model."""


class Similarity(NamedTuple):
    """How close one curated answer is to a question (BM25 normalised as `staff.matching` says)."""

    answer: CuratedAnswer
    dense: float
    """Best over the answer's wordings (its question and variants)."""
    lexical: float
    text_dense: float
    """The question against the answer's own text."""
    text_lexical: float
    part_cover: float
    """The least dense similarity of any asked part of the question to the answer (its wordings or
    its text): low when the question also asks something the answer does not speak to."""


class Candidate(BaseModel):
    """One curated answer as a possible answer to a question, with what the judge reads of it."""

    model_config = ConfigDict(frozen=True)

    answer: CuratedAnswer
    dense: float
    lexical: float
    features: tuple[float, ...]

    @property
    def servable(self) -> bool:
        """False for a question naming several notices: one notice's answer is related at most."""
        return not self.features[SEVERAL_NOTICES]


def candidates(
    reading: Reading,
    scored: Sequence[Similarity],
    slots: dict[str, AnswerSlots],
) -> list[Candidate]:
    """The `CANDIDATES` most similar answers of `scored` (best first) that no guard slot rules out
    (another notice or year, a topic the notices are silent on, a negation), with their features."""
    agreements = [compare(reading, slots[s.answer.id]) for s in scored]
    dense = [s.dense for s in scored]
    lexical = [min(s.lexical, LEXICAL_CAP) for s in scored]
    text_dense = [s.text_dense for s in scored]
    fitting = [i for i, g in enumerate(agreements) if g.agrees]
    guarded = [d for d, g in zip(dense, agreements, strict=True) if g.guarded]
    broad = set(vocabulary().curated_slots.broad_topics)
    found: list[Candidate] = []
    for i, (similarity, agreement) in enumerate(zip(scored, agreements, strict=True)):
        if not agreement.guarded:
            continue
        if len(found) == CANDIDATES:
            break
        answer = similarity.answer
        others = [j for j in range(len(scored)) if j != i]
        values = {
            "dense": dense[i],
            "lexical": lexical[i],
            "rank": float(i),
            "dense_margin": dense[i] - max((dense[j] for j in others), default=0.0),
            "lexical_margin": lexical[i] - max((lexical[j] for j in others), default=0.0),
            "text_dense": text_dense[i],
            "text_lexical": min(similarity.text_lexical, LEXICAL_CAP),
            "text_dense_margin": text_dense[i] - max((text_dense[j] for j in others), default=0.0),
            "asked_parts": float(len(reading.asks)),
            "part_cover": similarity.part_cover,
            "part_gap": dense[i] - similarity.part_cover,
            "nearest_margin": dense[i] - max(guarded),
            "fitting_margin": dense[i] - max((dense[j] for j in fitting if j != i), default=0.0),
            "agrees": float(agreement.agrees),
            "exact": float(agreement.exact),
            "fitting_count": float(len(fitting)),
            "exact_count": float(sum(agreements[j].exact for j in fitting)),
            "topicless": float(agreement.topicless),
            "conflict_count": float(len(agreement.conflicts)),
            "open_count": float(len(agreement.open)),
            "question_length": float(len(reading.text)),
            "question_topic_count": float(len(reading.topics)),
            "notice_named": float(reading.notice_named),
            "broad_topic": float(bool(slots[answer.id].core & broad)),
            **{f"conflict_{slot}": float(slot in agreement.conflicts) for slot in SLOTS},
            **{f"open_{slot}": float(slot in agreement.open) for slot in SLOTS},
        }
        found.append(
            Candidate(
                answer=answer,
                dense=dense[i],
                lexical=similarity.lexical,
                features=tuple(values[name] for name in FEATURES),
            )
        )
    return found


JUDGES = Path(__file__).parent / "judges"


def judge_path(embedding: str, folder: Path = JUDGES) -> Path:
    return folder / f"curated_match.{embedding}.txt"


class CuratedJudge:
    """A trained model: the probability that each candidate is the answer to the question."""

    def __init__(self, booster: lightgbm.Booster) -> None:
        if tuple(booster.feature_name()) != FEATURES:
            raise JudgeMissingError("the curated-answer judge was trained on other features: retrain it")
        self.booster = booster

    @classmethod
    def load(cls, path: Path) -> CuratedJudge:
        if not path.is_file():
            raise JudgeMissingError(
                f"no curated-answer judge at {path}: train one with `python -m eval.train_judge`"
            )
        return cls(lightgbm.Booster(model_file=str(path)))

    def likelihood(self, features: Sequence[Sequence[float]]) -> np.ndarray:
        """The probability of each candidate being the answer asked for."""
        if not features:
            return np.zeros(0)
        return np.asarray(self.booster.predict(np.array(features, dtype=float), num_threads=1))

    def likeliest(self, features: Sequence[Sequence[float]], floor: float) -> int | None:
        """The index of the candidate most likely to be the answer asked for, when its probability
        clears `floor`."""
        return likeliest_of(self.likelihood(features), floor)


def likeliest_of(likelihood: np.ndarray, floor: float, among: Sequence[int] | None = None) -> int | None:
    """The index (of `among`, by default any) with the highest probability, when that clears `floor`."""
    indices = range(len(likelihood)) if among is None else among
    if not indices:
        return None
    best = max(indices, key=lambda i: likelihood[i])
    return best if likelihood[best] >= floor else None


@cache
def judge_for(path: Path) -> CuratedJudge:
    return CuratedJudge.load(path)


def train(rows: Sequence[Sequence[float]], labels: Sequence[bool]) -> lightgbm.Booster:
    """A judge from candidates' features and whether each was the expected answer."""
    data = lightgbm.Dataset(
        np.array(rows, dtype=float), label=np.array(labels, dtype=float), feature_name=list(FEATURES)
    )
    return lightgbm.train(TRAINING, data, num_boost_round=ROUNDS)
