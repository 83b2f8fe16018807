"""Drafting places every fact under the element it serves, strips input labels, writes lead-ins
in the notice's register and asks about thin elements."""

from __future__ import annotations

import re

from assistant.review.draft import draft
from assistant.review.ledger import ledger_for
from assistant.review.placement import Statement, cue_concept, place, statements
from tests.review.test_reading import Topical, agree

CONVERGENCE = "notice-2024-media-convergence"
NETWORK = "notice-2023-network-services"
SERVICES = "综合信息服务"
FUSION = "融合生产传播"

LABELLED = """背景：我市广电网络公司2021年起建设“一网通办”电视服务平台。
做法：接入政务服务事项126项，搭建数据中台。
数据：注册用户41.2万，用户满意度98.6%，2023年收入860万元。
问题：老年人不会用遥控器办事，我们推出语音办事，办理时长由15分钟缩短到4分钟。
下一步：2025年接入医保和社保服务。"""


def by_element(result_sections: list[tuple[str, str]], start: str) -> str:
    return next(text for name, text in result_sections if name.startswith(start))


def sections_of(facts: str, notice: str, category: str) -> list[tuple[str, str]]:
    result = draft(facts, notice, category, classifier=agree(category))
    return [(s.element, s.text) for s in result.sections]


def test_labelled_facts_land_in_their_elements_without_their_labels() -> None:
    found = sections_of(LABELLED, CONVERGENCE, SERVICES)
    results = by_element(found, "取得的成效")
    assert "注册用户41.2万，用户满意度98.6%，2023年收入860万元" in results
    assert "数据：" not in "".join(text for _, text in found)
    assert "接入政务服务事项126项" in by_element(found, "主要创新做法")
    assert "由15分钟缩短到4分钟" in by_element(found, "发展中遇到的问题")
    assert "2025年接入医保和社保服务" in by_element(found, "下一阶段")
    assert "【待补充" not in results


def test_one_paragraph_of_facts_is_spread_over_the_elements() -> None:
    facts = (
        "我台是县级融媒体中心，2022年建成融媒体指挥调度平台。我们整合广播、电视、报纸、新媒体4家单位的采编力量，"
        "实行统一策划、一次采集、多元分发。日均稿件量由30条增至120条，客户端下载量45万次。两件作品获省级新闻奖。"
    )
    found = sections_of(facts, CONVERGENCE, FUSION)
    assert by_element(found, "加强主题宣传").startswith("我台是县级融媒体中心")
    assert "整合广播、电视、报纸、新媒体4家单位" in by_element(found, "主要创新做法")
    results = by_element(found, "取得的成效")
    assert "由30条增至120条" in results and "45万次" in results and "获省级新闻奖" in results


def test_built_work_is_practice_and_measured_outcomes_are_results() -> None:
    assert cue_concept("我们自主研发AI剪辑系统，提升了生产效率。") == "practice"
    assert cue_concept("系列节目全网播放量达到7.6亿次。") == "result"
    assert cue_concept("早期内容同质化、续费率只有38%，我们引进独家绘本，续费率提升到66%。") == "problem"
    assert cue_concept("改革方案已被省内五家地市台参照实施。") == "replicable"
    assert cue_concept("目前收入来自推广费和广告，已经实现盈利。") == "sustain"


def test_a_plan_goes_to_the_element_that_names_the_next_step() -> None:
    elements = ledger_for(CONVERGENCE).elements_for("新媒体平台建设")
    found, summary = statements("平台于2019年上线。下一步开发AI有声书生成工具。", elements)
    placed = place(found, summary, elements)
    plans = [e.name for e in elements].index("可提炼的经验与启示及下一步优化方向")
    assert placed.by_element[plans] == ["下一步开发AI有声书生成工具。"]


def test_a_statement_without_cues_goes_by_meaning_only_when_it_is_clear() -> None:
    elements = ledger_for(NETWORK).elements_for("智慧家庭新场景")
    texts = [
        "项目签约家庭8.2万户。",
        "网关就是入口，入口决定留存。",
        "门口的摄像头看得清楚。",
        "每周一上门巡检设备。",
    ]
    found = [Statement(text=t) for t in texts]
    names = [e.name for e in elements]
    practice, lesson = names.index("创新做法与实践"), names.index("可提炼的经验、启示或解决方案")
    assert place(found, [], elements).by_element[practice] == texts[1:]  # no cue: practice
    meaning = Topical(
        ["情况", "做法", "问题", "成效", "入口", "计划"], ["基本", "做法", "问题", "成效", "经验", "计划"]
    )
    meant = place(found, [], elements, meaning)
    assert meant.by_element[lesson] == [texts[1]]
    assert meant.by_element[practice] == texts[2:]  # close to nothing in particular: the default


def test_thin_elements_come_with_questions_and_leads_read_as_the_notice_does() -> None:
    result = draft(LABELLED, CONVERGENCE, SERVICES, classifier=agree(SERVICES))
    asked = {q.element: q.questions for q in result.questions}
    sustain = next(name for name in asked if name.startswith("可持续运营能力"))
    assert any("收入来源" in q for q in asked[sustain])
    assert not any(name.startswith("取得的成效") for name in asked)
    two = draft(
        LABELLED + "\n做法：开发适老化界面，字体放大到原来的2倍。",
        CONVERGENCE,
        SERVICES,
        classifier=agree(SERVICES),
    )
    practice = next(s.text for s in two.sections if s.element.startswith("主要创新做法"))
    assert re.match(r"主要做法如下：一是.+；二是.+。$", practice)


def test_the_draft_view_lists_the_questions() -> None:
    from assistant.web.views import draft_html

    result = draft(LABELLED, CONVERGENCE, SERVICES, classifier=agree(SERVICES))
    shown = draft_html(result)
    assert "请补充回答" in shown and result.questions[0].questions[0] in shown
