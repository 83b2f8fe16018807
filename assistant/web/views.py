"""What the web app shows: result models turned into HTML cards, and the form's option lists.

Pure functions of their arguments (the app passes today's date and the loaded rules in), so
each view is unit-tested without a browser. Every text that comes from a document or a user is
HTML-escaped here; the app never builds HTML itself.
"""

from __future__ import annotations

import html
import re
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

import gradio as gr
import yaml

from assistant.answering.classify import is_clear
from assistant.answering.deadlines import DeadlineStatus, cn_date
from assistant.answering.eligibility import CHANNEL_TEXT, ConditionCheck, EligibilityResult, quota_text
from assistant.answering.profile import KIND_NAMES, LEVEL_NAMES, PROVINCES
from assistant.contract import (
    AskResult,
    Citation,
    ClassifyResult,
    CritiqueResult,
    Defect,
    DraftResult,
    Verdict,
)
from assistant.errors import AssistantError
from assistant.knowledge.clauses import Clause
from assistant.knowledge.documents import registry
from assistant.knowledge.rules import Category, Channel, LengthLimit, NoticeRules, load_rules

BINGTUAN = "新疆生产建设兵团"
VERDICT_NAMES: dict[Verdict, str] = {
    "eligible": "符合申报条件",
    "not_eligible": "不符合申报条件",
    "conditional": "有条件符合",
    "unknown": "无法判断",
}
ELEMENT_WORDS = {"present": "齐全", "partial": "不完整", "missing": "缺失"}
DEADLINE_BADGES = {"passed": "已截止", "open": "征集中", "none": "无截止时间"}
INTERNAL_ERROR = "系统处理时出了问题，请稍后再试；您输入的内容都还在，可以直接重新提交。"

CSS = Path(__file__).with_name("style.css").read_text(encoding="utf-8")
PAGE_JS = Path(__file__).with_name("page.js").read_text(encoding="utf-8")
"""Run once the page has loaded: shows each new question and its answer from the start."""
GRADIO_WORDS: dict[str, str] = yaml.safe_load(
    Path(__file__).with_name("gradio_zh.yaml").read_text(encoding="utf-8")
)
"""Gradio's own interface words in Chinese, by translation key (for `gr.I18n`)."""
GRADIO_LOCALES = ("en", "zh-CN", "zh", "zh-TW")
"""Browser languages that get them: English is Gradio's fallback for every other language."""


def page_options() -> dict[str, Any]:
    """How every page is served: style, script, Chinese interface words, no "Use via API" link
    (the named endpoints still serve clients)."""
    return {
        "css": CSS,
        "js": PAGE_JS,
        "i18n": gr.I18n(**dict.fromkeys(GRADIO_LOCALES, GRADIO_WORDS)),
        "ssr_mode": False,
        "footer_links": [],
    }


def esc(text: str) -> str:
    """Escape for HTML and keep line breaks (a chat message is Markdown, so no blank lines)."""
    return "<br>".join(html.escape(line) for line in text.splitlines() if line.strip())


def doc_name(doc_id: str) -> str:
    info = registry().get(doc_id)
    return info.short_name if info else doc_id


# -- option lists for the forms ------------------------------------------------------------


def notice_choices() -> list[tuple[str, str]]:
    """(label, id) of every call for cases, newest first, for the notice dropdowns."""
    calls = [info for info in registry().values() if info.kind == "call"]
    order = {info.id: position for position, info in enumerate(calls)}
    calls.sort(key=lambda info: (_issued(info.id), order[info.id]), reverse=True)
    return [(info.short_name, info.id) for info in calls]


def newest_call() -> str:
    """The id of the most recently issued call: what every form starts on."""
    return notice_choices()[0][1]


def _issued(doc_id: str) -> date:
    """When a call was issued, from its rules (a call without rules yet sorts as the oldest)."""
    try:
        issued = load_rules(doc_id).issued
    except AssistantError:
        return date.min
    return issued.value if issued else date.min


