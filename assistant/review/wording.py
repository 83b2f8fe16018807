"""What a draft's wording shows: its figures, its unsupported praise, its category claims, and
whether it reads as a project plan or a work report. Pure functions over text."""

from __future__ import annotations

import re

from pydantic import BaseModel

from assistant.review.lexicon import (
    COMPARISON,
    PLAN_HEADINGS,
    PROCESS_FORMULAS,
    REPORT_HEADINGS,
    SUBJECTIVE,
    SUPPORTING_CLAUSE,
)
from assistant.review.sections import Section
from assistant.review.wordlists import (
    comparison_extra,
    double_claim_patterns,
    future_cue,
    unfinished,
    unit_after,
)

NUMBER = re.compile(r"(?<![\dA-Za-z.])\d+(?:[,，]\d{3})*(?:\.\d+)?")
CHINESE_QUANTITY = re.compile(
    r"[一二两三四五六七八九十百千]+[万亿]|[一二两三四五六七八九十]+倍|百分之[零一二两三四五六七八九十百点]+"
)
UNIT_AFTER_YEAR = re.compile(r"^(?:\s*[万亿千百]|\s*(?:个|户|人|元|家|项|次|倍|%|％|台|套|条|部|名))")
LIST_AFTER = re.compile(r"^[.、．)）](?!\d)")
TECH_AFTER = re.compile(r"^[GKDgk](?![A-Za-z])")
SENTENCE = re.compile(r"[^。！？!?；;\n]+")
CLAUSE_STOP = re.compile(r"[，,。；;！!？?：:]")
CURRENCY_BEFORE = ("¥", "￥", "$", "＄")
CLAIM_WORDS = re.compile(r"申报|报送|参评|推荐|参选|类别|兼报")
JOINT_CLAIM = re.compile(r"同时(申报|报送|参评|参选)|兼报|分别申报|两个类别|多个类别|跨类别|双类别")
NEGATED_CLAIM = re.compile(r"(仅|只|未|不|没有)(重复)?(申报|报送|参评|选择)|不得")


def figures(text: str) -> list[str]:
    """The quantities in `text` (see `lexicon` for what is not one), as written."""
    found: list[str] = []
    for line in text.splitlines():
        for match in NUMBER.finditer(line):
            if _is_figure(line, match):
                found.append(match.group(0) + line[match.end() : match.end() + 2].strip())
        found.extend(m.group(0) for m in CHINESE_QUANTITY.finditer(line))
    return found


def _is_figure(line: str, match: re.Match[str]) -> bool:
    digits = re.sub(r"[,，]", "", match.group(0))
    before, after = line[: match.start()], line[match.end() :]
    if not before.strip(" #*") and LIST_AFTER.match(after):
        return False  # list marker `1.`
    if before.rstrip().endswith(("（", "(")) and after.startswith(("）", ")")) and len(digits) <= 2:
        return False  # list marker `（1）`
    if re.fullmatch(r"(19|20)\d{2}", digits) and not UNIT_AFTER_YEAR.match(after):
        return False  # a year
    if after[:1] in ("月", "日", "号", "时") or before.endswith("-") or after.startswith("-"):
        return False  # a date, time or phone number
    if "." not in digits and len(digits) >= 7:
        return False  # a phone or account number
    if len(digits) <= 2 and TECH_AFTER.match(after):
        return False  # 5G, 4K, 3D
    return _quantified(line, match)


def _quantified(line: str, match: re.Match[str]) -> bool:
    """A number counts as a figure with a unit (`41.2万`, `98.6%`, `￥30`) or in a clause that
    compares (`由30提高到120`, `30→120`): a bare `1、2、3` says nothing checkable."""
    if unit_after().match(line[match.end() :]) or line[: match.start()].rstrip().endswith(CURRENCY_BEFORE):
        return True
    starts = [m.end() for m in CLAUSE_STOP.finditer(line, 0, match.start())]
    stop = CLAUSE_STOP.search(line, match.end())
    clause = line[starts[-1] if starts else 0 : stop.start() if stop else len(line)]
    return bool(COMPARISON.search(clause) or comparison_extra().search(clause))


