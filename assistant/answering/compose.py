"""The answer composer: cited answers from the structured rules and the retrieved clauses.

Rules decide and the text explains: for each topic the question asks about (see `intent`) and
each notice it concerns, `topics.py` turns the notice's rules into facts, each with the citation
it rests on; questions the rules do not model (policy content, odd details) are answered from the
best retrieved sentences. A topic the notice is silent on is said to be unanswered, with the
notice's contact, and nothing is guessed. An LLM, when configured, only rewords the result and
is checked against the same citations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from assistant.answering.context import AnswerDeps, TracedDeps
from assistant.answering.editions import asks_open_calls, notes, open_calls_answer
from assistant.answering.followup import read_in_context
from assistant.answering.grounding import (
    Fact,
    asked_clauses,
    content_words,
    coverage,
    pasted_text_sources,
    retrieved_facts,
)
from assistant.answering.intent import (
    APPLICANT_TOPICS,
    GLOBAL_SILENCE,
    MEASURE,
    Intent,
    Topic,
    asks_about,
    asks_only_a_count,
    topics_of,
    understand,
)
from assistant.answering.parts import with_every_part
from assistant.answering.policy import named_item_facts, policy_facts
from assistant.answering.profile import ApplicantProfile
from assistant.answering.spelling import is_english
from assistant.answering.subjects import asked_subjects, mentioning_facts, unmentioned
from assistant.answering.topics import (
    BROAD_TOPICS,
    DOCUMENT_TOPICS,
    TOPIC_ORDER,
    AnswerContext,
    answers_anyway,
    compose_topic,
    deadline_fact,
    silence_text,
    silent_facts,
    silent_topics,
    subsumed_by,
    suggested_category,
)
from assistant.contract import AskResult, Citation, Verdict
from assistant.knowledge.documents import call_ids, document, policy_ids, registry
from assistant.knowledge.editions import current_calls
from assistant.knowledge.rules import NoticeRules, SilentTopic, load_rules
from assistant.knowledge.wordlists import vocabulary
from assistant.text.chinese import to_simplified

NOT_COVERED = "现有文件中没有找到能回答这个问题的规定，我不做推测。"
NOTICE_TOPICS = {t for t in TOPIC_ORDER if t != "policy"}
FOCUS_MIN = 0.2
COUNT_ASKED = r"多少个|(?<!哪)几个|达到多少|数量目标"
"""A policy document asked for a count: a figure in the passage quoted is not necessarily it."""
FIGURE_LINE_MIN = 0.3
"""How much of such a question a line giving a quantity has to cover to answer it."""
NAME_ASKED = r"书名|叫什么名字|叫啥名|名字叫什么|名字是什么"
"""A question after the title of a book: an answer without one in 《》 does not give it."""
CALL_ONLY_TOPICS = {"deadline", "eligibility", "channel", "limits", "category_suggest"}
"""Topics only a call for cases answers (a count like "哪几个化" may well be policy content)."""
APPLYING_TOPICS = {"special", "channel", "requirements"}
"""Questions about whether and how to apply: the answer also says whether the call is still open."""
SUPPLEMENT_MIN = 0.6
PRECISE_TOPICS: set[Topic] = {
    "deadline",
    "quota",
    "limits",
    "contacts",
    "doc_info",
    "purpose",
    "category_def",
    "platform",
}
"""Topics whose rules quote the clause that answers them: no further clause is added."""
OFF_TOPIC_SHARE = 0.55
"""Share of a question's content (by characters) absent from every document that makes it off-topic."""
MAX_SILENT_NOTICES = 3
BROAD_PER_NOTICE = 2
TRIMMED_TOPICS: set[Topic] = {*BROAD_TOPICS, "elements"}
WHICH_NOTICE = (
    "各通知的规定不同，以上只列了要点；请说明是哪个通知（如“24年融合案例”“新服务”），我给出完整规定。"
)
WHICH_DOCUMENT = r"哪个通知|哪些通知|哪一个通知|哪份通知|哪个文件|哪些文件|哪次征集|哪个征集|哪几个通知"
"""A question asking which of the documents has a rule: the answer names them first."""
NEAREST_RULES = 2
"""A subject unmentioned by more notices than this is a question about none in particular."""


