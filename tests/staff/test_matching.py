from __future__ import annotations

import pytest

from assistant.answering.parts import asked_parts
from assistant.staff.curated import CuratedAnswer
from assistant.staff.matching import LexicalScorer
from assistant.staff.slots import AnswerSlots, Reading, compare, reduce_topics

N23 = "notice-2023-network-services"


def slots(question: str, *variants: str, notice: str | None = N23) -> AnswerSlots:
    return AnswerSlots.of(
        CuratedAnswer(question=question, variants=list(variants), answer="……", notice=notice)
    )


ELIGIBILITY = slots("哪些单位可以申报2023年全国智慧广电网络新服务？", "2023年网络新服务的申报主体有哪些")
PROVINCE_QUOTA = slots("2023年全国智慧广电网络新服务征集中，每个省最多可以推荐多少个案例？")
CENTRAL_QUOTA = slots("2023年全国智慧广电网络新服务征集中，中央有关单位最多可以推荐多少个案例？")
SUMMARY_LIMIT = slots("2023年全国智慧广电网络新服务申报表中的案例简介最多多少字？")
DETAILED_LIMIT = slots("2023年全国智慧广电网络新服务的详细材料最多可以写多少字？")
DEADLINE = slots("2023年全国智慧广电网络新服务征集的截止时间是哪天？")
STAGES = slots("智慧广电示范案例征集评选分为哪几个阶段？", notice="notice-2020-smart-demo")
ONE_CATEGORY = slots("2023年全国智慧广电网络新服务征集中，同一个案例可以同时申报多个类别吗？")
UNFINISHED = slots("2023年全国智慧广电网络新服务征集中，尚未完成的项目可以申报吗？")


def test_lexical_score_is_normalised_to_the_question() -> None:
    scorer = LexicalScorer(["申报截止时间是哪天", "每个省可以推荐几个案例", "联系人和电话"])
    same, other, partly = (
        scorer.scores("申报截止时间是哪天")[0],
        scorer.scores("联系人电话")[0],
        scorer.scores("截止时间和奖金")[0],
    )
    assert 0.8 < same <= 1.3
    assert other == 0.0
    assert 0.0 < partly < same  # 奖金 is in no wording: its weight stays in the divisor


@pytest.mark.parametrize(
    ("question", "parts"),
    [
        ("示范案例每省能报几个？入选比例大概多少？", ("示范案例每省能报几个", "入选比例大概多少")),
        ("2023新服务分哪几类 每类最后评几个", ("2023新服务分哪几类", "每类最后评几个")),
        ("媒体融合典型案例联系人是谁，周末能打吗", ("媒体融合典型案例联系人是谁", "周末能打吗")),
        # background before the question is not asked
        ("您好，我们是某市广播电视台，什么样的单位有资格申报？", ("什么样的单位有资格申报",)),
        # no part asks: the question asks as a whole
        ("示范案例 报送方式", ("示范案例 报送方式",)),
    ],
)
def test_a_question_is_cut_into_the_parts_that_ask(question: str, parts: tuple[str, ...]) -> None:
    assert asked_parts(question) == parts


def test_a_silence_the_notices_other_rules_answer_rules_nothing_out() -> None:
    # the 2020 notice sets no element structure, but its list of materials answers "哪几部分"
    materials = slots("智慧广电示范案例的推荐材料包括哪些？", notice="notice-2020-smart-demo")
    assert compare(Reading.of("138号文的推荐材料包含哪几部分"), materials).guarded
    # a silence nothing else answers still rules an answer out
    assert not compare(Reading.of("2023年网络新服务每个省有多少奖金？"), PROVINCE_QUOTA).guarded


def test_topics_a_cue_brings_along_are_dropped() -> None:
    assert reduce_topics(["quota", "limits", "materials"]) == {"limits"}  # 简介最多多少字
    assert reduce_topics(["quota", "eligibility"]) == {"quota"}
    assert reduce_topics(["contacts", "deadline"]) == {"contacts", "deadline"}


