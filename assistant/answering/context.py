"""What answering needs from the world, handed in rather than reached for.

`Assistant` (the facade in `assistant.service`) satisfies `AnswerDeps` structurally, so nothing
under `assistant.answering` imports the service: tests can hand in a fixed clock, a small index
and a stub classifier.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.contract import ClassifyResult
    from assistant.llm.layer import LLMLayer
    from assistant.retrieval.index import HybridIndex


class AnswerDeps(Protocol):
    """Today's date, the retrieval index, a category classifier and the optional LLM."""

    def today(self) -> date: ...

    @property
    def index(self) -> HybridIndex: ...

    @property
    def llm(self) -> LLMLayer | None: ...

    def classify(self, description: str, notice: str | None = None) -> ClassifyResult: ...
