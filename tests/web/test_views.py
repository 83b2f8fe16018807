"""The web app's views: result models in, HTML out (no browser, no index)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from assistant.answering.deadlines import DeadlineStatus
from assistant.answering.eligibility import ConditionCheck, EligibilityResult
from assistant.answering.profile import KIND_NAMES, ApplicantProfile
from assistant.contract import (
    AskResult,
    Citation,
    ClassifyResult,
    CritiqueResult,
    CritiqueStats,
    Defect,
    DraftResult,
    DraftSection,
    ElementStatus,
    RankedCategory,
)
from assistant.errors import AssistantError, UnknownDocumentError
from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import call_ids, registry
from assistant.knowledge.rules import LengthLimit, all_rules
from assistant.web import views as webui

CITE = Citation(
    doc="notice-2024-media-convergence", section="五、（一）", quote="征集的截止时间为2024年4月21日。"
)
PASSED = DeadlineStatus(
    state="passed", deadline=date(2024, 4, 21), days=948, text="征集已于2024年4月21日截止。"
)
LIMITS = [
    LengthLimit(target="summary", max_chars=500, label="简介", source=CITE),
    LengthLimit(target="detailed_material", max_chars=5000, label="详细材料", source=CITE),
]


def balanced(markup: str, tag: str) -> bool:
    return len(re.findall(f"<{tag}[ >]", markup)) == markup.count(f"</{tag}>")


def test_citation_cards_number_the_sources_and_name_document_section_and_quote() -> None:
    other = Citation(doc="opinions-smart-broadcasting", section="二、（一）", quote="第二条")
    cards = webui.citation_cards([CITE, other])
    assert cards.count('class="src-card"') == 2
    assert "[1]" in cards and "[2]" in cards
    assert "2024年全国广播电视媒体融合典型案例征集和推选" in cards  # the short name, not the id
    assert "五、（一）" in cards and "征集的截止时间为2024年4月21日。" in cards
    assert webui.citation_cards([]) == ""


def test_more_than_three_sources_fold_away_but_stay_in_the_page() -> None:
    cites = [Citation(doc=CITE.doc, section=f"{n}.", quote=f"第{n}条") for n in range(1, 6)]
    cards = webui.citation_cards(cites)
    assert cards.count('class="src-card"') == 5
    folded = cards[cards.index("<details>") :]
    assert "另外 2 条依据" in folded and "[4]" in folded and "[3]" not in folded
    assert balanced(cards, "div") and balanced(cards, "details")


def test_document_and_user_text_is_escaped() -> None:
    hostile = Citation(doc="x-unknown", section="<b>", quote="<script>alert(1)</script>")
    cards = webui.citation_cards([hostile])
    assert "<script>" not in cards and "&lt;script&gt;" in cards
    result = AskResult(answer="<img src=x onerror=alert(1)>", citations=[])
    assert "<img" not in webui.answer_message(result, None)


def test_answer_shows_a_passed_deadline_at_a_glance_and_its_sources() -> None:
    result = AskResult(
        answer="截止时间：2024年4月21日。[1]\n已截止。",
        citations=[CITE],
        notice="notice-2024-media-convergence",
    )
    message = webui.answer_message(result, PASSED)
    assert 'badge-passed">已截止' in message
    assert message.index("已截止") < message.index("截止时间：")  # the status comes before the answer
    assert "src-card" in message
    # A chat message is Markdown: an HTML block must not contain a blank line, or it breaks apart.
    for block in message.split("\n\n"):
        assert "\n" not in block and balanced(block, "div")


def test_answer_marks_verdicts_and_questions_the_documents_do_not_cover() -> None:
    eligible = webui.answer_message(AskResult(answer="可以申报。", verdict="eligible"), None)
    assert "符合申报条件" in eligible
    refused = webui.answer_message(AskResult(answer="没有找到。", answerable=False), None)
    assert "文件未涉及" in refused and "src-card" not in refused


def test_follow_ups_skip_topics_already_asked() -> None:
    asked = ["申报截止时间是什么时候？"]
    follow = webui.follow_up_questions(asked, "notice-2023-network-services")
    assert len(follow) == 3
    assert not any("截止" in q for q in follow)
    everything = ["截止时间？", "要什么材料？", "推荐几个？", "哪些类别？", "字数？", "联系谁？"]
    assert webui.follow_up_questions(everything, "notice-2023-network-services") == []
    assert webui.follow_up_questions([], None) == webui.GENERAL_FOLLOW_UPS[:3]


def test_classification_is_a_bar_chart_scaled_to_the_best_category() -> None:
    result = ClassifyResult(
        notice="notice-2023-network-services",
        category="智慧家庭新场景",
        ranking=[
            RankedCategory(category="智慧家庭新场景", score=0.6),
            RankedCategory(category="视听消费新体验", score=0.3),
        ],
        rationale="提到机顶盒和居家养老。",
        citations=[CITE],
    )
    view = webui.classify_html(result)
    assert "建议申报类别：智慧家庭新场景" in view
    assert "width:100%" in view and "width:50%" in view
    assert view.count("bar-row") == 2 and "bar-top" in view
    assert "60%" in view and "提到机顶盒和居家养老。" in view and "src-card" in view


def critique_result(summary_chars: int | None, detail_chars: int | None) -> CritiqueResult:
    return CritiqueResult(
        defects=[
            Defect(
                code="missing_element",
                message="缺少要素：下一步发展计划",
                element="下一步发展计划",
                fix="补写计划",
            ),
            Defect(code="subjective_language", message="感性描述过多", examples=["非常好", "极大提升"]),
        ],
        elements=[
            ElementStatus(name="基本情况", present=True, status="present", heading="一、基本情况"),
            ElementStatus(name="取得的成效", present=True, status="partial"),
            ElementStatus(name="下一步发展计划", present=False, status="missing"),
        ],
        stats=CritiqueStats(chars=6200, summary_chars=summary_chars, detail_chars=detail_chars, figures=3),
    )


def test_critique_shows_the_checklist_counters_and_defects_with_fixes() -> None:
    view = webui.critique_html(critique_result(summary_chars=420, detail_chars=5600), LIMITS)
    assert "必备要素（1/3 齐全）" in view
    assert 'badge-present">齐全' in view and 'badge-partial">不完整' in view and 'badge-missing">缺失' in view
    assert "一、基本情况" in view
    assert "简介：420 / 500 字" in view and "未超限" in view
    assert "详细材料：5600 / 5000 字" in view and "超出 600 字" in view
    assert "问题（2）" in view and "修改建议：补写计划" in view and "非常好、极大提升" in view
    assert balanced(view, "div") and balanced(view, "table")


def test_counters_fall_back_to_the_whole_text_and_say_when_no_summary_was_found() -> None:
    view = webui.counters_html(critique_result(summary_chars=None, detail_chars=None), LIMITS)
    assert "简介：未识别到" in view
    assert "详细材料：6200 / 5000 字" in view


def test_a_clean_draft_says_so() -> None:
    assert "未发现问题" in webui.defects_html([])
    draft = DraftResult(
        text="一、基本情况\n……", sections=[DraftSection(element="基本情况", text="甲乙丙")], defects=[]
    )
    assert "基本情况：3 字" in webui.draft_html(draft)


def test_eligibility_card_shows_verdict_conditions_channel_quota_and_deadline() -> None:
    result = EligibilityResult(
        notice="notice-2023-network-services",
        notice_name="2023年全国智慧广电网络新服务征集推选",
        profile=ApplicantProfile(kind="cable_operator", province="浙江"),
        verdict="eligible",
        headline="浙江有线电视网络公司属于申报主体。",
        checks=[
            ConditionCheck(
                condition="申报主体", met=True, reason="通知列明有线电视网络公司。", citation=CITE
            ),
            ConditionCheck(condition="截止时间", met=False, reason="征集已截止。"),
            ConditionCheck(condition="名额", met=None, reason="请向省局确认。"),
        ],
        channel="provincial_bureau",
        channel_text="通过省级广电局推荐",
        quota_text="每个省每个类别不超过4个",
        deadline=PASSED,
        question="贵单位在哪个省？",
    )
    view = webui.eligibility_html(result)
    assert "符合申报条件" in view and "浙江有线电视网络公司属于申报主体。" in view
    assert "badge-passed" in view
    assert "申报渠道</b>：通过省级广电局推荐" in view and "每个省每个类别不超过4个" in view
    assert (
        'badge-present">满足' in view and 'badge-missing">不满足' in view and 'badge-partial">待确认' in view
    )
    assert "还需确认：</b>贵单位在哪个省？" in view
    assert view.count('class="src-card"') == 1
    assert balanced(view, "div")


@pytest.mark.parametrize("doc_id", list(registry()))
def test_clause_tree_nests_every_clause_and_closes_every_tag(doc_id: str) -> None:
    clauses = clauses_of(doc_id)
    tree = webui.clause_tree_html(clauses)
    assert balanced(tree, "details") and balanced(tree, "div")
    assert tree.count("<summary>") == len(clauses)
    assert all(webui.html.escape(c.title) in tree for c in clauses)
    for clause in clauses:  # a heading shown in the summary is not repeated below it
        repeated = f'<summary>{webui.html.escape(clause.title)}</summary><div class="clause-text">{webui.html.escape(clause.title)}\n'
        assert repeated not in tree


def test_rules_of_every_notice_render_with_their_deadline_and_sources() -> None:
    rules_list = all_rules()
    assert rules_list, "no rules YAML yet"
    for rules in rules_list:
        view = webui.rules_html(rules, PASSED)
        assert balanced(view, "div") and balanced(view, "ul")
        assert "badge-passed" in view
        assert webui.html.escape(rules.title.value) in view
        assert all(webui.html.escape(c.name) in view for c in rules.categories)
        assert view.count('class="fact-src"') >= 1


def test_form_options_cover_the_calls_the_kinds_and_the_provinces() -> None:
    assert [value for _, value in webui.notice_choices()] == call_ids()
    assert len(webui.document_choices()) == len(registry())
    assert {value for _, value in webui.kind_choices()} == set(KIND_NAMES)
    provinces = webui.province_choices()
    assert "浙江" in provinces and webui.BINGTUAN in provinces and len(provinces) == 32


def test_errors_read_as_plain_chinese_and_hide_internals() -> None:
    assert webui.error_message(UnknownDocumentError("未知的文档编号 'x'")) == "未知的文档编号 'x'"
    assert webui.error_message(AssistantError("问题不能为空")) == "问题不能为空"
    internal = webui.error_message(KeyError("chroma collection 42"))
    assert "chroma" not in internal and "重新提交" in internal
    assert 'class="error-box"' in webui.error_html(ValueError("x"))
