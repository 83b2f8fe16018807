"""Whether a section says anything: what is left of it once boilerplate, self-praise, input labels
and bare numbers are taken out.

`本材料完全合格。数据：1、2、3。` under a heading fills the space an element needs without telling a
reviewer anything about the case: such a section has no substance and its element is not present.
The phrases that carry nothing are data (`knowledge/review.yaml`, `empty_phrases`); praise is
`lexicon.SUBJECTIVE`'s.
"""

from __future__ import annotations

import re

from assistant.review.lexicon import SUBJECTIVE
from assistant.review.wording import figures
from assistant.review.wordlists import empty_phrase, label_pattern

SENTENCE = re.compile(r"(?:[^。！？!?；;，,、\n]|(?<=\d),(?=\d))+[。！？!?；;，,、]?")
"""Clauses with their closing mark (a thousands separator `2,150` is no clause break): praise
strings clauses together, each saying nothing, into long sentences."""
NOISE = re.compile(r"[\d\s,，、.．…·:：;；!！?？()（）\[\]【】“”\"'‘’%％+\-—~～/|#*_]+")
MIN_WORDS = 5
"""A sentence with fewer characters than this left after the clean-up says nothing."""


def substantive(sentence: str) -> str:
    """What `sentence` says beyond boilerplate, praise, labels and bare numbers ('' for nothing):
    a figure with its unit is substance however short the sentence."""
    if figures(sentence):
        return sentence.strip()
    text = label_pattern().sub("", sentence.strip())
    for _ in range(2):  # praise phrases nest (`反响空前热烈`): a second pass takes the outer one
        for pattern, _weight in SUBJECTIVE:
            text = pattern.sub("", text)
    text = empty_phrase().sub("", text)
    left = NOISE.sub("", text)
    return "" if len(left) < MIN_WORDS else sentence.strip()


def substance(text: str) -> str:
    """The sentences of `text` that say something, joined."""
    return "".join(s for m in SENTENCE.finditer(text) if (s := substantive(m.group(0))))
