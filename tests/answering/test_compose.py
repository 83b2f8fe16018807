"""The answer composer end to end, on a fast index (hash embeddings) and a fixed clock."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from assistant.answering.conversation import Conversation
from assistant.answering.intent import MEASURE
from assistant.knowledge.documents import normalized_text
from assistant.service import Assistant
from assistant.settings import RetrievalSettings, Settings


def assert_cited_verbatim(result_citations: list) -> None:  # type: ignore[type-arg]
    assert result_citations
    for cite in result_citations:
        assert cite.quote in normalized_text(cite.doc), cite


def test_deadline_answer_says_passed_and_cites_the_clause(assistant: Assistant) -> None:
    result = assistant.ask("2023年新服务什么时候截止？")
    assert result.answerable and result.notice == "notice-2023-network-services"
    assert "2023年6月9日" in result.answer and "现已截止" in result.answer
    assert any(c.section == "四、（一）" for c in result.citations)
    assert_cited_verbatim(result.citations)


def test_eligibility_through_the_province_with_verdict(assistant: Assistant) -> None:
    result = assistant.ask("我们是省级广播电视台，2023年新服务能不能直接报总局？")
    assert result.verdict == "conditional"
    assert "省级广播电视行政管理部门" in result.answer and "2023年6月9日，现已截止" in result.answer


def test_multi_part_question_answers_every_part_for_every_candidate(assistant: Assistant) -> None:
    result = assistant.ask("啥时候截止？我们县融能报吗？报哪类？")
    for deadline in ("2020年7月15日", "2023年6月9日", "2024年4月21日"):
        assert deadline in result.answer
    assert "新媒体平台建设" in result.answer and "属于2024年" in result.answer


def test_category_suggestion_inside_a_question(assistant: Assistant) -> None:
    result = assistant.ask(
        "我们在有线电视上开通了4K动画点播专区和少儿互动课，用户可以语音遥控跟读，新服务报哪类？"
    )
    assert "建议申报“视听消费新体验”" in result.answer


def test_a_case_that_fits_no_category_gets_no_recommendation(assistant: Assistant) -> None:
    result = assistant.ask(
        "我们单位今年组织了一次职工篮球比赛，还举办了书法展览和摄影比赛，参加的职工有两百多人，新服务报哪类？"
    )
    assert "没有哪个类别明显契合" in result.answer
    assert "建议申报“" not in result.answer


def test_silent_notice_is_unanswerable_and_points_to_contact(assistant: Assistant) -> None:
    result = assistant.ask("入选智慧广电示范案例的单位能拿到多少资金奖励？")
    assert result.answerable is False
    assert "没有规定" in result.answer and "010-86096742" in result.answer


def test_question_outside_the_documents_is_refused(assistant: Assistant) -> None:
    assert assistant.ask("国家社科基金项目申报书怎么写").answerable is False
    assert assistant.ask("2025年什么时候开始？").answerable is False


def test_per_category_cap_that_the_notice_lacks(assistant: Assistant) -> None:
    result = assistant.ask("示范案例每个类别最多报几个")
    assert result.answerable is False and "总数不超过10个" in result.answer


def test_policy_list_question_is_answered_from_the_structure(assistant: Assistant) -> None:
    result = assistant.ask("智慧广电指导意见里基本原则有哪几条")
    assert result.answerable and "坚持以政治建设为统领" in result.answer
    assert_cited_verbatim(result.citations)


def test_policy_detail_is_answered_from_retrieved_sentences(assistant: Assistant) -> None:
    result = assistant.ask("指导意见里说要推动制播体系从SDI向什么架构演进？")
    assert result.answerable and "IP架构" in result.answer
    assert_cited_verbatim(result.citations)


def test_conversation_carries_notice_and_profile(assistant: Assistant) -> None:
    conversation = Conversation()
    assistant.ask("2024年媒体融合典型案例什么时候截止", conversation=conversation)
    assistant.ask("我们是县级融媒体中心", conversation=conversation)
    result = assistant.ask("那我们能报几个？", conversation=conversation)
    assert result.notice == "notice-2024-media-convergence"
    assert "总数不超过12个" in result.answer and result.verdict == "eligible"


def test_limit_check_against_a_stated_length(assistant: Assistant) -> None:
    result = assistant.ask("我们写的新服务详细材料有5200字，超了吗")
    assert "超过了详细材料5000字" in result.answer


def test_batch_handle_reports_errors_without_raising(assistant: Assistant) -> None:
    assert assistant.handle({"op": "ask", "question": ""})["error"]["code"] == "empty_input"
    assert assistant.handle({"op": "nope"})["error"]["code"] == "bad_op"
    assert (
        assistant.handle({"op": "ask", "question": "截止", "notice": "nope"})["error"]["code"] == "unknown_id"
    )
    assert assistant.handle({"op": "ask", "question": "x" * 70_000})["error"]["code"] == "input_too_long"
    ok = assistant.handle({"op": "search", "query": "新服务的编写体例", "k": 3})
    assert len(ok["hits"]) == 3


def test_stream_yields_text_then_the_final_result(assistant: Assistant) -> None:
    from assistant.contract import AskResult

    parts = list(assistant.ask_stream("新服务什么时候截止"))
    final = parts[-1]
    assert isinstance(final, AskResult)
    assert all(isinstance(p, str) for p in parts[:-1]) and len(parts) > 2
    assert "".join(p for p in parts[:-1] if isinstance(p, str)) == final.answer


def test_the_unit_a_question_opens_with_is_the_applicant(assistant: Assistant) -> None:
    result = assistant.ask("电影频道节目中心报智慧广电示范案例，走省局还是直接报？限几个")
    assert "直接向广电总局申报" in result.answer and "不超过2个" in result.answer
    assert "推荐单位" not in result.answer.splitlines()[0]


def test_a_count_above_the_total_is_not_read_as_a_category_question(assistant: Assistant) -> None:
    result = assistant.ask("我们省新服务想四个类别每类各推4个，一共16个，可以吗")
    assert "总数不超过10个" in result.answer and "共分4个类别" not in result.answer
    assert result.answer.startswith("16个超过了")


def test_a_quote_across_a_repaired_page_break_cites_the_part_found_in_the_original(
    assistant: Assistant,
) -> None:
    from assistant.knowledge.citations import findable

    result = assistant.ask("指导意见说力争用几年时间让智慧广电取得突破性进展")
    assert result.answerable and "3-5年" in result.answer
    assert all(findable(c) for c in result.citations)


def test_a_policy_document_has_no_deadline(assistant: Assistant) -> None:
    result = assistant.ask("扶贫行动的经验做法最晚什么时候报公共服务司")
    assert result.answerable is False and "不是征集通知" in result.answer


def test_a_configured_llm_rewords_through_the_real_client_and_is_checked(tmp_path: Path) -> None:
    """The whole path: Assistant -> answer composer -> ChatOpenAI -> local stub -> verification."""
    from assistant.settings import LLMSettings
    from tests.llm_stub import StubLLMServer

    with StubLLMServer() as stub:
        llm = LLMSettings(provider="openai", base_url=stub.base_url, model="stub", timeout_s=5)
        settings = Settings(
            today=date(2026, 11, 24),
            retrieval=RetrievalSettings(embedding="hash", data_dir=tmp_path),
            llm=llm,
        )
        assistant = Assistant(settings)
        stub.replies.append("新服务征集截止时间为2023年6月9日，现已截止。[S1]")
        good = assistant.ask("新服务什么时候截止")
        stub.replies.append("新服务征集截止时间为2023年6月9日，入选奖金50万元。[S1]")
        invented = assistant.ask("新服务什么时候截止")
    assert good.answer == "新服务征集截止时间为2023年6月9日，现已截止。[1]"
    assert "50万" not in invented.answer and "2023年6月9日" in invented.answer
    assert len(stub.requests) == 2


def test_pasted_text_is_traced_to_its_clause(assistant: Assistant) -> None:
    result = assistant.ask("“一体化资源配置、多媒体内容汇聚……”这句话后面还有哪几个？出自哪里？")
    assert result.answerable and "全流程智能协同" in result.answer
    assert (
        result.citations[0].doc == "opinions-smart-broadcasting"
        and result.citations[0].section == "二、（三）"
    )
    assert "名额" not in result.answer


def test_a_contact_detail_the_notice_lacks_is_not_made_up(assistant: Assistant) -> None:
    result = assistant.ask("李君的电子邮箱是多少？媒体融合案例能发邮件咨询吗？")
    assert result.answerable is False and "没有给出联系邮箱" in result.answer


def test_a_document_without_number_or_date_says_so(assistant: Assistant) -> None:
    result = assistant.ask("智慧广电指导意见是哪天发布的，文号多少")
    assert result.answerable is False and "没有写明文号" in result.answer


def test_a_policy_document_names_its_department(assistant: Assistant) -> None:
    result = assistant.ask("省局问：本省智慧广电专项扶贫行动的经验做法要报总局哪个部门？")
    assert result.answerable and "公共服务司" in result.answer


def test_asking_a_silence_twice_is_still_unanswerable(assistant: Assistant) -> None:
    assert assistant.ask("智慧广电示范案例的申报表有字数限制吗？最多写多少字？").answerable is False


def test_a_category_of_another_notice_is_pointed_out(assistant: Assistant) -> None:
    result = assistant.ask("我们想报智慧家庭新场景，就是媒体融合典型案例那个征集，截止日期是不是4月21日？")
    assert result.answer.startswith("注意：“智慧家庭新场景”是2023年")
    assert "2023年6月9日" in result.answer and "2024年4月21日" in result.answer


def test_a_named_category_lists_its_items_with_the_notices_own_notes(assistant: Assistant) -> None:
    result = assistant.ask("新媒体平台建设类要素2的创新做法包括哪几个方面，必须全写吗")
    assert "（可选择其中一方面或多方面）" in result.answer
    assert "申报平台" not in result.answer  # 平台建设 is the element's subject, not the platform


def test_the_summary_table_order_comes_from_the_form(assistant: Assistant) -> None:
    result = assistant.ask("汇总表里几个案例的先后顺序怎么排？")
    assert "推荐优先级" in result.answer and "名额" not in result.answer


def test_the_asker_is_the_unit_not_the_bureau_it_mentions(assistant: Assistant) -> None:
    result = assistant.ask("总台的融合案例需要经过省局推荐吗")
    assert "本中央单位自行申报" in result.answer


@pytest.mark.parametrize(
    "question",
    [
        "对融合案例推选的公示结果有异议，怎么申请复议？找哪个部门",
        "90号文有没有留传真号？我们想把推荐汇总表传真过去",
        "李君的郵箱是多少？想把材料先發過去請他看看",
        "2022年那届全国智慧广电网络新服务是几号截止的？",
        "新服務結果公示期是幾天？",
        "2024年报融合案例，省局要不要另外出一份推荐函？",
        "專項扶貧行動裏深度貧困縣應急廣播建設，中央每個縣補助多少錢？",
    ],
)
def test_details_the_documents_leave_open_are_not_answered_with_neighbouring_facts(
    assistant: Assistant, question: str
) -> None:
    assert assistant.ask(question).answerable is False


def test_a_part_the_documents_answer_keeps_the_question_answerable(assistant: Assistant) -> None:
    result = assistant.ask("融合案例的联系人是谁？他邮箱多少？")
    assert result.answerable and "010-86093571" in result.answer and "没有给出联系邮箱" in result.answer


def test_a_year_in_passing_is_not_another_edition(assistant: Assistant) -> None:
    result = assistant.ask("通知里写着“征集的截止时间为2024年4月21日”，现在都2026年了，我们还能补报吗？")
    assert result.answerable and "现已截止" in result.answer


def test_an_attachment_the_notice_never_names_is_said_to_be_unregulated(assistant: Assistant) -> None:
    result = assistant.ask("新服务申报要附审计报告吗")
    assert not result.answerable
    assert "没有对“审计报告”作出规定" in result.answer
    mentioned = assistant.ask("新服务要不要交工作总结报告")  # the notice does name this one
    assert mentioned.answerable and "工作总结报告" in mentioned.answer


def test_an_applicant_kind_the_notice_does_not_name_gets_the_list_of_who_may_apply(
    assistant: Assistant,
) -> None:
    result = assistant.ask(
        "我们是某高校的实验室，做了一套有线电视AI推荐系统，可以直接申报2023年全国智慧广电网络新服务吗？"
    )
    assert result.answerable and result.verdict is None  # the project's 有线电视 is not the asker's kind
    assert "没有单独提到“高校”" in result.answer and "有线电视网络公司" in result.answer
    result = assistant.ask("我们是大学新闻学院，能以学校名义报2024年媒体融合典型案例吗？")
    assert result.answerable and "企事业单位" in result.answer


def test_a_place_the_notice_does_not_name_is_still_not_regulated(assistant: Assistant) -> None:
    result = assistant.ask("港澳地区的广电网络机构能报23年的网络新服务吗")
    assert not result.answerable and "没有对“港澳”作出规定" in result.answer


def test_in_whose_name_a_case_is_publicised_is_not_regulated(assistant: Assistant) -> None:
    result = assistant.ask("新服务入选后可以用总局名义对外宣传吗？")
    assert not result.answerable and "“名义”" in result.answer


def test_the_askers_own_past_selection_is_not_another_edition(assistant: Assistant) -> None:
    result = assistant.ask("我们22年入选过的新服务项目 23年改个名字再报行不行")
    assert result.answerable and "不得重复申报" in result.answer and "下一届" not in result.answer


def test_without_a_platform_the_answer_says_where_the_materials_go(assistant: Assistant) -> None:
    result = assistant.ask("示范案例在哪报 要寄纸质的吗")
    assert "没有设立线上申报平台" in result.answer and "sunke@nrtv.gov.cn" in result.answer


def test_technical_support_is_a_contact(assistant: Assistant) -> None:
    assert "86096235" in assistant.ask("新服务平台技术问题打哪个").answer


def test_asked_whether_a_case_must_be_finished_a_notice_without_that_rule_gives_its_requirements(
    assistant: Assistant,
) -> None:
    result = assistant.ask("示范案例是不是必须已经建成投用的项目才能报？")
    assert "没有涉及这一细节" in result.answer and "可复制、可推广" in result.answer
    assert "可复制" not in assistant.ask("示范案例能不能增加名额").answer


def test_a_length_silence_without_any_limit_says_what_the_notice_asks_of_the_materials(
    assistant: Assistant,
) -> None:
    result = assistant.ask("示范案例有字数要求吗")
    assert not result.answerable and "推荐函、汇总表、申报表" in result.answer


def test_who_organises_the_provinces_applications_is_a_channel_question(assistant: Assistant) -> None:
    result = assistant.ask("示范案例以省为单位推荐的总数上限是多少？由哪一级部门组织本辖区申报并汇总？")
    assert "10个" in result.answer and "广电局组织" in result.answer


def test_asked_how_to_apply_to_a_policy_document_the_answer_names_whom_it_reports_to(
    assistant: Assistant,
) -> None:
    result = assistant.ask("智慧广电专项扶贫行动要不要申报 截止日期是哪天")
    assert not result.answerable and "不是征集通知" in result.answer and "公共服务司" in result.answer
    assert result.answer == result.answer.strip()


def test_an_applicant_who_introduces_itself_and_asks_about_a_policy_gets_the_policy(
    assistant: Assistant,
) -> None:
    result = assistant.ask("我们是互联网科技企业，智慧广电指导意见对广电机构和企业合作是怎么说的？")
    assert "不是征集通知" not in result.answer
    assert any(c.doc == "opinions-smart-broadcasting" for c in result.citations)


def test_a_kind_of_applicant_named_in_passing_is_not_asked_about_applying(assistant: Assistant) -> None:
    result = assistant.ask("融合案例的评审专家是从哪些单位抽的，有没有高校的？")
    assert not result.answerable and "没有单独提到" not in result.answer


def test_a_rule_of_the_call_answers_a_question_that_also_names_an_unregulated_subject(
    assistant: Assistant,
) -> None:
    result = assistant.ask("我们的智慧养老项目还在试点，一期工程还没验收，能先报2023年新服务吗？")
    assert result.answerable and "实际完成" in result.answer and "“验收”" not in result.answer


def test_a_notice_without_the_one_category_rule_says_what_it_asks_of_the_forms(assistant: Assistant) -> None:
    result = assistant.ask("融合案例一个案例能不能同时报两个类别？")
    assert not result.answerable and "分类别填写" in result.answer


def test_a_count_a_policy_document_never_gives_is_not_answered_with_another_figure(
    assistant: Assistant,
) -> None:
    assert not assistant.ask("指导意见要求到2025年全国4K超高清频道要达到多少个？").answerable
    assert assistant.ask("扶贫行动一共从几个方面推进？").answerable
    assert assistant.ask("扶贫行动里应急广播村村响要实现哪几个化").answerable  # which, not how many


def test_a_selection_rate_is_a_result_the_calls_do_not_hold(assistant: Assistant) -> None:
    result = assistant.ask("往年融合案例的入选率大概多少")
    assert not result.answerable and "不包含入选结果" in result.answer


def test_the_notices_short_names_include_what_applicants_type(assistant: Assistant) -> None:
    result = assistant.ask("示范案例、网服、融合案例这三个征集的截止日期分别是哪天？")
    assert all(day in result.answer for day in ("2020年7月15日", "2023年6月9日", "2024年4月21日"))


def test_asked_whom_to_send_the_materials_to_the_answer_gives_the_mailbox(assistant: Assistant) -> None:
    result = assistant.ask("示范案例的材料报给谁？")
    assert "科技司" in result.answer and "sunke@nrtv.gov.cn" in result.answer


def test_a_category_asked_how_it_is_delivered_is_not_a_channel_question(assistant: Assistant) -> None:
    result = assistant.ask("智慧家庭新场景通过哪些终端设备来提供服务？")
    assert "机顶盒" in result.answer and "可以申报的单位" not in result.answer


def test_a_scope_the_call_sets_no_quota_for_is_said_to_be_unset(assistant: Assistant) -> None:
    result = assistant.ask("融合案例兵团能报几个")
    assert not result.answerable and "没有单独规定新疆生产建设兵团的名额" in result.answer
    assert "不超过10个" in assistant.ask("兵团能报几个示范案例").answer
    assert "不超过2个" in assistant.ask("示范案例中央单位能报几个").answer  # its 其他单位 include them


def test_when_a_notice_was_issued_is_not_its_deadline(assistant: Assistant) -> None:
    result = assistant.ask("融合案例通知是什么时候发的")
    assert "2024年3月15日" in result.answer and "截止" not in result.answer


def test_how_often_something_is_done_is_a_measure_the_answer_must_give() -> None:
    assert re.search(MEASURE, "扶贫通知要求省级台开的脱贫攻坚专栏每周要播几期？")
    assert re.search(MEASURE, "一年要评审多少次")


def test_english_plurals_read_as_the_terms(assistant: Assistant) -> None:
    result = assistant.ask(
        "How do the quotas for central units differ between the 2023 新服务 and 2024 融合典型案例 calls?"
    )
    assert "不超过5个" in result.answer and "不超过3个" in result.answer


def test_english_questions_about_the_policy_documents(assistant: Assistant) -> None:
    result = assistant.ask(
        "In the smart broadcasting poverty alleviation campaign, which NRTA department should local authorities"
        " report their experience to?"
    )
    assert "公共服务司" in result.answer
    result = assistant.ask("Within how many years does the guiding opinion aim to reach its overall goals?")
    assert "3-5年" in result.answer


def test_english_questions_name_the_unit_and_what_it_receives(assistant: Assistant) -> None:
    result = assistant.ask("How many cases may one province recommend in the 2023 network new services call?")
    assert "总数不超过10个" in result.answer
    result = assistant.ask(
        "Which NRTA department receives the 2020 smart broadcasting demonstration case recommendations,"
        " and by what date?"
    )
    assert "科技司" in result.answer and "2020年7月15日" in result.answer


def test_silences_on_the_platform_opening_and_a_defence_say_what_the_call_does_set(
    assistant: Assistant,
) -> None:
    result = assistant.ask("融合案例平台几号开放填报")
    assert not result.answerable and "2024年4月21日" in result.answer
    result = assistant.ask("66号文有没有现场答辩")
    assert "答辩" in result.answer and "专家" in result.answer


def test_a_year_the_named_call_has_no_edition_of_is_another_edition(assistant: Assistant) -> None:
    result = assistant.ask("2023年的融合典型案例名额多少")
    assert not result.answerable and "其他年度" in result.answer
    assert assistant.ask("2023年新服务名额多少").answerable


def test_a_project_not_yet_in_service_is_asked_about_the_completion_rule(assistant: Assistant) -> None:
    assert "实际完成" in assistant.ask("项目还没落地，能报2023年新服务吗").answer


def test_another_scope_asked_beside_the_askers_own_gets_its_quota(assistant: Assistant) -> None:
    result = assistant.ask("2020示范案例一个省能推荐多少个？我们是总局直属单位，又能报几个")
    assert "总数不超过10个" in result.answer and "其他单位各自总数不超过2个" in result.answer
    assert result.answer.count("注意：这次征集已于") == 0


def test_next_year_in_the_projects_own_plans_is_no_other_edition(assistant: Assistant) -> None:
    result = assistant.ask("我们的社区智慧养老项目还在建设，预计明年才上线，能先拿去报23年新服务吗")
    assert result.answerable and "实际完成" in result.answer and "那一届" not in result.answer
    assert not assistant.ask("明年还有网服征集吗").answerable


def test_a_count_of_the_documents_is_not_what_is_asked(assistant: Assistant) -> None:
    result = assistant.ask("三个征集通知的截止日期分别是哪天")
    assert all(day in result.answer for day in ("2020年7月15日", "2023年6月9日", "2024年4月21日"))


def test_which_notice_has_a_rule_is_answered_by_naming_it_first(assistant: Assistant) -> None:
    result = assistant.ask("三个征集通知里，哪个通知要求现场答辩？")
    first = result.answer.splitlines()[0]
    assert result.answerable and first.startswith("有这方面规定的是2023年全国智慧广电网络新服务征集推选；")
    assert "2020年智慧广电示范案例征集评选" in first.split("；")[1]  # the others, said not to


@pytest.mark.parametrize(
    "question",
    [
        "文旅部智慧旅游典型案例征集的截止时间是哪天？",  # another ministry's call, whatever alias it contains
        "2021年广电总局还组织智慧广电示范案例征集了吗？截止时间是哪天？",  # an edition not in the base
        "扶贫行动要求给每个深度贫困县配备多少套应急广播终端？",  # a figure the document never gives
        "《智慧广电示范案例集（2020年）》最终收录了多少个案例？",  # a result
    ],
)
def test_what_the_documents_do_not_contain_is_not_answered(assistant: Assistant, question: str) -> None:
    assert not assistant.ask(question).answerable


def test_a_ministry_met_in_a_project_is_no_other_call(assistant: Assistant) -> None:
    assert assistant.ask("我们和教育部合作的项目能报吗").answerable


def test_a_policy_list_item_named_is_answered_with_its_title(assistant: Assistant) -> None:
    result = assistant.ask("第四条具体讲什么？", history=["指导意见有几条保障措施？"])
    assert result.answer.startswith("加强队伍建设：") and "人才" in result.answer
