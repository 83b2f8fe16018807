"""Editions of a recurring call: which supersedes which, which is open today, and which edition a
question means (the newest unless it names a year; a province's own notice only when it names
the province)."""

from __future__ import annotations

import re
from datetime import date

from assistant.knowledge.documents import DocumentInfo, registry
from assistant.knowledge.issuers import is_provincial, region_of
from assistant.knowledge.rules import NoticeRules, load_rules

NAMED_YEAR = re.compile(r"(20\d{2})\s*(?:年|届|版)?")
NAMED_NUMBER = re.compile(r"\d{1,4}\s*号")


def deadlines(rules: NoticeRules) -> list[date]:
    found = sorted({d.value for d in rules.deadlines} | ({rules.deadline.value} if rules.deadline else set()))
    return found


def next_deadline(rules: NoticeRules, today: date) -> date | None:
    """The first deadline not yet passed, else the last one (None when the notice states none)."""
    found = deadlines(rules)
    return next((d for d in found if d >= today), found[-1] if found else None)


def is_open(rules: NoticeRules, today: date) -> bool:
    if rules.issued is not None and rules.issued.value > today:
        return False
    return any(d >= today for d in deadlines(rules))


def issuer_of(rules: NoticeRules) -> str | None:
    return rules.issuing_office.value if rules.issuing_office else None


def is_national(rules: NoticeRules) -> bool:
    return not is_provincial(issuer_of(rules))


def _calls() -> list[tuple[DocumentInfo, NoticeRules]]:
    return [(info, load_rules(doc_id)) for doc_id, info in registry().items() if info.kind == "call"]


def _edition_key(rules: NoticeRules) -> tuple[int, date]:
    return rules.year, rules.issued.value if rules.issued else date.min


def family_editions(family: str) -> list[NoticeRules]:
    """The national editions of a family, oldest first (provincial forwardings are not editions)."""
    members = [r for info, r in _calls() if info.family == family and is_national(r)]
    return sorted(members, key=_edition_key)


def supersedes(doc_id: str) -> str | None:
    """The edition this one replaces: the previous national edition of its family."""
    info = registry()[doc_id]
    rules = load_rules(doc_id) if info.kind == "call" else None
    if rules is None or info.family is None or not is_national(rules):
        return None
    editions = family_editions(info.family)
    earlier = [r for r in editions if _edition_key(r) < _edition_key(rules)]
    return earlier[-1].id if earlier else None


def superseded(doc_id: str) -> bool:
    return any(supersedes(other) == doc_id for other in registry() if other != doc_id)


def current_calls() -> list[str]:
    """Calls a question naming none may mean: the newest national edition of each family and
    every call of no family; superseded editions and provincial notices are left out."""
    found = []
    for info, rules in _calls():
        if info.family is None:
            if is_national(rules):
                found.append(info.id)
        elif not superseded(info.id) and is_national(rules):
            found.append(info.id)
    return found


def open_calls(today: date) -> list[NoticeRules]:
    """Every call open today (national or provincial), the soonest deadline first."""
    found = [r for _, r in _calls() if is_open(r, today)]
    return sorted(found, key=lambda r: next_deadline(r, today) or date.max)


def resolve(question: str, candidates: list[str]) -> list[str]:
    """Narrow the notices a question names to the edition it means, family by family: a
    province's notice when the question names the province, else the national editions; the
    edition of a year the question names, else the newest. A question that names a document
    number meant that document: it is left as named."""
    if NAMED_NUMBER.search(question):
        return candidates
    infos = registry()
    candidates = _best_named(question, candidates)
    years = {int(y) for y in NAMED_YEAR.findall(question)}
    chosen: list[str] = []
    done: set[str] = set()
    for doc_id in candidates:
        family = infos[doc_id].family if doc_id in infos else None
        if family is None:
            chosen.append(doc_id)
            continue
        if family in done:
            continue
        done.add(family)
        chosen += _choose(question, family, years)
    return list(dict.fromkeys(chosen))


def _best_named(question: str, candidates: list[str]) -> list[str]:
    """An added notice of no family stays only when nothing is named more strongly: its title's
    words (公益广告, 纪录片) are often shared, and the stronger match is the notice meant."""
    from assistant.knowledge.vocabulary import notice_scores

    infos = registry()
    scores = notice_scores(question)
    best = max((scores.get(c, 0.0) for c in candidates), default=0.0)
    regional = [c for c in candidates if c in infos and (_region(c) or "\0") in question]
    if any(scores.get(c, 0.0) >= best for c in regional):
        candidates = regional  # "向云南省广电局报送……": the province's notice, not the one it forwards
    return [
        c
        for c in candidates
        if c not in infos or infos[c].origin == "builtin" or infos[c].family or scores.get(c, 0.0) >= best
    ]


def _region(doc_id: str) -> str | None:
    info = registry()[doc_id]
    return region_of(issuer_of(load_rules(doc_id))) if info.kind == "call" else None


def _choose(question: str, family: str, years: set[int]) -> list[str]:
    """The edition meant: a named province's notice; else a national edition of a named year;
    else any notice of a named year; else the newest national edition."""
    members = [r for info, r in _calls() if info.family == family]
    regional = [r for r in members if (region_of(issuer_of(r)) or "\0") in question]
    national = [r for r in members if is_national(r)] or members
    for pool in ([regional] if regional else []) + [national, members]:
        dated = [r for r in pool if r.year in years]
        if dated:
            return [r.id for r in sorted(dated, key=_edition_key, reverse=True)]
    return [max(regional or national, key=_edition_key).id]


def newest_named(question: str, doc_id: str) -> bool:
    """Whether `doc_id` was chosen as the newest of several editions (the question names no year)."""
    info = registry().get(doc_id)
    if info is None or info.family is None or NAMED_YEAR.search(question) or NAMED_NUMBER.search(question):
        return False
    editions = family_editions(info.family)
    return len(editions) > 1 and editions[-1].id == doc_id
