"""Critique of an application draft against its notice's requirements.

Every defect rests on a rule of the notice (its `citation`) and says how to fix it in Chinese.
The checks, in the order defects are reported:

- required elements (`missing_element`), only for a notice that prescribes them (`ledger`);
  where each element is covered is decided by `coverage`;
- length of the 简介 and of the detailed material against the notice's limits, counted by
  `ledger.count_chars` (the summary is the section titled 案例简介/简介/摘要);
- figures: fewer than `needed_figures` quantities where the notice asks for 数据充实、可量化;
- 感性描述: praise and intensifiers with no figure in the same clause, weighted, when their
  weight reaches `subjective_limit` and the notice warns against them;
- the claimed category against the classifier's reading; more than one category claimed where
  the notice allows one (`既属于A，也属于B` too); material that reads as a project plan or a work
  report where the notice forbids process documents;
- a case told as not yet finished (试点阶段, 计划于…上线, 拟, 将于…) where the notice accepts only
  finished cases (its `completed_only` rule); plans in the plans' section are not counted.

The draft's text is data: nothing in it is obeyed, only measured.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from assistant.contract import (
    ClassifyResult,
    CritiqueResult,
    CritiqueStats,
    Defect,
    DefectCode,
    ElementStatus,
)
from assistant.errors import AssistantError
from assistant.knowledge.rules import Element, LengthLimit
from assistant.review.elements import CLEAR_MATCH, cover, element_concepts, heading_score
from assistant.review.ledger import NoticeLedger, count_chars, ledger_for
from assistant.review.lexicon import GUIDANCE, SUMMARY_TITLES
from assistant.review.meaning import Embedder
from assistant.review.sections import Section, bare, end_open_summary, extent, parse_sections
from assistant.review.wording import (
    category_claims,
    comparisons,
    figures,
    process_signal,
    subjective_hits,
    unfinished_sentences,
)
from assistant.text.chinese import chinese_numeral

Classifier = Callable[[str, str], ClassifyResult]
MISMATCH_RATIO = 0.55
"""The claimed category is contradicted when its classifier share is below this part of the top's ..."""
MISMATCH_TOP_SHARE = 0.53
"""... and the top category holds at least this share of the evidence (the reading is clear). The
clear readings of misfiled drafts hold 0.60 and more, the unclear ones of sound drafts 0.46 at
most, in the two development sets with their headings restyled or a title line added; the share
is what separates them, the claimed category's own share barely does."""
FIGURES_PER_CHARS = 600
MIN_FIGURES, ENOUGH_FIGURES = 3, 8
SUBJECTIVE_MIN_WEIGHT = 2.0
SUBJECTIVE_CHARS_PER_WEIGHT = 1500
MAX_EXAMPLES = 8
CLASSIFY_CHARS = 3000
"""The classifier reads the opening of the body (basic facts and practice say what a case is)."""
STATED_CATEGORY = re.compile(r"(?:征集|申报|申请|参评)?类别\s*[：:|]\s*(.+)")


