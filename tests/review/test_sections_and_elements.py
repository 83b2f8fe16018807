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
