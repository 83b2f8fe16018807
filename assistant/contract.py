"""The public result shapes fixed by ../shared/CONTRACT.md; every operation returns one of these."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Verdict = Literal["eligible", "not_eligible", "conditional", "unknown"]
DefectCode = Literal[
    "missing_element",
    "over_length",
    "summary_over_length",
    "lacks_quantitative_data",
    "subjective_language",
    "category_mismatch",
    "duplicate_category_claim",
    "process_document",
    "unfinished_case",
]


class Citation(BaseModel):
    """A verbatim span of a normalised document, and the clause it sits in."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    doc: str
    section: str
    quote: str


class RelatedAnswer(BaseModel):
    """A staff-approved answer close to, but not close enough to, the question: shown after the
    generated answer, never instead of it."""

    faq_id: str
    question: str
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    approved: str | None = None
    """The approval date, YYYY-MM-DD."""


def _absent(value: object) -> bool:
    return value is None


class AskResult(BaseModel):
    answer: str
    citations: list[Citation] = Field(default_factory=list)
    notice: str | None = None
    answerable: bool = True
    verdict: Verdict | None = None
    faq_id: str | None = Field(None, exclude_if=_absent)
    """Set only when the answer is a curated one approved by staff (CONTRACT.md); absent otherwise."""
    related: RelatedAnswer | None = Field(None, exclude_if=_absent)


class SearchHit(BaseModel):
    doc: str
    section: str
    text: str
    score: float


class SearchResult(BaseModel):
    hits: list[SearchHit]


class RankedCategory(BaseModel):
    category: str
    score: float


class ClassifyResult(BaseModel):
    notice: str
    category: str
    ranking: list[RankedCategory]
    rationale: str
    citations: list[Citation] = Field(default_factory=list)


class Defect(BaseModel):
    """One problem of a draft; extra fields (`element`, `limit`, `actual`, `examples`, `expected`)
    depend on the code, as the contract lists."""

    model_config = ConfigDict(extra="allow")

    code: DefectCode
    message: str
    fix: str = ""
    citation: Citation | None = None
    element: str | None = None
    limit: int | None = None
    actual: int | None = None
    examples: list[str] | None = None
    expected: str | None = None

    def to_contract(self) -> dict[str, Any]:
        return self.model_dump(exclude_none=True)


class ElementStatus(BaseModel):
    name: str
    present: bool
    status: Literal["present", "partial", "missing"] = "present"
    heading: str | None = None
    """The draft's heading (or the first words of the paragraph) that covers this element."""


class CritiqueStats(BaseModel):
    chars: int
    summary_chars: int | None = None
    detail_chars: int | None = None
    figures: int = 0


class CritiqueResult(BaseModel):
    defects: list[Defect]
    elements: list[ElementStatus]
    stats: CritiqueStats
    notice: str | None = None
    category: str | None = None
    notes: list[str] = Field(default_factory=list)
    """What was (not) checked and why: the 字数 convention, a notice without structure ..."""


class DraftSection(BaseModel):
    element: str
    text: str


class ElementQuestions(BaseModel):
    """What the applicant must answer for an element the facts leave empty or thin."""

    element: str
    questions: list[str]


class DraftResult(BaseModel):
    text: str
    sections: list[DraftSection]
    defects: list[Defect]
    questions: list[ElementQuestions] = []


class ErrorBody(BaseModel):
    code: str
    message: str


class ErrorResult(BaseModel):
    """What every interface returns for a request it cannot serve (CONTRACT.md)."""

    error: ErrorBody

    @classmethod
    def of(cls, code: str, message: str) -> dict[str, Any]:
        """The error as the JSON object the CLI prints and `batch` writes."""
        return cls(error=ErrorBody(code=code, message=message)).model_dump()


class ReviewItem(BaseModel):
    """One extracted value for staff to check, with the quote it was read from."""

    field: str
    value: Any
    confidence: float
    source: Citation | None = None


class NoticeAddResult(BaseModel):
    id: str
    status: Literal["draft", "approved"]
    rules: dict[str, Any]
    review: list[ReviewItem]


class NoticeStatusResult(BaseModel):
    id: str
    status: Literal["draft", "approved"]


class NoticeListItem(BaseModel):
    id: str
    title: str
    status: Literal["builtin", "draft", "approved"]
    deadline: str | None
    open: bool
    supersedes: str | None


class NoticeListResult(BaseModel):
    notices: list[NoticeListItem]


class NoticeRemoveResult(BaseModel):
    id: str
    removed: bool