def critique(
    text: str,
    notice: str,
    category: str | None = None,
    classifier: Classifier | None = None,
    embedder: Embedder | None = None,
) -> CritiqueResult:
    """Defects of `text` as material for `notice` (in `category`, when given)."""
    if not text.strip():
        raise AssistantError("申报材料不能为空", code="empty_input")
    ledger = ledger_for(notice)
    notes: list[str] = [ledger.counting]
    claimed = ledger.resolve_category(category) if category else _stated_category(text, ledger)
    # Headings are parsed against every element the notice names, before the category is known.
    every_element = [e for c in ledger.categories for e in ledger.elements_for(c)]
    sections = end_open_summary(
        parse_sections(
            text,
            is_label=lambda label: _is_label(label, every_element, ledger),
            is_title=lambda line: _is_title(line, every_element),
        )
    )
    body = "\n".join(s.body for s in sections)
    classify = _Classification((body or text)[:CLASSIFY_CHARS], notice, classifier)
    target = claimed
    if target is None and ledger.per_category:
        target = classify.result().category
        notes.append(f"未指定类别，按内容判断为“{target}”，据此检查该类别的要素。")
    elements = ledger.elements_for(target)
    summary = [s for s in sections if s.is_summary]
    summary_chars = sum(count_chars(s.body) for s in summary) if summary else None
    total = count_chars(text)
    detail_chars = total - sum(count_chars(s.raw) for s in summary) if ledger.summary_limit else total
    found_figures = figures(body)

    defects: list[Defect] = []
    statuses: list[ElementStatus] = []
    plans: set[int] = set()
    if ledger.note:
        notes.append(ledger.note)
    else:
        coverage = cover(sections, elements, embedder)
        statuses = coverage.statuses
        plans = _plan_sections(elements, coverage.sections_of, sections)
        defects += _missing(elements, statuses)
        notes += [
            f"要素“{s.name}”内容单薄或没有单独标题，建议充实。" for s in statuses if s.status == "partial"
        ]
        if ledger.data_rule:
            notes += _sections_without_figures(elements, coverage.sections_of, sections)
    defects += _lengths(ledger, summary_chars, detail_chars)
    defects += _data(ledger, found_figures, body, detail_chars)
    defects += _subjective(ledger, body, detail_chars)
    if claimed:
        defects += _mismatch(ledger, claimed, classify.result())
    defects += _duplicate(ledger, text)
    defects += _process(ledger, sections, text)
    defects += _unfinished(ledger, [s for s in sections if s.index not in plans])
    return CritiqueResult(
        defects=defects,
        elements=statuses,
        stats=CritiqueStats(
            chars=total, summary_chars=summary_chars, detail_chars=detail_chars, figures=len(found_figures)
        ),
        notice=notice,
        category=target,
        notes=notes,
    )


class _Classification:
    """The classifier's reading of the draft, computed once and only when a check needs it."""

    def __init__(self, text: str, notice: str, classifier: Classifier | None) -> None:
        self.text, self.notice, self.classifier = text, notice, classifier
        self._result: ClassifyResult | None = None

    def result(self) -> ClassifyResult:
        if self._result is None:
            classifier = self.classifier or _default_classifier()
            self._result = classifier(self.text, self.notice)
        return self._result


def _default_classifier() -> Classifier:
    from assistant.answering.classify import classify

    return classify


def _stated_category(text: str, ledger: NoticeLedger) -> str | None:
    """The category a draft names in a `征集类别：…` line (or form row), when it names exactly one."""
    for line in text.splitlines()[:30]:
        match = STATED_CATEGORY.match(line.strip().strip("*#").strip())
        if match:
            named = [c for c in ledger.categories if c in match.group(1)]
            return named[0] if len(named) == 1 else None
    return None


def _is_label(label: str, elements: list[Element], ledger: NoticeLedger) -> bool:
    """Whether a `label：text` line opens a section: a summary, an element, or a form field."""
    if SUMMARY_TITLES.match(bare(label)):
        return True
    if any(bare(label) and bare(label) in bare(f.value) for f in ledger.form_fields):
        return True
    return any(heading_score(label, e) >= CLEAR_MATCH for e in elements)


def _is_title(line: str, elements: list[Element]) -> bool:
    """Whether a line with no numbering or markup is a heading: a summary's or an element's title."""
    return bool(SUMMARY_TITLES.match(bare(line))) or any(
        heading_score(line, e) >= CLEAR_MATCH for e in elements
    )


def _missing(elements: list[Element], statuses: list[ElementStatus]) -> list[Defect]:
    defects = []
    for number, (element, status) in enumerate(zip(elements, statuses, strict=True), start=1):
        if status.status != "missing":
            continue
        concepts = element_concepts(element)
        guide = GUIDANCE[concepts[0]] if concepts else "按通知要求补写该部分内容"
        empty = "（有标题但没有实质内容）" if status.heading else ""
        defects.append(
            Defect(
                code="missing_element",
                element=element.name,
                message=f"缺少通知要求的要素“{element.name}”{empty}。",
                fix=f"补写一节，建议以“{chinese_numeral(number)}、{_short(element.name)}”为标题，{guide}。",
                citation=element.source,
            )
        )
    return defects


