"""Chinese text primitives: Traditional -> Simplified, 字数, numerals."""

from __future__ import annotations

from functools import cache

import cn2an
from opencc import OpenCC


@cache
def _t2s() -> OpenCC:
    # `t2s`, never `tw2sp`: the latter rewrites 智慧 as 智能
    return OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s().convert(text))


def count_chars(text: str) -> int:
    """字数 as this project counts it everywhere: every character except whitespace."""
    return sum(1 for ch in text if not ch.isspace())


def chinese_numeral(n: int) -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二 (section numbers)."""
    return str(cn2an.an2cn(n))


def chinese_count(n: int) -> str:
    """A number before a measure word: 两份, not 二份."""
    return "两" if n == 2 else chinese_numeral(n)
