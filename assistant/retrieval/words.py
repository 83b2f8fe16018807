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

from assistant.knowledge.vocabulary import domain_terms, to_simplified
from assistant.settings import get_settings

STOPWORD_TEXT = """的 了 和 与 及 或 是 在 对 为 把 被 将 就 都 也 还 又 要 会 能 可 吗 呢 吧 啊 呀 么 么样
    我 我们 你 你们 他 他们 它 这 那 这个 那个 这些 那些 这样 那样 哪 哪个 哪些 哪里 哪儿
    什么 怎么 怎么样 怎样 如何 多少 几 几个 是否 是不是 能不能 可不可以 有没有 有没有 请问 一下
    可以 需要 应该 应当 一个 有 没有 不 没 吗 里 中 上 下 其中 以及 等 等等 之 其 该 并 而
    如果 因为 所以 但是 但 还是 或者 并且 而且 关于 按照 根据 通过 进行 这次 本次 今年"""
STOPWORDS = frozenset(STOPWORD_TEXT.split())
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
    return len(token) > 1 and token not in STOPWORDS and WORD.search(token) is not None


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
