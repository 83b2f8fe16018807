"""The review queue: questions the assistant served badly (not covered, thumbs down, low
retrieval confidence), grouped by similarity and ranked by how often they were asked, each ready
to be promoted to a curated answer prefilled with the generated one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel, Field

from assistant.contract import Citation
from assistant.staff.curated import CuratedAnswer
from assistant.staff.log import LogEntry

LOW_CONFIDENCE = 0.025
"""Top fused retrieval score below which an answer counts as uncertain: the score is a
reciprocal-rank fusion (1/61 per list that ranks a clause first), so below this the BM25 and dense
rankings did not agree on the best clause."""
GROUP_SIMILARITY = 0.9
MAX_VARIANTS = 5


class ReviewGroup(BaseModel):
    question: str
    """The most often asked wording."""
    count: int
    questions: list[str]
    reasons: dict[str, int]
    notice: str | None = None
    answer: str = ""
    citations: list[Citation] = Field(default_factory=list)
    entry_ids: list[str] = Field(default_factory=list)

    def draft(self, author: str = "") -> CuratedAnswer:
        """The curated answer this group would become: the generated answer, to be edited."""
        variants = [q for q, _ in Counter(self.questions).most_common() if q != self.question]
        return CuratedAnswer(
            question=self.question,
            variants=variants[:MAX_VARIANTS],
            answer=self.answer,
            citations=self.citations,
            notice=self.notice,
            status="draft",
            author=author,
        )


def reasons_of(entry: LogEntry) -> list[str]:
    """Why an entry needs review (empty when it does not)."""
    if entry.kind == "curated" and entry.feedback != "down":
        return []
    reasons = []
    if entry.kind == "not_covered" or not entry.answerable:
        reasons.append("未覆盖")
    if entry.feedback == "down":
        reasons.append(f"差评：{entry.feedback_reason or '其他'}")
    if entry.top_score is not None and entry.top_score < LOW_CONFIDENCE and entry.kind != "not_covered":
        reasons.append("低置信度")
    return reasons


def review_groups(
    entries: Sequence[LogEntry], embeddings: Embeddings, similarity: float = GROUP_SIMILARITY
) -> list[ReviewGroup]:
    """Entries needing review, grouped greedily (each joins the first group whose first question
    is similar enough), largest groups first."""
    flagged = [(e, reasons_of(e)) for e in entries]
    flagged = [(e, r) for e, r in flagged if r]
    if not flagged:
        return []
    vectors = np.array([embeddings.embed_query(e.question) for e, _ in flagged])
    leaders: list[int] = []
    members: dict[int, list[int]] = {}
    for i in range(len(flagged)):
        scores = vectors[leaders] @ vectors[i] if leaders else np.zeros(0)
        best = int(np.argmax(scores)) if len(scores) else -1
        if best >= 0 and scores[best] >= similarity:
            members[leaders[best]].append(i)
        else:
            leaders.append(i)
            members[i] = [i]
    groups = [_group([flagged[i] for i in idx]) for idx in members.values()]
    return sorted(groups, key=lambda g: -g.count)


def _group(items: list[tuple[LogEntry, list[str]]]) -> ReviewGroup:
    questions = [e.question for e, _ in items]
    reasons = Counter(r for _, rs in items for r in rs)
    answered = [e for e, _ in items if e.answerable] or [e for e, _ in items]
    example = answered[0]
    return ReviewGroup(
        question=Counter(questions).most_common(1)[0][0],
        count=len(items),
        questions=questions,
        reasons=dict(reasons),
        notice=example.notice,
        answer=example.answer,
        citations=example.citations,
        entry_ids=[e.id for e, _ in items],
    )
