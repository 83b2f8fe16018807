"""Chinese tokens for BM25: jieba's search mode over simplified text, with the domain dictionary.

A dictionary word hides its parts from a plain cut (once 县级融媒体中心 is a word, 融媒体中心 no
longer matches it); `lcut_for_search` adds the two- and three-character parts, and
`_sub_terms` adds the longer dictionary words inside a token.
"""

from __future__ import annotations

import logging
import re
import tempfile
from functools import cache, lru_cache
from pathlib import Path

import jieba

from assistant.knowledge.vocabulary import domain_terms
from assistant.knowledge.wordlists import vocabulary
from assistant.settings import get_settings
from assistant.text.chinese import to_simplified

WORD = re.compile(r"\w")
MIN_SUB_TERM = 4


def _cache_dir() -> Path:
    """jieba's prefix-dictionary cache: inside the data dir when writable, else the temp dir."""
    target = get_settings().retrieval.data_dir / "jieba"
    try:
        target.mkdir(parents=True, exist_ok=True)
    except OSError:
        return Path(tempfile.gettempdir())
    return target


@cache
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.tmp_dir = str(_cache_dir())
    tokenizer.initialize()
    for term in domain_terms():
        tokenizer.add_word(term)
    return tokenizer


@lru_cache(maxsize=4096)
def _sub_terms(token: str) -> tuple[str, ...]:
    """Dictionary words of four or more characters inside a longer token."""
    freq = _tokenizer().FREQ
    n = len(token)
    return tuple(
        token[i:j]
        for size in range(MIN_SUB_TERM, n)
        for i in range(n - size + 1)
        if freq.get(token[i : (j := i + size)], 0) > 0
    )


def _keep(token: str) -> bool:
    if token.isdigit():
        return True
    return len(token) > 1 and token not in vocabulary().stopwords and WORD.search(token) is not None


def tokenize(text: str) -> list[str]:
    """Search-mode tokens of `text`: simplified, lower-cased, without stopwords and punctuation."""
    tokens: list[str] = []
    for raw in _tokenizer().lcut_for_search(to_simplified(text)):
        token = raw.strip().lower()
        if not _keep(token):
            continue
        tokens.append(token)
        if len(token) > MIN_SUB_TERM:
            tokens.extend(_sub_terms(token))
    return tokens


def words(text: str) -> list[str]:
    """Plain (not search-mode) words of `text` with the domain dictionary, without stopwords."""
    return [w for w in (raw.strip().lower() for raw in _tokenizer().lcut(to_simplified(text))) if _keep(w)]


def dictionary_cut(text: str) -> list[str]:
    """jieba's cut by the dictionary alone (no HMM guesses): a run it knows no word for stays in
    single characters, which is where a misspelt word shows (`knowledge.spelling`)."""
    return list(_tokenizer().lcut(text, HMM=False))


def is_dictionary_word(text: str) -> bool:
    return int(_tokenizer().FREQ.get(text, 0)) > 0
