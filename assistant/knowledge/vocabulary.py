"""How people name the notices and the things in them, and what a question refers to.

`NOTICE_ALIASES` and `TERM_ALIASES` are the hand-written core; the structured rules
(`knowledge/rules/*.yaml`, when present) add their aliases and category names, and the clause
tree adds each call's category headings, so a notice added later is recognised without code.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import yaml

from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import call_ids, normalized_text, registry
from assistant.knowledge.wordlists import vocabulary
from assistant.text.chinese import to_simplified
from assistant.text.numbering import strip_marker

log = logging.getLogger(__name__)

YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
YEAR_WORD = re.compile(r"(?<!\d)20\d{2}(?!\d)年?")
ALIAS_POINTS = 10.0
DOC_NUMBER = re.compile(r"[〔\[［](20\d{2})[〕\]］]\s*(\d+)号")
DOC_REFERENCE = re.compile(
    r"[\u4e00-\u9fff]{0,4}[〔\[［(（](?:19|20)\d{2}[〕\]］)）]\s*\d+\s*号(?:文件|文|通知)?"
)
"""A whole document number as people write it ("广电办发[20xx]NN号文"), issuer and brackets included."""
CATEGORY_HEADING = "征集类别"
WORD = re.compile(r"\w{2,}")


def _rules_data() -> list[tuple[str, int, list[str], list[str]]]:
    """(doc id, year, aliases, category names) from the structured rules that exist and load."""
    from assistant.knowledge.rules import all_rules

    try:
        return [(r.id, r.year, r.aliases, [c.name for c in r.categories]) for r in all_rules()]
    except (OSError, ValueError, yaml.YAMLError) as exc:  # a teammate's file may be mid-edit
        log.warning("rules not usable for aliases: %s", exc)
        return []


def _doc_number_aliases(doc_id: str) -> list[str]:
    match = DOC_NUMBER.search(registry()[doc_id].title)
    if not match:
        return []
    year, number = match.groups()
    return [f"{number}号文", f"{number}号", f"〔{year}〕{number}", f"[{year}]{number}"]


@cache
def notice_aliases() -> dict[str, list[str]]:
    """Every alias of every registered document: from its rules and its doc number."""
    merged: dict[str, list[str]] = {doc_id: [] for doc_id in registry()}
    for doc_id, _, aliases, _ in _rules_data():
        merged.setdefault(doc_id, []).extend(aliases)
    for doc_id in registry():
        merged[doc_id].extend(_doc_number_aliases(doc_id))
    return {
        doc_id: list(dict.fromkeys(to_simplified(a) for a in aliases)) for doc_id, aliases in merged.items()
    }


@cache
def category_names() -> dict[str, list[str]]:
    """Category names by call: the rules' categories and the headings under `征集类别`."""
    names: dict[str, list[str]] = {doc_id: [] for doc_id in call_ids()}
    for doc_id in call_ids():
        for clause in clauses_of(doc_id):
            if clause.parents and CATEGORY_HEADING in clause.parents[-1]:
                names[doc_id].append(strip_marker(clause.title).rstrip("…").strip())
    for doc_id, _, _, categories in _rules_data():
        names.setdefault(doc_id, []).extend(categories)
    return {doc_id: list(dict.fromkeys(n for n in found if len(n) >= 4)) for doc_id, found in names.items()}


@cache
def notice_years() -> dict[str, int | None]:
    """The year of each document: from its rules, its title, or a date near the top of its text."""
    years: dict[str, int | None] = {}
    for doc_id, info in registry().items():
        match = YEAR.search(info.title) or YEAR.search(normalized_text(doc_id)[:300])
        years[doc_id] = int(match.group(1)) if match else None
    for doc_id, year, _, _ in _rules_data():
        years[doc_id] = year
    return years


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Aliases starting with a digit must not match inside a longer number (90号 vs 190号)."""
    prefix = r"(?<!\d)" if alias[:1].isdigit() else ""
    return re.compile(prefix + re.escape(alias), re.IGNORECASE)


def notice_scores(text: str) -> dict[str, float]:
    """How strongly the text names each document: an alias or doc number (10 + its length), a
    category name only that notice has (8+), the document's year (5); absent when not named."""
    text = to_simplified(text)
    scores: dict[str, float] = {}

    def credit(doc_id: str, points: float) -> None:
        scores[doc_id] = scores.get(doc_id, 0.0) + points

    for doc_id, aliases in notice_aliases().items():
        hits = [a for a in aliases if _alias_pattern(a).search(text)]
        if hits:
            credit(doc_id, ALIAS_POINTS + max(len(a) for a in hits))
    owners: dict[str, set[str]] = {}
    for doc_id, names in category_names().items():
        for name in names:
            owners.setdefault(name, set()).add(doc_id)
    for name, docs in owners.items():
        if len(docs) == 1 and name in text:
            credit(next(iter(docs)), 8 + len(name) / 10)
    mentioned = {int(y) for y in YEAR.findall(text)}
    for doc_id, year in notice_years().items():
        if year in mentioned:
            credit(doc_id, 5)
    return scores


def infer_notices(text: str) -> list[str]:
    """Documents the text names, strongest first; [] when it names none."""
    scores = notice_scores(text)
    order = list(registry())
    return sorted(scores, key=lambda d: (-scores[d], order.index(d)))


def strip_notice_names(text: str) -> str:
    """The text without the words that name a notice (aliases, doc numbers, years): once the
    notice is chosen they match every clause of it and only blur the ranking."""
    text = to_simplified(text)
    aliases = sorted({a for names in notice_aliases().values() for a in names}, key=len, reverse=True)
    text = DOC_REFERENCE.sub(" ", text)
    for alias in aliases:
        text = _alias_pattern(alias).sub(" ", text)
    return YEAR_WORD.sub(" ", text)


def _term_pattern(term: str) -> re.Pattern[str]:
    if term.isascii():
        return re.compile(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", re.IGNORECASE)
    return re.compile(re.escape(term))


@cache
def _term_patterns() -> list[tuple[re.Pattern[str], str]]:
    aliases = vocabulary().term_aliases
    return [(_term_pattern(k), v) for k, v in sorted(aliases.items(), key=lambda kv: -len(kv[0]))]


def term_expansions(text: str) -> list[tuple[str, str]]:
    """(the colloquial term as typed, the documents' wording for it) of every term alias the
    simplified `text` uses, unless it already uses the documents' wording."""
    found = []
    for pattern, canonical in _term_patterns():
        match = pattern.search(text)
        if match and canonical not in text:
            found.append((match.group(0), canonical))
    return found


def expand_query(text: str) -> str:
    """The query in simplified characters, with the documents' wording for colloquial terms appended."""
    text = to_simplified(text)
    return " ".join([text, *dict.fromkeys(canonical for _, canonical in term_expansions(text))])


@cache
def domain_terms() -> list[str]:
    """The jieba domain dictionary: terms of art, canonical terms, aliases and category names."""
    terms = [*vocabulary().domain_terms, *vocabulary().term_aliases.values()]
    terms += [a for aliases in notice_aliases().values() for a in aliases]
    terms += [n for names in category_names().values() for n in names]
    return sorted({t for t in terms if WORD.fullmatch(t) and not t[:1].isdigit()})
