"""Whether a citation's quote can be found: verbatim in the normalised text, and in the original.

A reader checks a quote against the document as received, so a quote must also survive that
check: both texts are folded (pinyin annotations dropped, Traditional to Simplified, full-width
digits, a stray `and`, punctuation and whitespace removed, lower case) and the folded quote must
occur in the folded original. A quote that spans a form's cells or a repaired page break is
verbatim in the normalised text but not findable in the original, so it is not used.
"""

from __future__ import annotations

import re
from functools import cache

from assistant.contract import Citation
from assistant.knowledge.documents import document, normalized_text
from assistant.text.chinese import to_simplified

PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")
PUNCT = re.compile(r"[\s“”\"'‘’、，,。.：:；;（）()〔〕\[\]【】《》<>!！?？*#\-—_|·…]")
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def fold(text: str) -> str:
    """The text with every difference normalisation may legitimately introduce folded away."""
    text = to_simplified(PINYIN.sub("", text or "")).translate(FULLWIDTH_DIGITS)
    text = re.sub(r"(?<=[\u4e00-\u9fff])\s*and\s*(?=[\u4e00-\u9fff])", "和", text)
    return PUNCT.sub("", text).lower()


@cache
def _folded_source(doc_id: str) -> str:
    return fold(document(doc_id).source_path.read_text(encoding="utf-8"))


def findable(citation: Citation) -> bool:
    """Verbatim in the normalised text and, folded, in the original document."""
    quote = citation.quote
    return (
        bool(quote) and quote in normalized_text(citation.doc) and fold(quote) in _folded_source(citation.doc)
    )
