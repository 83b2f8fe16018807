"""One function per topic: a notice's rules turned into the facts that answer that topic.

Each fact is a sentence in plain Chinese that states a value from the rules, with the rule's
source as its citation; the sentence never says more than the cited clause does.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from assistant.answering.classify import is_clear
from assistant.answering.deadlines import after_deadline_advice, cn_date, deadline_status
from assistant.answering.eligibility import CHANNEL_TEXT, SCOPE_TEXT, assess, quota_text
from assistant.answering.grounding import Fact, content_words, coverage
from assistant.answering.intent import GLOBAL_SILENCE, TOPIC_CUES, Intent, Topic
from assistant.answering.profile import ApplicantProfile
from assistant.contract import Citation, Verdict
from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import call_ids, document, policy_ids, registry
from assistant.knowledge.editions import is_national
from assistant.knowledge.rules import Category, Contact, DateFact, Element, NoticeRules, SilentTopic, TextFact
from assistant.knowledge.wordlists import vocabulary
from assistant.text.chinese import chinese_count

if TYPE_CHECKING:
    from assistant.answering.context import AnswerDeps

TOPIC_ORDER: list[Topic] = [
    "eligibility",
    "channel",
    "deadline",
    "quota",
    "limits",
    "data",
    "elements",
    "category_suggest",
    "category_def",
    "requirements",
    "special",
    "purpose",
    "procedure",
    "platform",
    "materials",
    "contacts",
    "support",
    "doc_info",
]
DOCUMENT_TOPICS: set[Topic] = {"doc_info", "contacts", "purpose"}
"""Topics every document answers, a policy document as well as a call."""
BROAD_TOPICS: set[Topic] = {"materials", "procedure", "special", "requirements", "support", "data"}
"""Topics whose facts are many; only those the question is about are shown."""


def silence_text(topic: SilentTopic, default: str = "通知没有这方面的规定") -> str:
    """What to say when the documents are silent on `topic` (`knowledge/vocabulary.yaml`)."""
    text = vocabulary().silence_texts.get(topic, default)
    calls, policies = call_ids(), policy_ids()
    return text.format(
        calls="、".join(registry()[c].short_name for c in calls),
        call_count=chinese_count(len(calls)),
        policy_count=chinese_count(len(policies)),
    )


SUBSUMED: dict[SilentTopic, set[Topic]] = {
    "prize_money": {"support", "quota"},
    "next_edition": {"deadline", "procedure", "platform", "eligibility", "channel"},
    "per_category_quota": {"quota"},
    "summary_limit": {"limits"},
    "result_date": {"procedure", "deadline"},
    "results_list": {"quota", "procedure", "eligibility", "support"},
    "uncovered_detail": set(TOPIC_ORDER),
    "other_programme": set(TOPIC_ORDER),
    "application_form_fields": {"materials", "procedure"},
    "platform_opening": {"platform", "deadline"},
    "defense": {"procedure"},
    "department": {"doc_info"},
    "element_structure": {"elements"},
    "fees": {"materials"},
}
DEFINITION_ASKED = r"是指|指什么|什么意思|啥意思|定义|具体|包括什么|包含|分别是|区别|讲的是|说的是|面向"
"""A question about categories that asks what they mean, not only which there are."""
DURATION_ASKED = r"多长时间|多久|几天|多少天"
LIMIT_CONVENTION = "（字数按不含空白的字符数计，标点、数字、字母各算一个字）"
CASE_DESCRIPTION_MIN = 10
"""Characters of description (the asking clause aside) below which a "该报哪类" question is asked
for a description instead ("我们的项目报哪类"); "我们做的是社区治理平台" is enough."""
WRITING_QUESTION = r"聚焦|写法|写作|怎么写|如何写|写什么|描述|写哪些"
FORM_FIELD_MIN = 0.3
"""How much of a question a form field must cover to be shown among the materials."""
SPECIFIC_CASE_TOPICS: set[Topic] = {"special", "limits", "requirements", "data"}
"""Eligibility questions about a case's condition rather than the applicant ("没完工可以报吗")."""


