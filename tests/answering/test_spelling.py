"""Sound-alike misspellings of the words the topic and slot cues are written in."""

from __future__ import annotations

import pytest

from assistant.answering.intent import understand
from assistant.answering.spelling import correct_spelling, normalize_question
from assistant.knowledge.documents import knowledge_text


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("中秧单位能报几个", "中央单位能报几个"),
        ("简界最多多少字", "简介最多多少字"),
        ("字树有限制吗", "字数有限制吗"),
        ("要速有哪些", "要素有哪些"),
        ("没完城的项目能报吗", "没完成的项目能报吗"),
        ("报宋方式是什么", "报送方式是什么"),
        ("评审分几个阶断", "评审分几个阶段"),
    ],
)
def test_homophones_of_cue_words_are_repaired(typed: str, meant: str) -> None:
    assert correct_spelling(typed) == meant


@pytest.mark.parametrize(
    "text",
    [
        "汉字书写有要求吗",  # 字书 sounds like 字数 but straddles 汉字|书写
        "有没有计算公式",  # 公式 is a word of its own, though it sounds like 公示
        "分类是什么",  # 是什么 is one sound from 指什么, not the same pinyin
        "联糸电话",  # 糸 looks like 系 but does not sound like it: no list of typos
        "评审专家都有谁",  # 有 is a function word: meant as typed, not 由谁
        "那个类别的要素有哪些",  # 那 is meant, not 哪个类别
        "新服务分几个类别，分别叫什么",  # 叫 restores no word with 什 (not 交什么)
        "纸质件往哪寄",  # 哪几 is neither a word of the documents nor a cue of its own
        "本案例既属于视听消费新体验",  # 例集 is a substring of 案例集, not a word
    ],
)
def test_words_and_near_sounds_are_left_alone(text: str) -> None:
    assert correct_spelling(text) == text


def test_runs_the_documents_contain_are_never_changed() -> None:
    corpus = knowledge_text()
    for text in ("中央", "阶段", "简介"):
        assert text in corpus
        assert correct_spelling(text) == text


def test_the_repair_reaches_the_reading_of_a_question() -> None:
    """Questions are read through `normalize_question`, so answers see the repaired words."""
    assert normalize_question("簡界最多多少字") == "简介最多多少字"
    assert "limits" in understand("字树有限制吗").topics
    assert understand("中秧单位能报几个").profile.kind == "central_unit"
    assert "contacts" in understand("怎么联细").topics


def test_a_word_of_the_question_is_not_cut_to_repair_another() -> None:
    assert correct_spelling("每个省推荐上限是多少") == "每个省推荐上限是多少"  # not 推荐函
    assert correct_spelling("综合信息服物类指的是啥") == "综合信息服务类指的是啥"  # same sound: repaired


def test_english_words_in_a_chinese_question_are_read_in_chinese() -> None:
    assert normalize_question("2024年媒体融合典型案例的deadline") == "2024年媒体融合典型案例的截止时间"
    assert normalize_question("2024媒体融合典型案例 ddl?") == "2024媒体融合典型案例 截止时间?"  # slang
    assert normalize_question("２０２４年") == "2024年"
    assert "Word" in normalize_question("材料要交Word还是PDF")  # no entry: left as typed


@pytest.mark.parametrize(
    ("spoken", "read"),
    [
        ("那个二零二二年的网络新服务", "那个2022年的网络新服务"),
        ("二〇二三年网络新服务", "2023年网络新服务"),
        ("融媒体那个案例二四年的", "融媒体那个案例2024年的"),
        ("力争三五年内", "力争三五年内"),  # a span of years, not a year
        ("十二年前", "十二年前"),
    ],
)
def test_years_said_in_chinese_numerals_are_years(spoken: str, read: str) -> None:
    assert normalize_question(spoken) == read


@pytest.mark.parametrize(
    ("forwarded", "own"),
    [
        (
            "来电人反映：其单位为县级融媒体中心，咨询2024年媒体融合典型案例征集截止日期。",
            "我们单位为县级融媒体中心，2024年媒体融合典型案例征集截止日期。",
        ),
        ("诉求：来电人称“网络新服务最晚几号报”，请相关单位于3个工作日内答复。", "网络新服务最晚几号报"),
        ("工单号：2023051200456，来电时间：2023-05-12 09:30。企业来电询问：网服有几类？", "网服有几类？"),
        ("自治区广电局来电询问网服每类推荐几个", "我们是自治区广电局，网服每类推荐几个"),
        ("咨询网服案例截止时间", "网服案例截止时间"),
    ],
)
def test_a_forwarded_question_is_read_as_the_callers_own(forwarded: str, own: str) -> None:
    assert normalize_question(forwarded) == own


@pytest.mark.parametrize("question", ["咨询电话是多少", "其他单位能报几个", "其中生产制播类指什么"])
def test_words_of_a_question_like_the_frames_stay(question: str) -> None:
    assert normalize_question(question) == question


@pytest.mark.parametrize(
    ("message", "question"),
    [
        ("小编你好～媒体融合典型案例今年(2024)啥时候截止申报", "媒体融合典型案例今年(2024)啥时候截止申报"),
        ("求科普138号文里的征集类别有哪几个😂", "138号文里的征集类别有哪几个"),
        ("急急急！！！网服最后提交日期是啥时候", "网服最后提交日期是啥时候"),
        ("求问示范案例推荐材料的提交方式(｀・ω・´)", "示范案例推荐材料的提交方式"),
    ],
)
def test_chatter_around_a_question_is_dropped(message: str, question: str) -> None:
    assert normalize_question(message) == question


@pytest.mark.parametrize("message", ["好的谢谢", "你好", "谢谢小编"])
def test_a_message_of_chatter_alone_stays_as_typed(message: str) -> None:
    assert normalize_question(message) == message


@pytest.mark.parametrize(
    ("spoken", "meant"),
    [
        ("网服 哦不是 示范案例那个 名额多少", "示范案例那个 名额多少"),
        ("二三年那个新服务 不是简介啊 是详细材料 多少字", "2023年那个新服务 详细材料 多少字"),
        ("每个类别 哦不对 我问的是总数上限", "总数上限"),
    ],
)
def test_what_the_speaker_takes_back_is_not_read(spoken: str, meant: str) -> None:
    assert normalize_question(spoken) == meant


@pytest.mark.parametrize(
    "question", ["我们不是县融 能报吗", "网服是不是 也这样", "不对 我说的是2023", "哦不是 我问的是示范案例"]
)
def test_a_negation_or_a_follow_ups_correction_is_not_taken_back(question: str) -> None:
    assert normalize_question(question) == question
