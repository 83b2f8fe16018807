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