def _short(name: str) -> str:
    return re.sub(r"（[^）]*）", "", name)


SUMMARY_ADVICE = "只保留案例是什么、核心做法和两三个关键数据，删去背景铺陈和评价性语句。"
DETAIL_ADVICE = "压缩背景和政策表述、合并重复内容，保留各要素的做法、数据和成效。"


def _lengths(ledger: NoticeLedger, summary_chars: int | None, detail_chars: int) -> list[Defect]:
    checks: list[tuple[DefectCode, LengthLimit | None, int | None, str]] = [
        ("summary_over_length", ledger.summary_limit, summary_chars, SUMMARY_ADVICE),
        ("over_length", ledger.detail_limit, detail_chars, DETAIL_ADVICE),
    ]
    return [
        Defect(
            code=code,
            limit=lim.max_chars,
            actual=actual,
            message=f"{lim.label}共{actual}字，超过通知规定的{lim.max_chars}字。",
            fix=f"把{lim.label}压缩到{lim.max_chars}字以内（约删{actual - lim.max_chars}字）：{advice}",
            citation=lim.source,
        )
        for code, lim, actual, advice in checks
        if lim is not None and actual is not None and actual > lim.max_chars
    ]


def needed_figures(detail_chars: int) -> int:
    """How many quantities material of this length should carry (3 for short text, never above 8)."""
    return min(ENOUGH_FIGURES, max(MIN_FIGURES, round(detail_chars / FIGURES_PER_CHARS)))


def _data(ledger: NoticeLedger, found: list[str], body: str, detail_chars: int) -> list[Defect]:
    rule = ledger.data_rule
    need = needed_figures(detail_chars)
    if rule is None or len(found) >= need:
        return []
    shown = "、".join(found[:5]) if found else "无"
    contrast = "" if comparisons(body) else "，也没有对比性数据"
    return [
        Defect(
            code="lacks_quantitative_data",
            message=f"全文只有{len(found)}处数据（{shown}）{contrast}；通知要求“{rule.value}”，"
            f"这个篇幅至少应有{need}处可核实的数据。",
            fix="在基本情况和成效部分补充反映社会效益、经济效益、用户规模、市场竞争力的数据"
            "（用户数、覆盖户数、收入、增长率、满意度等），并给出实施前后或同比的对比数据；"
            "只写已有统计的真实数据。",
            citation=rule.source,
        )
    ]


def _sections_without_figures(
    elements: list[Element], sections_of: dict[str, list[int]], sections: list[Section]
) -> list[str]:
    """Notes on the results and overview sections that carry no figure (a note, not a defect)."""
    notes = []
    for element in elements:
        wanted = element_concepts(element)
        own = sections_of.get(element.name, [])
        headed_data_section = own and wanted and wanted[0] in ("overview", "result")
        if headed_data_section and not any(figures(sections[i].body) for i in own):
            notes.append(f"“{element.name}”部分没有任何数据，建议补充用户规模、收入、增长率等可核实的数字。")
    return notes


def subjective_limit(detail_chars: int) -> float:
    return max(SUBJECTIVE_MIN_WEIGHT, detail_chars / SUBJECTIVE_CHARS_PER_WEIGHT)


def _subjective(ledger: NoticeLedger, body: str, detail_chars: int) -> list[Defect]:
    rule = ledger.subjective_rule
    if rule is None:
        return []
    loose = [h for h in subjective_hits(body) if not h.supported]
    if sum(h.weight for h in loose) < subjective_limit(detail_chars):
        return []
    phrases = list(dict.fromkeys(h.phrase for h in loose))[:MAX_EXAMPLES]
    clauses = list(dict.fromkeys(h.clause for h in loose))[:3]
    return [
        Defect(
            code="subjective_language",
            examples=phrases,
            message=f"有{len(loose)}处没有数据支撑的感性描述，如“{'”“'.join(clauses)}”；通知要求“{rule.value}”。",
            fix="把评价性说法换成可核实的数据或事实：如把“广受好评”改为满意度、好评率或续订率，"
            "把“极大地提升”改为提升前后的具体数值；删去“非常”“极大地”等修饰语。",
            citation=rule.source,
        )
    ]


