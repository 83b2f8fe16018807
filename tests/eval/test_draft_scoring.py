"""Scoring drafts against fact sheets: placement accuracy, figures kept, self-critique."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from eval.harness import Datasets, build_probes, draft_self_defects, evaluate
from eval.metrics import figure_kept, placed, section_of

MEDIA = "notice-2024-media-convergence"
RESULTS = "取得的成效成果与社会反响"
PRACTICE = "主要创新做法与实践"
SECTIONS: list[dict[str, Any]] = [
    {"element": "综合信息服务的总体情况", "text": "平台于2022年上线，服务全省。"},
    {"element": PRACTICE, "text": "一是搭建数据中台，整合12个部门数据。"},
    {"element": RESULTS, "text": "注册用户41.2万，满意度98.6%。"},
]
SHEET: dict[str, Any] = {
    "id": "f1",
    "notice": MEDIA,
    "category": "综合信息服务",
    "facts": [
        "平台于2022年上线，服务全省。",
        "搭建数据中台，整合12个部门数据。",
        "数据：注册用户41.2万，满意度98.6%。",
    ],
    "placements": [
        {"fact": "搭建数据中台，整合12个部门数据。", "element": "主要创新做法"},
        {"fact": "数据：注册用户41.2万，满意度98.6%。", "element": RESULTS},
        {"fact": "平台于2022年上线，服务全省。", "element": RESULTS},
    ],
    "figures": ["41.2万", "98.6%", "860万元"],
}


def test_a_fact_counts_in_the_section_its_element_names_only() -> None:
    assert placed("搭建数据中台，整合12个部门数据。", "主要创新做法", SECTIONS)
    assert not placed("搭建数据中台，整合12个部门数据。", RESULTS, SECTIONS)
    # the input label may be dropped by the draft
    assert placed("数据：注册用户41.2万，满意度98.6%。", RESULTS, SECTIONS)


def test_an_element_is_found_by_its_name_a_shortening_or_shared_wording() -> None:
    assert section_of(RESULTS, SECTIONS) is SECTIONS[2]
    assert section_of("成效", SECTIONS) is SECTIONS[2]
    assert section_of("数据服务、政务服务等综合信息服务的总体情况", SECTIONS) is SECTIONS[0]
    assert section_of("下一步", SECTIONS) is None


def test_figures_are_kept_only_verbatim() -> None:
    text = "注册用户41.2 万，满意度98.6%。"
    assert figure_kept("41.2万", text) and figure_kept("98.6%", text)
    assert not figure_kept("860万元", text) and not figure_kept("98.6％", text)


def test_self_critique_excuses_only_what_the_facts_lack() -> None:
    result = {
        "defects": [
            {
                "code": "missing_element",
                "element": "可持续运营能力、未来发展预期，及对行业高质量发展的积极影响",
            },
            {"code": "missing_element", "element": RESULTS},
            {"code": "lacks_quantitative_data"},
        ]
    }
    extra = draft_self_defects(SHEET, result)
    # a fact is placed in the results, and three figures given: neither defect is excused
    assert [(d["code"], d.get("element")) for d in extra] == [
        ("missing_element", RESULTS),
        ("lacks_quantitative_data", None),
    ]
    few = {**SHEET, "figures": ["41.2万"]}
    assert [d["code"] for d in draft_self_defects(few, result)] == ["missing_element"]


class Drafter:
    def handle(self, raw: dict[str, Any]) -> dict[str, Any]:
        if raw["op"] != "draft":
            return {"hits": []}
        assert raw["facts"].splitlines()[0] == "平台于2022年上线，服务全省。"
        return {"text": "\n".join(s["text"] for s in SECTIONS), "sections": SECTIONS, "defects": []}


def test_the_harness_reports_placement_and_figures_from_facts_jsonl(tmp_path: Path) -> None:
    (tmp_path / "facts.jsonl").write_text(json.dumps(SHEET, ensure_ascii=False) + "\n", encoding="utf-8")
    data = Datasets.load(tmp_path)
    assert [p.request["op"] for p in build_probes(data)] == ["draft"]
    report = evaluate(Drafter(), data, datasets_label="t", documents={})
    h = report.assistant.headline
    assert h["draft_placement"] == 0.667  # the third placement names the wrong section
    assert h["draft_figures_kept"] == 0.667  # 860万元 is not in the draft
    assert h["draft_self_critique_clean"] == 1.0
    assert [f.id for f in report.assistant.failures if f.suite == "draft"] == ["f1"]
    assert report.info.items["facts"] == 1