@dataclass
class AnswerContext:
    intent: Intent
    profile: ApplicantProfile
    today: date


@dataclass
class TopicSection:
    facts: list[Fact] = field(default_factory=list)
    answered: bool = True
    verdict: Verdict | None = None
    silence: SilentTopic | None = None
    """Set when the question asks for a detail of this topic that the document does not give."""


def silent_topics(rules: NoticeRules, ctx: AnswerContext) -> list[SilentTopic]:
    """Topics the question asks about that this notice is silent on."""
    asked: list[SilentTopic] = [t for t in ctx.intent.silent if t in GLOBAL_SILENCE or rules.is_silent_on(t)]
    topics = ctx.intent.topics
    if ctx.intent.per_category and "quota" in topics and not any(q.per_category for q in rules.quotas):
        asked.append("per_category_quota")
    if (
        ctx.intent.about_summary
        and ("limits" in topics or "elements" not in topics)
        and not rules.limit("summary")
    ):
        asked.append("summary_limit")
    if "limits" in topics and not ctx.intent.about_summary and not rules.length_limits:
        asked.append("detailed_material_limit")
    if "elements" in topics and not rules.elements and not any(c.elements for c in rules.categories):
        asked.append("element_structure")
    return list(dict.fromkeys(asked))


def silent_facts(rules: NoticeRules, topics: list[SilentTopic]) -> list[Fact]:
    facts = []
    for topic in topics:
        text = silence_text(topic)
        facts.append(Fact(f"{text}，我不做推测。"))
        if topic == "per_category_quota":
            facts += [Fact(f"通知只规定了：{quota_text(q)}。", q.source) for q in rules.quotas]
        elif topic in ("summary_limit", "detailed_material_limit") and rules.length_limits:
            facts += [
                Fact(f"通知只规定了{lim.label}不超过{lim.max_chars}字。", lim.source)
                for lim in rules.length_limits
            ]
        elif topic in ("summary_limit", "detailed_material_limit"):
            facts += _materials_rule("通知对报送材料只规定了：", rules)
        elif topic == "result_date":
            facts += [Fact(f"{s.name}：{s.description}", s.source) for s in rules.procedure if "公" in s.name]
        elif topic == "platform_opening" and rules.deadline:
            facts.append(
                Fact(f"通知只写明了截止时间：{cn_date(rules.deadline.value)}。", rules.deadline.source)
            )
        elif topic == "defense":  # how it does review the cases
            facts += [
                Fact(f"{s.name}：{s.description}", s.source)
                for s in rules.procedure
                if "专家" in s.description
            ]
        elif topic == "prize_money":
            facts += [Fact(f"通知关于支持的表述是：{s.value}。", s.source) for s in rules.support[:2]]
        elif topic == "element_structure":
            facts += _materials_rule("通知对报送材料的规定如下：", rules)
    return facts


def _materials_rule(lead: str, rules: NoticeRules) -> list[Fact]:
    """What a notice silent on a detail of the materials does say about them (none when nothing)."""
    if not rules.materials:
        return []
    return [Fact(lead), *(Fact(f"{m.value}。", m.source) for m in rules.materials)]


def answers_anyway(rules: NoticeRules, topic: SilentTopic) -> bool:
    """A silence the notice's other rules still answer (no element structure, but a list of materials)."""
    return topic == "element_structure" and bool(rules.materials)


def subsumed_by(topics: list[SilentTopic]) -> set[Topic]:
    return set().union(*(SUBSUMED.get(t, set()) for t in topics)) if topics else set()


def compose_topic(topic: Topic, rules: NoticeRules, ctx: AnswerContext, deps: AnswerDeps) -> TopicSection:
    if topic == "category_suggest":
        return _category_suggest(rules, ctx, deps)
    return COMPOSERS[topic](rules, ctx)


