"""Drafting from facts in the notice's element order, placeholders for gaps, nothing invented;
export to .md and .docx that read back as the same draft."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from assistant.contract import ClassifyResult, RankedCategory
from assistant.errors import AssistantError
from assistant.knowledge.reader import read_draft_file
from assistant.review.critique import critique
from assistant.review.draft import draft
from assistant.review.export import to_docx, to_markdown
from assistant.review.ledger import count_chars, ledger_for

NETWORK = "notice-2023-network-services"
CONVERGENCE = "notice-2024-media-convergence"
HOME = "智慧家庭新场景"

FACTS = """我公司于2021年启动智慧家庭养老项目，覆盖全市6个区、214个社区，签约家庭8.2万户，总投资3,600万元。
我们依托家庭网关和电视大屏接入一键呼叫、跌倒报警和烟感设备，告警同步推送至社区网格员和子女手机。
老年用户操作难是最大的问题。为此我们推出语音控制和上门安装服务，投诉率由4.1%降至0.6%。
2023年收入2,150万元，续约率92%。
以家庭网关为入口整合第三方服务，可在其他地市复制推广。
下一步计划新增签约家庭3万户，接入智慧医疗服务。"""


def agree(category: str) -> Callable[[str, str], ClassifyResult]:
    def classify(description: str, notice: str) -> ClassifyResult:
        return ClassifyResult(
            notice=notice,
            category=category,
            ranking=[RankedCategory(category=category, score=1.0)],
            rationale="",
        )

    return classify


def numbers(text: str) -> set[str]:
    return set(re.findall(r"\d+(?:\.\d+)?", text.replace(",", "")))


def test_free_text_facts_become_the_elements_in_order_and_pass_critique() -> None:
    result = draft(FACTS, NETWORK, HOME, classifier=agree(HOME))
    names = [e.name for e in ledger_for(NETWORK).elements_for(HOME)]
    assert [s.element for s in result.sections] == ["案例简介", *names]
    assert result.defects == []
    by_element = {s.element: s.text for s in result.sections}
    assert "投诉率由4.1%降至0.6%" in by_element["创新工作中遇到的问题及破解办法"]
    assert "续约率92%" in by_element["形成的新模式、新业态、新应用及取得的成效"]
    assert by_element["下一步发展计划"].startswith("下一步计划新增签约家庭3万户")
    assert numbers(result.text) <= numbers(FACTS)
    assert "【待补充" not in result.text


def test_missing_facts_become_placeholders_and_only_they_are_reported() -> None:
    facts = {
        "基本情况": "项目于2020年上线，注册用户12万，覆盖全省16个地市。",
        "主要做法": "打造新闻+政务客户端，接入办事服务86项。",
    }
    result = draft(facts, CONVERGENCE, "新媒体平台建设", classifier=agree("新媒体平台建设"))
    texts = [s.text for s in result.sections]
    assert texts[0].startswith("项目于2020年上线") and texts[1].startswith("打造新闻+政务客户端")
    assert all(t.startswith("【待补充：") for t in texts[2:])
    missing = [d.element for d in result.defects if d.code == "missing_element"]
    assert missing == [s.element for s in result.sections[2:]]
    assert {d.code for d in result.defects} <= {"missing_element", "lacks_quantitative_data"}
    assert numbers(result.text) <= numbers(" ".join(facts.values()))


def test_results_without_figures_ask_for_data_instead_of_inventing_it() -> None:
    facts = "一、成效\n群众反映服务方便。\n二、基本情况\n我台建设了融媒体客户端。"
    result = draft(facts, CONVERGENCE, "融合生产传播", classifier=agree("融合生产传播"))
    results = next(s.text for s in result.sections if s.element.startswith("取得的成效"))
    assert "群众反映服务方便" in results and "【待补充：成效数据" in results
    assert not re.search(r"\d", result.text.replace("2020", ""))


def test_unsupported_praise_from_the_facts_is_left_out() -> None:
    facts = FACTS + "\n服务广受好评，非常成功，极大地方便了群众，深受欢迎。"
    result = draft(facts, NETWORK, HOME, classifier=agree(HOME))
    assert "广受好评" not in result.text and "非常成功" not in result.text
    assert "subjective_language" not in [d.code for d in result.defects]


def test_the_draft_stays_within_the_limits() -> None:
    long_facts = FACTS + "\n" + "我们依托家庭网关开展上门服务，累计服务老人1.5万人次。" * 300
    result = draft(long_facts, NETWORK, HOME, classifier=agree(HOME))
    summary = result.sections[0].text
    assert count_chars(summary) <= 500
    detail = "\n".join(line for line in result.text.splitlines() if not line.startswith("案例简介"))
    assert count_chars(detail) <= 5000
    assert not {"over_length", "summary_over_length"} & {d.code for d in result.defects}


class FakeLLM:
    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.calls: list[str] = []

    def rewrite_section(self, element: str, facts_text: str, draft_text: str) -> str | None:
        self.calls.append(element)
        return self.reply


def test_an_llm_rewording_is_kept_only_without_new_numbers() -> None:
    honest = FakeLLM("项目自2021年起覆盖全市6个区，签约家庭达8.2万户。")
    result = draft(FACTS, NETWORK, HOME, llm=honest, classifier=agree(HOME))
    assert honest.calls and result.sections[1].text == "项目自2021年起覆盖全市6个区，签约家庭达8.2万户。"
    inventive = FakeLLM("签约家庭达9.9万户，满意度99%。")
    result = draft(FACTS, NETWORK, HOME, llm=inventive, classifier=agree(HOME))
    assert "9.9万" not in result.text and "99%" not in result.text


def test_no_structure_unknown_category_and_unknown_notice_are_errors() -> None:
    with pytest.raises(AssistantError, match="未规定"):
        draft(FACTS, "notice-2020-smart-demo", "生态建设类")
    with pytest.raises(AssistantError, match="可选类别"):
        draft(FACTS, NETWORK, "新媒体平台建设")


def test_markdown_and_docx_exports_read_back_as_the_same_draft(tmp_path: Path) -> None:
    result = draft(FACTS, NETWORK, HOME, classifier=agree(HOME))
    markdown = to_markdown(result)
    assert markdown.startswith("## 案例简介\n\n") and "## 三、创新工作中遇到的问题及破解办法" in markdown
    path = to_docx(result, tmp_path / "draft.docx")
    for text in (markdown, read_draft_file(path)):
        again = critique(text, NETWORK, HOME, classifier=agree(HOME))
        assert again.defects == [] and all(e.status == "present" for e in again.elements)
        assert again.stats.summary_chars == count_chars(result.sections[0].text)
