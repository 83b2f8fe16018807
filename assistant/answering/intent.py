"""Understanding a question: what is asked (one or several topics), about which notice, by whom.

Questions are colloquial, abbreviated, mistyped and multi-part, so topics are recognised by
cue patterns on the Simplified text (one question may carry several), the notice is resolved
from what the question names (alias, year, doc number, a category of one notice), else from the
conversation, else left open so the answer covers every candidate. A topic the documents are
known to be silent on (prize money, a next edition ...) is recognised too, so the answer can say
so instead of guessing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answering.profile import ApplicantProfile, parse_profile
from assistant.knowledge.rules import SilentTopic
from assistant.knowledge.wordlists import vocabulary

Topic = Literal[
    "deadline",
    "quota",
    "eligibility",
    "channel",
    "limits",
    "elements",
    "category_def",
    "category_suggest",
    "procedure",
    "platform",
    "materials",
    "contacts",
    "requirements",
    "special",
    "support",
    "doc_info",
    "purpose",
    "data",
    "policy",
]

TOPIC_CUES: dict[Topic, str] = vocabulary().topic_cues  # type: ignore[assignment]
"""What a question asks about, by topic (`knowledge/vocabulary.yaml: topic_cues`)."""
SILENT_CUES: dict[SilentTopic, str] = vocabulary().silent_cues  # type: ignore[assignment]
"""Topics the documents are known to be silent on (`knowledge/vocabulary.yaml: silent_cues`)."""
EDITION_YEAR = re.compile(
    r"(20\d\d)年?[^，,。？?；;]{0,20}?(?:征集|评选|推选|案例|新服务|那届|那期|一届|截止)"
)
PAST_RESULT = r"入选|入围|获奖|评上|选上|报过"
GLOBAL_SILENCE: set[SilentTopic] = {
    "next_edition",
    "results_list",
    "fees",
    "result_date",
    "uncovered_detail",
    "other_programme",
}
"""Topics no document in the knowledge base answers, whatever each rules file lists."""
OTHER_PROGRAMME = re.compile(r"[\u4e00-\u9fff]{2,12}(?:工程|基金|扶持项目|资助项目|计划|奖项|大赛)")
ENUMERATION = r"哪些|哪几|几个|几项|几条|什么好处|有什么|有啥|都有|包括|流程|步骤|阶段|分几|都是什么|列一下"
MEASURE = (
    r"几天|多少天|几年|哪一年|哪年|多少钱|多少万|比例|百分之|多少户|多少人|几位|多久|多长时间|达到多少|要达到"
    r"|几期|多少期|多少次|每周.{0,4}几|每月.{0,4}几|频次|多少[套台部]|几[套台部](?!分)|销售额|营业额|产值"
)
"""A question after a measured quantity: an answer without any figure does not answer it."""
PER_CATEGORY = r"每类|每个类别|每一类|各类别|单独限额|分类别?的?.{0,3}(?:名额|限额)"
SUMMARY = r"简介|摘要"
DETAILED = r"详细材料|正文|全文"
QUALIFIED_REQUIREMENT = r"(?:字数|数据|格式|篇幅|写作|报送|时间|名额|数量)[^，,。？?]{0,3}要求"
COUNT_ASKED = r"(?:能|可以|可|最多能?)[^，,。？?]{0,3}(?:报|推|推荐)(?:几|多少)"
"""The detailed material named as well ("详细材料呢" after "简介字数"): the question is about it."""
COMPARISON = r"区别|不同|对比|相比|比较|变化|差别|差异|一样吗|有何不同|哪个多|分别|哪一个"
APPLICANT_TOPICS: set[Topic] = {"eligibility", "channel", "quota"}
FORWARDED = re.compile(r"(?:某|有个|有一家|一家)([^，,。？?：:]{2,20}?)(?:问|咨询|来电|提问|反映)")
SUBJECT = re.compile(
    r"^([^，,。？?！!；;]{2,20}?)(?:想|要|能|可以|准备|打算|也)?(?:报|申报|参加|参评|在|负责)"
)
RECOMMENDERS = {"provincial_bureau", "bingtuan_bureau"}
ROLE = r"负责|职责|干什么|做什么|角色|往上报|推荐几|报几|几个"
CATEGORY_DEFINITION = r"哪几类|几类|哪些类|是指|定义|什么意思|指什么|属于什么|讲的是|面向哪些|包括什么|包含哪些|包括哪些|具体包含|都叫|分几"
SELF_DESCRIPTION = re.compile(
    r"(?:我们|我|本单位|我单位|我司|我台|我局)(?:单位|这边)?(?:是|属于|作为)([^，,。？?！!；;]{2,30})"
)

NOT_THE_ASKER = re.compile(r"(?:不是|并非|不属于|而非)[^，,。？?！!；;]{0,14}")
"""What the asker says it is not ("我们是镇上的广播站，不是县融媒体中心")."""


class Intent(BaseModel):
    question: str
    """The question in Simplified characters."""
    topics: list[Topic] = Field(default_factory=list)
    silent: list[SilentTopic] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list)
    notice_named: bool = False
    """True when the question itself names the notice (not the conversation or a guess)."""
    per_category: bool = False
    about_summary: bool = False
    comparison: bool = False
    enumeration: bool = False
    """The question asks for a whole list ("分几个阶段", "有什么好处")."""
    profile: ApplicantProfile = Field(default_factory=ApplicantProfile)
    profile_stated: bool = False
    """True when the applicant describes itself ("我们是……")."""
    categories_named: list[str] = Field(default_factory=list)


def topics_of(question: str) -> list[Topic]:
    return [topic for topic, cues in TOPIC_CUES.items() if re.search(cues, question, re.IGNORECASE)]


def silent_topics_of(question: str) -> list[SilentTopic]:
    return [topic for topic, cues in SILENT_CUES.items() if re.search(cues, question)]


SILENCE_DETECTORS: dict[SilentTopic, str] = {
    **SILENT_CUES,
    "contact_detail": r"邮箱|电子邮件|email|发邮件|传真|地址|邮编|手机",
    "material_item": r"推荐函|公函|汇总表|申报表|申请表",
    "document_detail": r"文号|哪天|日期|什么时候|何时|印发|发布|哪个司|哪个部门|承办",
    "per_category_quota": PER_CATEGORY,
    "summary_limit": rf"^(?=.*(?:{SUMMARY}))(?=.*(?:{TOPIC_CUES['limits']}))",
    "detailed_material_limit": TOPIC_CUES["limits"],
    "element_structure": TOPIC_CUES["elements"],
    "platform": TOPIC_CUES["platform"],
}


def asks_about(text: str, topic: SilentTopic) -> bool:
    """Whether a (part of a) question touches a topic the documents are silent on."""
    if topic == "per_category_quota" and re.search(r"类[^，。？?]{0,6}(?:几个|多少个|最多)", text):
        return True  # "比如生产制播类最多报几个"
    cue = SILENCE_DETECTORS.get(topic)
    return bool(cue and re.search(cue, text, re.IGNORECASE))


def _asks_about_another_edition(text: str) -> bool:
    """A call of a year none of the documents mentions ("2021年还搞过示范案例评选吗", "2022年那届"),
    or of a year the call it names has no edition of ("2023年的融合典型案例": that call is 2024's);
    not the asker's own past ("我们2022年入选过的项目": the question is about the call named)."""
    from assistant.knowledge.documents import knowledge_text
    from assistant.knowledge.rules import load_rules

    for m in EDITION_YEAR.finditer(text):
        if re.search(PAST_RESULT, m.group(0)):
            continue
        if f"{m.group(1)}年" not in knowledge_text():
            return True
        named = _notices_named(m.group(0)[len(m.group(1)) :], None)
        if named and int(m.group(1)) not in {load_rules(n).year for n in named}:
            return True
    return False


CATEGORY_SUFFIX = re.compile(r"(?:新(?:体验|场景|应用|服务)|类)$")
"""What a category's name ends with that people leave out ("数字文化那个" for 数字文化新应用)."""
SHORT_CATEGORY_MIN = 4
REFERRING = r"(?:类|那个|那类|这个|这类|那一类|方向)"
"""After a category's short name, what shows it names the category, not the field ("智慧家庭")."""


def categories_in(text: str) -> list[str]:
    """The categories a text names: by full name, or by its short name where it refers to a category."""
    from assistant.knowledge.rules import all_rules

    found = []
    for rules in all_rules():
        for category in rules.categories:
            short = CATEGORY_SUFFIX.sub("", category.name)
            if category.name in text or (
                short != category.name
                and len(short) >= SHORT_CATEGORY_MIN
                and re.search(re.escape(short) + REFERRING, text)
            ):
                found.append(category.name)
    return found


def notices_named(text: str, categories: Sequence[str] | None = None) -> list[str]:
    """Notices the question names, those named by alias or doc number first: the one place that
    decides which notices a question means (answers and `search` pass it to the index as a filter). A year alone does
    not add another notice to one named by alias; a category of another notice does, after it
    ("媒体融合典型案例的智慧家庭新场景": the asker mixes two calls, and both are answered). A question
    that names no notice may still name a notice's contact person ("李君的邮箱"). Of a call's
    editions, the newest is meant unless a year names an older one."""
    from assistant.knowledge.editions import resolve

    named = _notices_named(text, categories)
    return resolve(text, named) if named else named


def _notices_named(text: str, categories: Sequence[str] | None) -> list[str]:
    from assistant.knowledge.rules import call_rules
    from assistant.knowledge.vocabulary import ALIAS_POINTS, notice_scores

    if categories is None:
        categories = categories_in(text)
    scores = notice_scores(text)
    named = sorted(scores, key=lambda d: -scores[d])
    by_alias = [d for d in named if scores[d] >= ALIAS_POINTS]
    if not named:
        return [r.id for r in call_rules() if any(n in text for c in r.contacts for n in c.names)]
    if not by_alias:
        return named
    owners = [r.id for r in call_rules() if any(r.category(c) for c in categories)]
    return by_alias + [d for d in owners if d not in by_alias]


def _applicant(text: str, topics: list[Topic]) -> tuple[ApplicantProfile, bool]:
    """Who asks: the unit the question says it is ("我们是……") or opens with ("电影频道节目中心报……"),
    else any unit it mentions when it asks who may apply; and whether the applicant described itself."""
    text = NOT_THE_ASKER.sub("", text)
    for pattern in (SELF_DESCRIPTION, FORWARDED, SUBJECT):
        match = pattern.search(text)
        if match:
            profile = parse_profile(match.group(1))
            if profile.kind:
                return profile, True
    if APPLICANT_TOPICS & set(topics):
        return parse_profile(text), False
    return ApplicantProfile(), False


def _names_other_programme(text: str) -> bool:
    """A programme or fund named in the question that no document of the knowledge base mentions."""
    from assistant.knowledge.documents import knowledge_text

    return any(m.group(0)[-6:] not in knowledge_text() for m in OTHER_PROGRAMME.finditer(text))


def _names_another_bodys_call(text: str) -> bool:
    """A call of another ministry ("文旅部智慧旅游典型案例征集"): not in the knowledge base, even when
    its name contains a notice's alias (典型案例)."""
    from assistant.knowledge.documents import knowledge_text

    return any(m.group(0) not in knowledge_text() for m in re.finditer(vocabulary().other_bodies, text))


def asks_only_a_count(intent: Intent) -> bool:
    """ "能报几个" asks a number, not who may apply (unless the applicant is known)."""
    if not {"quota", "eligibility"} <= set(intent.topics):
        return False
    return not re.search(TOPIC_CUES["eligibility"], re.sub(COUNT_ASKED, "", intent.question))


def understand(question: str, notice: str | None = None, context: Sequence[str] = ()) -> Intent:
    """Read a question; `notice` is given by the caller, `context` (notices) carried by the conversation."""
    from assistant.answering.spelling import normalize_question
    from assistant.knowledge.rules import all_rules

    text = normalize_question(question)
    topics = topics_of(text)
    profile, stated = _applicant(text, topics)
    if profile.kind and "channel" in topics and "eligibility" not in topics:
        topics.insert(0, "eligibility")
    if stated and profile.kind in RECOMMENDERS and "eligibility" not in topics and re.search(ROLE, text):
        topics.insert(0, "eligibility")
    categories = categories_in(text)
    if categories and ({"eligibility", "category_suggest"} & set(topics) or not topics):
        topics.append("category_def")  # "可以报综合信息服务类吗": what the category covers decides
    if (
        "category_def" in topics
        and len(topics) > 1
        and not categories
        and not re.search(CATEGORY_DEFINITION, text)
    ):
        topics.remove("category_def")  # "每类各推4个" mentions categories; it does not ask what they are
    if "requirements" in topics and len(topics) > 1:
        rest = re.sub(QUALIFIED_REQUIREMENT, "", text)
        if not re.search(TOPIC_CUES["requirements"], rest):
            topics.remove("requirements")  # "字数要求" asks a limit, not the selection criteria
    if "category_def" in topics and any(r.name in text for rules in all_rules() for r in rules.requirements):
        topics.remove("category_def")  # "实效性具体指什么": a requirement, not a category
    named = notices_named(text, categories)
    if notice:
        notices, notice_named = [notice], True
    elif named:
        notices, notice_named = named, True
    elif context:
        notices, notice_named = list(context), False
    else:
        notices, notice_named = [], False
    silent = silent_topics_of(text)
    if "next_edition" not in silent and _asks_about_another_edition(text):
        silent.append("next_edition")
    if _names_another_bodys_call(text) or (not named and not notice and _names_other_programme(text)):
        silent.append("other_programme")
    return Intent(
        question=text,
        topics=topics,
        silent=silent,
        notices=notices,
        notice_named=notice_named,
        per_category=bool(re.search(PER_CATEGORY, text)),
        about_summary=bool(re.search(SUMMARY, text)) and not re.search(DETAILED, text),
        comparison=bool(re.search(COMPARISON, text)) and len(notices) != 1,
        enumeration=bool(re.search(ENUMERATION, text)),
        profile=profile,
        profile_stated=stated,
        categories_named=categories,
    )