def _mismatch(ledger: NoticeLedger, claimed: str, result: ClassifyResult) -> list[Defect]:
    shares = {r.category: r.score for r in result.ranking}
    top = result.category
    if top == claimed or top not in ledger.categories:
        return []
    top_share = shares.get(top, 0.0)
    if top_share < MISMATCH_TOP_SHARE or shares.get(claimed, 0.0) >= MISMATCH_RATIO * top_share:
        return []
    from assistant.knowledge.rules import load_rules

    expected = load_rules(ledger.notice).category(top)
    return [
        Defect(
            code="category_mismatch",
            expected=top,
            message=f"材料申报“{claimed}”，但内容更符合“{top}”的定义"
            f"（内容与两类定义的契合度约 {shares.get(top, 0.0):.0%} 对 {shares.get(claimed, 0.0):.0%}）。",
            fix=f"对照两类定义确认案例的主要着力点：如主要是“{top}”所述内容，改按“{top}”申报；"
            f"如坚持申报“{claimed}”，应突出与“{claimed}”定义相关的场景、做法和成效。",
            citation=expected.source if expected else None,
        )
    ]


def _duplicate(ledger: NoticeLedger, text: str) -> list[Defect]:
    rule = ledger.one_category
    if rule is None:
        return []
    sentences = category_claims(text, ledger.categories)
    if not sentences:
        return []
    return [
        Defect(
            code="duplicate_category_claim",
            message=f"材料声明一个案例申报多个类别：“{sentences[0]}”。",
            fix="同一案例只能选择一个类别申报：选定最契合的一个类别，删去对其他类别的申报表述。",
            citation=rule.source,
        )
    ]


def _process(ledger: NoticeLedger, sections: list[Section], text: str) -> list[Defect]:
    rule = ledger.no_process_documents
    signal = process_signal(sections, text) if rule else None
    if rule is None or signal is None:
        return []
    return [
        Defect(
            code="process_document",
            message=f"材料读起来像{signal.kind}（出现“{'”“'.join(signal.markers[:5])}”等），"
            "通知要求避免直接提交项目方案、技术方案、工作总结报告等过程性资料。",
            fix="按材料编写体例改写为案例材料：删去建设内容清单、进度安排、预算和工作汇报式表述，"
            "改写为已实现的做法、遇到的问题及破解办法、取得的成效（附数据）和可推广的经验。",
            citation=rule.source,
        )
    ]


def _plan_sections(
    elements: list[Element], sections_of: dict[str, list[int]], sections: list[Section]
) -> set[int]:
    """Indices of the sections (with their sub-sections) of the elements that ask for plans."""
    claimed = {i for indices in sections_of.values() for i in indices}
    found: set[int] = set()
    for element in elements:
        if "future" in element_concepts(element):
            for start in sections_of.get(element.name, []):
                found |= {s.index for s in extent(sections, start, lambda s: s.index in claimed)}
    return found


def _unfinished(ledger: NoticeLedger, sections: list[Section]) -> list[Defect]:
    rule = ledger.completed_only
    if rule is None:
        return []
    sentences = unfinished_sentences("\n".join(s.body for s in sections))
    if not sentences:
        return []
    shown = "”“".join(sentences[:3])
    return [
        Defect(
            code="unfinished_case",
            message=f"材料显示案例尚未完成或仍在试点、建设中：“{shown}”；通知要求“{rule.text}”",
            fix="只申报已实际完成、已形成服务能力的案例：写明正式上线或投入使用的时间、已服务的用户和已取得的成效；"
            "仍在试点或建设中的内容移到“下一步发展计划”，或待完成后再申报。",
            citation=rule.source,
        )
    ]
