"""Scoring rules, with the same meaning as `../shared/tools/score.py` (the external scorer).

`norm` (the assistant's own `citations.fold`), `contains`, `answer_passes` and `critique_counts`
reproduce score.py's functions of the same names rule for rule, so a figure of this harness and the same figure of score.py agree
(a test compares them on shared cases when score.py is at hand). Nothing is imported from
`../shared`: the harness must run where only the project is checked out.

Everything here is pure: rows of the data sets and results of `batch` are the JSON dicts the
contract defines (../shared/CONTRACT.md), so the rules read them as such.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Any

from assistant.knowledge.citations import fold as norm


def contains(hay: str, quote: str, share: float = 0.8) -> bool:
    """True when `quote` (or a run of `share` of it) occurs in `hay`, both normalised."""
    h, q = norm(hay), norm(quote)
    if not q:
        return False
    if q in h:
        return True
    need = max(6, int(len(q) * share))
    return any(q[i : i + need] in h for i in range(len(q) - need + 1))


def quote_verbatim(document_text: str, quote: str) -> bool:
    """score.py's citation check: the whole quote occurs in the document, once both are folded."""
    return contains(document_text, quote, share=1.0)


def answer_passes(item: dict[str, Any], result: dict[str, Any]) -> bool:
    """An answerable question passes when every `must_include` group has an alternative in the
    answer; an unanswerable one passes only when the result says `answerable: false`. With
    `silence_ok` the gold answer is itself "the notice sets no such rule, only …", so either flag
    passes when the groups hold (CONTRACT.md)."""
    if "error" in result:
        return False
    if not item.get("answerable", True):
        return result.get("answerable") is False
    if result.get("answerable") is False and not item.get("silence_ok"):
        return False
    answer = norm(result.get("answer", ""))
    return all(any(norm(alt) in answer for alt in group) for group in item.get("must_include", []))


def defect_key(defect: dict[str, Any]) -> tuple[str, str]:
    """What a defect is matched on: its code and its element (or expected category)."""
    return defect.get("code", ""), norm(defect.get("element") or defect.get("expected") or "")


def critique_counts(
    gold_defects: list[dict[str, Any]], got_defects: list[dict[str, Any]]
) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives) of (code, element/expected) pairs.

    A gold defect without an element matches any found defect of its code; otherwise one
    element must contain the other (after `norm`). Each found defect matches at most once.
    """
    gold, got = [defect_key(d) for d in gold_defects], [defect_key(d) for d in got_defects]
    used: set[int] = set()
    tp = 0
    for g in gold:
        for i, o in enumerate(got):
            if i in used or o[0] != g[0]:
                continue
            if not g[1] or (o[1] and (g[1] in o[1] or o[1] in g[1])):
                used.add(i)
                tp += 1
                break
    return tp, len(got) - len(used), len(gold) - tp


def gold_rank(hit_texts: Sequence[str], gold_quotes: Iterable[str]) -> int | None:
    """1-based rank of the first hit that holds a gold quote (score.py's retrieval rule), or None."""
    quotes = list(gold_quotes)
    for rank, text in enumerate(hit_texts, start=1):
        if any(contains(text, q) for q in quotes):
            return rank
    return None


def rate(flags: Sequence[bool]) -> float | None:
    """Share of true flags, rounded as score.py rounds; None when there is nothing to rate."""
    return round(sum(flags) / len(flags), 3) if flags else None


def ratio(part: float, whole: float) -> float | None:
    return round(part / whole, 3) if whole else None


def mean(values: Sequence[float]) -> float | None:
    return round(sum(values) / len(values), 3) if values else None


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0-100) by linear interpolation between closest ranks."""
    if not values:
        raise ValueError("percentile of no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low, high = math.floor(pos), math.ceil(pos)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


LABEL = re.compile(r"^[^，,。；;：:\s]{1,8}[：:]\s*")
"""An input label at the head of a fact (`数据：`, `成效：`), which a draft may drop."""


def section_of(element: str, sections: Sequence[dict[str, Any]]) -> dict[str, Any] | None:
    """The draft section of the element a fact sheet names (its name as the notice words it, or a
    shortening of it): an exact name first, then one name containing the other, then the section
    whose name shares most character pairs with it."""
    wanted = norm(element)
    named = [s for s in sections if isinstance(s, dict) and isinstance(s.get("element"), str)]
    if not wanted or not named:
        return None
    for test in (
        lambda name: name == wanted,
        lambda name: bool(name) and (wanted in name or name in wanted),
    ):
        found = [s for s in named if test(norm(s["element"]))]
        if found:
            return min(found, key=lambda s: len(norm(s["element"])))
    pairs = {wanted[i : i + 2] for i in range(len(wanted) - 1)}
    best = max(named, key=lambda s: len(pairs & _pairs(norm(s["element"]))))
    return best if pairs & _pairs(norm(best["element"])) else None


def _pairs(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def placed(fact: str, element: str, sections: Sequence[dict[str, Any]]) -> bool:
    """Whether `fact` (its input label aside) ends up in the section of `element` (score.py's
    `contains`: the whole fact, or a run of 80 % of it, after `norm`)."""
    section = section_of(element, sections)
    core = LABEL.sub("", fact.strip()) or fact
    return section is not None and contains(str(section.get("text", "")), core)


def figure_kept(figure: str, text: str) -> bool:
    """Whether `figure` stands verbatim in the draft (whitespace aside)."""
    squeeze = re.compile(r"\s+")
    return bool(figure.strip()) and squeeze.sub("", figure) in squeeze.sub("", text)