class AnswerBuilder:
    """Collects facts into answer lines with numbered citation markers."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.citations: list[Citation] = []
        self.facts: list[Fact] = []
        self._block: set[str] = set()
        """The fact texts of the current notice's block (since the last heading)."""

    def heading(self, text: str) -> None:
        self.lines.append(f"【{text}】")
        self._block = set()

    def add(self, fact: Fact) -> None:
        if fact.text in self._block:
            return  # one notice's block says a thing once (two topics may quote the same rule)
        self._block.add(fact.text)
        self.facts.append(fact)
        marker = ""
        if fact.citation is not None:
            if fact.citation not in self.citations:
                self.citations.append(fact.citation)
            marker = f"[{self.citations.index(fact.citation) + 1}]"
        self.lines.append(fact.text + marker)

    def text(self) -> str:
        return "\n".join(self.lines)

    def reset(self) -> None:
        self.lines, self.citations, self.facts, self._block = [], [], [], set()


@dataclass(frozen=True)
class Answered:
    """An answer, the applicant profile it assumed (the caller's conversation keeps it) and the
    best passage score its searches returned (None when it searched nothing: rules alone)."""

    result: AskResult
    profile: ApplicantProfile
    top_score: float | None = None


def answer_question(
    deps: AnswerDeps, question: str, notice: str | None = None, history: Sequence[str] = ()
) -> Answered:
    traced = TracedDeps(deps)
    result, profile = _deterministic(traced, question, notice, history)
    if deps.llm is not None and result.answerable:
        polished, ok = deps.llm.polish_answer(question, result.answer, result.citations)
        if ok:
            result = result.model_copy(update={"answer": _numbered_markers(polished)})
    return Answered(result, profile, traced.top_score)


def stream_answer(
    deps: AnswerDeps, question: str, notice: str | None = None, history: Sequence[str] = ()
) -> Iterator[str | Answered]:
    """Yield the answer's text as it is produced, then the final (verified) answer.

    Without an LLM the deterministic answer is yielded line by line; with one, the model's
    chunks are yielded as they arrive and the final result carries the verified text (the
    deterministic answer when the model's text fails the check).
    """
    traced = TracedDeps(deps)
    result, profile = _deterministic(traced, question, notice, history)
    if deps.llm is not None and result.answerable:
        stream = deps.llm.stream_answer(question, result.answer, result.citations)
        yield from stream
        if stream.accepted:
            result = result.model_copy(update={"answer": _numbered_markers(stream.final_text)})
    else:
        yield from result.answer.splitlines(keepends=True)
    yield Answered(result, profile, traced.top_score)


def _deterministic(
    deps: AnswerDeps, question: str, notice: str | None, history: Sequence[str]
) -> tuple[AskResult, ApplicantProfile]:
    """The answer from the rules and the text; `history` (earlier user turns) completes a follow-up."""
    if notice:
        document(notice)  # unknown id -> a clear error
    reading = read_in_context(
        question, history, suggest=lambda asked, notice: suggested_category(asked, notice, deps)
    )
    context = reading.notices[:1] if history else []
    intent = understand(reading.question, notice=notice, context=context)
    profile = reading.profile.merged_with(intent.profile)
    result = _compose(deps, intent, profile)
    if reading.as_typed:
        # a question that stands on its own (not completed from earlier turns) and asks two things
        # ("一共从几个方面推进？其中消费扶贫推广哪些模式？"): a part left out is answered after

        def answer_part(part: str) -> AskResult:
            return _compose(deps, understand(part, notice=notice, context=intent.notices), profile)

        result = with_every_part(reading.question, result, answer_part)
    if is_english(to_simplified(question)) and vocabulary().english_note:
        # answered in Chinese (the notices' language, so quotes stay verbatim); one English line last
        result = result.model_copy(update={"answer": f"{result.answer}\n{vocabulary().english_note}"})
    return result, profile


def _numbered_markers(text: str) -> str:
    """The LLM cites sources as [S1]; answers show them as [1], like the deterministic text."""
    return re.sub(r"\[S(\d+)\]", r"[\1]", text)


PARTLY_ANSWERED: dict[SilentTopic, Topic] = {"summary_limit": "limits", "per_category_quota": "quota"}
"""Silences whose answer still states the topic's other rules (the material's limit, the total quota)."""


