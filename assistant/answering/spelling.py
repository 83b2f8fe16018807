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
- Misspellings of the words the topic and slot cues are written in (`topic_cues`, `special_cues`,
  `quota_scopes`, `curated_slots`), more strictly, since cue words are common words: the differing
  characters must have the same pinyin ("是什么" stays, not "指什么"), and the run must stand on
  word boundaries of jieba's dictionary cut ("汉字书写" holds no "字书"); a two-character word only
  replaces two characters jieba knows no word for, that never occur in the documents ("中秧" ->
  "中央", "简界" -> "简介", "阶断" -> "阶段"); a typed function word (`stopwords`,
  `question_words`: 有, 那, 是, 只) is read as meant ("都有谁" is not "都由谁").
"""

from __future__ import annotations

import re
from functools import cache

from pypinyin import lazy_pinyin
from rapidfuzz.distance import Levenshtein

from assistant.knowledge.documents import knowledge_text
from assistant.knowledge.vocabulary import category_names, notice_aliases
from assistant.knowledge.wordlists import vocabulary
from assistant.retrieval.words import dictionary_cut, is_dictionary_word
from assistant.text.chinese import to_simplified

CHATTER_LEFT_MIN = 4
"""Fewer word characters than this left once the chatter is gone: the message was only chatter."""
SOUND_MIN = 0.6
"""Normalised pinyin similarity of two characters that count as sound-alike (li/lie, he/he)."""
MIN_WORD = 3
ENGLISH_SHARE = 0.5
CJK = re.compile(r"[\u4e00-\u9fff]")
CJK_RUN = re.compile(r"[\u4e00-\u9fff]{2,}")
REGEX_NOISE = re.compile(r"\[[^\]]*\]|\(\?<?[!=][^)]*\)")
"""Character classes and lookarounds of a cue: what it does not positively say."""
SHORT_YEAR = re.compile(r"(?<![\d.])([12]\d)(?=年(?!来|以来|内|间|代|左右|多))")
"""A year written with two digits ("24年那个", "23年的新服务"); read as 20xx."""


@cache
def _lexicon() -> tuple[str, ...]:
    """Words worth repairing towards, longest first: what names a notice or a thing in one."""
    words = [a for aliases in notice_aliases().values() for a in aliases]
    words += [n for names in category_names().values() for n in names]
    words += list(vocabulary().domain_terms)
    chinese = {w for w in words if len(w) >= MIN_WORD and all(CJK.match(ch) for ch in w)}
    return tuple(sorted(chinese, key=len, reverse=True))


@cache
def _cue_runs() -> frozenset[str]:
    """Each run of Chinese in a cue's regular expression (outside character classes and lookarounds)."""
    v = vocabulary()
    slots = v.curated_slots
    patterns = [
        *v.topic_cues.values(),
        *v.special_cues.values(),
        *v.quota_scopes.values(),
        *slots.scopes.values(),
        *slots.limit_targets.values(),
        *slots.asked_for.values(),
        *(cue for sides in slots.sides.values() for cue in sides.values()),
    ]
    return frozenset(run for p in patterns for run in CJK_RUN.findall(REGEX_NOISE.sub(" ", p)))


@cache
def _cue_words() -> tuple[str, ...]:
    """The words the cues are written in, longest first: the runs and their dictionary words
    ("报送方式" -> 报送, 方式)."""

    runs = _cue_runs()
    words = runs | {w for run in runs for w in dictionary_cut(run) if CJK_RUN.fullmatch(w)}
    return tuple(sorted(words, key=len, reverse=True))


@cache
def _homophones() -> dict[str, tuple[str, ...]]:
    """Two-character cue words by their toneless pinyin."""
    by_sound: dict[str, list[str]] = {}
    for word in _cue_words():
        if len(word) == 2:
            by_sound.setdefault(" ".join(lazy_pinyin(word)), []).append(word)
    return {sound: tuple(words) for sound, words in by_sound.items()}


@cache
def _pinyin(ch: str) -> str:
    return lazy_pinyin(ch)[0]


def sounds_alike(a: str, b: str) -> bool:
    return a == b or Levenshtein.normalized_similarity(_pinyin(a), _pinyin(b)) >= SOUND_MIN


def _same_sound(window: str, word: str) -> bool:
    return all(_pinyin(a) == _pinyin(b) for a, b in zip(window, word, strict=True))


def _near_miss(window: str, word: str) -> bool:
    differing = [(a, b) for a, b in zip(window, word, strict=True) if a != b]
    allowed = 1 if len(word) <= 5 else 2
    return 0 < len(differing) <= allowed and all(sounds_alike(a, b) for a, b in differing)


def _cue_near_miss(window: str, word: str, corpus: str) -> bool:
    """A run one character off a cue word, where that character has the cue's pinyin, is no
    function word (有/由, 那/哪, 是/指 are meant as typed), and restores a two-character word of
    the documents or the cues with a neighbour ("没完城": 完成; not "叫什么" -> "交什么")."""

    differing = [i for i, (a, b) in enumerate(zip(window, word, strict=True)) if a != b]
    if len(differing) != 1:
        return False
    i = differing[0]
    typed, meant = window[i], word[i]
    if _pinyin(typed) != _pinyin(meant) or typed in _function_words():
        return False
    pairs = (word[max(i - 1, 0) : i + 1], word[i : i + 2])
    return any(len(p) == 2 and (p in _cue_runs() or (p in corpus and is_dictionary_word(p))) for p in pairs)


@cache
def _function_words() -> frozenset[str]:
    v = vocabulary()
    return frozenset(w for w in (*v.stopwords, *v.question_words) if len(w) == 1)


