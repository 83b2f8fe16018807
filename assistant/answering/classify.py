"""Which category a case belongs to, judged on the notice's own definitions and cues.

Each category is scored on two kinds of evidence in the description:
- cue phrases from the rules (`Category.cues`: the definition's own key phrases and the words
  applicants use for them), weighted by length, since a long specific cue says more than a
  short general one;
- word overlap with the definition text (jieba words, with the domain dictionary, weighted by how rare they are among the
  notice's definitions, so words every definition shares count for little).
With the index's embeddings at hand, closeness of the description to each definition adds
evidence too (never alone: a definition's wording still has to be found for a confident call).
The ranking's scores are shares of the total evidence; when even the best category has little
evidence the rationale says plainly that no category fits well.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.contract import ClassifyResult, RankedCategory
from assistant.errors import AssistantError
from assistant.knowledge.documents import call_ids, knowledge_text
from assistant.knowledge.rules import Category, NoticeRules, load_rules
from assistant.knowledge.wordlists import vocabulary
from assistant.retrieval.embeddings import model_id
from assistant.retrieval.words import words
from assistant.text.instructions import without_instructions

CUE_WEIGHT = 1.0
OVERLAP_WEIGHT = 0.6
DENSE_WEIGHT = 40.0
"""Evidence per unit of cosine similarity above the notice's average definition (measured on the
dev and crit2 category sets: 0.889 -> 0.915 of 117 cases)."""
COMMON_WORD_SHARE = 0.01
"""A word found in more than this share of the documents' sentences is the field's common
vocabulary (服务, 建设, 网络, 广电, 提供 ...): any definition may use it, so a description sharing it
with one says nothing about the category (dev, crit2 and blind7-9 category sets: 0.928 -> 0.959)."""
WEAK_EVIDENCE = 1.5
"""Below this much evidence for the best category, no category fits well."""
NO_CLEAR_FIT = "没有哪个类别明显契合"
"""How a rationale opens when no category fits well: the classifier's "cannot judge" outcome."""


@dataclass(frozen=True)
class CategoryEvidence:
    category: Category
    cues: list[str]
    """The category's cue phrases found in the description."""
    words: list[str]
    """Description words shared with the definition, rarest first."""
    score: float


def _words(text: str) -> list[str]:
    common = _common_words()
    return [
        w
        for w in words(text)
        if w not in vocabulary().category_stopwords and w not in common and not re.fullmatch(r"[\W\d]+", w)
    ]


@cache
def _common_words() -> frozenset[str]:
    sentences = [s for s in re.split(r"[。；\n]", knowledge_text()) if len(s) > 5]
    counts = Counter(w for s in sentences for w in set(words(s)))
    return frozenset(w for w, n in counts.items() if n > COMMON_WORD_SHARE * len(sentences))


@cache
def _definition_idf(notice: str) -> dict[str, float]:
    rules = load_rules(notice)
    docs = [set(_words(c.definition)) for c in rules.categories]
    counts = Counter(w for d in docs for w in d)
    return {w: math.log((1 + len(docs)) / (1 + n)) + 0.1 for w, n in counts.items()}


@cache
def _definition_words(definition: str) -> frozenset[str]:
    return frozenset(_words(definition))


def _evidence(description: str, described: list[str], notice: str, category: Category) -> CategoryEvidence:
    text = description.lower()
    cues = [cue for cue in category.cues if cue.lower() in text]
    cue_score = sum(min(len(cue), 6) / 3 for cue in cues) * CUE_WEIGHT
    idf = _definition_idf(notice)
    definition_words = _definition_words(category.definition)
    shared = sorted(
        {w for w in described if w in definition_words and not any(w in cue for cue in cues)},
        key=lambda w: -idf.get(w, 0),
    )
    overlap = sum(idf.get(w, 0) for w in shared) * OVERLAP_WEIGHT
    return CategoryEvidence(category, cues, shared, cue_score + overlap)