def comparisons(text: str) -> int:
    return len(COMPARISON.findall(text))


class SubjectiveHit(BaseModel):
    phrase: str
    clause: str
    weight: float
    supported: bool
    """A figure stands in the same clause (`显著提升至92%` is not 感性描述)."""


def subjective_hits(text: str) -> list[SubjectiveHit]:
    hits: list[SubjectiveHit] = []
    for clause_match in SUPPORTING_CLAUSE.finditer(text):
        clause = clause_match.group(0).strip()
        taken: list[tuple[int, int]] = []
        supported = bool(figures(clause))
        for pattern, weight in SUBJECTIVE:
            for match in pattern.finditer(clause):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                hits.append(
                    SubjectiveHit(phrase=match.group(0), clause=clause, weight=weight, supported=supported)
                )
    return hits


def category_claims(text: str, categories: list[str]) -> list[str]:
    """Sentences that claim more than one of `categories` for the same case."""
    found: list[str] = []
    for match in SENTENCE.finditer(text):
        sentence = match.group(0).strip()
        named = [c for c in categories if c in sentence]
        if not named or NEGATED_CLAIM.search(sentence):
            continue
        joint = len(named) >= 2 and (
            (CLAIM_WORDS.search(sentence) and _joined(sentence, named)) or _double_claim(sentence, named)
        )
        if joint or (JOINT_CLAIM.search(sentence) and _claims_elsewhere(text, named, categories)):
            found.append(sentence)
    return found


def _double_claim(sentence: str, named: list[str]) -> bool:
    """`既属于A，也属于B` and its kin (`knowledge/review.yaml`, `double_claims`), with no 申报 needed."""
    return any(
        pattern.search(sentence)
        for a in named
        for b in named
        if a != b
        for pattern in double_claim_patterns(a, b)
    )


def _joined(sentence: str, named: list[str]) -> bool:
    """Whether two of the named categories stand side by side (`A和B`, `A、B`, `“A”与“B”`)."""
    names = "|".join(map(re.escape, named))
    return bool(
        re.search(rf"({names})[”\"」》]?\s*(和|与|及|、|/|以及|并|跟)\s*[“\"「《]?({names})", sentence)
    )


def _claims_elsewhere(text: str, named: list[str], categories: list[str]) -> bool:
    """A `同时申报X` sentence: X plus another category named anywhere in a claim."""
    others = [c for c in categories if c not in named and c in text]
    return len(named) >= 2 or bool(others)


class ProcessSignal(BaseModel):
    kind: str
    """项目方案 or 工作总结报告: what the material reads like."""
    markers: list[str]


def process_signal(sections: list[Section], text: str) -> ProcessSignal | None:
    """Whether the material reads as a project plan or a work report rather than a case."""
    titles = [s.title for s in sections if s.kind != "preamble"]
    plan = _distinct(PLAN_HEADINGS, titles)
    report = _distinct(REPORT_HEADINGS, titles)
    formulas = sorted({m.group(0) for m in PROCESS_FORMULAS.finditer(text)})
    if formulas:
        kind = "工作总结报告" if any("汇报" in f or "报告" in f for f in formulas) else "项目方案"
        return ProcessSignal(kind=kind, markers=formulas + plan + report)
    if len(plan) >= 3 or len(report) >= 2:
        kind = "项目方案" if len(plan) >= len(report) else "工作总结报告"
        return ProcessSignal(kind=kind, markers=plan + report)
    return None


def _distinct(pattern: re.Pattern[str], titles: list[str]) -> list[str]:
    return sorted({m.group(0) for t in titles for m in pattern.finditer(t)})


def unfinished_sentences(text: str) -> list[str]:
    """Sentences telling the case as not yet finished (`knowledge/review.yaml`, `unfinished`);
    a paragraph or sentence that opens as a plan (`下一步…`) is a plan, not the case."""
    found: list[str] = []
    for paragraph in text.splitlines():
        if future_cue().search(paragraph.strip()[:6]):
            continue
        for match in SENTENCE.finditer(paragraph):
            sentence = match.group(0).strip()
            if sentence and not future_cue().search(sentence) and unfinished().search(sentence):
                found.append(sentence)
    return found
