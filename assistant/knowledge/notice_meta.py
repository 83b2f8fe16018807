"""The stored shape of an added notice: its metadata and the review state of each extracted field."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.contract import Citation

NoticeStatus = Literal["draft", "approved"]
ReviewState = Literal["pending", "accepted", "corrected", "rejected"]


class FieldReview(BaseModel):
    """One extracted value as staff review it: `field` is a path into the rules (`deadline`,
    `quotas[1]`, `contacts[0]`), `value` what was extracted (or staff's correction)."""

    model_config = ConfigDict(extra="forbid")

    field: str
    value: Any
    confidence: float
    source: Citation | None = None
    state: ReviewState = "pending"
    checks: list[str] = Field(default_factory=list)
    """Why the confidence was lowered (a cross-field check that failed)."""


class NoticeMeta(BaseModel):
    """What the store keeps beside the texts and the rules of one added notice."""

    model_config = ConfigDict(extra="forbid")

    id: str
    title: str
    short_name: str
    status: NoticeStatus = "draft"
    family: str | None = None
    year: int | None = None
    file_name: str
    added: datetime
    approved: datetime | None = None
    review: list[FieldReview] = Field(default_factory=list)
