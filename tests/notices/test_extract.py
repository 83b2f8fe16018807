"""Extraction from a notice's text alone: values, quotes, confidences, cross-field checks, review."""

from __future__ import annotations

from datetime import date

from assistant.knowledge.documents import normalized_text
from assistant.knowledge.normalize import normalize
from assistant.knowledge.rules import load_rules
from assistant.notices.extract import extract
from assistant.notices.manage import apply_review
from tests.notices.conftest import NEXT_EDITION


def test_every_value_has_a_verbatim_quote() -> None:
    text = normalize(NEXT_EDITION)
    result = extract("notice-x", text)
    assert result.review, "nothing extracted"
    for item in result.review:
        assert item.source is not None and item.source.quote in text, item.field
        assert 0 < item.confidence <= 1
    rules = result.rules
    assert (
        rules.title.value
        == "国家广播电视总局办公厅关于开展2026年全国广播电视媒体融合典型案例征集和推选工作的通知"
    )
    assert rules.doc_number and rules.doc_number.value == "广电办发〔2026〕21号"
    assert rules.issued and rules.issued.value == date(2026, 10, 9)
    assert rules.deadline and rules.deadline.value == date(2026, 12, 20)
    assert rules.family == "media-convergence" and rules.year == 2026
    assert [c.name for c in rules.categories] == ["新媒体平台建设", "融合生产传播"]
    assert [(q.scope, q.per_category, q.total) for q in rules.quotas] == [("province", 3, 6)]
    assert [(lim.target, lim.max_chars) for lim in rules.length_limits] == [("detailed_material", 4000)]
    assert rules.contacts[0].names == ["周明"] and rules.contacts[0].phones == ["010-86090000"]
    assert rules.platform and rules.platform.url == "rh.pingshen.nrta.gov.cn"


def test_cross_field_checks_lower_confidence() -> None:
    text = normalize(NEXT_EDITION.replace("2026年12月20日", "2026年9月20日"))  # before the issue date
    review = {r.field: r for r in extract("notice-x", text).review}
    assert review["deadlines[0]"].confidence < 0.5 and review["deadlines[0]"].checks == [
        "截止日期早于发文日期"
    ]
    text = normalize(NEXT_EDITION.replace("不超过3个，总数不超过6个", "不超过8个，总数不超过6个"))
    review = {r.field: r for r in extract("notice-x", text).review}
    assert review["quotas[0]"].checks == ["每类名额超过总名额"]


def test_dates_without_a_year_take_the_issue_year() -> None:
    text = normalize(NEXT_EDITION.replace("征集的截止时间为2026年12月20日", "请于12月20日前报送"))
    assert extract("notice-x", text).rules.deadline.value == date(2026, 12, 20)  # type: ignore[union-attr]


def test_the_built_in_2024_call_is_recovered_from_its_text() -> None:
    doc = "notice-2024-media-convergence"
    gold, got = load_rules(doc), extract(doc, normalized_text(doc)).rules
    assert got.deadline and gold.deadline and got.deadline.value == gold.deadline.value
    assert got.doc_number and gold.doc_number and got.doc_number.value == gold.doc_number.value
    assert [c.name for c in got.categories] == [c.name for c in gold.categories]
    assert {(q.scope, q.per_category, q.total) for q in got.quotas} == {
        (q.scope, q.per_category, q.total) for q in gold.quotas
    }


def test_staff_corrections_and_rejections_change_the_rules() -> None:
    rules = extract("notice-x", normalize(NEXT_EDITION)).rules
    corrected = apply_review(rules, "deadlines[0]", "correct", "2026-12-25")
    assert corrected.deadline and corrected.deadline.value == date(2026, 12, 25)
    assert apply_review(rules, "quotas[0]", "reject", None).quotas == []
    assert apply_review(rules, "doc_number", "reject", None).doc_number is None