def document_choices() -> list[tuple[str, str]]:
    return [(info.short_name, info.id) for info in registry().values()]


def kind_choices() -> list[tuple[str, str]]:
    return [(name, kind) for kind, name in KIND_NAMES.items()]


def level_choices() -> list[tuple[str, str]]:
    return [(name, level) for level, name in LEVEL_NAMES.items()]


def province_choices() -> list[str]:
    return [*PROVINCES, BINGTUAN]


def category_choices(rules: NoticeRules | None) -> list[str]:
    return [c.name for c in rules.categories] if rules else []


# -- small pieces --------------------------------------------------------------------------


def badge(state: str, text: str) -> str:
    return f'<span class="badge badge-{html.escape(state)}">{html.escape(text)}</span>'


def verdict_badge(verdict: Verdict, deadline: DeadlineStatus | None) -> str:
    """The verdict as a badge whose colour says what its words say: when the call has closed, a
    positive verdict reads (and is coloured) as closed, never as a green go-ahead."""
    if deadline is not None and deadline.state == "passed" and verdict in ("eligible", "conditional"):
        return badge("passed", f"{VERDICT_NAMES[verdict]}，但征集已截止")
    return badge(verdict, VERDICT_NAMES[verdict])


def form_error(message: str) -> str:
    """A message shown beside the control that caused it ('' clears it)."""
    return f'<div class="form-error" role="alert">{html.escape(message)}</div>' if message else ""


MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
BOLD_LINE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)$")


def unmarked(text: str) -> str:
    """Text as a person reads it: without the `#` and `**` marks the reader writes for Word's heading
    styles and bold lines (they stay in the text that is checked, where they mark sections)."""
    lines = []
    for line in text.split("\n"):
        line = MARKDOWN_HEADING.sub("", line)
        bold = BOLD_LINE.match(line.strip())
        lines.append(bold.group(1) if bold else line)
    return "\n".join(lines)


def checked_text(shown: str, read: str) -> str:
    """What to check: the text read from an upload (with its heading marks) while the box still shows
    it unedited, else what the box holds now."""
    return read if read and unmarked(read) == shown else shown


def deadline_line(doc_id: str, status: DeadlineStatus) -> str:
    """One line that shows at a glance whether the notice's call is still open."""
    return (
        f'<div class="deadline-line">{badge(status.state, DEADLINE_BADGES[status.state])}'
        f"{html.escape(doc_name(doc_id))}：{html.escape(status.text)}</div>"
    )


def deadline_tag(doc_id: str, status: DeadlineStatus) -> str:
    """The call's state in a few words, for the head of an answer that may state the date itself."""
    date = (
        f"（截止{status.deadline.year}年{status.deadline.month}月{status.deadline.day}日）"
        if status.deadline
        else ""
    )
    return (
        f'<div class="deadline-line">{badge(status.state, DEADLINE_BADGES[status.state])}'
        f"{html.escape(doc_name(doc_id))}{date}</div>"
    )


def citation_card(cite: Citation, number: int) -> str:
    """One source; `number` matches the answer's `[n]` markers."""
    return (
        f'<div class="src-card"><span class="src-num">[{number}]</span>'
        f'<span class="src-doc">{html.escape(doc_name(cite.doc))}</span>'
        f'<span class="src-sec">{html.escape(cite.section)}</span>'
        f'<div class="src-quote">{esc(cite.quote)}</div></div>'
    )


def citation_cards(citations: Sequence[Citation], heading: str = "依据", shown: int = 3) -> str:
    """Numbered source cards under a heading (none for one item's single source); beyond the
    first `shown`, cards fold away under a one-click summary so a long answer stays readable."""
    if not citations:
        return ""
    cards = [citation_card(c, i) for i, c in enumerate(citations, start=1)]
    title = f"<b>{html.escape(heading)}（{len(citations)}）</b>" if heading else ""
    folded = ""
    if len(cards) > shown:
        rest = "".join(cards[shown:])
        folded = f"<details><summary>另外 {len(cards) - shown} 条依据</summary>{rest}</details>"
    return f'<div class="src-cards">{title}{"".join(cards[:shown])}{folded}</div>'