@dataclass
class Outcome:
    """What composing has established so far."""

    answered: bool = False
    unanswered: bool = False
    """A topic asked about is one the documents are silent on."""
    verdicts: list[Verdict] = field(default_factory=list)
    silences: set[SilentTopic] = field(default_factory=set)
    answered_topics: set[Topic] = field(default_factory=set)
    set_aside: list[Fact] = field(default_factory=list)
    """Facts of an asked topic that focus left out (the nearest rules when the answer is a silence)."""
    trimmed: bool = False
    """Several notices' broad rules were cut short (the question named none): ask which one."""
    having: list[str] = field(default_factory=list)
    """The documents that answer what was asked without a silence of their own."""


def _compose(deps: AnswerDeps, intent: Intent, profile: ApplicantProfile) -> AskResult:
    if asks_open_calls(intent.question) and not intent.notice_named:
        return open_calls_answer(deps.today())
    result = _compose_notices(deps, intent, profile)
    lines = notes(intent.question, [result.notice] if result.notice else [], deps.today())
    return result.model_copy(update={"answer": "\n".join([*lines, result.answer])}) if lines else result


def _compose_notices(deps: AnswerDeps, intent: Intent, profile: ApplicantProfile) -> AskResult:
    if not profile.kind and asks_only_a_count(intent):
        intent = intent.model_copy(update={"topics": [t for t in intent.topics if t != "eligibility"]})
    notice_topics = [t for t in intent.topics if t in NOTICE_TOPICS]
    if profile.kind and not notice_topics and not intent.silent and _is_profile_statement(intent):
        notice_topics = ["eligibility"]
    pasted = pasted_text_sources(intent.question)
    if not pasted and not (intent.notices or intent.categories_named) and _off_topic(intent.question):
        return AskResult(answer=NOT_COVERED, citations=[], notice=None, answerable=False, verdict=None)
    if pasted and not intent.notice_named:
        notices = list(dict.fromkeys(f.citation.doc for f in pasted if f.citation))  # the text says which
    else:
        notices = _candidate_notices(intent, bool(notice_topics) or bool(intent.silent))
    builder = AnswerBuilder()
    # who the asker is matters to who may apply; otherwise its account of itself is not asked about
    about_the_asker = bool(APPLICANT_TOPICS & set(notice_topics))
    subjects = asked_subjects(intent.question if about_the_asker else asked_clauses(intent.question))
    if "eligibility" in notice_topics:  # "高校能报吗": the list of who may apply answers it
        applying = [s for s in subjects if _applies_as(intent.question, s)]
        unnamed = _unnamed_applicants(notices, applying)
        for fact in unnamed:
            builder.add(fact)
        if unnamed:  # "某高校的实验室，做了一套有线电视AI推荐系统": the asker is not what the project names
            profile = profile.model_copy(update={"kind": None})
        subjects = [s for s in subjects if s not in applying]
    ctx = AnswerContext(intent=intent, profile=profile, today=deps.today())
    unregulating = [n for n in notices if subjects and len(unmentioned(n, subjects)) == len(subjects)]
    if (
        unregulating and len(unregulating) < len(notices) and not intent.notice_named
    ):  # "要不要盖章": the notices that say, then the rest
        notices = [n for n in notices if n not in unregulating]
    ruled = _ruled_documents(notices, notice_topics) if notice_topics or intent.silent else []
    calls = [r for r in ruled if r.kind == "call"]
    for fact in _mixed_up_categories(intent, calls) + pasted:
        builder.add(fact)
    outcome = _answer_from_rules(deps, builder, ctx, ruled, notice_topics)
    outcome.answered |= bool(pasted)
    if len(ruled) > 1 and re.search(WHICH_DOCUMENT, intent.question) and 0 < len(outcome.having) < len(ruled):
        _lead_with_the_documents_having_it(builder, outcome, ruled)
    policy_docs = [n for n in notices if document(n).kind == "policy"]
    if policy_docs and not calls and CALL_ONLY_TOPICS & set(notice_topics):
        for doc_id in policy_docs:
            builder.add(
                Fact(f"{document(doc_id).short_name}不是征集通知，没有规定截止时间、名额或申报条件。")
            )
            for fact in _what_a_policy_asks(deps, intent, doc_id):
                builder.add(fact)
        outcome.unanswered = True
    if not outcome.answered and not outcome.unanswered and subjects:
        for fact in [f for n in notices for f in mentioning_facts(n, subjects, intent.question)]:
            builder.add(fact)
            outcome.answered = True
    if not outcome.answered and not outcome.unanswered:
        outcome.answered = _answer_from_text(deps, builder, intent, notices, policy_docs)
    elif (
        outcome.answered
        and not outcome.unanswered
        and not outcome.trimmed
        and not set(notice_topics) <= PRECISE_TOPICS
    ):
        _add_closest_clause(builder, deps, intent, notices)  # the text path already quoted the best
    if not calls and intent.silent and not outcome.unanswered:
        _say_global_silences(builder, intent, outcome)
    if (
        subjects
        and notices
        and "special" not in outcome.answered_topics  # a rule of the call answers it ("还没验收能报吗")
        and len(notices) <= MAX_SILENT_NOTICES
        and all(len(unmentioned(n, subjects)) == len(subjects) for n in notices)
    ):
        return _unregulated(deps, builder.facts + outcome.set_aside, intent, notices, subjects)
    if subjects and outcome.answered:
        _lead_with(
            builder, subjects, [f for n in notices for f in mentioning_facts(n, subjects, intent.question, 1)]
        )
    answerable = outcome.answered and (not outcome.unanswered or _has_part_beyond(intent.question, outcome))
    if answerable and re.search(NAME_ASKED, intent.question) and not re.search(r"《[^》]+》", builder.text()):
        builder.add(Fact("文件没有给出所问的名称，我不做推测。"))
        answerable = False
    if answerable and not _gives_the_figure_asked(
        intent.question, builder, policy_only=policy_docs == notices
    ):
        builder.add(Fact("文件没有给出所问的具体数字，我不做推测。"))
        answerable = False
    if unregulating and not set(unregulating) & set(notices) and outcome.answered:
        names = "、".join(document(n).short_name for n in unregulating)
        builder.add(Fact(f"{names}没有对{'、'.join(f'“{x}”' for x in subjects)}作出规定。"))
    if outcome.trimmed:
        builder.lines.append(WHICH_NOTICE)
    closing = "" if answerable else ("" if outcome.unanswered else NOT_COVERED) + _contact_hint(notices)
    if closing:
        builder.lines.append(closing)
    return AskResult(
        answer=builder.text(),
        citations=builder.citations,
        notice=notices[0] if len(notices) == 1 else None,
        answerable=answerable,
        verdict=outcome.verdicts[0] if len(set(outcome.verdicts)) == 1 else None,
    )


