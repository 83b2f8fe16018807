"""Questions as people type them, folded to the documents' wording before anything reads them.

Three repairs, all driven by data:

- Traditional characters become Simplified (OpenCC).
- English questions: phrases of `english_terms` (`knowledge/vocabulary.yaml`) are replaced by
  their Chinese wording, so the Chinese cues, aliases and years recognise them. Answers stay in
  Chinese (the documents and every citation are Chinese); the service adds a one-line English
  note (`vocabulary.yaml: english_note`).
- Years written with two digits ("24年那个") get their century.
- Misspellings of the knowledge's own words (notice aliases, category names, domain terms):
  a run of the question that differs from such a word in one character (two for long words),
  where the differing characters sound alike (toneless pinyin, compared with rapidfuzz), and
  that never occurs in the documents, is replaced by the word ("示范案列" -> "示范案例",
  "新服物" -> "新服务", "融和案例" -> "融合案例"). No list of typos is kept.
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin
from rapidfuzz.distance import Levenshtein

from assistant.knowledge.wordlists import vocabulary
from assistant.text.chinese import to_simplified

SOUND_MIN = 0.6
"""Normalised pinyin similarity of two characters that count as sound-alike (li/lie, he/he)."""
MIN_WORD = 3
ENGLISH_SHARE = 0.5
CJK = re.compile(r"[\u4e00-\u9fff]")
SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)(?=年(?!来|以来|内|间|代|左右|多))")
"""A year written with two digits ("24年那个", "23年的新服务"); read as 20xx."""


@cache
def _lexicon() -> tuple[str, ...]:
    """Words worth repairing towards, longest first: what names a notice or a thing in one."""
    from assistant.knowledge.vocabulary import category_names, notice_aliases

    words = [a for aliases in notice_aliases().values() for a in aliases]
    words += [n for names in category_names().values() for n in names]
    words += list(vocabulary().domain_terms)
    chinese = {w for w in words if len(w) >= MIN_WORD and all(CJK.match(ch) for ch in w)}
    return tuple(sorted(chinese, key=len, reverse=True))


@cache
def _pinyin(ch: str) -> str:
    return lazy_pinyin(ch)[0]


def sounds_alike(a: str, b: str) -> bool:
    return a == b or Levenshtein.normalized_similarity(_pinyin(a), _pinyin(b)) >= SOUND_MIN


def _near_miss(window: str, word: str) -> bool:
    differing = [(a, b) for a, b in zip(window, word, strict=True) if a != b]
    allowed = 1 if len(word) <= 5 else 2
    return 0 < len(differing) <= allowed and all(sounds_alike(a, b) for a, b in differing)


def correct_spelling(text: str) -> str:
    """The text with sound-alike misspellings of the knowledge's words repaired."""
    from assistant.knowledge.documents import knowledge_text

    corpus = knowledge_text()
    for word in _lexicon():
        if word in text:
            continue
        n = len(word)
        for start in range(len(text) - n + 1):
            window = text[start : start + n]
            if window[0] not in word and window[-1] not in word:
                continue  # cheap filter: a near miss shares its first or last character
            if _near_miss(window, word) and window not in corpus:
                text = text[:start] + word + text[start + n :]
                break
    return text


def is_english(text: str) -> bool:
    letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    return letters > 0 and letters >= ENGLISH_SHARE * len(re.sub(r"[\s\d\W]", "", text) or "x")


@cache
def _english_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    terms = sorted(vocabulary().english_terms.items(), key=lambda kv: -len(kv[0]))
    return tuple((re.compile(rf"\b{re.escape(k)}\b", re.IGNORECASE), v) for k, v in terms)


def from_english(text: str) -> str:
    """An English question in the documents' Chinese words (phrases it has no entry for stay)."""
    for pattern, chinese in _english_patterns():
        text = pattern.sub(chinese, text)
    return text


def normalize_question(question: str) -> str:
    """Simplified, English phrases in Chinese, misspellings of the knowledge's words repaired."""
    text = to_simplified(question.strip())
    if is_english(text):
        text = from_english(text)
    text = SHORT_YEAR.sub(r"20\1", text)
    return correct_spelling(text)
