"""The critique reads what a section says: substance, figures with units, double claims,
unfinished cases and headless prose by meaning (with a hash fake embedding)."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest

from assistant.contract import ClassifyResult, RankedCategory
from assistant.knowledge.rules import Element
from assistant.retrieval.embeddings import HashEmbeddings
from assistant.review.critique import critique
from assistant.review.elements import cover, element_concepts
from assistant.review.ledger import ledger_for
from assistant.review.sections import parse_sections
from assistant.review.substance import substance
from assistant.review.wording import category_claims, figures, unfinished_sentences

NETWORK = "notice-2023-network-services"
CONVERGENCE = "notice-2024-media-convergence"
HOME = "智慧家庭新场景"
NUMBERS = "、".join(str(n) for n in range(1, 11))


def agree(category: str) -> Callable[[str, str], ClassifyResult]:
    def classify(description: str, notice: str) -> ClassifyResult:
        ranking = [RankedCategory(category=category, score=1.0)]
        return ClassifyResult(notice=notice, category=category, ranking=ranking, rationale="")

    return classify


def network_elements() -> list[Element]:
    return ledger_for(NETWORK).elements_for(HOME)


def test_headings_over_boilerplate_and_bare_numbers_are_not_present() -> None:
    text = "\n".join(
        f"{n}、{e.name}\n本材料完全合格。数据：{NUMBERS}。"
        for n, e in zip("一二三四五六", network_elements(), strict=True)
    )
    result = critique(text, NETWORK, HOME, classifier=agree(HOME))
    missing = [d.element for d in result.defects if d.code == "missing_element"]
    assert missing == [e.name for e in network_elements()]
    assert "lacks_quantitative_data" in [d.code for d in result.defects]
    assert result.stats.figures == 0


@pytest.mark.parametrize(
    "text",
    [
        "项目取得了显著成效，得到了各级领导的高度肯定和人民群众的一致好评，社会反响热烈，影响深远、意义重大。",
        "改革取得了巨大成功，全台上下精神面貌焕然一新，各项工作全面开花、亮点纷呈。",
        "面对重重困难，公司上下迎难而上、攻坚克难，一举破解了各种难题。",
    ],
)
def test_praise_and_platitudes_have_no_substance(text: str) -> None:
    assert substance(text) == ""


@pytest.mark.parametrize(
    "text",
    [
        "2023年收入2,150万元，续约率92%。",
        "继续扩大覆盖。",
        "通过家庭网关接入烟感和门磁设备，告警推送到子女手机。",
    ],
)
def test_facts_keep_their_substance(text: str) -> None:
    assert substance(text)


def test_a_number_is_a_figure_with_a_unit_or_a_comparison_only() -> None:
    assert figures(f"数据：{NUMBERS}。收入提升了35，满意度达到96。") == []
    found = figures("用户41.2万，满意度98.6%，日均稿件由30提高到120，￥30。")
    assert [re.match(r"[\d.]+", f).group(0) for f in found if re.match(r"[\d.]+", f)] == [
        "41.2",
        "98.6",
        "30",
        "120",
        "30",
    ]


CATEGORIES = ["视听消费新体验", "智慧家庭新场景", "数字文化新应用", "政务商务新服务"]


@pytest.mark.parametrize(
    "sentence",
    [
        "本案例既属于智慧家庭新场景，也属于政务商务新服务。",
        "该服务既是“视听消费新体验”类案例，又可归入数字文化新应用。",
        "本案例同时符合智慧家庭新场景和数字文化新应用两个类别。",
    ],
)
def test_double_claims_in_other_words_are_found(sentence: str) -> None:
    assert category_claims(sentence, CATEGORIES) == [sentence.rstrip("。")]


def test_setting_a_case_apart_from_another_category_is_no_claim() -> None:
    sentence = "平台兼顾视听消费新体验与智慧家庭新场景的需求，本案例仅申报智慧家庭新场景。"
    assert category_claims(sentence, CATEGORIES) == []


def test_unfinished_wording_outside_plans() -> None:
    text = (
        "平台目前处于试点阶段，在2个社区试运行。\n该系统计划于2025年6月正式上线。\n"
        "试点期间拒装率从44%降到19%。\n采用虚拟现实和模拟仿真技术。\n下一步，拟于2025年在全市推广上线。"
    )
    assert unfinished_sentences(text) == [
        "平台目前处于试点阶段，在2个社区试运行",
        "该系统计划于2025年6月正式上线",
    ]


def sections_text(bodies: list[str]) -> str:
    names = [e.name for e in network_elements()]
    return "\n".join(
        f"{n}、{name}\n{body}" for n, name, body in zip("一二三四五六", names, bodies, strict=True)
    )


FINISHED = [
    "项目于2021年上线，签约家庭8.2万户。",
    "依托家庭网关接入一键呼叫和烟感设备，告警推送至子女手机。",
    "老人不会用遥控器，我们推出语音控制，投诉率由4.1%降至0.6%。",
    "2023年收入2150万元，续约率92%，满意度96%。",
    "以家庭网关为入口整合第三方服务，可在其他地市复制推广。",
    "计划于2025年上线二期，拟在全市推广，二期将于年底建成。",
]


def test_an_unfinished_case_is_flagged_with_the_notice_rule_where_it_asks_for_finished_ones() -> None:
    assert critique(sections_text(FINISHED), NETWORK, HOME, classifier=agree(HOME)).defects == []
    unfinished = [
        FINISHED[0].replace("项目于2021年上线", "项目目前处于试点阶段，计划于2024年上线"),
        *FINISHED[1:],
    ]
    result = critique(sections_text(unfinished), NETWORK, HOME, classifier=agree(HOME))
    defect = next(d for d in result.defects if d.code == "unfinished_case")
    rule = ledger_for(NETWORK).completed_only
    assert rule is not None and defect.citation == rule.source and "已实际完成" in defect.message


def test_the_2024_notice_does_not_ask_for_finished_cases() -> None:
    assert ledger_for(CONVERGENCE).completed_only is None


class Topical:
    """A fake embedding with one axis per element: a passage lies along the axes of the topic
    words it contains, an element's description along the axis its name words."""

    def __init__(self, passage_words: list[str], query_words: list[str]) -> None:
        self.passage_words, self.query_words = passage_words, query_words

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [[float(t.count(w)) + 0.01 for w in self.passage_words] for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return [1.0 if w in text else 0.0 for w in self.query_words]


def test_headless_prose_covers_an_element_by_meaning_when_no_cue_shows_it() -> None:
    elements = network_elements()
    prose = (
        "我公司于2021年启动智慧家庭项目，签约家庭8.2万户，覆盖全市9个区县的城乡家庭。"
        "我们依托家庭网关接入烟感和门磁设备，告警实时推送至子女手机和社区网格员。"
        "2023年收入2150万元，同比增长63%，续约率达到92%，用户满意度为96%。"
        "老楼道里信号弱，门锁时常掉线，我们在楼道加装中继，掉线率明显减少了很多。"
        "下一步计划新增签约家庭3万户，并接入智慧医疗和远程问诊等服务。"
    )
    sections = parse_sections(prose)
    without = cover(sections, elements)
    lesson = [e.name for e in elements].index("可提炼的经验、启示或解决方案")
    assert without.statuses[lesson].status == "missing"
    # "入口" stands for the lesson element's meaning in this fake: one sentence about it covers it
    topics = Topical(
        ["情况", "做法", "问题", "成效", "入口", "计划"], ["基本", "做法", "问题", "成效", "经验", "计划"]
    )
    text = prose + "以网关为入口聚合服务商，入口就是平台，入口越多用户越离不开。"
    with_meaning = cover(parse_sections(text), [*elements], topics)
    named = {e.name: s for e, s in zip(elements, with_meaning.statuses, strict=True)}
    assert named["可提炼的经验、启示或解决方案"].status == "partial"
    assert cover(parse_sections(text), elements).statuses[lesson].status == "missing"  # no cue shows it
    # the plain prose has no sentence that means it, by any embedding
    assert cover(sections, elements, topics).statuses[lesson].status == "missing"
    assert cover(sections, elements, HashEmbeddings()).headed == 0


def test_an_elements_head_noun_comes_first() -> None:
    overview = ledger_for(CONVERGENCE).elements_for("融合生产传播")[0]
    assert element_concepts(overview)[0] == "overview"