def _lead_with_the_documents_having_it(
    builder: AnswerBuilder, outcome: Outcome, ruled: list[NoticeRules]
) -> None:
    """ "哪个通知要求现场答辩": the answer names the notices that do first; the others' silence is
    part of the answer, not a gap in the documents."""
    having = "、".join(document(n).short_name for n in outcome.having)
    others = "、".join(document(r.id).short_name for r in ruled if r.id not in outcome.having)
    builder.lines.insert(0, f"有这方面规定的是{having}；{others}没有。")
    outcome.unanswered = False
    outcome.trimmed = False


def _what_a_policy_asks(deps: AnswerDeps, intent: Intent, doc_id: str) -> list[Fact]:
    """Asked how to apply to a policy document: the sentence of it closest to the question, else
    the department it asks units to report to ("经验做法及时报广电总局公共服务司")."""
    facts, confident = retrieved_facts(deps.index, intent.question, [doc_id])
    if confident:
        return [Fact("相关规定：" + facts[0].text, facts[0].citation)]
    department = load_rules(doc_id).department
    if department is None:
        return []
    name = document(doc_id).short_name
    return [
        Fact(
            f"相关规定：{name}的对口部门是{department.value}：“{department.source.quote}”", department.source
        )
    ]


SELF = r"(?:我们|我|咱们|本单位|我单位|我校)"


def _applies_as(question: str, subject: str) -> bool:
    """Whether the question asks if a kind of applicant may apply, as the asker's own kind ("我们是
    某高校的实验室") or outright ("个人可以申报吗"), not in passing ("评审专家有没有高校的")."""
    kind = re.escape(subject)
    return subject in vocabulary().applicant_subjects and bool(
        re.search(
            rf"{SELF}[^，。？?]{{0,12}}{kind}|{kind}[^，。？?]{{0,10}}(?:能|可以|可不可以|能否|有资格)",
            question,
        )
    )


def _unnamed_applicants(notices: list[str], kinds: list[str]) -> list[Fact]:
    """For each notice, the kinds of applicant asked about that its list of who may apply does
    not name (the rules that follow say whom it does)."""
    facts = []
    for doc_id in notices:
        unnamed = unmentioned(doc_id, kinds)
        if unnamed and document(doc_id).kind == "call":
            names = "、".join(f"“{k}”" for k in unnamed)
            facts.append(
                Fact(f"{document(doc_id).short_name}列明的申报主体中没有单独提到{names}，以通知的规定为准：")
            )
    return facts


