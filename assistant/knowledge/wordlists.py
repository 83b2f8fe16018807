"""The shared vocabulary (`knowledge/vocabulary.yaml`): term aliases, domain terms, stop words.

Word lists are data so that a newcomer (or staff) can extend them without reading code; every
module that needs one of them reads it from here.
"""

from __future__ import annotations

from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.knowledge.documents import KNOWLEDGE_DIR


class FollowUpCues(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    ellipsis: str = "$^"
    """A turn that only names something new and leaves the question to the previous turn ("新服务呢")."""
    filler: str = "$^"
    """Words of a follow-up that carry nothing once it is read with the previous turn ("那", "呢")."""
    pronoun: str = "$^"
    """A reference to the thing the previous turn was about ("它", "这个类别")."""
    mention: str = "$^"
    """A question whether a document mentions something ("提到5G了吗"); group 1 is the thing."""
    ordinal: str = "$^"
    """A reference to the n-th item of a list the previous turn asked for ("第4个", "第三类");
    group 1 is the number."""
    bare_verb: str = "$^"
    """A turn that asks when or where something happens without saying what ("那大概什么时候办");
    the thing is the previous turn's subject."""
    reference: str = "$^"
    """A notice named as a yardstick ("也跟网服一样10个？"): in a conversation about another notice,
    not the notice asked about."""
    asking: str = "$^"
    """Where a question's asking part starts ("在哪办", "什么时候"): what precedes it is its subject."""
    restated: str = "$^"
    """A "…呢" the asker restates ("那网服呢 就是网络新服务那个"); group 1 is the restatement, read
    as part of the "…呢"."""


class DetailCue(BaseModel):
    """A detail a question can ask for (an e-mail address) and what an answer that gives it says."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    asked: str
    given: str


class CuratedSlotCues(BaseModel):
    """How a question is compared with a curated answer, slot by slot (`assistant/staff/slots.py`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    subsumes: dict[str, tuple[str, ...]] = {}
    """A topic -> topics whose cues it brings along without asking them (dropped when it is there)."""
    scopes: dict[str, str] = {}
    """Whom a rule is for, beyond `quota_scopes` (regular expressions)."""
    limit_targets: dict[str, str] = {}
    """What a length limit is on (summary, detailed material)."""
    asked_for: dict[str, str] = {}
    """What a question asks for beyond its topic (who is responsible ...)."""
    sides: dict[str, dict[str, str]] = {}
    """Opposite sides of one measure (lower/upper bound, start/end), by measure."""
    details: dict[str, DetailCue] = {}
    """Details a question asks for (e-mail, fax, website ...): served only by an answer whose text
    gives them."""
    clause_breaks: str = r"[？?]"
    """Where a question is cut into parts (regular expression)."""
    asking: str = ""
    """A part with this asks something (regular expression); the others are background."""
    broad_topics: tuple[str, ...] = ()
    """Topics of many facts (procedure, support, policy ...): their slots do not tell one fact from
    another, so the words must (the judge, `assistant/staff/judge.py`, can weigh BM25 more there)."""
    incidental_topics: tuple[str, ...] = ()
    """Topics whose cues are everyday words ("评选", "要求"): beside the topic an answer is about,
    they do not make the question a second one."""
    categories_as_examples: tuple[str, ...] = ()
    """Topics of rules about categories in general (one category per case): categories a question
    names there are examples, not another category's answer."""
    text_lists_who: tuple[str, ...] = ()
    """Topics whose answer text lists whom it is for (eligibility: the kinds of unit that may apply):
    an answer on one also fits the applicants and scopes its text names."""
    who_matters: tuple[str, ...] = ()
    """Topics whose answer depends on who asks (quota, eligibility ...): only for these do the
    applicant a question states and the scope it names have to agree with the answer's."""


class Vocabulary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    term_aliases: dict[str, str]
    """A colloquial or short word -> the documents' wording (appended to a query)."""
    domain_terms: tuple[str, ...]
    """Words jieba must keep whole."""
    stopwords: frozenset[str]
    """Words that carry no meaning for search or matching."""
    category_stopwords: frozenset[str]
    """Words too common in case descriptions to tell categories apart (with `stopwords`)."""
    question_words: frozenset[str]
    """Words that ask rather than name what is asked about."""
    question_phrases: str = "$^"
    """Phrases that ask and whose words alone would name something ("用在哪些地方": not 地方各级)."""
    silence_texts: dict[str, str]
    """What an answer says when the documents are silent on a topic, by topic."""
    english_terms: dict[str, str] = {}
    """An English phrase -> the documents' Chinese wording (English questions are read in Chinese)."""
    forwarding_frames: dict[str, str] = {}
    """A regular expression of the frame a forwarded question comes in (a hotline ticket's "来电人
    反映：其单位为……，咨询……", "请相关单位于3个工作日内答复") -> what it becomes, applied in order."""
    self_corrections: dict[str, str] = {}
    """A regular expression of what a speaker takes back ("网服 哦不是 示范案例那个", "不是简介啊 是详细
    材料") -> what it becomes, applied in order: only what the speaker meant is read."""
    chatter: str = "$^"
    """What a message carries around its question and means nothing to it: greetings, thanks,
    netspeak fillers ("求科普", "码住"), emoji and kaomoji."""
    english_note: str = ""
    """The one English line put before a Chinese answer to an English question."""
    topic_cues: dict[str, str] = {}
    """What a question asks about, by topic (regular expressions)."""
    silent_cues: dict[str, str] = {}
    """Topics the documents are known to be silent on, by topic (regular expressions)."""
    other_bodies: str = "$^"
    """Ministries and agencies other than the issuer: a call or programme of one that no document
    mentions is not in the knowledge base ("文旅部智慧旅游典型案例征集")."""
    special_cues: dict[str, str] = {}
    """Which special rule of a call a question asks about, by rule code (regular expressions)."""
    special_fallbacks: dict[str, Literal["requirements", "materials"]] = {}
    """A special rule's code -> what a notice without that rule says instead ("必须已建成吗": its
    requirements of a case; "能同时报两个类别吗": its rules on the materials)."""
    quota_scopes: dict[str, str] = {}
    """Which quota a question asks about, by scope (province, central_unit, bingtuan)."""
    subjects: tuple[str, ...] = ()
    """Things an applicant asks about that no topic models (seals, formats, attachments ...):
    answered from the clause sentences that mention them, else said to be unregulated."""
    applicant_subjects: tuple[str, ...] = ()
    """The subjects that are a kind of applicant ("高校", "个人"): asked whether they may apply, the
    notice's list of who may apply answers them even when it does not name them."""
    followup: FollowUpCues = Field(default_factory=lambda: FollowUpCues())
    """How a follow-up refers back to the conversation."""
    curated_slots: CuratedSlotCues = Field(default_factory=lambda: CuratedSlotCues())
    """How a question is compared with a curated answer, slot by slot."""


@cache
def vocabulary() -> Vocabulary:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "vocabulary.yaml").read_text(encoding="utf-8"))
    return Vocabulary.model_validate(raw)
