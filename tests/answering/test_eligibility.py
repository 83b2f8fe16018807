from __future__ import annotations

from datetime import date

import pytest

from assistant.answering.eligibility import assess
from assistant.answering.profile import ApplicantProfile, parse_profile
from assistant.errors import AssistantError
from assistant.knowledge.rules import load_rules

BEFORE_2024 = date(2024, 4, 1)
TODAY = date(2026, 11, 24)


def test_county_media_center_is_eligible_for_2024_through_the_province() -> None:
    result = assess(parse_profile("县级融媒体中心"), load_rules("notice-2024-media-convergence"), BEFORE_2024)
    assert result.verdict == "eligible"
    assert result.channel == "provincial_bureau"
    assert "每个类别不超过4个" in result.quota_text and "总数不超过12个" in result.quota_text
    assert result.deadline.state == "open" and result.deadline.days == 20


def test_passed_deadline_is_said_to_have_passed() -> None:
    result = assess(parse_profile("县级融媒体中心"), load_rules("notice-2024-media-convergence"), TODAY)
    assert result.deadline.state == "passed"
    assert "已于2024年4月21日截止" in result.summary


def test_unnamed_kind_is_conditional_with_a_settling_question() -> None:
    result = assess(parse_profile("省级广播电视台"), load_rules("notice-2023-network-services"), TODAY)
    assert result.verdict == "conditional"
    assert result.question and "IPTV" in result.question
    assert result.channel == "provincial_bureau"


def test_unknown_kind_asks_what_kind_of_unit() -> None:
    result = assess(ApplicantProfile(), load_rules("notice-2020-smart-demo"), TODAY)
    assert result.verdict == "unknown" and result.question


def test_central_unit_applies_itself_with_its_own_quota() -> None:
    result = assess(parse_profile("中国教育电视台"), load_rules("notice-2023-network-services"), TODAY)
    assert result.verdict == "eligible" and result.channel == "central_unit_self"
    assert "每个类别不超过2个" in result.quota_text and "总数不超过5个" in result.quota_text


def test_bingtuan_without_own_quota_is_flagged_not_guessed() -> None:
    result = assess(parse_profile("兵团有线电视网络公司"), load_rules("notice-2023-network-services"), TODAY)
    assert "没有单列新疆生产建设兵团的名额" in result.quota_text


def test_every_check_cites_a_verbatim_clause() -> None:
    from assistant.knowledge.documents import normalized_text

    result = assess(parse_profile("江苏有线"), load_rules("notice-2023-network-services"), TODAY)
    assert result.citations
    for cite in result.citations:
        assert cite.quote in normalized_text(cite.doc)


def test_policy_document_has_no_eligibility() -> None:
    with pytest.raises(AssistantError):
        assess(parse_profile("县融"), load_rules("notice-2020-poverty-alleviation"), TODAY)


def test_central_unit_falls_under_other_units_where_the_notice_has_no_central_quota() -> None:
    result = assess(parse_profile("总局直属单位"), load_rules("notice-2020-smart-demo"), TODAY)
    assert result.channel == "direct_nrta"
    assert "其他单位各自总数不超过2个" in result.quota_text
