"""Each normalisation rule, on the artefact really found in the seed files."""

from __future__ import annotations

import pytest

from assistant.knowledge import normalize as n
from assistant.knowledge.documents import build_normalized, normalized_text, registry


def test_traditional_becomes_simplified() -> None:
    assert n.to_simplified("廣電總局關於開展") == "广电总局关于开展"


def test_opencc_keeps_zhihui() -> None:
    assert n.to_simplified("智慧廣電") == "智慧广电"


def test_pinyin_annotation_after_character_is_dropped() -> None:
    assert n.strip_pinyin("行業(yè)新聞發(fā)布") == "行業新聞發布"


def test_pinyin_in_plain_parentheses_is_kept() -> None:
    assert n.strip_pinyin("(SDI) 和 (yè)") == "(SDI) 和 (yè)"


def test_lost_character_restored_from_its_pinyin_and_lost_stop() -> None:
    assert n.repair_mojibake("扶貧行動?,F(xiàn)就有關事項") == "扶貧行動。現就有關事項"


def test_question_mark_between_sentences_is_lost_punctuation() -> None:
    assert n.repair_mojibake("专项扶贫行动?现就有关事项") == "专项扶贫行动。现就有关事项"


def test_stray_english_and_between_chinese_words() -> None:
    assert n.replace_stray_and("思想 and 党的二十大精神") == "思想和党的二十大精神"
    assert n.replace_stray_and("Copyright and more") == "Copyright and more"


def test_page_break_duplicate_character_is_dropped() -> None:
    long_line = "力争用3-5年时间，广播电视在内容制作、分发传播、用户服务、技术支撑等方面协同推进，智慧广电发展的广度、深度显著增强，智"
    text = long_line + "\n\n智慧广电发展取得突破性进展，广播电视……"
    assert "深度显著增强，智慧广电发展取得突破性进展" in n.join_broken_lines(text)


def test_word_split_by_page_break_is_joined() -> None:
    line = "所推选的案例应当顺应网络化、数字化、移动化、智能化发展趋势，在壮大主流宣传等方面持续发力，深入推进新媒"
    assert n.join_broken_lines(line + "\n\n体平台建设。").endswith("深入推进新媒体平台建设。")


def test_line_ending_on_comma_is_joined_but_headings_are_not() -> None:
    assert n.join_broken_lines("(联系人:王策,\n010-86096975)") == "(联系人:王策,010-86096975)"
    assert (
        n.join_broken_lines("一、征集类别\n\n（一）视听消费新体验") == "一、征集类别\n\n（一）视听消费新体验"
    )


def test_short_title_line_is_not_joined_to_salutation() -> None:
    text = (
        "国家广播电视总局办公厅关于开展2024年全国广播电视媒体融合典型案例征集和推选工作的通知\n\n各省、自治区"
    )
    assert n.join_broken_lines(text).count("\n\n") == 1


def test_web_debris_is_removed() -> None:
    raw = "正文。\n字体：[大 中 小]\n视力保护色：\nICP备案编号：京ICP备16032848号-4\n京公网安备11040202120015号\n"
    assert n.strip_debris(raw).split() == ["正文。"]


def test_vendor_banner_and_address_are_removed() -> None:
    raw = "行業(yè)新聞\n致力于廣播設備的創(chuàng)新\n海峽廣播電視設備工程有限公司地址:福建省福州市\n正文"
    assert n.strip_debris(raw).split() == ["正文"]


def test_markdown_links_and_html_tags_are_unwrapped() -> None:
    assert n.strip_debris("附件：1、[汇总表.docx](#)\n<p>申报材料</p>").split("\n") == [
        "附件：1、汇总表.docx",
        "申报材料",
    ]


def test_form_rows_keep_cells_and_list_lost_checkboxes() -> None:
    assert n.strip_debris("案例层级]全国]省级]县级\t\t") == "案例层级 | 全国、省级、县级"
    assert n.strip_debris("联系电话\t\t手 机") == "联系电话 | 手 机"


def test_ascii_punctuation_in_chinese_becomes_fullwidth_numbers_keep_theirs() -> None:
    assert (
        n.fullwidth_punctuation("(四)政务商务新服务,详细材料不超过5,000字")
        == "（四）政务商务新服务，详细材料不超过5,000字"
    )


def test_whitespace_is_folded() -> None:
    assert n.fold_whitespace("征集截止时间为 2023 年 6 月 9 日。") == "征集截止时间为2023年6月9日。\n"
    assert n.fold_whitespace("联系人：李君 010-86093571") == "联系人：李君 010-86093571\n"


def test_markdown_marks_are_dropped() -> None:
    assert n.strip_markup("## **（二）加快智慧广电内容生产体系建设**") == "（二）加快智慧广电内容生产体系建设"


@pytest.mark.parametrize("doc_id", list(registry()))
def test_committed_normalised_text_is_reproducible(doc_id: str) -> None:
    assert normalized_text(doc_id) == build_normalized(doc_id)


def test_guiding_opinions_page_break_is_repaired_in_the_real_text() -> None:
    text = normalized_text("opinions-smart-broadcasting")
    assert "深度显著增强，智慧广电发展取得突破性进展" in text
    assert " and " not in text and "国家和地方规划" in text


def test_poverty_notice_is_simplified_and_clean() -> None:
    text = normalized_text("notice-2020-poverty-alleviation")
    assert "专项扶贫行动。现就有关事项通知如下" in text
    assert "(" not in text and "?" not in text and "ICP" not in text and "软件大道" not in text
