"""Whether a question and a curated answer ask the same thing, read slot by slot.

Dense and BM25 similarity weigh every word alike, so "简介最多多少字" and "详细材料最多多少字", or
"每个省" and "每个地市", look the same to them. Here both texts are read the way the answering
engine reads a question (`answering.intent.understand`: notices named, topics, silent topics,
applicant) plus a few slots that tell curated answers of one notice and topic apart: whom the
rule is for (quota scopes), what a length limit is on (summary / detailed material), which side
of a measure is asked (最少/最多, 开始/截止), years, negation and the categories named. The word
lists are data (`knowledge/vocabulary.yaml`: `quota_scopes`, `curated_slots`).

An answer's slots are read from its wordings (question and variants), never from its answer text:
the text may mention other units or categories than the one it answers for.

A slot of the question either agrees with the answer's, conflicts with it, or is left open (the
question names no notice, no scope or no limit target where the answer does): an open slot is
fine only when no other answer fits as well (the matcher decides that over all answers).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict

from assistant.answering.intent import asks_about, topics_of
from assistant.answering.parts import asked_parts
from assistant.answering.profile import kinds_named, parse_profile
from assistant.answering.subjects import asked_subjects, mentioned_in
from assistant.answering.topics import answers_anyway
from assistant.errors import UnknownDocumentError
from assistant.knowledge.rules import SilentTopic, load_rules
from assistant.knowledge.vocabulary import YEAR, notice_years, strip_notice_names
from assistant.knowledge.wordlists import vocabulary
from assistant.staff.curated import CuratedAnswer
from assistant.text.chinese import to_simplified

FOREIGN_SILENCES = {"next_edition", "other_programme"}
"""An edition or programme the knowledge does not have: no curated answer is about it."""
NEGATION = re.compile(r"(?<![能可])不(?:能|可以|得|允许|予|接受)(?!超过|超出|多于|高于|少于|低于)|禁止")
"""A question in the negative ("哪些单位不能申报"); "不能超过" states a bound, not a negation."""

Slot = Literal[
    "notice",
    "several_notices",
    "topic",
    "year",
    "silent",
    "negation",
    "scope",
    "applicant",
    "target",
    "side",
    "category",
    "asked_for",
    "rule",
    "detail",
    "subject",
]
GUARD_SLOTS: frozenset[Slot] = frozenset({"notice", "year", "silent", "negation"})
"""Slots whose conflict keeps an answer from being shown even as related (another notice, another
year, a topic the notices are silent on, a question in the negative)."""


QUOTED = re.compile(r"[“\"'‘「]([^”\"'’」]{2,12})[”\"'’」]")
"""A term a question quotes ("“政治性”要求是什么"): the answer must mention it."""
EXCEPTED = re.compile(
    r"除(?:了)?[^，。？?；]{1,12}(?:以外|之外|外)|[^，。？?；]{1,12}(?:以外|之外)"
    r"|(?:非|不是|不走|不通过|不经过?)[^，。？?；]{0,6}(?:省级|省里|省局|省)"
)
"""Units a text excepts ("各省（区、市）和兵团以外的其他单位", "不走省里的单位"): not whom it is about."""


@cache
def _detail_cues() -> dict[str, str]:
    return {name: cue.asked for name, cue in vocabulary().curated_slots.details.items()}


@cache
def _scope_cues() -> dict[str, str]:
    v = vocabulary()
    return {**v.quota_scopes, **v.curated_slots.scopes}


def _found(cues: dict[str, str], text: str) -> frozenset[str]:
    return frozenset(name for name, cue in cues.items() if re.search(cue, text, re.IGNORECASE))


def _sides(text: str) -> frozenset[str]:
    return frozenset(
        f"{measure}:{side}"
        for measure, sides in vocabulary().curated_slots.sides.items()
        for side, cue in sides.items()
        if re.search(cue, text)
    )


def reduce_topics(topics: list[str]) -> frozenset[str]:
    """The topics asked, without those another asked topic's cues bring along (`subsumes`)."""
    subsumes = vocabulary().curated_slots.subsumes
    present = set(topics)
    return frozenset(t for t in present if not any(t in subsumes.get(s, ()) for s in present if s != t))