def error_message(exc: Exception) -> str:
    """What a person reads when something fails: our own messages as they are, faults in plain words."""
    return exc.message if isinstance(exc, AssistantError) else INTERNAL_ERROR


def error_html(exc: Exception) -> str:
    return f'<div class="error-box">{html.escape(error_message(exc))}</div>'


# -- chat ------------------------------------------------------------------------------------


def answer_message(result: AskResult, deadline: DeadlineStatus | None) -> str:
    """The assistant's chat message: verdict, deadline status, answer, then its sources folded away."""
    parts = []
    if result.verdict:
        parts.append(verdict_badge(result.verdict, deadline))
    if not result.answerable:
        parts.append(badge("unknown", "文件未涉及"))
    head = "".join(parts)
    if result.notice and deadline:
        head += deadline_tag(result.notice, deadline)
    blocks = [
        f"<div>{head}</div>" if head else "",
        f"<div>{esc(result.answer)}</div>",
        folded_sources(result.citations),
    ]
    return "\n\n".join(b for b in blocks if b)


def folded_sources(citations: Sequence[Citation]) -> str:
    """Source cards under a closed summary, so an answer opens at its own first line."""
    if not citations:
        return ""
    cards = "".join(citation_card(c, i) for i, c in enumerate(citations, start=1))
    return (
        f'<details class="src-fold"><summary>查看依据（{len(citations)} 条原文出处）</summary>'
        f'<div class="src-cards">{cards}</div></details>'
    )


FOLLOW_UPS: list[tuple[str, str]] = [
    # (pattern that means the topic was already asked, the follow-up question)
    (r"截止|什么时候|时间", "申报截止时间是什么时候？"),
    (r"材料|要素|体例", "申报材料需要包括哪些要素？"),
    (r"名额|几个|多少个|推荐", "每个省可以推荐多少个案例？"),
    (r"类别|方向|哪一类", "这次征集分哪几个类别？"),
    (r"字数|字|篇幅", "申报材料有字数限制吗？"),
    (r"联系|电话|咨询", "有问题可以联系谁？"),
]
GENERAL_FOLLOW_UPS = [
    "目前有哪些案例征集通知？",
    "县级融媒体中心可以申报哪些征集？",
    "智慧广电发展的指导意见提出了哪些主要任务？",
]


def follow_up_questions(asked: Sequence[str], notice: str | None, limit: int = 3) -> list[str]:
    """Suggested next questions on topics the conversation has not touched yet."""
    history = "".join(asked)
    if notice is None:
        candidates = GENERAL_FOLLOW_UPS
    else:
        candidates = [question for pattern, question in FOLLOW_UPS if not re.search(pattern, history)]
    return [q for q in candidates if q not in asked][:limit]


# -- eligibility -----------------------------------------------------------------------------

CHECK_MARKS = {True: ("present", "满足"), False: ("missing", "不满足"), None: ("partial", "待确认")}


def eligibility_html(result: EligibilityResult) -> str:
    """The verdict card: verdict and summary, each condition with its source, channel, quota, deadline."""
    head = f"{verdict_badge(result.verdict, result.deadline)}{html.escape(result.notice_name)}"
    summary = f"<div>{esc(result.summary)}</div>{deadline_line(result.notice, result.deadline)}"
    if result.question:
        summary += f"<div><b>还需确认：</b>{html.escape(result.question)}</div>"
    checks = "".join(_check_item(c) for c in result.checks)
    facts = ""
    if result.channel_text:
        facts += f"<li><b>申报渠道</b>：{html.escape(result.channel_text)}</li>"
    if result.quota_text:
        facts += f"<li><b>名额</b>：{html.escape(result.quota_text)}</li>"
    return _panel("结论", f"<div>{head}</div>{summary}<ul>{facts}</ul>") + _panel(
        "逐项条件", f"<ul>{checks}</ul>"
    )


