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
from typing import Literal

from pydantic import BaseModel, Field

from assistant.answering.profile import ApplicantProfile, parse_profile
from assistant.knowledge.normalize import to_simplified
from assistant.knowledge.rules import SilentTopic

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
    "data",
    "policy",
]

NOT_A_COUNT = r"(?!.{0,3}(?:类|方面|部分|阶段|要素|原则|任务|措施|领域|目标|环节|体系|条)|.{0,5}(?:顺序|先后|排序|排列))"
TOPIC_CUES: dict[Topic, str] = {
    "deadline": r"截止|截至|什么时候|什么时间前|何时前|啥时候|几号|哪天|期限|还能报|还来得及|来得及|过期|时间节点|deadline|最晚|多久|还开着|窗口|还收|结束了|结束没|几月|日期|补报|延期|延长|还能交|还能提交|下周|明天|今天还|\d+月(?:底|初|中旬|上旬|下旬|\d+日)?(?:之?前|以前)",
    "quota": rf"\d+个(?!.{{0,2}}类)|几个{NOT_A_COUNT}|多少个{NOT_A_COUNT}|名额|限额|数量|上限|报几|推荐几|推几|多少项|多少件|几项|几件|指标|总数|最多报|最多能|最多推|报得多|能报多少|推荐多少|不超过多少",
    "eligibility": r"能.{0,3}报(?!告|哪)|可以.{0,3}报(?!告|哪)|能否.{0,3}报|可不可以.{0,3}报|有资格|资格|谁可以|哪些单位|什么单位|能.{0,2}参加|可以参加|申报主体|符合条件|够格|能不能申",
    "channel": r"去哪(?:里|儿)?申请|直接交|直接寄|自己直接|直接把|申报入口|入口|直接报|直接向|直接发|通过谁|通过哪|找谁报|向谁报|报给谁|谁推荐|谁审核|省局推荐|渠道|途径|报送给|经过省|走省|自己报|统一报|自己在平台|自己注册|发邮件给|单独报|通过省|不经省|绕过省",
    "limits": r"字数|多少字|几个字|几千字|篇幅|字以内|(?:材料|简介|篇幅|写|正文).{0,4}多长|多长.{0,2}字|超字|超过.{0,4}字|超了|字数限制|长度|\d+字",
    "data": r"写作要求|写法|行文|数据|量化|感性描述|感受性|主观|感性|对比性|生动|感人|故事|各方的评价|评价|煽情|形容词|夸",
    "elements": r"第[一二三四五六七八九十\d]+(?:项|条|部分|块|点)|要素[一二三四五六\d]|体例|要素|包括哪些部分|怎么写|如何写|结构|提纲|写哪|哪几部分|几个部分|哪几块|几块|框架|模板|写什么|第[一二三四五六1-6]部分|要不要.{0,3}写|单写|单独写|那块|那部分|聚焦描述|编写",
    "category_def": r"哪几类|几类|哪些类|(?<!每个)(?<!每一)类别|分类|是指|定义|什么意思|指什么|属于什么|讲的是|面向哪些|包括什么|包含哪些|包括哪些|具体包含",
    "category_suggest": r"我们做的是|我们做的|报哪类|报哪个类|哪个类别|哪一类|属于哪|归哪|选哪(?:个|一)?类|算哪|适合报|报哪个",
    "procedure": r"入围|入选以后|入选后|之后还要|以后还要|后续|报送方式|申报方式|提交方式|怎么交|流程|程序|阶段|步骤|怎么报|如何申报|怎么申报|评审|评选|答辩|公示|初审|展示评比|怎么选|结果|公布|原则|出书|出版|宣传推介",
    "platform": r"(?<!新媒体)(?<!自有)(?<!支撑)(?<!云)平台(?!建设|账号)|网址|网站|登录|登陆|注册|系统|线上|在哪报|填报|网上|报送方式|申报方式|提交方式",
    "materials": r"什么材料|纸质材料|交纸质|纸质申报|纸质版|哪些材料|材料清单|交什么|提交什么|报送什么|盖章|推荐函|汇总表|申报表|申请表|附件|公函|电子版|图片|(?<!短)视频(?!号|账号|平台)|视音频|宣传片|顺序|先后|排序|排列|几列|哪几列|栏目|多媒体|网盘|层级|级别|报送方式|申报方式|提交方式|怎么报送",
    "contacts": r"联系|电话|邮箱|传真|地址|邮编|咨询|找谁|寄到哪|寄至哪|寄往哪|哪个处室|联系人",
    "requirements": r"要求|政治性|创新性|实效性|典型性|条件|什么样的(?:项目|案例)|(?:项目|案例).{0,4}(?:够格|够不够)",
    "special": r"完工|重复|两个类别|多个类别|同时报|上届|上一届|入选过|换个名字|再报|已入选|没完成|未完成|完成的|在建|过程性|项目方案|工作总结|技术方案|增加.{0,4}名额|名额.{0,6}增加|多给|怎么使用|使用我们|用途|用于",
    "support": r"汇编|成册|集子|支持政策|扶持|好处|优先支持|有什么用|奖励|案例集|推广|出书|出版|书籍|宣传推介",
    "doc_info": r"文号|几号文|哪个司|哪个部门|谁发|发文|印发|发布|签发|落款|哪天发",
    "policy": r"指导意见|扶贫|基本原则|总体目标|重点任务|保障措施|指导思想|八个方面|脱贫|健康扶贫|教育扶贫|消费扶贫|人才扶贫",
}
SILENT_CUES: dict[SilentTopic, str] = {
    "prize_money": r"补助|补贴|资助|奖金|奖励多少|资金奖励|奖多少|多少钱|补贴多少|奖励金|经费支持多少|给多少钱|资金支持多少|现金|扶持资金|资金.{0,4}到账",
    "next_edition": r"20(?:2[5-9]|3\d)年(?:的|度)?[^，。？?]{0,8}(?:征集|案例|新服务|评选|推选|开始|通知|申报|一届|那届)|明年|下一届|下一次|下届|今年还|今年.{0,4}(?:征集|开始|什么时候|啥时候|何时|申报)|下一轮|第二批",
    "fees": r"收费|费用|报名费|要交钱|评审费",
    "result_date": r"什么时候出结果|结果什么时候|何时公布|哪天公布|公示时间|结果.{0,6}哪天|哪天.{0,4}公布",
    "results_list": r"哪些[^，。？?]{0,6}入选|报上去的[^？?]{0,10}(?:哪几个|哪些)|收到了?多少|多少份申报|多少家(?:单位)?申报|评出多少|一共评出|评出了|选出多少|入选多少|入选了多少|一共入选|入选名单|获奖名单|入选的.{0,12}(?:有哪些|是哪些|名单)|评出的.{0,8}(?:有哪些|名单)|哪些单位入选|谁入选",
    "platform_opening": r"平台.{0,8}(?:什么时候|哪天|何时|几号).{0,4}(?:开|开放|开始|上线)|(?:哪天|什么时候|何时|几号)(?:开始|正式)?(?:填报|开放)|开放时间|开始填报",
    "defense": r"答辩",
    "department": r"哪个司|哪个部门|哪个司局|什么司|承办.{0,2}(?:司|部门)|牵头",
    "application_form_fields": r"申报表[^，。？?]{0,12}(?:栏目|字段|填哪些|填什么|哪些项)|栏目要填|表格.{0,4}(?:栏目|字段)",
    "uncovered_detail": r"异议|复议|申诉|标识|LOGO|商标|联合申报|共同申报|联合报|代写|代笔|咨询公司|满[一二三四五六七八九十\d]+年|满几年|注册资本|门槛|PDF|Word|文件格式|什么时候出版|出版社|哪能买|在哪买|书名|证书|牌匾|奖牌|奖杯|多给几个|具体几个|具体多少个|几位|答辩[^，。？?]{0,6}(?:哪天|时间|地点|哪里|在哪)|专家[^，。？?]{0,4}(?:有谁|都有谁|是谁|名单|多少人|几个人)|视频[^，。？?]{0,6}(?:多长|时长|几分钟|分辨率|格式)|百度|网盘用|另外寄|寄几份|纸质.{0,4}几份|百分之多少|比例是多少|多少比例|比例多少|在哪(?:里|儿)?(?:举办|举行|召开|开展)|哪个城市|哪座城市|举办地|场地|(?:评审|展示|活动|会议).{0,4}地点|密码|重置|字体|字号|排版|几分钟|分钟|时长|英文|外文|专家组|专家.{0,4}(?:多少人|几个人|名单|是谁)|权重|打分|评分|细则|到账|拨付|比例是多少|具体比例|多少比例",
}
EDITION_YEAR = re.compile(
    r"(20\d\d)年?[^，,。？?；;]{0,12}?(?:征集|评选|推选|案例|新服务|那届|那期|一届|截止)"
)
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
)
"""A question after a measured quantity: an answer without any figure does not answer it."""
PER_CATEGORY = r"每类|每个类别|每一类|各类别|单独限额|分类别?的?.{0,3}(?:名额|限额)"
SUMMARY = r"简介|摘要"
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
    """A call of a year none of the documents mentions ("2021年还搞过示范案例评选吗", "2022年那届")."""
    from assistant.knowledge.documents import knowledge_text

    return any(f"{m.group(1)}年" not in knowledge_text() for m in EDITION_YEAR.finditer(text))


