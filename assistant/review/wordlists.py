"""The critique's and the drafter's word lists, read from `knowledge/review.yaml` (data, not code).

Each list is compiled once into the pattern its check uses; what a list means is documented
beside it in the YAML file.
"""

from __future__ import annotations

import re
from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.knowledge.documents import KNOWLEDGE_DIR
from assistant.review.lexicon import Concept

WORDLISTS = KNOWLEDGE_DIR / "review.yaml"


class Template(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lead: str
    enumerate: bool


class Wordlists(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    empty_phrases: list[str]
    units: list[str]
    quantity_approximators: list[str]
    comparison_extra: list[str]
    unfinished: list[str]
    future_cues: list[str]
    double_claims: list[str]
    labels: dict[str, Concept | None]
    templates: dict[Concept, Template]
    questions: dict[Concept, list[str]]

    def pattern(self, phrases: list[str]) -> re.Pattern[str]:
        return re.compile("|".join(f"(?:{p})" for p in phrases))


@cache
def wordlists() -> Wordlists:
    raw = yaml.safe_load(WORDLISTS.read_text(encoding="utf-8"))
    raw["labels"] = {k: (v or None) for k, v in raw["labels"].items()}
    return Wordlists.model_validate(raw)


@cache
def empty_phrase() -> re.Pattern[str]:
    return wordlists().pattern(wordlists().empty_phrases)


@cache
def unit_after() -> re.Pattern[str]:
    """A unit right after a number (`万`, `%`, `余个`), longest units first."""
    lists = wordlists()
    units = sorted(set(lists.units), key=len, reverse=True)
    approx = "".join(map(re.escape, lists.quantity_approximators))
    return re.compile(rf"^\s*[{approx}]?\s*(?:{'|'.join(map(re.escape, units))})")


@cache
def comparison_extra() -> re.Pattern[str]:
    return wordlists().pattern(wordlists().comparison_extra)


@cache
def unfinished() -> re.Pattern[str]:
    return wordlists().pattern(wordlists().unfinished)


@cache
def future_cue() -> re.Pattern[str]:
    return wordlists().pattern(wordlists().future_cues)


def double_claim_patterns(first: str, second: str) -> list[re.Pattern[str]]:
    """The double-claim patterns for categories `first` and `second` (both orders are tried by
    the caller)."""
    a, b = _loose_name(first), _loose_name(second)
    return [re.compile(p.replace("{A}", a).replace("{B}", b)) for p in wordlists().double_claims]


def _loose_name(category: str) -> str:
    """A category name as a pattern that tolerates quotes and a trailing 类."""
    return rf"[“\"「《]?{re.escape(category)}[”\"」》]?(?:类)?"


@cache
def label_pattern() -> re.Pattern[str]:
    """An input label at the head of a line or sentence: `数据：`, `关键数据:`."""
    names = sorted(wordlists().labels, key=len, reverse=True)
    return re.compile(rf"^\s*(?:{'|'.join(map(re.escape, names))})\s*[：:]\s*")
