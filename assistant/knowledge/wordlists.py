"""The shared vocabulary (`knowledge/vocabulary.yaml`): term aliases, domain terms, stop words.

Word lists are data so that a newcomer (or staff) can extend them without reading code; every
module that needs one of them reads it from here.
"""

from __future__ import annotations

from functools import cache

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.knowledge.documents import KNOWLEDGE_DIR


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term_aliases: dict[str, str]
    """A colloquial or short word -> the documents' wording (appended to a query)."""
    domain_terms: tuple[str, ...]
    """Words jieba must keep whole."""
    stopwords: frozenset[str]
    """Words that carry no meaning for search or matching."""
    category_stopwords: frozenset[str]
    """Words too common in case descriptions to tell categories apart (with `stopwords`)."""
    question_words: frozenset[str]
    """Words that ask rather than name what is asked about."""
    silence_texts: dict[str, str]
    """What an answer says when the documents are silent on a topic, by topic."""


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "vocabulary.yaml").read_text(encoding="utf-8"))
    return Vocabulary.model_validate(raw)