def _named_notices(text: str, categories: list[str]) -> list[str]:
    """Notices the question names, those named by alias or doc number first. A year alone does
    not add another notice to one named by alias; a category of another notice does, after it
    ("媒体融合典型案例的智慧家庭新场景": the asker mixes two calls, and both are answered). A question
    that names no notice may still name a notice's contact person ("李君的邮箱")."""
    from assistant.knowledge.rules import call_rules
    from assistant.knowledge.vocabulary import ALIAS_POINTS, notice_scores

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


def understand(question: str, notice: str | None = None, context_notice: str | None = None) -> Intent:
    """Read a question; `notice` is given by the caller, `context_notice` carried by the conversation."""
    from assistant.knowledge.rules import all_rules

    text = to_simplified(question)
    topics = topics_of(text)
    profile, stated = _applicant(text, topics)
    if profile.kind and "channel" in topics and "eligibility" not in topics:
        topics.insert(0, "eligibility")
    if stated and profile.kind in RECOMMENDERS and "eligibility" not in topics and re.search(ROLE, text):
        topics.insert(0, "eligibility")
    categories = [c.name for r in all_rules() for c in r.categories if c.name in text]
    if categories and ({"eligibility", "category_suggest"} & set(topics) or not topics):
        topics.append("category_def")  # "可以报综合信息服务类吗": what the category covers decides
    if (
        "category_def" in topics
        and len(topics) > 1
        and not categories
        and not re.search(CATEGORY_DEFINITION, text)
    ):
        topics.remove("category_def")  # "每类各推4个" mentions categories; it does not ask what they are
    named = _named_notices(text, categories)
    if named:
        from assistant.notices.editions import resolve

        named = resolve(text, named)  # the edition meant: newest unless a year is named
    if notice:
        notices, notice_named = [notice], True
    elif named:
        notices, notice_named = named, True
    elif context_notice:
        notices, notice_named = [context_notice], False
    else:
        notices, notice_named = [], False
    silent = silent_topics_of(text)
    if "next_edition" not in silent and _asks_about_another_edition(text):
        silent.append("next_edition")
    if not named and not notice and _names_other_programme(text):
        silent.append("other_programme")
    return Intent(
        question=text,
        topics=topics,
        silent=silent,
        notices=notices,
        notice_named=notice_named,
        per_category=bool(re.search(PER_CATEGORY, text)),
        about_summary=bool(re.search(SUMMARY, text)),
        comparison=bool(re.search(COMPARISON, text)) and len(notices) != 1,
        enumeration=bool(re.search(ENUMERATION, text)),
        profile=profile,
        profile_stated=stated,
        categories_named=categories,
    )