class Reading(BaseModel):
    """The slots of one text (a question, or one wording of a curated answer)."""

    model_config = ConfigDict(frozen=True)

    notices: tuple[str, ...]
    notice_named: bool
    foreign: bool
    topics: frozenset[str]
    years: frozenset[int]
    silent: frozenset[str]
    negated: bool
    scopes: frozenset[str]
    applicant: str | None
    """The kind of applicant the text says it is ("我们是中央单位"), or for a wording any it names."""
    targets: frozenset[str]
    sides: frozenset[str]
    categories: frozenset[str]
    asked_for: frozenset[str]
    rules: frozenset[str]
    """The special rules of a call asked about (`special_cues`: one category per case ...)."""
    details: frozenset[str]
    """The details (`curated_slots.details`) the text asks for."""
    subjects: frozenset[str]
    """Things no topic models that the text names (`vocabulary.yaml: subjects`: 视频, 盖章 ...)."""
    text: str
    """The question as the answering engine read it (Simplified, repaired)."""
    asks: tuple[str, ...]
    """The parts of `text` that ask something (`asked_parts`)."""

    @classmethod
    def of(cls, text: str, notice: str | None = None) -> Reading:
        from assistant.answering.intent import silent_topics_of, understand

        intent = understand(text, notice=notice)
        q = intent.question
        # topics whose cue is only in a notice's name ("征集评选" is not a question about the review)
        named_only = set(topics_of(q)) - set(topics_of(strip_notice_names(q)))
        return cls(
            notices=tuple(intent.notices) if intent.notice_named else (),
            notice_named=intent.notice_named,
            foreign=bool(FOREIGN_SILENCES & set(intent.silent)),
            topics=reduce_topics([t for t in intent.topics if t not in named_only]),
            years=frozenset(int(y) for y in YEAR.findall(q)),
            silent=frozenset(silent_topics_of(q)),
            negated=bool(NEGATION.search(q)),
            scopes=_found(_scope_cues(), EXCEPTED.sub(" ", q)),
            applicant=intent.profile.kind if intent.profile_stated else None,
            targets=_found(vocabulary().curated_slots.limit_targets, q),
            sides=_sides(q),
            categories=frozenset(intent.categories_named),
            asked_for=_found(vocabulary().curated_slots.asked_for, q),
            rules=_found(vocabulary().special_cues, q),
            details=_found(_detail_cues(), q),
            subjects=frozenset(asked_subjects(q)) | frozenset(QUOTED.findall(q)),
            text=q,
            asks=asked_parts(q),
        )


class AnswerSlots(BaseModel):
    """The slots of a curated answer: the union over its wordings, and the core topics (those of
    the canonical question, or of any wording when it has none)."""

    model_config = ConfigDict(frozen=True)

    notice: str | None
    core: frozenset[str]
    topics: frozenset[str]
    years: frozenset[int]
    silent: frozenset[str]
    negated: bool
    scopes: frozenset[str]
    applicants: frozenset[str]
    targets: frozenset[str]
    sides: frozenset[str]
    categories: frozenset[str]
    asked_for: frozenset[str]
    rules: frozenset[str]
    """The special rules of a call asked about (`special_cues`: one category per case ...)."""
    notice_silences: frozenset[SilentTopic]
    """What the answer's notice is silent on (its rules' `silent_on`) and no wording asks about."""
    details: frozenset[str]
    """The details (`curated_slots.details`: e-mail, fax ...) the answer's text gives."""
    said: str
    """Everything the answer says: its wordings, text and quotes (subjects are looked up in it)."""

    @classmethod
    def of(cls, answer: CuratedAnswer) -> AnswerSlots:
        readings = [Reading.of(t) for t in answer.texts]
        year = notice_years().get(answer.notice or "")
        topics = frozenset().union(*(r.topics for r in readings))
        core = readings[0].topics or topics
        said = to_simplified(" ".join([*answer.texts, answer.answer, *(c.quote for c in answer.citations)]))
        # an eligibility answer's text lists whom it is for; other texts may name units they are not for
        lists_who = bool(core & set(vocabulary().curated_slots.text_lists_who))
        return cls(
            notice=answer.notice,
            core=core,
            topics=topics,
            years=frozenset().union(*(r.years for r in readings)) | ({year} if year else set()),
            silent=frozenset().union(*(r.silent for r in readings)),
            negated=any(r.negated for r in readings),
            scopes=frozenset().union(*(r.scopes for r in readings))
            | (_found(_scope_cues(), said) if lists_who else frozenset()),
            applicants=frozenset(k for t in answer.texts if (k := parse_profile(t).kind))
            | (kinds_named(said) if lists_who else frozenset()),
            targets=frozenset().union(*(r.targets for r in readings)),
            sides=frozenset().union(*(r.sides for r in readings)) | _sides(said),  # "不超过4个" is a maximum
            categories=frozenset().union(*(r.categories for r in readings)),
            asked_for=frozenset().union(*(r.asked_for for r in readings)),
            rules=frozenset().union(*(r.rules for r in readings)),
            notice_silences=_notice_silences(answer.notice, [r.text for r in readings]),
            details=_details_given(said),
            said=said,
        )


def _details_given(said: str) -> frozenset[str]:
    cues = vocabulary().curated_slots.details
    return frozenset(name for name, cue in cues.items() if re.search(cue.given, said, re.IGNORECASE))


