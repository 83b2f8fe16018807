from __future__ import annotations

from assistant.answering.intent import understand
from assistant.answering.profile import parse_profile


def test_multi_part_question_has_every_topic() -> None:
    intent = understand("啥时候截止？我们县融能报吗？报哪类？")
    assert {"deadline", "eligibility", "category_suggest"} <= set(intent.topics)
    assert intent.profile.kind == "county_media_center" and intent.profile.level == "county"
    assert intent.notices == []


def test_notice_resolved_from_alias_year_and_doc_number() -> None:
    assert understand("新服务的编写体例是什么").notices[0] == "notice-2023-network-services"
    assert understand("66号文的名额").notices[0] == "notice-2024-media-convergence"
    assert understand("示範案例什麼時候截止").notices[0] == "notice-2020-smart-demo"


def test_conversation_notice_used_when_question_names_none() -> None:
    intent = understand("那我们能报几个？", context=["notice-2024-media-convergence"])
    assert intent.notices == ["notice-2024-media-convergence"] and not intent.notice_named
    assert "quota" in intent.topics


def test_silent_topics_are_recognised() -> None:
    assert "prize_money" in understand("入选能拿多少奖金").silent
    assert "next_edition" in understand("2025年什么时候开始？").silent
    assert understand("示范案例每个类别最多报几个").per_category


def test_count_words_about_lists_are_not_quota_questions() -> None:
    assert "quota" not in understand("2024年媒体融合典型案例分哪几个征集类别？").topics
    assert "quota" not in understand("制播体系要实现哪几个方面的一体化").topics


def test_self_description_decides_the_profile_not_other_units_mentioned() -> None:
    intent = understand("我们是总局直属单位，示范案例能报几个，需要经过省局吗")
    assert intent.profile.kind == "central_unit"


def test_profiles_from_free_text() -> None:
    assert parse_profile("我们是江苏有线").kind == "cable_operator"
    assert parse_profile("我们是江苏有线").province == "江苏"
    assert parse_profile("省级广播电视台").level == "provincial"
    assert parse_profile("兵团的一家电视台").bingtuan
    assert parse_profile("电信IPTV传输").kind == "iptv_transmission"
    assert parse_profile("随便问问").is_empty()
