"""A chat model that answers from recorded replies, to measure the LLM path of curated matching
with a model that cannot run here (`python -m eval.faq_match --llm-prompts / --llm-replies`).

Record: every prompt the product sends is written out (keyed by a hash of its messages) and the
call fails, so the product decides without the model. Replay: each prompt gets the reply recorded
for its key, written by whatever model stands in (a person or an LLM given the prompts file);
a prompt with no reply fails the call, as an unreachable model would.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import SimpleChatModel
from langchain_core.messages import BaseMessage
from pydantic import BaseModel, Field


class RecordedPrompt(BaseModel):
    key: str
    system: str
    user: str


def prompt_key(messages: list[BaseMessage]) -> str:
    return hashlib.sha256("\n".join(m.text for m in messages).encode("utf-8")).hexdigest()[:16]


class ReplayChatModel(SimpleChatModel):
    replies: dict[str, str] = Field(default_factory=dict)
    recorded: dict[str, RecordedPrompt] = Field(default_factory=dict)
    unanswered: int = 0

    @property
    def _llm_type(self) -> str:
        return "replay"

    def _call(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> str:
        key = prompt_key(messages)
        if key in self.replies:
            return self.replies[key]
        self.recorded[key] = RecordedPrompt(key=key, system=messages[0].text, user=messages[-1].text)
        self.unanswered += 1
        raise LookupError(f"no recorded reply for prompt {key}")

    def write_prompts(self, path: Path) -> None:
        path.write_text("".join(p.model_dump_json() + "\n" for p in self.recorded.values()), encoding="utf-8")


def read_replies(path: Path) -> dict[str, str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {str(row["key"]): str(row["reply"]) for row in rows}