def _notice_silences(notice: str | None, wordings: list[str]) -> frozenset[SilentTopic]:
    """The topics `notice` is silent on that none of an answer's wordings asks about: a question on
    one of them ("示范案例每个类别最多报几个") is not what the answer ("每个省最多报几个") says. A
    silence the notice's other rules answer is not one ("推荐材料包含哪几部分": no element
    structure, but a list of materials)."""
    if notice is None:
        return frozenset()
    try:
        rules = load_rules(notice)
    except UnknownDocumentError:
        return frozenset()
    return frozenset(
        t
        for t in rules.silent_on
        if not answers_anyway(rules, t) and not any(asks_about(w, t) for w in wordings)
    )


class Agreement(BaseModel):
    """How a question's slots compare with an answer's."""

    model_config = ConfigDict(frozen=True)

    conflicts: frozenset[Slot]
    open: frozenset[Slot]
    """Slots the answer fills and the question leaves open (no notice, scope or target named)."""
    topicless: bool
    """The question has no recognised topic: structure cannot vouch for it, only similarity."""

    @property
    def agrees(self) -> bool:
        return not self.conflicts

    @property
    def exact(self) -> bool:
        return not self.conflicts and not self.open

    @property
    def guarded(self) -> bool:
        """No conflict on a slot that keeps an answer from being shown at all."""
        return not (self.conflicts & GUARD_SLOTS)


def _specific(asked: frozenset[str], answered: frozenset[str]) -> Literal["agree", "conflict", "open"]:
    """A slot that names one of several things (scope, limit target): the question's must be the answer's."""
    if asked:
        return "agree" if asked <= answered else "conflict"
    return "open" if answered else "agree"


def _sides_conflict(asked: frozenset[str], answered: frozenset[str]) -> bool:
    """The question is on one side of a measure and the answer's wordings only on another."""
    for side in asked:
        measure = side.split(":")[0]
        on_measure = {s for s in answered if s.split(":")[0] == measure}
        if on_measure and side not in on_measure:
            return True
    return False


def compare(question: Reading, answer: AnswerSlots) -> Agreement:
    conflicts: set[Slot] = set()
    open_: set[Slot] = set()
    if question.foreign or (
        answer.notice is not None and question.notice_named and answer.notice not in question.notices
    ):
        conflicts.add("notice")
    elif answer.notice is not None and len(question.notices) > 1:
        conflicts.add("several_notices")  # answers one of the notices asked about: related at most
    elif answer.notice is not None and not question.notice_named:
        open_.add("notice")
    incidental = set(vocabulary().curated_slots.incidental_topics)
    asked = question.topics - incidental if question.topics & answer.core else question.topics
    if question.topics and (not question.topics & answer.core or not asked <= answer.topics):
        conflicts.add("topic")
    elif question.topics and not answer.core <= question.topics:
        open_.add("topic")  # the answer is also about something the question does not ask
    if not question.years <= answer.years:
        conflicts.add("year")
    if not question.silent <= answer.silent or any(
        asks_about(question.text, t) for t in answer.notice_silences
    ):
        conflicts.add("silent")
    if question.negated and not answer.negated:
        conflicts.add("negation")
    who_matters = bool(answer.core & set(vocabulary().curated_slots.who_matters))
    specific: list[tuple[Slot, frozenset[str], frozenset[str]]] = [("rule", question.rules, answer.rules)]
    if answer.targets:  # "详细材料要写哪几部分" is no question about a length limit's target
        specific.append(("target", question.targets, answer.targets))
    if who_matters:
        specific.append(("scope", question.scopes, answer.scopes))
    for slot, asked, answered in specific:
        verdict = _specific(asked, answered)
        if verdict == "conflict":
            conflicts.add(slot)
        elif verdict == "open":
            open_.add(slot)
    if (
        who_matters
        and question.applicant
        and not question.scopes  # a scope named already says whom it is for
        and answer.applicants
        and question.applicant not in answer.applicants
    ):
        conflicts.add("applicant")
    if _sides_conflict(question.sides, answer.sides):
        conflicts.add("side")
    examples = bool(answer.core & set(vocabulary().curated_slots.categories_as_examples))
    if not question.categories <= answer.categories and not examples:
        conflicts.add("category")
    elif answer.categories - question.categories:
        open_.add("category")  # "“综合信息服务”指什么" answers "有哪几类" only when nothing else fits
    if not question.asked_for <= answer.asked_for:
        conflicts.add("asked_for")
    elif answer.asked_for - question.asked_for:
        open_.add("asked_for")  # "初审由谁负责" answers "评选分几个阶段" only when nothing else fits
    if not question.details <= answer.details:
        conflicts.add("detail")
    if not all(mentioned_in(answer.said, subject) for subject in question.subjects):
        conflicts.add("subject")  # "要不要附视频" is not answered by a word limit
    return Agreement(conflicts=frozenset(conflicts), open=frozenset(open_), topicless=not question.topics)