def _check_item(check: ConditionCheck) -> str:
    state, word = CHECK_MARKS[check.met]
    source = citation_cards([check.citation], heading="") if check.citation else ""
    return f"<li>{badge(state, word)}<b>{html.escape(check.condition)}</b>：{esc(check.reason)}{source}</li>"


# -- category --------------------------------------------------------------------------------


def classify_html(result: ClassifyResult) -> str:
    """The ranking as a horizontal bar chart, then the rationale and its sources; when no category
    fits, it says so, with the categories to compare and no shares that would look like a judgement."""
    if not is_clear(result):
        names = "、".join(f"“{r.category}”" for r in result.ranking)
        return (
            f'<div class="panel"><h3>{badge("unknown", "无法判断")}暂时无法推荐类别</h3>'
            f'<div class="fact-src">{html.escape(doc_name(result.notice))}</div>'
            f"<div>描述太少或与各类别都不贴近。本通知的类别：{html.escape(names)}。</div></div>"
            f'<div class="panel"><h3>说明</h3>{esc(result.rationale)}{citation_cards(result.citations)}</div>'
        )
    top = max((r.score for r in result.ranking), default=0.0) or 1.0
    rows = []
    for rank in result.ranking:
        width = round(100 * rank.score / top)
        cls = "bar-row bar-top" if rank.category == result.category else "bar-row"
        rows.append(
            f'<div class="{cls}"><span class="bar-label">{html.escape(rank.category)}</span>'
            f'<span class="bar-track"><span class="bar-fill" style="width:{width}%"></span></span>'
            f'<span class="bar-score">{rank.score:.0%}</span></div>'
        )
    return (
        f'<div class="panel"><h3>建议申报类别：{html.escape(result.category)}</h3>'
        f'<div class="fact-src">{html.escape(doc_name(result.notice))}</div>'
        f'<div class="bars">{"".join(rows)}</div></div>'
        f'<div class="panel"><h3>理由</h3>{esc(result.rationale)}{citation_cards(result.citations)}</div>'
    )


# -- critique and draft ----------------------------------------------------------------------


def checklist_html(result: CritiqueResult) -> str:
    rows = []
    for element in result.elements:
        where = html.escape(unmarked(element.heading or ""))
        rows.append(
            f"<tr><td>{html.escape(element.name)}</td>"
            f"<td>{badge(element.status, ELEMENT_WORDS[element.status])}</td><td>{where}</td></tr>"
        )
    done = sum(e.status == "present" for e in result.elements)
    return (
        f'<div class="panel"><h3>必备要素（{done}/{len(result.elements)} 齐全）</h3>'
        '<table class="checklist"><tr><th>要素</th><th>状态</th><th>对应的标题或段落</th></tr>'
        f"{''.join(rows)}</table></div>"
    )


def counters_html(result: CritiqueResult, limits: Sequence[LengthLimit]) -> str:
    """Character counts against the notice's limits (字数 are characters, not tokens)."""
    lines = [f"<li>全文 {result.stats.chars} 字，含数字数据 {result.stats.figures} 处</li>"]
    for limit in limits:
        actual = result.stats.summary_chars if limit.target == "summary" else result.stats.detail_chars
        if limit.target == "detailed_material" and actual is None:
            actual = result.stats.chars
        if actual is None:
            lines.append(f"<li>{html.escape(limit.label)}：未识别到（上限 {limit.max_chars} 字）</li>")
            continue
        over = actual > limit.max_chars
        state = badge("over", f"超出 {actual - limit.max_chars} 字") if over else badge("ok", "未超限")
        lines.append(f"<li>{html.escape(limit.label)}：{actual} / {limit.max_chars} 字 {state}</li>")
    return f'<div class="panel"><h3>字数</h3><ul>{"".join(lines)}</ul></div>'