@pytest.mark.parametrize(
    ("question", "answer", "conflicts"),
    [
        ("网络新服务都是什么单位能报名？", ELIGIBILITY, set()),
        ("2023年网络新服务哪些单位能报？", ELIGIBILITY, set()),
        ("2025年网络新服务哪些单位能报？", ELIGIBILITY, {"notice", "year", "silent"}),  # an edition not known
        ("2024年网络新服务哪些单位能报？", ELIGIBILITY, {"year", "notice"}),  # no 2024 edition of that call
        ("2024年媒体融合典型案例哪些单位能报？", ELIGIBILITY, {"notice", "year"}),
        ("哪些单位不能申报网络新服务？", ELIGIBILITY, {"negation"}),
        ("2023年网络新服务的评选结果什么时候公布？", DEADLINE, {"rule", "silent"}),
        ("2023年网络新服务从哪天开始正式填报？", DEADLINE, {"topic", "side"}),
        ("网络新服务2023 省级推荐名额", PROVINCE_QUOTA, set()),
        ("我们是中央单位，2023年网络新服务能推荐几个？", PROVINCE_QUOTA, {"scope"}),
        ("我们是中央单位，2023年网络新服务能推荐几个？", CENTRAL_QUOTA, set()),
        ("2023年网络新服务每个地市最多可以推荐多少个案例？", PROVINCE_QUOTA, {"scope"}),
        ("2023网络新服务 简介字数", SUMMARY_LIMIT, set()),
        ("2023网络新服务 简介字数", DETAILED_LIMIT, {"target"}),
        ("2023年网络新服务申报表简介不能超过多少字？", SUMMARY_LIMIT, set()),  # a bound, not a negation
        ("2023年网络新服务的详细材料最少要写多少字？", DETAILED_LIMIT, {"side"}),
        ("2023年网络新服务中，智慧家庭新场景这个类别具体指什么？", ONE_CATEGORY, {"topic"}),
        ("2023网络新服务 一个案例 多个类别", ONE_CATEGORY, set()),
        ("2023网络新服务 一个案例 多个类别", UNFINISHED, {"rule"}),
        ("智慧广电示范案例评选一共要经过几个环节？", STAGES, set()),
        ("智慧广电示范案例的材料初审由谁组织？", STAGES, {"asked_for"}),
    ],
)
def test_slots_compare(question: str, answer: AnswerSlots, conflicts: set[str]) -> None:
    assert compare(Reading.of(question), answer).conflicts == conflicts


def test_a_slot_the_question_leaves_open_is_open_not_a_conflict() -> None:
    agreement = compare(Reading.of("2023年网络新服务字数限制是多少？"), SUMMARY_LIMIT)
    assert agreement.agrees and not agreement.exact and agreement.open == {"target"}
    no_notice = compare(Reading.of("征集截止时间是哪天？"), DEADLINE)
    assert no_notice.agrees and no_notice.open == {"notice"}
    scoped = compare(Reading.of("征集截止时间是哪天？", notice=N23), DEADLINE)
    assert scoped.exact


def test_another_notice_or_year_is_a_guard_other_slots_are_not() -> None:
    assert not compare(Reading.of("2024年媒体融合典型案例的截止时间是哪天？"), DEADLINE).guarded
    other_scope = compare(Reading.of("2023年网络新服务每个地市最多推荐几个？"), PROVINCE_QUOTA)
    assert not other_scope.agrees and other_scope.guarded  # may still be shown as related


CONTACTS = AnswerSlots.of(
    CuratedAnswer(
        question="2023年网络新服务的联系人和电话是什么？",
        answer="联系人：张三，电话：010-86093571。",
        notice=N23,
    )
)
PROVINCE_QUOTA_2020 = slots("智慧广电示范案例每个省最多能申报多少个案例？", notice="notice-2020-smart-demo")
AGENT_2020 = slots("智慧广电示范案例的材料初审由谁负责？", notice="notice-2020-smart-demo")


@pytest.mark.parametrize(
    ("question", "answer", "conflicts"),
    [
        ("2023年网络新服务联系人的电子邮箱是什么？", CONTACTS, {"detail"}),  # the answer gives no e-mail
        ("2023年网络新服务有问题打哪个电话？", CONTACTS, set()),
        ("示范案例每个省每个类别最多报几个？", PROVINCE_QUOTA_2020, {"silent"}),  # the notice sets none
        ("我们是某县融媒体中心，2023年网络新服务什么时候截止？", DEADLINE, set()),  # who asks: no matter
        ("我们是某县融媒体中心，2023年网络新服务能推荐几个？", PROVINCE_QUOTA, {"scope"}),
    ],
)
def test_details_silences_and_who_asks(question: str, answer: AnswerSlots, conflicts: set[str]) -> None:
    assert compare(Reading.of(question), answer).conflicts == conflicts


def test_an_answer_about_more_than_is_asked_fits_only_as_open() -> None:
    asked = Reading.of("智慧广电示范案例评选分为几个阶段？")
    assert compare(asked, STAGES).exact
    agent = compare(asked, AGENT_2020)
    assert agent.agrees and "asked_for" in agent.open


