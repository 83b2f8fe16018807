from __future__ import annotations

from assistant.knowledge.clauses import CLOSING, PREAMBLE, clause_at, clauses_of, parse_clauses, section_of


def test_levels_and_paths() -> None:
    text = "前文。\n\n一、总则\n\n正文\n\n（一）小节\n\n1.条目\n\n（1）细目\n\n二、下一章\n\n（一）又一节"
    paths = [c.path for c in parse_clauses("d", text)]
    assert paths == [
        PREAMBLE,
        "一、",
        "一、（一）",
        "一、（一）1.",
        "一、（一）1.（1）",
        "二、",
        "二、（一）",
    ]


def test_title_stops_at_first_full_stop_and_parents_are_kept() -> None:
    clauses = parse_clauses("d", "二、征集类别\n\n（一）新媒体平台建设。是指着力打造客户端。")
    assert clauses[1].title == "（一）新媒体平台建设"
    assert clauses[1].heading_path == "二、征集类别 > （一）新媒体平台建设"


def test_markdown_headings_without_numbers_open_clauses() -> None:
    clauses = parse_clauses("d", "# 标题\n\n## 附则\n\n内容")
    assert [c.path for c in clauses] == ["标题", "附则"]


def test_closing_formula_starts_the_tail() -> None:
    clauses = parse_clauses("d", "一、章\n\n正文\n\n特此通知。\n\n附件：1.表格")
    assert clauses[-1].path == CLOSING and "附件" in clauses[-1].text


def test_real_notices_have_expected_sections() -> None:
    assert clause_at("notice-2023-network-services", "三、").title == "三、材料编写体例"  # type: ignore[union-attr]
    assert section_of("notice-2024-media-convergence", "征集的截止时间为2024年4月21日") == "五、（一）"
    assert section_of("notice-2020-smart-demo", "申报截止日期为2020年7月15日") == "三、（一）"
    assert section_of("opinions-smart-broadcasting", "向IP架构的融合演进") == "二、（三）"
    assert len([c for c in clauses_of("notice-2020-poverty-alleviation") if c.level == 1]) == 8