def rank_categories(
    description: str, rules: NoticeRules, embeddings: Embeddings | None = None
) -> list[CategoryEvidence]:
    described = _words(description)
    evidence = [_evidence(description, described, rules.id, c) for c in rules.categories]
    if embeddings is not None:
        closeness = _closeness(description, rules, embeddings)
        evidence = [
            replace(e, score=max(0.0, e.score + DENSE_WEIGHT * closeness[e.category.name])) for e in evidence
        ]
    return sorted(evidence, key=lambda e: -e.score)


def _closeness(description: str, rules: NoticeRules, embeddings: Embeddings) -> dict[str, float]:
    """How much closer the description's embedding is to each definition than to the average one."""
    query = np.array(embeddings.embed_query(description))
    similarity = {
        name: float(query @ vector) for name, vector in _definition_vectors(embeddings, rules.id).items()
    }
    mean = sum(similarity.values()) / len(similarity)
    return {name: value - mean for name, value in similarity.items()}


_DEFINITION_VECTORS: dict[tuple[str, str], dict[str, np.ndarray]] = {}


def _definition_vectors(embeddings: Embeddings, notice: str) -> dict[str, np.ndarray]:
    key = (model_id(embeddings), notice)
    if key not in _DEFINITION_VECTORS:
        categories = load_rules(notice).categories
        vectors = embeddings.embed_documents([f"{c.name}：{c.definition}" for c in categories])
        _DEFINITION_VECTORS[key] = {c.name: np.array(v) for c, v in zip(categories, vectors, strict=True)}
    return _DEFINITION_VECTORS[key]


def _pick_notice(description: str, notice: str | None, embeddings: Embeddings | None) -> NoticeRules:
    if notice:
        rules = load_rules(notice)
        if not rules.categories:
            raise AssistantError(f"{notice} 不是征集通知，没有申报类别", code="no_categories")
        return rules
    from assistant.knowledge.vocabulary import infer_notices

    named = [n for n in infer_notices(description) if n in call_ids()]
    if named:
        return load_rules(named[0])
    candidates = [load_rules(n) for n in call_ids()]
    return max(candidates, key=lambda r: rank_categories(description, r, embeddings)[0].score)


def classify(
    description: str, notice: str | None = None, embeddings: Embeddings | None = None
) -> ClassifyResult:
    """Rank the notice's categories for a case; `embeddings` (the index's) adds closeness to each
    definition as one more piece of evidence. Orders inside the description are not evidence."""
    description = without_instructions(description)
    rules = _pick_notice(description, notice, embeddings)
    ranked = rank_categories(description, rules, embeddings)
    total = sum(e.score for e in ranked) or 1.0
    best = ranked[0]
    ranking = [RankedCategory(category=e.category.name, score=round(e.score / total, 3)) for e in ranked]
    return ClassifyResult(
        notice=rules.id,
        category=best.category.name,
        ranking=ranking,
        rationale=_rationale(best, ranked[1] if len(ranked) > 1 else None, rules),
        citations=[best.category.source],
    )


def is_clear(result: ClassifyResult) -> bool:
    """Whether the classifier could judge the case (its top category has enough evidence)."""
    return not result.rationale.startswith(NO_CLEAR_FIT)


def _rationale(best: CategoryEvidence, runner_up: CategoryEvidence | None, rules: NoticeRules) -> str:
    name = best.category.name
    if best.score < WEAK_EVIDENCE or not (best.cues or best.words):  # closeness alone is no judgement
        head = (
            f"{NO_CLEAR_FIT}：描述与各类别定义的共同点都很少，暂按最接近的“{name}”列出。"
            "建议补充案例针对的业务场景、服务对象和做法后再判断。"
        )
    else:
        head = f"建议申报“{name}”。"
    evidence = "、".join((best.cues + [w for w in best.words if w not in best.cues])[:6])
    parts = [head]
    if evidence:
        parts.append(f"描述中的“{evidence}”与该类别定义相符。")
    parts.append(f"通知对该类别的定义：“{best.category.definition}”")
    if runner_up and runner_up.score > 0 and best.score - runner_up.score < 1.0:
        parts.append(f"与“{runner_up.category.name}”较接近，请对照两类定义确认案例的主要着力点。")
    rule = rules.special("one_category_per_case")
    if rule:
        parts.append(f"注意：{rule.text}")
    return "".join(parts)
