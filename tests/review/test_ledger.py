"""The element ledger: each notice's elements, limits and prohibitions, and the 字数 convention."""

from __future__ import annotations

import pytest

from assistant.contract import Citation
from assistant.errors import AssistantError, UnknownDocumentError
from assistant.knowledge.rules import Category, LengthLimit, NoticeRules, TextFact
from assistant.review.ledger import build_ledger, count_chars, ledger_for

NETWORK = "notice-2023-network-services"
CONVERGENCE = "notice-2024-media-convergence"
SMART_DEMO = "notice-2020-smart-demo"


def test_2023_has_one_element_list_for_every_category_and_the_form_fields() -> None:
    ledger = ledger_for(NETWORK)
    names = [e.name for e in ledger.elements_for("视听消费新体验")]
    assert names[0] == "基本情况" and names[-1] == "下一步发展计划" and len(names) == 6
    assert all([e.name for e in ledger.elements_for(c)] == names for c in ledger.categories)
    assert any("案例简介" in f.value for f in ledger.form_fields)
    assert not ledger.per_category


def test_2024_has_a_different_element_list_per_category() -> None:
    ledger = ledger_for(CONVERGENCE)
    assert ledger.per_category
    platform = [e.name for e in ledger.elements_for("新媒体平台建设")]
    reform = [e.name for e in ledger.elements_for("体制机制改革")]
    assert platform != reform and len(platform) == len(reform) == 6
    assert reform[0] == "体制机制改革的总体情况"


def test_limits_and_prohibitions_follow_each_notice() -> None:
    network, convergence = ledger_for(NETWORK), ledger_for(CONVERGENCE)
    assert network.summary_limit is not None and network.summary_limit.max_chars == 500
    assert network.detail_limit is not None and network.detail_limit.max_chars == 5000
    assert convergence.summary_limit is None
    assert convergence.detail_limit is not None and convergence.detail_limit.max_chars == 5000
    assert network.one_category is not None and network.no_process_documents is not None
    assert convergence.one_category is None and convergence.no_process_documents is None
    assert network.data_rule is not None and "可量化" in network.data_rule.value
    assert convergence.subjective_rule is not None and "感性" in convergence.subjective_rule.value


def test_2020_notice_has_no_structure_and_says_so() -> None:
    ledger = ledger_for(SMART_DEMO)
    assert not ledger.structured
    assert ledger.elements_for("生产制播类") == []
    assert ledger.summary_limit is None and ledger.detail_limit is None
    assert ledger.note is not None and "未规定" in ledger.note


def test_a_small_hand_built_notice() -> None:
    cite = Citation(doc=NETWORK, section="三、", quote="申报表中简介不超过500字，详细材料不超过5,000字。")
    category = Category(
        name="视听消费新体验",
        definition="聚焦个人用户高质量视听需求",
        source=Citation(doc=NETWORK, section="一、（一）", quote="聚焦个人用户高质量视听需求"),
    )
    rules = NoticeRules(
        id=NETWORK,
        kind="call",
        year=2023,
        title=TextFact(value="测试通知", source=cite),
        categories=[category],
        length_limits=[LengthLimit(target="summary", max_chars=500, label="简介", source=cite)],
    )
    ledger = build_ledger(rules)
    assert not ledger.structured and ledger.summary_limit is not None and ledger.detail_limit is None


def test_policy_documents_and_unknown_ids_are_refused() -> None:
    with pytest.raises(UnknownDocumentError):
        ledger_for("notice-1999-nothing")
    with pytest.raises(AssistantError, match="不是征集通知"):
        ledger_for("opinions-smart-broadcasting")


def test_category_names_resolve_tolerantly_or_list_the_choices() -> None:
    ledger = ledger_for(CONVERGENCE)
    assert ledger.resolve_category("体制机制改革典型案例") == "体制机制改革"
    assert ledger.resolve_category("“融合生产传播”") == "融合生产传播"
    with pytest.raises(AssistantError) as info:
        ledger.resolve_category("视听消费新体验")
    assert info.value.code == "unknown_category" and "新媒体平台建设" in info.value.message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("一、基本情况", 6),
        ("覆盖 8.2万户，增长35%。", 14),
        ("## 标题\n**加粗** a | b", 6),
        ("正文【待补充：用户数】。", 3),
        ("Hello 世界", 7),
    ],
)
def test_count_chars_convention(text: str, expected: int) -> None:
    assert count_chars(text) == expected