def defect_html(defect: Defect) -> str:
    fix = f"<div>修改建议：{esc(defect.fix)}</div>" if defect.fix else ""
    examples = f"<div>例如：{html.escape('、'.join(defect.examples))}</div>" if defect.examples else ""
    source = citation_cards([defect.citation], heading="") if defect.citation else ""
    return f"<li><b>{esc(defect.message)}</b>{examples}{fix}{source}</li>"


def defects_html(defects: Sequence[Defect]) -> str:
    if not defects:
        return '<div class="panel"><h3>问题</h3>未发现问题。</div>'
    items = "".join(defect_html(d) for d in defects)
    return f'<div class="panel"><h3>问题（{len(defects)}）</h3><ol>{items}</ol></div>'


def critique_html(result: CritiqueResult, limits: Sequence[LengthLimit], chosen: str | None = None) -> str:
    """The check's basis (notice and category), checklist, counters, problems and notes; `chosen` is
    the category the person picked (None: the check worked it out)."""
    return (
        critique_basis(result, chosen)
        + checklist_html(result)
        + counters_html(result, limits)
        + defects_html(result.defects)
        + notes_html(result.notes)
    )


def critique_basis(result: CritiqueResult, chosen: str | None) -> str:
    """Which notice and category the draft was checked against, and where that category came from."""
    notice = f"“{doc_name(result.notice)}”" if result.notice else "所选通知"
    if result.category is None:
        category = "该通知各类别的材料要求相同，按统一要求检查。"
    elif chosen:
        category = f"按您选择的类别“{result.category}”检查。"
    else:
        category = (
            f"未选择类别，按材料中写明或内容判断的类别“{result.category}”检查；"
            "如不对，请在上方“申报类别”中选择后重新检查。"
        )
    return f'<div class="panel basis"><b>检查依据</b>：{html.escape(notice)}。{html.escape(category)}</div>'


def notes_html(notes: Sequence[str]) -> str:
    if not notes:
        return ""
    items = "".join(f"<li>{esc(n)}</li>" for n in notes)
    return (
        f'<details class="panel notes"><summary>检查说明（{len(notes)}）</summary><ul>{items}</ul></details>'
    )


def draft_html(result: DraftResult) -> str:
    sections = "".join(f"<li>{html.escape(s.element)}：{len(s.text)} 字</li>" for s in result.sections)
    return (
        f'<div class="panel"><h3>初稿结构</h3><ul>{sections}</ul></div>'
        + questions_html(result)
        + defects_html(result.defects)
    )


def questions_html(result: DraftResult) -> str:
    """What the applicant must still answer, element by element (none when the facts suffice)."""
    if not result.questions:
        return ""
    items = "".join(
        f"<li><b>{html.escape(q.element)}</b><ul>{''.join(f'<li>{html.escape(x)}</li>' for x in q.questions)}</ul></li>"
        for q in result.questions
    )
    return f'<div class="panel"><h3>请补充回答</h3><ol>{items}</ol></div>'


# -- knowledge -------------------------------------------------------------------------------


def clause_tree_html(clauses: Sequence[Clause]) -> str:
    """The document as nested, collapsible clauses (top level open)."""
    out = ['<div class="clause-tree">']
    depth = 0
    for clause in clauses:
        level = min(clause.depth, depth + 1)
        while depth >= level:
            out.append("</details>")
            depth -= 1
        opened = " open" if level == 1 else ""
        out.append(
            f"<details{opened}><summary>{html.escape(clause.title)}</summary>"
            f'<div class="clause-text">{html.escape(_body(clause))}</div>'
        )
        depth += 1
    out.extend(["</details>"] * depth)
    out.append("</div>")
    return "".join(out)


def _body(clause: Clause) -> str:
    """The clause's text without its heading line when the summary already shows that line."""
    head, _, rest = clause.text.partition("\n")
    return rest if head.strip() == clause.title else clause.text


