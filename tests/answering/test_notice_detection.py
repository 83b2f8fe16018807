"""Which notice a question means: years, document numbers, misspellings, Traditional, English."""

from __future__ import annotations

import pytest

from assistant.answering.intent import notices_named, understand
from assistant.answering.spelling import correct_spelling, normalize_question, sounds_alike

MEDIA = "notice-2024-media-convergence"
SERVICES = "notice-2023-network-services"
DEMO = "notice-2020-smart-demo"


@pytest.mark.parametrize(
    ("question", "notice"),
    [
        ("24年那个一个省能报几个", MEDIA),
        ("2023年那次截止时间", SERVICES),
        ("66号文分哪几类", MEDIA),
        ("示范案列截止日期", DEMO),
        ("新服物有几个类别", SERVICES),
        ("融和案例分几类", MEDIA),
        ("示範案例截止日期", DEMO),
        ("What's the deadline for the 2024 media convergence case call?", MEDIA),
    ],
)
def test_the_notice_is_recognised(question: str, notice: str) -> None:
    assert understand(question).notices[:1] == [notice]


def test_misspellings_are_repaired_by_sound_not_by_a_list() -> None:
    assert sounds_alike("列", "例") and sounds_alike("物", "务") and not sounds_alike("家", "例")
    assert correct_spelling("示范案列") == "示范案例"
    assert correct_spelling("示范案件") == "示范案件"  # a different word, not a slip


def test_words_of_the_documents_are_never_repaired() -> None:
    text = "融合生产传播类怎么写"
    assert correct_spelling(text) == text


def test_two_digit_years_get_their_century_but_durations_do_not() -> None:
    assert normalize_question("24年那个") == "2024年那个"
    assert "2020年" not in normalize_question("近20年来")


def test_english_questions_are_read_through_the_glossary() -> None:
    intent = understand(
        "How many cases can one province recommend in total for the 2023 network services call?"
    )
    assert intent.notices == [SERVICES] and "quota" in intent.topics


def test_a_question_naming_no_notice_gets_no_filter() -> None:
    assert notices_named("申报材料要盖章吗") == []