def _boundaries(text: str) -> set[int]:
    """Where the words of jieba's dictionary cut of `text` begin and end."""

    ends, at = {0}, 0
    for token in dictionary_cut(text):
        at += len(token)
        ends.add(at)
    return ends


def _repair_near_misses(text: str, words: tuple[str, ...], corpus: str, *, cue_words: bool) -> str:
    """Near misses of `words`; of a cue word only with the same pinyin, on word boundaries."""
    for word in words:
        if word in text:
            continue
        n = len(word)
        for start in range(len(text) - n + 1):
            window = text[start : start + n]
            if window[0] not in word and window[-1] not in word:
                continue  # cheap filter: a near miss shares its first or last character
            if window in corpus:
                continue
            if not (_cue_near_miss(window, word, corpus) if cue_words else _near_miss(window, word)):
                continue
            if not {start, start + n} <= _boundaries(text) and not _same_sound(window, word):
                continue  # "推荐上限" holds no misspelt 推荐函: 上 is part of 上限
            text = text[:start] + word + text[start + n :]
            break
    return text


def _repair_homophones(text: str, corpus: str) -> str:
    """Two single characters (no dictionary word) that sound exactly like one two-character cue word."""

    tokens = dictionary_cut(text)
    out: list[str] = []
    i = 0
    while i < len(tokens):
        window = "".join(tokens[i : i + 2])
        if (
            len(tokens[i]) == 1
            and i + 1 < len(tokens)
            and len(tokens[i + 1]) == 1
            and CJK_RUN.fullmatch(window)
        ):
            found = _homophones().get(" ".join(lazy_pinyin(window)), ())
            repairable = len(found) == 1 and _cue_near_miss(window, found[0], corpus)
            if repairable and window not in corpus and not is_dictionary_word(window):
                out.append(found[0])
                i += 2
                continue
        out.append(tokens[i])
        i += 1
    return "".join(out)


def correct_spelling(text: str) -> str:
    """The text with sound-alike misspellings of the knowledge's and the cues' words repaired."""
    corpus = knowledge_text()
    text = _repair_near_misses(text, _lexicon(), corpus, cue_words=False)
    long_cues = tuple(w for w in _cue_words() if len(w) >= MIN_WORD)
    text = _repair_near_misses(text, long_cues, corpus, cue_words=True)
    return _repair_homophones(text, corpus)


def is_english(text: str) -> bool:
    letters = sum(ch.isascii() and ch.isalpha() for ch in text)
    return letters > 0 and letters >= ENGLISH_SHARE * len(re.sub(r"[\s\d\W]", "", text) or "x")


@cache
def _english_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    terms = sorted(vocabulary().english_terms.items(), key=lambda kv: -len(kv[0]))
    # whole English words, plural too ("quotas", "categories"): next to a Chinese character as well
    # ("的deadline"), never inside a word
    return tuple(
        (re.compile(rf"(?<![A-Za-z]){_english_forms(k)}(?![A-Za-z])", re.IGNORECASE), v) for k, v in terms
    )


def _english_forms(term: str) -> str:
    """A pattern for an English term and its plural."""
    if term.endswith("y") and term[-2:-1] not in "aeiou":
        return rf"(?:{re.escape(term)}|{re.escape(term[:-1])}ies)"
    return rf"{re.escape(term)}(?:e?s)?"


def from_english(text: str) -> str:
    """An English question in the documents' Chinese words (phrases it has no entry for stay)."""
    for pattern, chinese in _english_patterns():
        text = pattern.sub(chinese, text)
    return text


ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")
SPOKEN_YEAR = re.compile(
    r"(?<![零〇一二三四五六七八九十百千万两])([一二][零〇一二三四五六七八九](?:[零〇一二三四五六七八九]{2})?)"
    r"(?=年(?!来|以来|内|间|代|左右|多|级))"
)
"""A year said digit by digit ("二〇二三年", "二零二二年", "二四年"): written as digits, then read like any."""
SPOKEN_DIGITS = str.maketrans("零〇一二三四五六七八九", "00123456789")
FULL_WIDTH_ALNUM = {
    code: code - 0xFEE0 for code in (*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B))
}
"""Full-width digits and Latin letters ("２０２４年") to ASCII; Chinese punctuation stays as typed."""


def unframe(text: str) -> str:
    """A forwarded question as the caller's own ("来电人反映：其单位为县级融媒体中心，咨询……截止日期。
    请相关单位于3个工作日内答复。" -> "我们单位为县级融媒体中心，……截止日期。"): the frame's words
    ("咨询", "来电", "答复") would otherwise read as a question about contacts or as its content."""
    for pattern, replacement in vocabulary().forwarding_frames.items():
        text = re.sub(pattern, replacement, text)
    unframed = re.sub(vocabulary().chatter, "", text).lstrip(" ，,！!。").rstrip(" ，,")
    if len(re.findall(r"\w", unframed)) < CHATTER_LEFT_MIN:  # "好的谢谢" is all chatter: it stays
        unframed = text
    return unframed.strip() or text


def normalize_question(question: str) -> str:
    """Simplified, a forwarding frame and what the speaker took back taken off, full-width digits
    and letters as ASCII, English phrases in Chinese, misspellings of the knowledge's words repaired."""
    text = unframe(to_simplified(question.strip().translate(FULL_WIDTH_ALNUM)))
    for taken_back, replacement in vocabulary().self_corrections.items():
        text = re.sub(taken_back, replacement, text)
    if ENGLISH_WORD.search(text):  # an English question, or English words in a Chinese one ("word limit")
        text = from_english(text)
    text = SPOKEN_YEAR.sub(lambda m: m.group(1).translate(SPOKEN_DIGITS), text)
    text = SHORT_YEAR.sub(r"20\1", text)
    return correct_spelling(text)