def _unregulated(
    deps: AnswerDeps, composed: list[Fact], intent: Intent, notices: list[str], subjects: list[str]
) -> AskResult:
    """A subject no notice in scope mentions: say so first, then the nearest rule and the contact."""
    builder = AnswerBuilder()
    for doc_id in notices:
        missing = "、".join(f"“{s}”" for s in unmentioned(doc_id, subjects))
        builder.add(Fact(f"{document(doc_id).short_name}没有对{missing}作出规定，我不做推测。"))
    for fact in composed:
        if fact.citation is None and "没有" in fact.text:
            builder.add(fact)  # the other silences the topics found ("通知没有要求提交推荐函")
    nearest = [f for f in composed if f.citation is not None][:NEAREST_RULES]
    if not nearest:
        for doc_id in notices:
            facts, confident = retrieved_facts(deps.index, intent.question, [doc_id])
            nearest += facts[:1] if confident else []
    for fact in nearest:
        builder.add(Fact("相关规定：" + fact.text, fact.citation))
    builder.lines.append(_contact_hint(notices))
    return AskResult(
        answer=builder.text().strip(),
        citations=builder.citations,
        notice=notices[0] if len(notices) == 1 else None,
        answerable=False,
        verdict=None,
    )


def _lead_with(builder: AnswerBuilder, subjects: list[str], mentioning: list[Fact]) -> None:
    """Open the answer with what addresses the asked subject: the composed facts that name it,
    else the clause sentences that do (an answer of one notice; several keep their headings)."""
    if any(line.startswith("【") for line in builder.lines):
        return
    if any(x in builder.lines[0] for x in subjects) if builder.lines else False:
        return
    facts, extra = builder.facts, builder.lines[len(builder.facts) :]
    first = [f for f in facts if any(x in f.text for x in subjects)] or mentioning
    rest = [f for f in facts if f not in first]
    builder.reset()
    for fact in [*first, *rest]:
        builder.add(fact)
    builder.lines += extra


def _off_topic(question: str) -> bool:
    """Most of what the question asks about occurs nowhere in the documents ("总局食堂几点开饭"); the
    asker's account of itself ("我们乡镇站主要做应急广播") is not what it asks about."""
    from assistant.knowledge.documents import knowledge_text

    words = content_words(asked_clauses(question))
    if not words:
        return False
    corpus = knowledge_text()
    absent = sum(len(word.asked[0]) for word in words.words if not word.occurs_in(corpus))
    return absent >= OFF_TOPIC_SHARE * sum(len(word.asked[0]) for word in words.words)


def _ruled_documents(notices: list[str], topics: Sequence[Topic]) -> list[NoticeRules]:
    """The documents whose rules answer the topics: the calls, and any document for its own
    title, number, department and contacts."""
    return [load_rules(n) for n in notices if document(n).kind == "call" or DOCUMENT_TOPICS & set(topics)]


def _mixed_up_categories(intent: Intent, calls: list[NoticeRules]) -> list[Fact]:
    """A category named together with a notice it does not belong to: say whose category it is."""
    if not intent.notice_named or len(calls) < 2:
        return []
    first = calls[0]
    facts = []
    for name in intent.categories_named:
        if first.category(name) is None:
            owner = next((r for r in calls if r.category(name)), None)
            if owner is not None:
                facts.append(
                    Fact(
                        f"注意：“{name}”是{document(owner.id).short_name}的类别，"
                        f"{document(first.id).short_name}没有这个类别；下面分别说明。",
                        owner.category(name).source,  # type: ignore[union-attr]
                    )
                )
    return facts