def _eligibility(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    if document(rules.id).origin == "added":
        return _eligibility_as_written(rules, ctx)
    if ctx.profile.kind is None and "deadline" in ctx.intent.topics:
        return TopicSection(facts=[deadline_fact(rules, ctx)])  # "还能补报吗": the date is the answer
    if ctx.profile.kind is None and SPECIFIC_CASE_TOPICS & set(ctx.intent.topics):
        return TopicSection(answered=False)  # "没建完能报吗": the case's condition's own topic answers
    if ctx.profile.kind is None:
        facts = [
            Fact(f"可以申报的单位：{e.description}（{CHANNEL_TEXT[e.channel]}）。", e.source)
            for e in rules.eligible_applicants
        ]
        facts.append(
            Fact(
                "告诉我贵单位的类型（如县级融媒体中心、有线电视网络公司、省级广播电视台），我可以判断能否申报。"
            )
        )
        facts.append(deadline_fact(rules, ctx))
        return TopicSection(facts=facts)
    result = assess(ctx.profile, rules, ctx.today)
    closed = "但这次征集已经截止。" if result.deadline.state == "passed" else ""
    facts = [Fact(result.headline + closed)]
    facts += [
        Fact(_sentence(f"{c.condition}：{c.reason}"), c.citation)
        for c in result.checks
        if c.condition != "截止时间"
    ]
    facts.append(deadline_fact(rules, ctx))
    if result.question:
        facts.append(Fact(f"需要确认：{result.question}"))
    return TopicSection(facts=facts, verdict=result.verdict)


def _eligibility_as_written(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    """An added notice's extracted applicants and quotas are not curated enough for a verdict:
    say what the notice writes about who applies, how many and how, and by when."""
    facts = [Fact(f"申报主体：{e.description}。", e.source) for e in rules.eligible_applicants]
    facts += [Fact(f"名额与报送：{q.source.quote}。", q.source) for q in rules.quotas]
    facts += _routing_facts(rules)
    facts.append(deadline_fact(rules, ctx))
    return TopicSection(facts=facts, answered=len(facts) > 1)


def _routing_facts(rules: NoticeRules) -> list[Fact]:
    quoted = {q.source.quote for q in rules.quotas}
    return [
        Fact(f"报送方式：{s.description}。", s.source)
        for s in rules.procedure
        if not any(s.source.quote in q or q in s.source.quote for q in quoted)
    ]


def _sentence(text: str) -> str:
    return text if text.endswith(("。", "？", "！", "）")) else text + "。"


def _channel(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    if "eligibility" in ctx.intent.topics:
        return TopicSection(facts=[], answered=True)
    if document(rules.id).origin == "added":  # as written: applicants, then how cases are sent
        facts = [Fact(f"申报主体：{e.description}。", e.source) for e in rules.eligible_applicants]
        facts += _routing_facts(rules)
        return TopicSection(facts=facts, answered=bool(facts))
    facts = [
        Fact(f"{e.description}：{CHANNEL_TEXT[e.channel]}。", e.source) for e in rules.eligible_applicants
    ]
    return TopicSection(facts=facts)


def deadline_fact(rules: NoticeRules, ctx: AnswerContext) -> Fact:
    status = deadline_status(rules, ctx.today)
    if status.state == "passed" and status.deadline:
        text = (
            f"截止时间为{cn_date(status.deadline)}，现已截止（已过去{status.days}天），无法再按该通知申报。"
        )
    else:
        text = status.text
    return Fact(text, status.citation)


def _deadline(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    if "eligibility" in ctx.intent.topics:
        return TopicSection(facts=[], answered=True)
    facts = [deadline_fact(rules, ctx)]
    if rules.issued and rules.deadline and re.search(DURATION_ASKED, ctx.intent.question):
        days = (rules.deadline.value - rules.issued.value).days
        facts.append(Fact(f"从印发（{cn_date(rules.issued.value)}）到截止共{days}天。", rules.issued.source))
    if rules.deadline and len(rules.deadlines) <= 1 and document(rules.id).origin == "added":
        facts.append(
            Fact(f"原文：{rules.deadline.source.quote}。", rules.deadline.source)
        )  # what, where, how
    if len(rules.deadlines) > 1:  # several submission dates (quarterly): each with its own words
        facts += [Fact(f"{d.source.quote}。", d.source) for d in rules.deadlines]
    if rules.platform and rules.platform.opens:
        facts.append(Fact(f"线上平台自{cn_date(rules.platform.opens)}起正式填报。", rules.platform.source))
    only_deadline = not [t for t in ctx.intent.topics if t not in ("deadline", "eligibility")]
    if rules.deadline and ctx.today > rules.deadline.value and len(ctx.intent.notices) <= 1 and only_deadline:
        facts.append(Fact(after_deadline_advice(rules)))  # said once, not for every call compared
    return TopicSection(facts=facts, answered=rules.deadline is not None)


def _quota(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    asked_scope = [s for s, cue in vocabulary().quota_scopes.items() if re.search(cue, ctx.intent.question)]
    own_scope = _profile_scope(ctx.profile)
    if "eligibility" in ctx.intent.topics and ctx.profile.kind and set(asked_scope) <= {own_scope}:
        # the verdict already states the quota that applies; another scope asked too ("一个省能推荐
        # 多少个？我们是直属单位，能报几个") still gets its line
        return TopicSection(facts=[], answered=True)
    if not rules.quotas:
        return TopicSection(facts=[Fact("通知没有规定推荐名额。")], answered=False)
    quotas = sorted(rules.quotas, key=lambda q: q.scope != own_scope)
    several = len(ctx.intent.notices) != 1
    if several and asked_scope:  # "一个省能报几个" over every call: that scope's line per call
        quotas = [q for q in quotas if q.scope in asked_scope] or quotas
    # "兵团呢" of a call that names no 兵团 quota
    unset = [s for s in asked_scope if not SCOPES_COVERING.get(s, {s}) & {q.scope for q in rules.quotas}]
    if unset and len(unset) == len(asked_scope) and not several:
        lines = [Fact(f"通知没有单独规定{SCOPE_NAMES[s]}的名额，我不做推测。") for s in unset]
        lines += [Fact(f"名额：{quota_text(q)}。", q.source) for q in quotas if q.per_category or q.total]
        return TopicSection(facts=lines, answered=False, silence="uncovered_detail")
    facts = [
        Fact(f"名额：{quota_text(q) if q.per_category or q.total else q.source.quote}。", q.source)
        for q in quotas
    ]
    applicable = quotas[0]
    for count in (int(n) for n in re.findall(r"(\d+)\s*个", ctx.intent.question)):
        if applicable.total is not None and count > applicable.total:
            facts.insert(
                0,
                Fact(
                    f"{count}个超过了{SCOPE_TEXT[applicable.scope]}总数不超过{applicable.total}个的上限，不可以。"
                ),
            )
    if "central_unit" in asked_scope and "channel" not in ctx.intent.topics:  # "那总局直属单位呢"
        facts += _direct_route(rules)
    status = deadline_status(rules, ctx.today)
    if (
        status.state == "passed"
        and status.deadline
        and not {"deadline", "eligibility"} & set(ctx.intent.topics)
    ):
        facts.append(Fact(f"注意：这次征集已于{cn_date(status.deadline)}截止。", status.citation))
    if any(q.scope == "province" for q in rules.quotas) and not several and is_national(rules):
        facts.append(
            Fact("省级名额是全省（区、市）统一推荐的总数，由本辖区各申报单位共用，不是每个单位各自的名额。")
        )
    return TopicSection(facts=facts)


def _direct_route(rules: NoticeRules) -> list[Fact]:
    """How units outside the provinces apply: their quota comes with a route of its own."""
    return [
        Fact(f"申报渠道：{CHANNEL_TEXT[e.channel]}。", e.source)
        for e in rules.eligible_applicants
        if {"central_unit", "other_unit"} & set(e.kinds) and e.channel != "provincial_bureau"
    ]


SCOPES_COVERING: dict[str, set[str]] = {"central_unit": {"central_unit", "other_unit"}}
"""The quota scopes that answer a scope asked about (2020's 其他单位 include the central ones)."""
SCOPE_NAMES = {"province": "各省（区、市）", "bingtuan": "新疆生产建设兵团", "central_unit": "中央单位"}


def _profile_scope(profile: ApplicantProfile) -> str:
    if profile.bingtuan:
        return "bingtuan"
    if profile.kind == "central_unit":
        return "central_unit"
    return "province"


def _limits(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    limits = rules.length_limits
    if ctx.intent.about_summary and not re.search(r"详细材料|申报材料|正文|全文", ctx.intent.question):
        limits = [lim for lim in limits if lim.target == "summary"] or limits
    facts = [Fact(f"{lim.label}不超过{lim.max_chars}字{LIMIT_CONVENTION}。", lim.source) for lim in limits]
    asked = [int(n.replace(",", "")) for n in re.findall(r"(\d[\d,]*)\s*字", ctx.intent.question)]
    for count in asked:
        for lim in limits:
            if count > lim.max_chars:
                facts.append(
                    Fact(
                        f"{count}字超过了{lim.label}{lim.max_chars}字的上限，需要压缩{count - lim.max_chars}字以上。"
                    )
                )
            elif len(limits) == 1 or (lim.target == "summary") == ctx.intent.about_summary:
                facts.append(Fact(f"{count}字在{lim.label}{lim.max_chars}字的上限以内。"))
    return TopicSection(facts=facts, answered=bool(facts))


def _data(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    """How to write the material: requirements named for writing (材料写法), then the data asked for."""
    writing = [r for r in rules.requirements if re.search(TOPIC_CUES["data"], r.name)]
    facts = [Fact(f"{r.name}：{r.text}", r.source) for r in writing]
    facts += [Fact(f"数据要求：{d.value}。", d.source) for d in rules.data_requirements]
    return TopicSection(facts=facts, answered=bool(facts))


def _category_elements(category: Category, compared_with: Category | None) -> list[Fact]:
    """A category's elements; beside another category's, only the ones that differ and which are
    the same ("材料要素有啥不一样")."""
    common = {e.name for e in compared_with.elements} if compared_with else set()
    facts = [Fact(f"“{category.name}”类申报材料应包括以下要素：")]
    facts += [
        Fact(f"{i}.{_item_text(e)}", e.source)
        for i, e in enumerate(category.elements, 1)
        if e.name not in common
    ]
    same = [str(i) for i, e in enumerate(category.elements, 1) if e.name in common]
    if compared_with and same:
        facts.append(Fact(f"其余要素（第{'、'.join(same)}条）与“{compared_with.name}”类相同。"))
    return facts


def _elements(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    named = [c for c in rules.categories if c.name in ctx.intent.categories_named]
    facts: list[Fact] = []
    per_category = [c for c in rules.categories if c.elements]
    if per_category and not named:
        facts.append(Fact(f"各类别的要素不同：通知按{len(per_category)}个类别分别规定了申报材料要素。"))
    if rules.elements:
        listing = "；".join(f"{i}.{e.name}" for i, e in enumerate(rules.elements, 1))
        facts.append(Fact(f"材料应包括以下要素（各类别通用）：{listing}。", rules.elements[0].source))
    for category in named:
        facts += _category_elements(category, compared_with=named[0] if category is not named[0] else None)
    for category in [] if named else per_category:
        listing = "；".join(f"{i}.{e.name}" for i, e in enumerate(category.elements, 1))
        facts.append(Fact(f"“{category.name}”类申报材料要素：{listing}。", category.elements[0].source))
    if re.search(WRITING_QUESTION, ctx.intent.question):
        facts += [
            Fact(f"{r.name}：{r.text}", r.source) for r in rules.requirements if r.name.startswith("材料")
        ]
    if "limits" not in ctx.intent.topics:
        facts += [
            Fact(f"篇幅：{lim.label}不超过{lim.max_chars}字。", lim.source) for lim in rules.length_limits
        ]
    if "data" not in ctx.intent.topics:
        facts += [Fact(f"数据要求：{d.value}", d.source) for d in rules.data_requirements[:2]]
    return TopicSection(facts=facts, answered=bool(facts))


def _item_text(element: Element) -> str:
    """The numbered item as the notice words it, with its own notes ("（可选择其中一方面或多方面）")."""
    item = re.sub(r"^\d+[.、．]", "", element.source.quote).rstrip("；;。")
    return item if element.name in item else element.name


def _category_def(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    if not rules.categories:
        return TopicSection(facts=[Fact("该文件不是征集通知，没有申报类别。")], answered=False)
    named = [c for c in rules.categories if c.name in ctx.intent.categories_named]
    facts = []
    if not named:
        names = "、".join(c.name for c in rules.categories)
        facts.append(Fact(f"共分{len(rules.categories)}个类别：{names}。", rules.categories[0].source))
        if not re.search(DEFINITION_ASKED, ctx.intent.question):
            return TopicSection(facts=facts)  # "分几类": the names answer; definitions on request
    for category in named or rules.categories:
        facts.append(Fact(f"“{category.name}”{_as_definition(category.definition)}", category.source))
    one = rules.special("one_category_per_case")
    if one:
        facts.append(Fact(one.text, one.source))
    return TopicSection(facts=facts)


def _as_definition(text: str) -> str:
    return text if re.match(r"(?:主要)?指|是指", text) else f"是指：{text}"


def case_description(question: str) -> str:
    """The case a "该报哪类" question describes: the question without its asking clause (also
    "该报A还是B": the categories offered are not the case) and other questions ("啥时候截止？")."""
    statement = re.sub(
        r"[？?]?[^，。？?\s]{0,12}(?:报哪|哪个类|哪一类|属于哪|归哪|选哪|算哪|[报算][^，。？?]{0,16}还是)[^，。？?]*[？?]?",
        "",
        question,
    )
    return re.sub(r"[^，。？?！!]*[？?]", "", statement)


def suggested_category(question: str, notice: str, deps: AnswerDeps) -> str | None:
    """The category the answer to a "该报哪类" question names (recommended, or listed as the closest
    when none fits well), if the question describes a case at all."""
    description = case_description(question)
    if len(description) < CASE_DESCRIPTION_MIN:
        return None
    return deps.classify(description, notice=notice).category


def _category_suggest(rules: NoticeRules, ctx: AnswerContext, deps: AnswerDeps) -> TopicSection:
    if not rules.categories:
        return TopicSection(facts=[], answered=False)
    description = case_description(ctx.intent.question)
    if len(description) < CASE_DESCRIPTION_MIN:
        names = "、".join(c.name for c in rules.categories)
        return TopicSection(
            facts=[
                Fact(f"可选类别：{names}。", rules.categories[0].source),
                Fact(
                    "请用两三句话描述案例（做了什么、服务谁、用了什么网络或平台），我按各类别定义帮您判断。"
                ),
            ]
        )
    result = deps.classify(description, notice=rules.id)
    top = rules.category(result.category)
    if not is_clear(result):  # the rationale says no category fits: no recommendation before it
        return TopicSection(facts=[Fact(result.rationale, top.source if top else None)])
    facts = [Fact(f"建议申报“{result.category}”。", top.source if top else None), Fact(result.rationale)]
    return TopicSection(facts=facts)


def _requirements(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    facts = [Fact(f"{r.name}：{r.text}", r.source) for r in rules.requirements]
    return TopicSection(facts=facts, answered=bool(facts))


SPECIAL_CUES: dict[str, str] = vocabulary().special_cues
"""Which special rule a question asks about, by rule code (`knowledge/vocabulary.yaml`)."""


def _special(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    asked = [r for r in rules.special_rules if re.search(SPECIAL_CUES.get(r.code, "$^"), ctx.intent.question)]
    if not asked and not ctx.intent.enumeration:  # no special rule of this notice addresses what was asked
        facts = [Fact(f"{silence_text('uncovered_detail')}，我不做推测。"), *_instead_of_special(rules, ctx)]
        return TopicSection(
            facts=facts,
            answered=False,
            silence="uncovered_detail",
        )
    facts = [Fact(r.text, r.source) for r in asked or rules.special_rules]
    return TopicSection(facts=facts, answered=bool(facts))


def _instead_of_special(rules: NoticeRules, ctx: AnswerContext) -> list[Fact]:
    """What a notice without the special rule asked about says instead (`special_fallbacks`)."""
    asked = [
        field
        for code, field in vocabulary().special_fallbacks.items()
        if re.search(SPECIAL_CUES.get(code, "$^"), ctx.intent.question)
    ]
    if "requirements" in asked and rules.requirements:
        return [Fact(f"通知对案例的要求：{rules.requirements[0].text}", rules.requirements[0].source)]
    if "materials" in asked:
        return _materials_rule("通知对申报材料的规定：", rules)
    return []


def _procedure(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    facts = [Fact(f"{s.name}：{s.description}", s.source) for s in rules.procedure]
    return TopicSection(facts=facts, answered=bool(facts))


def _platform(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    if rules.platform is None:
        facts = [Fact(silence_text("platform") + "，材料按以下方式报送：")]
        facts += [Fact(m.value, m.source) for m in rules.materials]
        # where the materials go: a department with a mailbox ("公函报科技司，电子版发邮箱")
        facts += [_contact_fact(c, "报送") for c in rules.contacts if c.email and c.department]
        return TopicSection(facts=facts, answered=bool(rules.materials))
    p = rules.platform
    opens = f"，{cn_date(p.opens)}起正式填报" if p.opens else ""
    return TopicSection(facts=[Fact(f"申报平台：{p.name}（网址：{p.url}）{opens}。", p.source)])


MATERIAL_ITEMS = ["推荐函", "公函", "汇总表", "申报表", "申请表"]


def _materials(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    required = " ".join(m.value + m.source.quote for m in rules.materials)
    missing = [item for item in MATERIAL_ITEMS if item in ctx.intent.question and item not in required]
    facts = [Fact(f"通知没有要求提交{item}，我不做推测。") for item in missing]
    facts += [Fact(m.value, m.source) for m in rules.materials]
    if rules.form_fields and re.search(r"申报表|申请表|填什么|字段", ctx.intent.question):
        fields = "、".join(f.value for f in rules.form_fields)
        facts.append(Fact(f"申报表栏目：{fields}。", rules.form_fields[0].source))
    else:
        words = content_words(ctx.intent.question)
        facts += [
            Fact(f"申报表中“{f.value}”一栏。", f.source)
            for f in rules.form_fields
            if coverage(words, f.value + f.source.quote) >= FORM_FIELD_MIN
        ]
    return TopicSection(
        facts=facts, answered=bool(rules.materials), silence="material_item" if missing else None
    )


CONTACT_FIELDS: list[tuple[str, str]] = [
    ("邮箱", r"邮箱|电子邮件|email|e-mail|发邮件"),
    ("传真", r"传真"),
    ("地址", r"地址|寄到|邮寄"),
    ("邮编", r"邮编|邮政编码"),
    ("电话", r"电话|手机|号码"),
]


def _contact_has(rules: NoticeRules, label: str) -> bool:
    fields: dict[str, Callable[[Contact], object]] = {
        "邮箱": lambda c: c.email,
        "传真": lambda c: c.fax,
        "地址": lambda c: c.address,
        "邮编": lambda c: c.postcode,
        "电话": lambda c: c.phones,
    }
    return any(fields[label](c) for c in rules.contacts)


def _contact_fact(c: Contact, lead: str) -> Fact:
    parts = [] if c.role in ("联系方式", "联系人") else [c.role]
    if c.department:
        parts.append(c.department)
    if c.names:
        parts.append("、".join(c.names))
    if c.phones:
        parts.append("电话" + "、".join(c.phones))
    for label, value in (("邮箱", c.email), ("传真", c.fax), ("地址", c.address), ("邮编", c.postcode)):
        if value:
            parts.append(f"{label}{value}")
    return Fact(f"{lead}：" + "，".join(parts) + "。", c.source)


def _contacts(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    asked = [label for label, cue in CONTACT_FIELDS if re.search(cue, ctx.intent.question, re.IGNORECASE)]
    missing = [label for label in asked if not _contact_has(rules, label)]
    facts = [Fact(f"通知没有给出联系{label}，我不做推测。") for label in missing]
    facts += [_contact_fact(c, "联系方式") for c in rules.contacts]
    return TopicSection(
        facts=facts, answered=bool(rules.contacts), silence="contact_detail" if missing else None
    )


def _support(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    facts = [Fact(s.value, s.source) for s in rules.support]
    return TopicSection(facts=facts, answered=bool(facts))


DOC_FIELDS: list[tuple[str, str]] = [
    ("文号", r"文号|几号文"),
    ("承办部门", r"哪个司|哪个部门|司局|承办|牵头|报.{0,4}哪|接收部门|报送部门|对口部门"),
    ("日期", r"哪天|日期|什么时候|何时|印发|发布|签发"),
]


def _doc_info(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    known = {
        "文号": rules.doc_number is not None,
        "承办部门": rules.department is not None,
        "日期": rules.issued is not None or rules.published is not None,
    }
    asked = [label for label, cue in DOC_FIELDS if re.search(cue, ctx.intent.question)]
    missing = [label for label in asked if not known[label]]
    facts = [Fact(f"文件文本中没有写明{label}，我不做推测。") for label in missing]
    if asked and not missing:  # only the asked fields ("新服务是哪个司")
        wanted: dict[str, list[tuple[str, TextFact | DateFact | None]]] = {
            "文号": [("文号", rules.doc_number)],
            "承办部门": [("承办部门", rules.department)],
            "日期": [("印发日期", rules.issued), ("网站发布日期", rules.published)],
        }
        for label in asked:
            for name, field in wanted[label]:
                if field is not None:
                    value = cn_date(field.value) if isinstance(field.value, date) else field.value
                    facts.append(Fact(f"{name}：{value}。", field.source))
        return TopicSection(facts=facts)
    facts.append(Fact(f"文件：{rules.title.value}。", rules.title.source))
    if rules.doc_number:
        facts.append(Fact(f"文号：{rules.doc_number.value}。", rules.doc_number.source))
    if rules.issuing_office:
        facts.append(Fact(f"发文单位：{rules.issuing_office.value}。", rules.issuing_office.source))
    if rules.department:
        facts.append(Fact(f"承办部门：{rules.department.value}。", rules.department.source))
    if rules.issued:
        facts.append(Fact(f"印发日期：{cn_date(rules.issued.value)}。", rules.issued.source))
    if rules.published:
        facts.append(Fact(f"网站发布日期：{cn_date(rules.published.value)}。", rules.published.source))
    return TopicSection(facts=facts, silence="document_detail" if missing else None)


PURPOSE_MIN = 40
"""A paragraph of the opening this long is the one that says why (not the title or addressees)."""
INTO_THE_BODY = re.compile(r"[，,]?\s*(?:现就|现将|特制定|特此)[^。]*[。：:]?$")
"""How the opening paragraph hands over to the body ("现就有关事项通知如下：")."""


def _purpose(rules: NoticeRules, ctx: AnswerContext) -> TopicSection:
    """Why the document was issued and what came before it: the last paragraph of its opening, the
    one that leads into the body, without its "现就有关事项通知如下"."""
    opening = clauses_of(rules.id)[0]
    paragraphs = [p for p in opening.text.splitlines() if len(p) >= PURPOSE_MIN]
    if not paragraphs:
        return TopicSection(answered=False)
    quote = INTO_THE_BODY.sub("", paragraphs[-1]).rstrip("，,")
    citation = Citation(doc=rules.id, section=opening.path, quote=quote)
    return TopicSection(facts=[Fact(f"发文背景和目的：{quote.rstrip('。')}。", citation)])


COMPOSERS: dict[Topic, Callable[[NoticeRules, AnswerContext], TopicSection]] = {
    "eligibility": _eligibility,
    "channel": _channel,
    "deadline": _deadline,
    "quota": _quota,
    "limits": _limits,
    "data": _data,
    "elements": _elements,
    "category_def": _category_def,
    "requirements": _requirements,
    "special": _special,
    "procedure": _procedure,
    "platform": _platform,
    "materials": _materials,
    "contacts": _contacts,
    "support": _support,
    "doc_info": _doc_info,
    "purpose": _purpose,
}
