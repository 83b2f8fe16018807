"""Prompt templates: YAML files in prompts/, validated, with `$var` substitution.

`string.Template` rather than `str.format`, so braces (JSON examples) need no escaping; values
are inserted verbatim, never substituted again, so user text cannot inject a `$var`.
"""

from __future__ import annotations

from functools import cache
from string import Template

import yaml
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, ConfigDict, Field, field_validator

from assistant.settings import PROJECT_DIR

PROMPTS_DIR = PROJECT_DIR / "prompts"


class PromptTemplate(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="Equals the file name without `.yaml`.")
    description: str = Field(description="What the prompt is for, for readers of the file.")
    system: str = Field(description="The system message; `$var` placeholders allowed.")
    user: str = Field(description="The user message; `$var` placeholders allowed.")

    @field_validator("system", "user")
    @classmethod
    def _valid_template(cls, text: str) -> str:
        if not Template(text).is_valid():
            raise ValueError("invalid $placeholder (write $$ for a literal dollar sign)")
        return text

    def variables(self) -> set[str]:
        return {*Template(self.system).get_identifiers(), *Template(self.user).get_identifiers()}

    def render(self, **values: str) -> list[BaseMessage]:
        """System and user messages with every placeholder filled; a missing or unknown name raises."""
        expected = self.variables()
        if set(values) != expected:
            raise ValueError(
                f"prompt {self.name!r} takes {sorted(expected)}, got {sorted(values)}",
            )
        return [
            SystemMessage(Template(self.system).substitute(values)),
            HumanMessage(Template(self.user).substitute(values)),
        ]


@cache
def load_prompt(name: str) -> PromptTemplate:
    path = PROMPTS_DIR / f"{name}.yaml"
    prompt = PromptTemplate.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))
    if prompt.name != name:
        raise ValueError(f"{path} is named {prompt.name!r}; the name must match the file")
    return prompt