def _answer_from_rules(
    deps: AnswerDeps,
    builder: AnswerBuilder,
    ctx: AnswerContext,
    documents: list[NoticeRules],
    topics: Sequence[Topic],
) -> Outcome:
    """Each asked topic of each document, from the structured rules; silences said once if shared."""
    outcome = Outcome()
    detail_silences: dict[SilentTopic, int] = {}
    silent = {rules.id: silent_topics(rules, ctx) for rules in documents}
    shared = set.intersection(*(set(t) for t in silent.values())) if len(documents) > 1 else set()
    for fact in silent_facts(documents[0], sorted(shared)) if shared else []:
        builder.add(fact)
    outcome.unanswered = bool(shared)
    outcome.silences |= shared
    unnamed_several = len(documents) > 1 and not ctx.intent.notice_named and not ctx.intent.comparison
    for rules in documents:
        own_silence = [t for t in silent[rules.id] if t not in shared]
        asked = [t for t in TOPIC_ORDER if t in topics and t not in subsumed_by(silent[rules.id])]
        if rules.kind != "call":
            asked = [t for t in asked if t in DOCUMENT_TOPICS]
        if len(documents) > 1 and (own_silence or asked):
            builder.heading(document(rules.id).short_name)
        for fact in silent_facts(rules, own_silence):
            builder.add(fact)
        outcome.unanswered |= any(not answers_anyway(rules, t) for t in own_silence)
        outcome.answered_topics |= {PARTLY_ANSWERED[t] for t in own_silence if t in PARTLY_ANSWERED}
        outcome.silences |= {t for t in own_silence if not answers_anyway(rules, t)}
        outcome.answered |= any(answers_anyway(rules, t) or t in PARTLY_ANSWERED for t in own_silence)
        answered_here = False
        for topic in asked:
            section = compose_topic(topic, rules, ctx, deps)
            facts = focus(section.facts, ctx.intent) if topic in BROAD_TOPICS else section.facts
            outcome.set_aside += [f for f in section.facts if f not in facts]
            unfocused = len(facts) == len(section.facts)  # the question picks out none of them
            if topic in TRIMMED_TOPICS and unnamed_several and unfocused and len(facts) > BROAD_PER_NOTICE:
                outcome.trimmed = True  # one short block per notice, not every rule of each
                facts = most_relevant(facts, ctx.intent, BROAD_PER_NOTICE)
            for fact in facts:
                builder.add(fact)
            if section.answered and section.facts:
                answered_here = True
                outcome.answered = True
                outcome.answered_topics.add(topic)
            if section.silence:
                detail_silences[section.silence] = detail_silences.get(section.silence, 0) + 1
            if section.verdict:
                outcome.verdicts.append(section.verdict)
        if answered_here and not own_silence:
            outcome.having.append(rules.id)
        if APPLYING_TOPICS & set(asked) and "deadline" not in asked and answered_here:
            builder.add(deadline_fact(rules, ctx))
    missing_everywhere = {t for t, count in detail_silences.items() if count == len(documents)}
    outcome.unanswered |= bool(missing_everywhere)  # a detail one notice lacks, another may give
    outcome.silences |= missing_everywhere
    return outcome


def _answer_from_text(
    deps: AnswerDeps, builder: AnswerBuilder, intent: Intent, notices: list[str], policy_docs: list[str]
) -> bool:
    """What the rules do not model: a policy document's lists, else the best retrieved sentences."""
    if "policy" in intent.topics:
        facts = policy_facts(intent.question, policy_docs or policy_ids())
        for fact in facts:
            builder.add(fact)
        if facts:
            return True
    named = named_item_facts(intent.question, policy_docs)  # the title first, then its sentences
    facts, confident = retrieved_facts(deps.index, intent.question, notices or _search_scope(intent))
    for fact in named + (facts if confident else []):
        builder.add(fact)
    return confident or bool(named)


def focus(facts: list[Fact], intent: Intent) -> list[Fact]:
    """Of a broad topic's facts (all the procedure, all the materials), those the question is about."""
    if intent.enumeration:
        return facts
    words = content_words(intent.question)
    scored = [(coverage(words, f.text + (f.citation.quote if f.citation else "")), f) for f in facts]
    relevant = [f for score, f in scored if score >= FOCUS_MIN]
    return relevant or facts


def most_relevant(facts: list[Fact], intent: Intent, limit: int) -> list[Fact]:
    """The `limit` facts that cover most of the question, in their own order (the first ones on a tie)."""
    words = content_words(intent.question)
    scores = [coverage(words, f.text + (f.citation.quote if f.citation else "")) for f in facts]
    ranked = sorted(range(len(facts)), key=lambda i: -scores[i])
    keep = set(ranked[:limit])
    return [f for i, f in enumerate(facts) if i in keep]


