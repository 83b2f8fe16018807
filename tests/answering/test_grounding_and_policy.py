"""Sentences, question words and the policy documents' structured answers."""

from __future__ import annotations

from assistant.answering.grounding import content_words, coverage, sentences
from assistant.answering.policy import policy_facts
from assistant.answering.topics import silence_text
from assistant.knowledge.documents import call_ids, policy_ids, registry


def test_sentences_split_at_chinese_stops_and_drop_headings() -> None:
    text = "一、总体要求\n坚持正确方向。推动融合发展；加强管理工作！"
    assert sentences(text) == ["坚持正确方向。", "推动融合发展；", "加强管理工作！"]


def test_content_words_leave_out_what_names_the_notice_and_the_asking() -> None:
    words = content_words("2024年融合案例的截止时间是什么时候").asked()
    assert "截止时间" in words
    assert not {"融合案例", "什么", "2024"} & set(words)


def test_a_colloquial_word_is_found_in_its_own_wording_or_the_documents() -> None:
    words = content_words("指导意见对企业合作怎么说")
    # "企业" also stands for the documents' "企事业单位": either wording covers it, neither is required
    assert coverage(words, "探索广播电视机构与有实力的互联网企业、科技企业开展合作") == 1.0
    assert coverage(words, "为广播电视媒体融合发展提供支撑或服务的企事业单位开展合作") == 1.0
    assert coverage(words, "开展合作") < 1.0


def test_coverage_reads_latin_words_whatever_their_case() -> None:
    assert coverage(content_words("IP化那块具体呢"), "加快推进IP化融合演进。") > coverage(
        content_words("IP化那块具体呢"), "加快推进融合演进。"
    )


def test_coverage_weighs_how_much_of_the_question_a_sentence_holds() -> None:
    words = content_words("截止时间是哪天")
    assert coverage(words, "征集截止时间为2023年6月9日。") > coverage(words, "材料应包括以下要素。")


def test_policy_principles_are_named_in_one_cited_line_when_only_their_names_are_asked() -> None:
    facts = policy_facts("指导意见的基本原则有哪些", policy_ids())
    assert len(facts) == 1
    assert "基本原则共4项" in facts[0].text and "坚持创新驱动发展战略" in facts[0].text
    assert facts[0].citation is not None and facts[0].citation.doc in policy_ids()


def test_policy_principles_are_given_item_by_item_when_their_content_is_asked() -> None:
    facts = policy_facts("指导意见的基本原则具体内容是什么", policy_ids())
    cited = [f for f in facts[1:] if f.citation is not None]
    assert len(cited) == 4 and all(f.citation and f.citation.section == "一、（二）" for f in cited)


def test_the_other_programme_silence_names_the_registered_documents() -> None:
    text = silence_text("other_programme")
    assert all(registry()[doc].short_name in text for doc in call_ids())
    assert "三个征集通知和两份政策文件" in text
    assert "{" not in text
