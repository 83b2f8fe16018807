from __future__ import annotations

from assistant.staff.curated import CuratedAnswer
from assistant.staff.matching import LexicalScorer, Signature


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


def test_signature_guards_years_silences_and_negation() -> None:
    answer = CuratedAnswer(
        question="哪些单位可以申报2023年网络新服务？", answer="……", notice="notice-2023-network-services"
    )
    signature = Signature.of_answer(answer)
    assert signature.admits(Signature.of("网络新服务都是什么单位能报名？"))
    assert signature.admits(Signature.of("2023年网络新服务哪些单位能报？"))
    assert not signature.admits(Signature.of("2025年网络新服务哪些单位能报？"))
    assert not signature.admits(Signature.of("哪些单位不能申报网络新服务？"))
    assert signature.admits(Signature.of("哪些单位能不能申报网络新服务？"))