def _add_closest_clause(builder: AnswerBuilder, deps: AnswerDeps, intent: Intent, notices: list[str]) -> None:
    """Add the retrieved sentence that matches the question best when the rules' facts do not quote it."""
    facts, confident = retrieved_facts(
        deps.index, intent.question, notices if len(notices) == 1 else intent.notices
    )
    if not confident:
        return
    best = facts[0]
    words = content_words(intent.question)
    if best.citation in builder.citations or coverage(words, best.text) < SUPPLEMENT_MIN:
        return
    if words and not words.most_telling().occurs_in(best.text):
        return  # it misses the question's most telling word: related, but not what was asked
    if any(best.citation and best.citation.quote in c.quote for c in builder.citations):
        return
    builder.add(Fact("相关原文：" + best.text, best.citation))


def _has_part_beyond(question: str, outcome: Outcome) -> bool:
    """ "奖金多少？什么时候截止？" also asks something the documents answer: a part that touches no
    silence and asks a topic that was answered. "有字数限制吗？最多写多少字？" asks one silence twice."""
    parts = [p for p in re.split(r"[？?；;。！!]", question) if len(p.strip()) >= 4]
    return len(parts) > 1 and any(
        not any(asks_about(p, t) for t in outcome.silences) and set(topics_of(p)) & outcome.answered_topics
        for p in parts
    )


def _say_global_silences(builder: AnswerBuilder, intent: Intent, outcome: Outcome) -> None:
    """Silences that hold whatever the document (money, results, other editions), asked where no
    call's rules were consulted (a policy document, or no document named)."""
    asks_amount = bool(re.search(r"多少|几万|比例|标准|数额|金额", intent.question))
    for topic in [t for t in intent.silent if t in GLOBAL_SILENCE or (t == "prize_money" and asks_amount)]:
        builder.add(Fact(f"{silence_text(topic, '文件没有这方面的规定')}，我不做推测。"))
        outcome.unanswered = True
        outcome.silences.add(topic)


def _gives_the_figure_asked(question: str, builder: AnswerBuilder, policy_only: bool) -> bool:
    """A question after a quantity gets an answer with one (always true of other questions). A
    policy document asked for a count needs a line that gives a quantity and speaks to what was
    asked: the "3-5年" of its goals does not say how many 4K channels it wants."""
    text = builder.text()
    if re.search(MEASURE, question) and not _has_figure(text):
        return False
    if not (policy_only and re.search(COUNT_ASKED, question)):
        return True
    words = content_words(question)
    return any(_has_figure(line) and coverage(words, line) >= FIGURE_LINE_MIN for line in text.splitlines())


def _has_figure(text: str) -> bool:
    """A quantity in an answer, not counting document names, how long ago a deadline passed or its date."""
    for info in registry().values():
        text = text.replace(info.short_name, "")
    text = re.sub(r"已过去\d+天|\d{4}年\d{1,2}月\d{1,2}日|\[\d+\]|[A-Za-z]+\d+|\d+[A-Za-z]+", "", text)
    return bool(re.search(r"\d|[一二三四五六七八九十百千万两]+(?:年|个|户|人|天|元|万|成|倍)", text))


def _is_profile_statement(intent: Intent) -> bool:
    """ "我们是县级融媒体中心" alone: the applicant introduces itself; answer with eligibility (not
    when it also asks about something, "我们是科技企业，指导意见对企业合作怎么说")."""
    return intent.profile_stated and len(intent.question) <= 40 and not intent.topics


def _candidate_notices(intent: Intent, notice_specific: bool) -> list[str]:
    if intent.notices:
        return intent.notices
    if intent.categories_named:
        owners = [r.id for r in _rules_with_categories(intent.categories_named)]
        if owners:
            return owners
    if "policy" in intent.topics and not notice_specific:
        return []
    return current_calls() if notice_specific else []


def _rules_with_categories(names: list[str]) -> list[NoticeRules]:
    return [load_rules(n) for n in call_ids() if any(load_rules(n).category(c) for c in names)]


def _search_scope(intent: Intent) -> list[str]:
    if "policy" in intent.topics:
        return policy_ids()
    return []


def _contact_hint(notices: list[str]) -> str:
    contacts = []
    for notice_id in notices:
        rules = load_rules(notice_id)
        for contact in rules.contacts[:1]:
            who = "、".join(contact.names) or contact.role
            phones = "、".join(contact.phones)
            contacts.append(f"{document(notice_id).short_name}可咨询{who}（{phones}）")
    return ("如需确认，" + "；".join(contacts) + "。") if contacts else ""