def _fact(label: str, value: str, source: Citation | None) -> str:
    src = f' <span class="fact-src">〔{html.escape(source.section)}〕</span>' if source else ""
    return f"<li><b>{html.escape(label)}</b>：{esc(value)}{src}</li>"


def rules_html(rules: NoticeRules, deadline: DeadlineStatus) -> str:
    """A notice's structured rules, every fact with the clause it comes from."""
    basics = f"{deadline_line(rules.id, deadline)}<ul>{''.join(_basic_facts(rules))}</ul>"
    panels = [_panel("基本信息", basics)]
    panels.extend(
        _panel(title, f"<ul>{''.join(items)}</ul>") for title, items in _rule_sections(rules) if items
    )
    return "".join(panels)


def _panel(title: str, body: str) -> str:
    return f'<div class="panel"><h3>{html.escape(title)}</h3>{body}</div>'


def _basic_facts(rules: NoticeRules) -> list[str]:
    facts = [_fact("标题", rules.title.value, rules.title.source)]
    if rules.doc_number:
        facts.append(_fact("文号", rules.doc_number.value, rules.doc_number.source))
    if rules.issued:
        facts.append(_fact("印发日期", cn_date(rules.issued.value), rules.issued.source))
    if rules.platform:
        facts.append(_fact("申报平台", f"{rules.platform.name} {rules.platform.url}", rules.platform.source))
    return facts


def _rule_sections(rules: NoticeRules) -> list[tuple[str, list[str]]]:
    """(heading, list items) of every kind of rule; empty lists are dropped by the caller."""
    sections = [
        ("征集类别", [_category_item(c) for c in rules.categories]),
        ("材料要素", [_fact(e.name, "、".join(e.aliases) or "—", e.source) for e in rules.elements]),
        (
            "申报主体",
            [
                _fact(a.description, _channel_text(a.channel, a.note), a.source)
                for a in rules.eligible_applicants
            ],
        ),
        (
            "推荐名额",
            [_fact("名额", quota_text(q), q.source) for q in rules.quotas],
        ),
        ("字数限制", [_fact(x.label, f"不超过 {x.max_chars} 字", x.source) for x in rules.length_limits]),
        ("申报要求", [_fact(r.name, r.text, r.source) for r in rules.requirements]),
        ("工作流程", [_fact(s.name, s.description, s.source) for s in rules.procedure]),
        (
            "联系方式",
            [_fact(c.role, _contact_text(c.names, c.phones, c.email), c.source) for c in rules.contacts],
        ),
    ]
    if rules.policy:
        parts = rules.policy
        named = [("基本原则", parts.principles), ("主要目标", parts.goals), ("重点任务", parts.tasks)]
        named += [("保障措施", parts.measures), ("主要方面", parts.aspects)]
        sections += [(title, [_fact(i.title, i.summary, i.source) for i in items]) for title, items in named]
    return sections


def _channel_text(channel: Channel, note: str) -> str:
    return CHANNEL_TEXT[channel] + (f"；{note}" if note else "")


def _category_item(category: Category) -> str:
    names = "、".join(e.name for e in category.elements)
    own = f"<div>要素：{html.escape(names)}</div>" if names else ""
    return _fact(category.name, category.definition, category.source) + own


def _contact_text(names: Sequence[str], phones: Sequence[str], email: str | None) -> str:
    return "，".join(p for p in ("、".join(names), "、".join(phones), email or "") if p) or "—"


def today_line(today: date) -> str:
    return f"今天是 {cn_date(today)}；截止时间按这一天判断。"


def related_message(result: AskResult) -> str:
    """A staff-approved answer close to the question, after the generated answer."""
    related = result.related
    if related is None:
        return ""
    when = f"，{related.approved}审核" if related.approved else ""
    return (
        f'\n\n<div class="panel related-answer"><b>相关的工作人员审核答复{html.escape(when)}</b>'
        f"<div>问：{html.escape(related.question)}</div><div>{esc(related.answer)}</div>"
        f"{citation_cards(related.citations)}</div>"
    )
