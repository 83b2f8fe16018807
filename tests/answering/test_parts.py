"""Questions that ask two things: each part the answer leaves out is answered after it."""

from __future__ import annotations

from assistant.answering.parts import asked_parts, merged, with_every_part
from assistant.contract import AskResult, Citation
from assistant.service import Assistant

A = Citation(doc="d", section="一、", quote="甲")
B = Citation(doc="d", section="二、", quote="乙")


def test_merged_renumbers_the_second_answers_citations_and_keeps_shared_ones_once() -> None:
    first = AskResult(answer="甲说。[1]", citations=[A])
    second = AskResult(answer="乙说。[1]\n甲也说。[2]", citations=[B, A])
    result = merged(first, second)
    assert result.citations == [A, B]
    assert result.answer == "甲说。[1]\n乙说。[2]\n甲也说。[1]"


def test_a_part_the_answer_already_speaks_to_is_not_answered_again() -> None:
    result = AskResult(answer="示范案例每省能报不超过10个。截止时间为2020年7月15日。", citations=[A])

    def never(part: str) -> AskResult:
        raise AssertionError(part)

    assert with_every_part("示范案例每省能报几个？截止时间是哪天？", result, never) == result


def test_a_part_the_answer_leaves_out_is_answered_after_it(assistant: Assistant) -> None:
    question = "扶贫行动一共从几个方面推进？其中消费扶贫推广哪些模式？"
    assert len(asked_parts(question)) == 2
    result = assistant.ask(question)
    assert "8个方面" in result.answer and "直播+消费扶贫" in result.answer
    assert all(f"[{i}]" in result.answer for i in range(1, len(result.citations) + 1))


def test_in_a_conversation_a_question_that_stands_on_its_own_gets_every_part(assistant: Assistant) -> None:
    result = assistant.ask("扶贫行动一共从几个方面推进？其中消费扶贫推广哪些模式？", history=["我们是县融"])
    assert "8个方面" in result.answer and "直播+消费扶贫" in result.answer
