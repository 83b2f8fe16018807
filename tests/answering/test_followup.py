"""Follow-ups read against the user's earlier turns: ellipsis, notice carried, references, applicant."""

from __future__ import annotations

from assistant.answering.conversation import Conversation
from assistant.answering.followup import read_in_context
from assistant.service import Assistant

MEDIA = "notice-2024-media-convergence"
SERVICES = "notice-2023-network-services"
DEMO = "notice-2020-smart-demo"


def test_same_topic_other_notice() -> None:
    reading = read_in_context("新服务呢", ["示范案例截止日期"])
    assert reading.notices == [SERVICES]
    assert "截止" in reading.question and "示范案例" not in reading.question


def test_same_notice_new_topic_keeps_the_notice_over_several_turns() -> None:
    reading = read_in_context("那截止时间呢？", ["融合案例分哪几类", "第二类的要素呢", "字数限制多少"])
    assert reading.notices == [MEDIA]


def test_an_ordinal_names_the_item_of_the_list_asked_for() -> None:
    assert read_in_context("第4个是啥意思", ["新服务有几个类别"]).focus == "政务商务新服务"
    assert read_in_context("第五个是什么", ["扶贫行动有几个方面"]).focus == "提供智慧广电健康扶贫"


def test_a_pronoun_names_the_category_last_named() -> None:
    reading = read_in_context("它要写哪些要素", ["融合案例第3类是什么"])
    assert "综合信息服务" in reading.question


def test_a_mention_question_swaps_the_thing_asked_about() -> None:
    reading = read_in_context("那IPv6呢", ["指导意见里提到5G了吗"])
    assert "IPv6" in reading.question and "5G" not in reading.question


def test_the_applicant_said_earlier_carries_over() -> None:
    reading = read_in_context("示范案例我们能报几个", ["我们是新疆生产建设兵团文化体育广电和旅游局的"])
    assert reading.profile.bingtuan


def test_a_first_message_is_read_on_its_own() -> None:
    question = "体制机制改革典型案例的第一项“总体情况”要包括什么内容？"
    assert read_in_context(question, []).question == question


def test_batch_answers_a_follow_up_from_its_history(assistant: Assistant) -> None:
    alone = assistant.handle({"op": "ask", "question": "融合案例呢"})
    followed = assistant.handle({"op": "ask", "question": "融合案例呢", "history": ["示范案例截至日期"]})
    assert "2024年4月21日" in followed["answer"] and followed["notice"] == MEDIA
    assert "2024年4月21日" not in alone["answer"]


def test_a_year_switches_the_notice_and_keeps_the_topic(assistant: Assistant) -> None:
    result = assistant.ask("24年的呢", history=["23年那个几号截止"])
    assert result.notice == MEDIA and "2024年4月21日" in result.answer


def test_the_conversation_gives_the_same_answer_as_the_history(assistant: Assistant) -> None:
    turns = ["我们是县级融媒体中心", "24年那个能报吗", "通过谁报"]
    conversation = Conversation()
    for turn in turns:
        assistant.ask(turn, conversation=conversation)
    by_conversation = assistant.ask("名额多少", conversation=conversation)
    by_history = assistant.ask("名额多少", history=turns)
    assert by_conversation.answer == by_history.answer
    assert "12个" in by_history.answer


def test_naming_another_category_asks_the_previous_question_of_it(assistant: Assistant) -> None:
    reading = read_in_context("体制机制改革那个类别呢", ["融合案例新媒体平台建设类的要素"])
    assert "体制机制改革" in reading.question and "新媒体平台建设" not in reading.question
    result = assistant.ask("体制机制改革那个类别呢", history=["融合案例新媒体平台建设类的要素"])
    assert "“体制机制改革”类申报材料应包括以下要素" in result.answer


def test_a_result_date_asked_in_a_follow_up_is_a_silence(assistant: Assistant) -> None:
    result = assistant.ask("那结果啥时候公布", history=["融合案例截止时间"])
    assert not result.answerable
    assert result.answer.startswith("通知没有给出公布结果的具体日期")


def test_a_category_named_alone_after_another_question_asks_that_question_of_it() -> None:
    reading = read_in_context("24年体制机制改革那类的呢", ["新服务材料要写哪些要素"])
    assert reading.notices == [MEDIA] and "要素" in reading.question
    assert "要素" not in read_in_context("体制机制改革呢", ["媒体融合有哪几类"]).question


def test_an_ordinal_names_an_element_of_the_category_asked_about() -> None:
    reading = read_in_context("第5个具体是什么", ["融合案例体制机制改革类要写哪些要素"])
    assert "重点环节与制约性问题" in reading.question


def test_another_scope_replaces_the_one_the_previous_question_named() -> None:
    reading = read_in_context("省里呢", ["融合案例中央单位能报几个"])
    assert "中央" not in reading.question and reading.profile.kind is None
    kept = read_in_context("那截止时间呢", ["我们是县级融媒体中心", "示范案例能报几个"])
    assert kept.profile.kind == "county_media_center"  # a turn that names no scope keeps it


