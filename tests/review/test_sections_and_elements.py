"""Headings found in a draft, and which required elements they cover."""

from __future__ import annotations

from assistant.knowledge.rules import load_rules
from assistant.review.elements import cover
from assistant.review.sections import parse_sections

DRAFT = "一、基本情况\n我们建成了平台。\n二、创新做法与实践\n引入AI推荐。\n三、下一步发展计划\n继续扩大覆盖。"


def test_numbered_headings_become_sections_with_their_bodies() -> None:
    sections = parse_sections(DRAFT)
    assert [(s.title, s.body) for s in sections] == [
        ("基本情况", "我们建成了平台。"),
        ("创新做法与实践", "引入AI推荐。"),
        ("下一步发展计划", "继续扩大覆盖。"),
    ]


def test_bracketed_headings_are_sections_too() -> None:
    sections = parse_sections("【案例简介】本案例服务全市家庭。\n【基本情况】项目于2021年启动。")
    assert [s.title for s in sections] == ["案例简介", "基本情况"]
    assert sections[0].is_summary


def test_headings_cover_the_elements_they_name_and_leave_the_rest_uncovered() -> None:
    elements = load_rules("notice-2023-network-services").elements
    coverage = cover(parse_sections(DRAFT), elements)
    assert coverage.sections_of["基本情况"] == [0]
    assert coverage.sections_of["下一步发展计划"] == [2]
    assert coverage.sections_of["创新工作中遇到的问题及破解办法"] == []
    assert coverage.headed == 3


def test_running_text_under_another_elements_heading_covers_only_that_element() -> None:
    # "经验" inside the 可借鉴性 section is about replicability, not the lessons element of its own
    elements = load_rules("notice-2024-media-convergence").categories[3].elements
    draft = (
        "1.体制机制改革的总体情况\n全台设6个部门，在岗人员320人。\n"
        "2.可借鉴性、可推广性，及未来发展潜力\n我台的改革经验具有借鉴意义，已有3家地市台参照。\n"
        "3.关键环节与制约因素\n考核指标设计是关键环节，编制内外待遇差异是制约因素，台里实行同岗同酬。"
    )
    statuses = {s.name: s for s in cover(parse_sections(draft), elements).statuses}
    assert not statuses["可提炼的经验与启示及下一步优化方向"].present
    assert statuses["改革工作中的重点环节与制约性问题，以及突破创新"].present


def test_colloquial_headings_cover_the_elements_they_mean() -> None:
    elements = load_rules("notice-2024-media-convergence").categories[0].elements  # 新媒体平台建设
    draft = (
        "一、我们的客户端和账号家底\n客户端2020年10月上线，技术团队112人，累计投入2.1亿元。\n"
        "二、怎么建、怎么运营\n自建云原生技术底座，县级频道一键开通，开通周期由30天缩短到3天。\n"
        "三、效果和反响\n2023年客户端日活86万，较2021年增长2.4倍，收入1.42亿元。\n"
        "四、别人能不能学\n技术底座已向2个兄弟省份输出，预计2025年接入周边省份18家融媒体中心。\n"
        "五、碰到的难处和怎么解决的\n县级中心技术力量弱，我们提供统一运维和季度培训，累计培训1300人次。\n"
        "六、几点体会和下一步\n体会是必须坚持自主可控；下一步优化推荐算法，把本地服务内容占比提高到30%。"
    )
    coverage = cover(parse_sections(draft), elements)
    assert all(status.present for status in coverage.statuses), coverage.statuses


def test_a_heading_on_replicability_covers_the_lessons_a_call_asks_for_instead() -> None:
    elements = load_rules("notice-2023-network-services").elements
    draft = (
        DRAFT
        + "\n四、可供别人照搬的做法\n县级政府出资、广电网络公司建设运营、按年付费的做法已在邻近3个县推广。"
    )
    coverage = cover(parse_sections(draft), elements)
    assert coverage.sections_of["可提炼的经验、启示或解决方案"] == [3]
    assert coverage.sections_of["创新做法与实践"] == [1]


def test_a_replicability_sub_heading_under_the_plans_claims_nothing_already_covered() -> None:
    elements = load_rules("notice-2023-network-services").elements
    draft = (
        "一、可提炼的经验、启示或解决方案\n统一平台、按年付费。\n"
        "二、下一步发展计划\n（1）扩大覆盖。2024年新增点位800个。\n（2）对外推广。力争2024年在省外3个地市落地。"
    )
    coverage = cover(parse_sections(draft), elements)
    assert coverage.sections_of["可提炼的经验、启示或解决方案"] == [0]


def test_bullet_marked_titles_are_headings_and_bullet_sentences_are_not() -> None:
    sections = parse_sections("◆项目概况\n平台2021年上线。\n◆接下来怎么干\n● 2024年新增用户3万户。")
    assert [s.title for s in sections] == ["项目概况", "接下来怎么干"]
    assert "2024年新增用户3万户" in sections[1].body