ELIGIBILITY_2024 = AnswerSlots.of(
    CuratedAnswer(
        question="哪些单位可以申报2024年媒体融合典型案例？",
        answer="各广播电视台、融媒体中心以及为广播电视媒体融合发展提供支撑或服务的企事业单位均可申报。",
        notice="notice-2024-media-convergence",
    )
)
ELEMENTS = slots("2023年网络新服务的申报材料要包括哪些要素？")


@pytest.mark.parametrize(
    ("question", "answer", "conflicts"),
    [
        (
            "我们是县融媒体中心，能报2024年媒体融合典型案例吗？",
            ELIGIBILITY_2024,
            set(),
        ),  # its text lists them
        ("个人可以申报2024年媒体融合典型案例吗？", ELIGIBILITY_2024, {"subject"}),  # its text does not
        ("2023年网络新服务简介限多少字？要不要附视频？", SUMMARY_LIMIT, {"subject"}),  # a part left over
        ("2023年网络新服务详细材料要写哪几部分内容？", ELEMENTS, set()),  # no length-limit target here
        ("智慧广电示范案例征集评选有几类？", STAGES, {"topic"}),  # 评选 in the name asks no procedure
    ],
)
def test_subjects_listed_applicants_and_notice_names(
    question: str, answer: AnswerSlots, conflicts: set[str]
) -> None:
    assert compare(Reading.of(question), answer).conflicts == conflicts


OTHER_UNITS_2020 = slots(
    "各省（区、市）和兵团以外的其他单位可申报多少个智慧广电示范案例？", notice="notice-2020-smart-demo"
)
QUOTA_TEXT = AnswerSlots.of(
    CuratedAnswer(
        question="2023年网络新服务各省的推荐名额是多少？",
        answer="每个省每个类别不超过4个，总数不超过10个。",
        notice=N23,
    )
)


def test_units_a_wording_excepts_are_not_its_scope() -> None:
    assert OTHER_UNITS_2020.scopes == {"other_unit"}


@pytest.mark.parametrize(
    ("question", "answer", "conflicts"),
    [
        ("2023年新服务每省至少要推荐几个？", QUOTA_TEXT, {"side"}),  # its text states a maximum
        # an exception no rule states, which the documents are known to be silent on
        ("2023年网络新服务截止日期能延期吗？", DEADLINE, {"asked_for", "silent"}),
        ("2023年网络新服务的“政治性”要求是什么？", UNFINISHED, {"subject", "topic"}),
        ("２０２４年网络新服务哪些单位能报？", ELIGIBILITY, {"year", "notice"}),  # full-width digits read
    ],
)
def test_text_sides_exceptions_quoted_terms(question: str, answer: AnswerSlots, conflicts: set[str]) -> None:
    assert compare(Reading.of(question), answer).conflicts == conflicts


@pytest.mark.parametrize(
    ("question", "answer", "conflicts"),
    [
        ("2023年网络新服务的deadline是哪天？", DEADLINE, set()),  # English words in a Chinese question
        ("2023年网络新服务展示评比活动什么时候举办？", DEADLINE, {"asked_for"}),  # another event's date
        ("2023年网络新服务的通知是什么时候发的？", DEADLINE, {"asked_for", "topic"}),  # the notice's own date
        ("高校的学生团队能报2023年网络新服务吗？", ELIGIBILITY, {"subject"}),
        ("2023网络新服务 一个案例能同时报智慧家庭新场景和数字文化新应用吗", ONE_CATEGORY, set()),  # examples
    ],
)
def test_english_words_events_and_examples(question: str, answer: AnswerSlots, conflicts: set[str]) -> None:
    assert compare(Reading.of(question), answer).conflicts == conflicts


def test_a_year_in_chinese_numerals_is_another_year() -> None:
    assert compare(Reading.of("那个二零二二年的网络新服务，征集截止是哪天来着？"), DEADLINE).conflicts >= {
        "year"
    }


def test_an_everyday_topic_word_beside_the_answers_topic_is_no_second_question() -> None:
    contacts = slots("2023年网络新服务的联系人和电话是什么？")
    assert compare(Reading.of("2023年网络新服务评审阶段的联系人是谁？"), contacts).agrees  # 评审: procedure
    deadline_too = Reading.of("2023年网络新服务的联系人是谁？截止时间是哪天？")
    assert not compare(deadline_too, contacts).agrees  # a second question that matters


@pytest.mark.parametrize(
    "question", ["不走省里汇总的单位报示范案例能报几个？", "非省级的单位申报数量上限是多少？"]
)
def test_a_negated_scope_is_not_the_scope(question: str) -> None:
    assert "province" not in Reading.of(question).scopes
