"""A follow-up read against the user's earlier turns (`history`, oldest first).

Only the user's questions are used, never the assistant's answers, so the chat app and `batch`
give the same answer to the same conversation. The turns are read in order, each against the
state the earlier ones left:

- a turn that only names something new ("新服务呢", "24年的呢", "那中央单位呢") takes its question
  from the previous turn: same topic, other notice or other subject;
- a turn that asks its own question but names no notice keeps the conversation's notice
  ("那截止时间呢？");
- "第4个", "第三类", "最后一个" name an item of the list the conversation last asked for (a notice's
  categories, a policy document's principles or aspects), and "它", "那个类别" the item or
  category last named (or the one the answer to "该报哪类" recommended);
- what the applicant said about itself ("我们是兵团的") carries over.

The cues are data (`knowledge/vocabulary.yaml: followup`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import cn2an
from pydantic import BaseModel, Field

from assistant.answering.grounding import content_words
from assistant.answering.intent import Intent, understand
from assistant.answering.policy import asked_list
from assistant.answering.profile import ApplicantProfile
from assistant.answering.spelling import normalize_question
from assistant.knowledge.documents import registry
from assistant.knowledge.rules import NoticeRules, load_rules
from assistant.knowledge.vocabulary import strip_notice_names
from assistant.knowledge.wordlists import vocabulary


class Reading(BaseModel):
    """A question as the conversation makes it read."""

    question: str
    """The stand-alone question (Simplified, repaired; completed from earlier turns)."""
    notices: list[str] = Field(default_factory=list)
    """The notices the earlier turns settled on, for a question that names none."""
    profile: ApplicantProfile = Field(default_factory=ApplicantProfile)
    """The applicant as every turn so far describes it."""
    items: list[str] = Field(default_factory=list)
    """The list the conversation last asked for (for "第N个")."""
    focus: str | None = None
    """The item or category last named (for "它")."""
    intent: Intent | None = None
    """How the question was understood on its own words."""
    as_typed: bool = True
    """The question stands on its own words (repaired, not completed from earlier turns)."""


Suggest = Callable[[str, str], str | None]
"""(question, notice) -> the category the answer to a "该报哪类" question recommends."""


def read_in_context(question: str, history: Sequence[str] = (), suggest: Suggest | None = None) -> Reading:
    state = Reading(question="")
    turns = [turn for turn in [*history, question] if turn.strip()]
    for k, turn in enumerate(turns):
        state = _advance(state, turn)
        if suggest is not None and k < len(turns) - 1:
            state = _with_suggested_focus(state, suggest)
    return state


def _with_suggested_focus(state: Reading, suggest: Suggest) -> Reading:
    """After "我们做了……该报哪类", "那个类别" is the category the answer recommended."""
    intent = state.intent
    if intent is None or "category_suggest" not in intent.topics or intent.categories_named:
        return state
    if len(state.notices) != 1:
        return state
    category = suggest(state.question, state.notices[0])
    return state.model_copy(update={"focus": category}) if category else state


def _number(text: str) -> int | None:
    try:
        return int(text) if text.isdigit() else int(cn2an.cn2an(text, "smart"))
    except ValueError:
        return None


def _listed(intent: Intent, notices: list[str]) -> list[str]:
    """The items a turn asks to have listed: a notice's categories or elements, or a policy
    document's list."""
    docs = intent.notices or notices
    items = asked_list(intent.question, docs)
    if items:
        return items
    rules = _one_notice(docs)
    if "elements" in intent.topics and rules is not None:
        # a category's elements when one is named, else the notice's
        named = [c for c in rules.categories if c.name in intent.categories_named and c.elements]
        elements = named[0].elements if named else rules.elements
        if elements:
            return [e.name for e in elements]
    if "category_def" in intent.topics or re.search(r"类", intent.question):
        return _categories(docs)
    return []


def _categories(docs: list[str]) -> list[str]:
    """The categories of the one notice in `docs` (none for several)."""
    rules = _one_notice(docs)
    return [c.name for c in rules.categories] if rules is not None else []


def _one_notice(docs: list[str]) -> NoticeRules | None:
    """The rules of the notice `docs` names, when it names exactly one known document."""
    return load_rules(docs[0]) if len(docs) == 1 and docs[0] in registry() else None


def _ordinal_items(ordinal: str, own: Intent, state: Reading, notices: list[str]) -> list[str]:
    """The list "第N个" picks from: the categories for "第N类" (whatever was listed last), else the
    list this turn names ("保障措施第二条"), else the one the conversation last asked for."""
    if ordinal.endswith("类"):
        return _categories(notices)
    names_a_list = own.notice_named or asked_list(own.question, own.notices or notices)
    items = _listed(own, notices) if names_a_list else []
    return items or state.items or _listed(own.model_copy(update={"notices": notices}), notices)


def _asks_elements_of_no_category(intent: Intent, focus: str | None, notices: list[str]) -> bool:
    """The turn asks for elements without naming a category, and the category the conversation is
    about has elements of its own."""
    rules = _one_notice(notices)
    if focus is None or rules is None or intent.categories_named or "elements" not in intent.topics:
        return False
    category = rules.category(focus)
    return category is not None and bool(category.elements)


def _names_another_category(state: Reading, intent: Intent) -> bool:
    """The turn only names a category other than the one the previous question was about: the
    previous question is asked again of it ("体制机制改革那个类别呢" after "新媒体平台建设类的要素")."""
    return bool(
        state.focus
        and state.focus in state.question
        and intent.categories_named
        and intent.categories_named[0] != state.focus
        and set(intent.topics) <= {"category_def"}
        and not intent.silent
    )


