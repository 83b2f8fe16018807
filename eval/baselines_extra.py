"""The tutorial-RAG baseline as a `batch` handler, so the harness scores it exactly like the assistant.

What a tutorial LangChain RAG without an LLM can offer, op by op:
- search: `TutorialRAG.search` (vector-only Chroma over 500/50 character chunks);
- ask: the top 3 passages' text concatenated (what it would show), the passages as citations;
  it never refuses, so it passes no unanswerable question;
- classify: the notice's category whose definition embeds closest to the description;
- critique: not offered (its critique figures stay empty).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

import numpy as np
from langchain_core.embeddings import Embeddings

ANSWER_PASSAGES = 3


class Passage(Protocol):
    @property
    def doc(self) -> str: ...

    @property
    def text(self) -> str: ...


class Retriever(Protocol):
    def search(self, query: str, k: int) -> Sequence[Passage]: ...


def category_definitions(notice: str) -> list[tuple[str, str]]:
    """(name, definition) of every category of a notice, from its structured rules."""
    from assistant.knowledge.rules import load_rules

    return [(c.name, c.definition) for c in load_rules(notice).categories]


class TutorialBaseline:
    """Answers `batch` requests the way the tutorial RAG would; never raises."""

    def __init__(
        self,
        rag: Retriever,
        embeddings: Embeddings,
        definitions: Callable[[str], list[tuple[str, str]]] = category_definitions,
    ) -> None:
        self.rag = rag
        self.embeddings = embeddings
        self.definitions = definitions
        self._definition_vectors: dict[str, np.ndarray] = {}

    def handle(self, raw: dict[str, Any]) -> dict[str, Any]:
        try:
            return self._dispatch(raw)
        except Exception as exc:  # one bad request must not stop a run
            return {"error": {"code": "baseline", "message": f"{type(exc).__name__}: {exc}"}}

    def _dispatch(self, raw: dict[str, Any]) -> dict[str, Any]:
        op = raw.get("op")
        if op == "search":
            passages = self.rag.search(raw["query"], k=int(raw.get("k", 5)))
            return {"hits": [_hit(p, rank) for rank, p in enumerate(passages)]}
        if op == "ask":
            passages = self.rag.search(raw["question"], k=ANSWER_PASSAGES)
            return {
                "answer": "\n\n".join(p.text for p in passages),
                "citations": [{"doc": p.doc, "section": _section(p), "quote": p.text} for p in passages],
                "notice": None,
                "answerable": True,
                "verdict": None,
            }
        if op == "classify":
            return self._classify(raw["description"], raw["notice"])
        return {"error": {"code": "unsupported", "message": f"the tutorial RAG has no {op!r}"}}

    def _classify(self, description: str, notice: str) -> dict[str, Any]:
        categories = self.definitions(notice)
        if not categories:
            return {"error": {"code": "no_categories", "message": f"{notice} has no categories"}}
        if notice not in self._definition_vectors:
            vectors = self.embeddings.embed_documents([definition for _, definition in categories])
            self._definition_vectors[notice] = np.asarray(vectors, dtype=np.float32)
        query = np.asarray(self.embeddings.embed_query(description), dtype=np.float32)
        matrix = self._definition_vectors[notice]
        norms = np.linalg.norm(matrix, axis=1) * np.linalg.norm(query)
        scores = matrix @ query / np.maximum(norms, 1e-12)
        order = np.argsort(-scores)
        ranking = [{"category": categories[i][0], "score": round(float(scores[i]), 4)} for i in order]
        return {
            "notice": notice,
            "category": ranking[0]["category"],
            "ranking": ranking,
            "rationale": "与该类别定义的向量相似度最高",
            "citations": [],
        }


def _section(passage: Passage) -> str:
    return str(getattr(passage, "section", ""))


def _hit(passage: Passage, rank: int) -> dict[str, Any]:
    score = getattr(passage, "score", None)
    return {
        "doc": passage.doc,
        "section": _section(passage),
        "text": passage.text,
        "score": float(score) if score is not None else 1.0 / (rank + 1),
    }


def build_tutorial_baseline() -> TutorialBaseline:
    """The tutorial RAG of `eval.baseline`, with its own embeddings for the category baseline."""
    from eval.baseline import TutorialRAG

    rag = TutorialRAG()
    return TutorialBaseline(rag, rag.embeddings)
