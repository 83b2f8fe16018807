"""A conversation: what carries over between turns (the notice, the applicant's profile, history)."""

from __future__ import annotations

from pydantic import BaseModel, Field

from assistant.answering.profile import ApplicantProfile
from assistant.contract import AskResult

MAX_TURNS = 20


class Turn(BaseModel):
    question: str
    answer: str


class Conversation(BaseModel):
    notice: str | None = None
    profile: ApplicantProfile = Field(default_factory=ApplicantProfile)
    turns: list[Turn] = Field(default_factory=list)

    def remember(self, question: str, result: AskResult, profile: ApplicantProfile) -> None:
        """Record a turn: the notice it settled on and the applicant's profile carry over."""
        if result.notice:
            self.notice = result.notice
        self.profile = profile
        self.turns = [*self.turns, Turn(question=question, answer=result.answer)][-MAX_TURNS:]
