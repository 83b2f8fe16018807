"""How Chinese documents number their clauses: the one definition every parser builds on.

Levels as official documents use them: 一、 > （一） > 1. > （1）. Drafts written by applicants
also use half-width brackets, 第一部分, and circled digits; `sections` adds those variants.
"""

from __future__ import annotations

import re

CN_DIGITS = "[一二三四五六七八九十]+"
LEVEL_MARKERS: tuple[str, ...] = (
    rf"{CN_DIGITS}、",
    rf"（{CN_DIGITS}）",
    r"\d{1,2}[、.．](?!\d)",
    r"（\d{1,2}）",
)
"""Marker of each clause level, outermost first."""
ANY_MARKER = re.compile(r"^(?:" + "|".join(LEVEL_MARKERS) + ")")
"""A clause number at the start of a line, of any level."""


def strip_marker(title: str) -> str:
    """A heading without its number (`二、征集类别` -> `征集类别`)."""
    return ANY_MARKER.sub("", title).strip()
