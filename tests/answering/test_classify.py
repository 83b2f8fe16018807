from __future__ import annotations

import pytest
from langchain_core.embeddings import Embeddings

from assistant.answering.classify import classify
from assistant.errors import AssistantError


@pytest.mark.parametrize(
    ("notice", "description", "gold"),
    [
        (
            "notice-2023-network-services",
            "为老年用户推出适老化电视界面，大字体、语音遥控，一键回看，操作更便捷",
            "视听消费新体验",
        ),
        (
            "notice-2023-network-services",
            "依托机顶盒和家庭网关为独居老人提供居家养老、跌倒报警和安防监控服务",
            "智慧家庭新场景",
        ),
        (
            "notice-2024-media-convergence",
            "新闻中心与广播电视部门合并重组，推行新的考核激励办法，首席记者岗位打通晋升",
            "体制机制改革",
        ),
        (
            "notice-2020-smart-demo",
            "建设全省广播电视监测监管系统，实现智能化安全态势感知和风险预警",
            "运行监管类",
        ),
    ],
)
def test_boundary_cases_follow_the_definitions(notice: str, description: str, gold: str) -> None:
    result = classify(description, notice)
    assert result.category == gold
    assert result.ranking[0].category == gold
    assert abs(sum(r.score for r in result.ranking) - 1) < 0.01
    assert "定义" in result.rationale and result.citations[0].quote in result.rationale


def test_nothing_fits_is_said_plainly() -> None:
    result = classify("我们单位组织了一次职工篮球比赛", "notice-2024-media-convergence")
    assert "没有哪个类别明显契合" in result.rationale


def test_policy_document_has_no_categories() -> None:
    with pytest.raises(AssistantError):
        classify("任何描述", "opinions-smart-broadcasting")


class PointingEmbeddings(Embeddings):
    """Every definition shares one direction and has a small one of its own; each query leans
    towards the category named `target` about as much as a real e5 vector would."""

    def __init__(self, names: list[str], target: str) -> None:
        self.names, self.target = names, target

    def _vector(self, lean: str | None) -> list[float]:
        return [1.0] + [0.3 if name == lean else 0.0 for name in self.names]

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(next(n for n in self.names if text.startswith(n))) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(self.target)


def test_closeness_to_a_definition_adds_evidence_but_wording_still_counts() -> None:
    from assistant.knowledge.rules import load_rules

    names = [c.name for c in load_rules("notice-2023-network-services").categories]
    vague = "我们做了一个很好的项目，群众反映不错。"
    pointed = classify(
        vague, "notice-2023-network-services", embeddings=PointingEmbeddings(names, "数字文化新应用")
    )
    assert pointed.category == "数字文化新应用"
    worded = "依托机顶盒和家庭网关为独居老人提供居家养老、跌倒报警和安防监控服务，覆盖2万户家庭"
    strong = classify(
        worded, "notice-2023-network-services", embeddings=PointingEmbeddings(names, "数字文化新应用")
    )
    assert strong.category == "智慧家庭新场景"


def test_closeness_alone_is_no_judgement() -> None:
    """A description sharing no wording with any definition ("abc") cannot be judged, however close
    an embedding puts it to one definition: the card must say so rather than show confident shares."""
    from assistant.answering.classify import is_clear
    from assistant.knowledge.rules import load_rules

    names = [c.name for c in load_rules("notice-2023-network-services").categories]
    result = classify("abc", "notice-2023-network-services", embeddings=PointingEmbeddings(names, names[0]))
    assert result.ranking[0].score > 0.5  # the embedding leans hard towards one category ...
    assert not is_clear(result)  # ... and still no category is recommended
    worded = "依托机顶盒和家庭网关为独居老人提供居家养老、跌倒报警和安防监控服务，覆盖2万户家庭"
    assert is_clear(classify(worded, "notice-2023-network-services"))


def test_the_fields_common_words_are_no_evidence() -> None:
    # 广电/提供/服务 fill every description and definition alike: the bank is what tells the category
    result = classify(
        "我们为本地银行的网点提供广电专线和大屏信息发布服务，服务网点120个", "notice-2023-network-services"
    )
    assert result.category == "政务商务新服务"
    evidence = result.rationale.split("与该类别定义相符")[0]
    assert "银行" in evidence
    assert not any(word in evidence for word in ("提供", "广电"))
