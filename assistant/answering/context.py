"""What answering needs from the world, handed in rather than reached for.

`Assistant` (the facade in `assistant.service`) satisfies `AnswerDeps` structurally, so nothing
under `assistant.answering` imports the service: tests can hand in a fixed clock, a small index
and a stub classifier.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.contract import ClassifyResult
    from assistant.llm.layer import LLMLayer
    from assistant.retrieval.index import Passage


class Searcher(Protocol):
    """The one thing answering asks of the index (`assistant.retrieval.index.HybridIndex`)."""

    def search(
        self, query: str, k: int = 5, notice: str | None = None, docs: Sequence[str] | None = None
    ) -> list[Passage]: ...


class AnswerDeps(Protocol):
    """Today's date, the retrieval index, a category classifier and the optional LLM."""

    def today(self) -> date: ...

    @property
    def index(self) -> Searcher: ...

    @property
    def llm(self) -> LLMLayer | None: ...

    def classify(self, description: str, notice: str | None = None) -> ClassifyResult: ...


class TracedDeps:
    """The deps one answer runs with: its searches go through here, which keeps the best passage
    score they returned (the question log's top retrieval score, without searching twice)."""

    def __init__(self, deps: AnswerDeps) -> None:
        self._deps = deps
        self.top_score: float | None = None

    def today(self) -> date:
        return self._deps.today()

    @property
    def index(self) -> Searcher:
        return self

    @property
    def llm(self) -> LLMLayer | None:
        return self._deps.llm

    def classify(self, description: str, notice: str | None = None) -> ClassifyResult:
        return self._deps.classify(description, notice)

    def search(
        self, query: str, k: int = 5, notice: str | None = None, docs: Sequence[str] | None = None
    ) -> list[Passage]:
        passages = self._deps.index.search(query, k=k, notice=notice, docs=docs)
        if passages:
            self.top_score = max(self.top_score or 0.0, passages[0].score)
        return passages