def test_a_numbered_category_is_a_category_whatever_was_listed_before() -> None:
    reading = read_in_context("第二类呢", ["24年典型案例 新媒体平台建设要写哪些要素"])
    assert "融合生产传播" in reading.question


def test_asking_for_examples_of_a_category_is_not_a_quota_question() -> None:
    reading = read_in_context("智慧家庭那类呢 举几个服务例子", ["2023年新服务有几类"])
    assert reading.intent is not None and "quota" not in reading.intent.topics


def test_an_ordinal_names_an_item_of_the_list_the_turn_itself_names() -> None:
    reading = read_in_context("保障措施第二条讲了啥", ["指导意见的总体目标要用几年"])
    assert "加强政策扶持" in reading.question


def test_a_correction_asks_the_previous_question_of_what_was_meant() -> None:
    for correction in ("不对 我说的是2023年那个", "不对，是网服"):
        reading = read_in_context(correction, ["24年融合省里总数能报几个"])
        assert reading.notices == [SERVICES]
        assert "几个" in reading.question and "不对" not in reading.question


def test_the_last_one_is_the_last_item_of_the_list() -> None:
    assert read_in_context("最后一个主要干啥的", ["网服四个类别都叫啥"]).focus == "政务商务新服务"


def test_a_bare_question_continues_the_previous_one() -> None:
    reading = read_in_context("24年那个呢", ["23年网服有几个类别", "分别叫啥"])
    assert reading.notices == [MEDIA] and "类别" in reading.question


def test_that_category_is_the_one_the_answer_recommended(assistant: Assistant) -> None:
    result = assistant.ask(
        "那个类别的材料要写哪几块",
        history=["我们在有线电视上开通了少儿英语互动课和4K动画点播专区，孩子可以语音跟读，网服报哪类"],
    )
    assert "“视听消费新体验”类" in result.answer or result.answer.startswith("“视听消费新体验”")
    suggested = assistant.ask(
        "我们在有线电视上开通了少儿英语互动课和4K动画点播专区，孩子可以语音跟读，网服报哪类"
    )
    assert "视听消费新体验" in suggested.answer


def test_results_of_an_earlier_edition_are_a_silence(assistant: Assistant) -> None:
    result = assistant.ask("我们省当年报了几个 最后入选了几个", history=["示范案例省里能报几个"])
    assert not result.answerable and "入选结果" in result.answer


def test_a_turn_asking_when_without_saying_what_asks_it_of_the_previous_subject() -> None:
    reading = read_in_context("那大概什么时候办", ["示范案例的展示评比活动在哪办"])
    assert "展示评比活动" in reading.question and "什么时候" in reading.question


def test_other_aspects_and_how_many_in_all_continues_the_list_question(assistant: Assistant) -> None:
    result = assistant.ask("还有别的方面吗 一共几个方面", history=["扶贫行动里健康扶贫说了啥", "教育扶贫呢"])
    assert result.answerable and "8个方面" in result.answer


def test_an_extension_or_what_happens_beyond_a_limit_is_a_silence(assistant: Assistant) -> None:
    for question, history in (
        ("能不能延期 我们材料还没弄完", ["24年融合案例几号截止"]),
        ("受疫情影响，示范案例截止时间能不能申请延期？", []),
        ("超出的部分会怎么处理", ["138号文每个省最多推荐几个"]),
        ("选县级的话评审会不会加分", ["23年新服务申报表要填什么"]),
    ):
        assert not assistant.ask(question, history=history).answerable, question


def test_whether_one_can_still_apply_now_is_answered_by_the_deadline(assistant: Assistant) -> None:
    result = assistant.ask("现在都2026年了，我们还能补报吗？有没有延期的说法？", history=["融合案例截止时间"])
    assert result.answerable and "已截止" in result.answer


def test_a_notice_named_as_a_yardstick_does_not_switch_the_conversation() -> None:
    reading = read_in_context("那总数呢？也跟网服一样10个？", ["媒融每个省每类能报几个"])
    assert reading.notices == [MEDIA]


def test_is_it_the_same_for_another_notice_asks_the_previous_question_of_it() -> None:
    reading = read_in_context("网服是不是也一样", ["媒融每个省每类能报几个"])
    assert reading.notices == [SERVICES] and "几个" in reading.question


def test_late_submission_is_a_silence_but_the_latest_date_is_not(assistant: Assistant) -> None:
    assert not assistant.ask("要是晚交一个礼拜还收不收", history=["示范案例截止是7月15号吧"]).answerable
    assert assistant.ask("示范案例推荐材料最晚哪天交？").answerable


def test_two_categories_elements_compared_show_what_differs(assistant: Assistant) -> None:
    answer = assistant.ask("媒融的综合信息服务和融合生产传播，材料要素有啥不一样").answer
    assert "与“" in answer and "类相同" in answer


def test_a_central_units_quota_comes_with_its_own_route(assistant: Assistant) -> None:
    result = assistant.ask("那总局直属单位呢？", history=["智慧广电示范案例每个省最多报几个？"])
    assert "不超过2个" in result.answer and "直接向广电总局申报" in result.answer
