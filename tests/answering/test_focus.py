"""Focus: the first line answers what was asked; short answers to one-fact questions; no repeats;
open questions answered from the sentences on their subject or said to be unregulated."""

from __future__ import annotations

import pytest

from assistant.service import Assistant

ONE_FACT_BUDGET = 260
"""Characters an answer to a one-fact question may take (its sources are listed apart)."""


@pytest.mark.parametrize(
    ("question", "first_line_has"),
    [
        ("融合案例一个省能报几个", "12个"),
        ("示范案例分几类", "组织管理类"),
        ("新服务是哪个司负责", "媒体融合发展司"),
        ("指导意见基本原则几条", "基本原则"),
    ],
)
def test_one_fact_questions_lead_with_the_fact_and_stay_short(
    assistant: Assistant, question: str, first_line_has: str
) -> None:
    result = assistant.ask(question)
    assert first_line_has in result.answer.splitlines()[0]
    assert len(result.answer) <= ONE_FACT_BUDGET


def test_no_line_is_repeated(assistant: Assistant) -> None:
    for question in ("指导意见里制播要从SDI转向什么架构？", "材料要写哪些内容 有字数要求没"):
        lines = [line.split("[")[0] for line in assistant.ask(question).answer.splitlines() if line]
        assert len(lines) == len(set(lines)), question


def test_an_unregulated_subject_is_named_then_the_nearest_rule_and_the_contact(assistant: Assistant) -> None:
    result = assistant.ask("融合案例能不能附视频")
    first = result.answer.splitlines()[0]
    assert not result.answerable
    assert "没有对“视频”作出规定" in first and "2024年" in first
    assert "李君" in result.answer and result.citations


def test_a_subject_a_notice_mentions_is_answered_from_that_sentence(assistant: Assistant) -> None:
    result = assistant.ask("新服务申报表要盖章吗")
    assert result.answerable and "盖章" in result.answer.splitlines()[0]


def test_an_unmodelled_condition_gets_no_block_about_another_rule(assistant: Assistant) -> None:
    result = assistant.ask("示范案例项目还没建完能报吗")
    assert not result.answerable
    assert "名额" not in result.answer and "可以申报的单位" not in result.answer


def test_the_answer_says_whether_a_document_mentions_something(assistant: Assistant) -> None:
    result = assistant.ask("指导意见提8K了吗")
    assert result.answerable and "8K" in result.answer.splitlines()[0]