def _only_names_a_category(intent: Intent) -> bool:
    """ "24年体制机制改革那类的呢": a category named alone reads as asking what it is, but after
    another question it asks that question of the category."""
    return bool(
        intent.categories_named
        and set(intent.topics) <= {"category_def"}
        and not intent.silent
        and not re.search(vocabulary().topic_cues["category_def"], intent.question)
    )


def _only_names_a_policy_document(intent: Intent) -> bool:
    """ "扶贫的那个通知里呢": naming a policy document reads as asking what it says, but after another
    question it asks that question of the document."""
    return bool(
        intent.notice_named
        and set(intent.topics) <= {"policy"}
        and not intent.silent
        and not content_words(strip_notice_names(intent.question))
    )


def _other_scope(rest: str, previous: str) -> tuple[str, bool]:
    """ "省里呢" after "中央单位能报几个": the previous question without the scope it named (central
    units, provinces, 兵团), and whether the turn switched to another one."""
    scopes = vocabulary().quota_scopes
    named = {scope for scope, pattern in scopes.items() if re.search(pattern, rest)}
    others = [pattern for scope, pattern in scopes.items() if scope not in named]
    if not named or not any(re.search(pattern, previous) for pattern in others):
        return previous, False
    for pattern in others:
        previous = re.sub(pattern, "", previous)
    return previous, True


def _without_yardstick(text: str, own: Intent) -> tuple[str, Intent]:
    """ "那总数呢？也跟网服一样10个？" in a conversation about 媒融: 网服 is only what the number is
    compared with, so the conversation's notice stays the one asked about."""
    plain = re.sub(vocabulary().followup.reference, "", text)
    reading = understand(plain)
    return (plain, reading) if plain != text and not reading.notice_named else (text, own)


def _with_previous_subject(text: str, previous: str) -> str:
    """ "那大概什么时候办" after "展示评比活动在哪办": asked of what the previous turn was about."""
    cues = vocabulary().followup
    asking = re.search(cues.asking, previous)
    subject = previous[: asking.start()].rstrip("的，, ") if asking else ""
    if len(subject) < 2:
        return text
    return subject + re.sub(cues.filler, "", text, flags=re.IGNORECASE).strip()


def _advance(state: Reading, raw: str) -> Reading:
    cues = vocabulary().followup
    text = typed = re.sub(cues.restated, r"\1呢", normalize_question(raw))
    own = understand(text)
    if state.notices and own.notice_named:
        text, own = _without_yardstick(text, own)
    notices = own.notices or state.notices
    focus = state.focus
    if focus and focus not in text and not own.categories_named and re.search(cues.pronoun, text):
        text = re.sub(cues.pronoun, focus, text, count=1)  # "那个类别的第一条": the category first
        own = understand(text)
    ordinal = None if own.categories_named else re.search(cues.ordinal, text)
    if ordinal and not state.question and not ordinal.group(0).endswith("类"):
        ordinal = None  # in a first message "第一项" is an item of what it names, not of a list asked for
    if ordinal:
        items = _ordinal_items(ordinal.group(0), own, state, notices)
        n = len(items) if ordinal.group(2) else _number(ordinal.group(1))  # "最后一个"
        if n is not None and 1 <= n <= len(items):
            focus = items[n - 1]
            text = text.replace(ordinal.group(0), focus, 1)
    intent = understand(text)
    if _names_another_category(state, intent) and re.search(cues.ellipsis, text, re.IGNORECASE):
        text = state.question.replace(state.focus or "", intent.categories_named[0])  # "X那个类别呢"
        intent = understand(text)
    bare = not (intent.topics or intent.silent or intent.notice_named or intent.categories_named)
    switched = False  # to another scope: what the earlier turns said of the applicant no longer holds
    if (
        state.question
        and (
            not (intent.topics or intent.silent)
            or _only_names_a_category(intent)
            or _only_names_a_policy_document(intent)
        )
        and (re.search(cues.ellipsis, text, re.IGNORECASE) or (bare and not content_words(text)))
    ):
        rest = re.sub(cues.filler, "", text, flags=re.IGNORECASE).strip(" ？?。")
        previous = strip_notice_names(state.question) if intent.notice_named else state.question
        previous, switched = _other_scope(rest, previous)
        thing = re.search(cues.mention, previous, re.IGNORECASE)
        if thing and rest and not intent.notice_named:  # "提到5G了吗" then "那IPv6呢"
            text = previous[: thing.start(1)] + rest + previous[thing.end(1) :]
        else:
            text = f"{rest} {previous}".strip()
        intent = understand(text)
    if state.question and _asks_elements_of_no_category(intent, focus, notices):
        text = f"{focus}{text}"  # "我们想报新媒体平台建设" then "要写哪些要素": that category's
        intent = understand(text)
    if state.question and re.search(cues.bare_verb, text):
        text = _with_previous_subject(text, state.question)
        intent = understand(text)
    if intent.notice_named:
        notices = intent.notices
    profile = intent.profile if switched else state.profile.merged_with(intent.profile)
    if intent.categories_named:
        focus = intent.categories_named[0]
    listed = _listed(intent.model_copy(update={"notices": notices}), notices)
    return Reading(
        question=text,
        notices=notices,
        profile=profile,
        items=listed or state.items,
        focus=focus,
        intent=intent,
        as_typed=text == typed,
    )
