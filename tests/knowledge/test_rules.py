"""The hand-checked rules data: it validates, every quote is verbatim in its clause, key facts hold."""

from __future__ import annotations

from datetime import date

import pytest
import yaml

from assistant.contract import Citation
from assistant.errors import UnknownDocumentError
from assistant.knowledge.clauses import section_of
from assistant.knowledge.documents import registry
from assistant.knowledge.rules import RULES_DIR, NoticeRules, call_rules, load_rules, verify_sources

DOC_IDS = list(registry())
SMART_DEMO = "notice-2020-smart-demo"
NETWORK = "notice-2023-network-services"
CONVERGENCE = "notice-2024-media-convergence"
OPINIONS = "opinions-smart-broadcasting"
POVERTY = "notice-2020-poverty-alleviation"


def test_every_document_has_a_rules_file() -> None:
    assert sorted(p.stem for p in RULES_DIR.glob("*.yaml")) == sorted(DOC_IDS)


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_rules_file_validates_and_names_its_document(doc_id: str) -> None:
    data = yaml.safe_load((RULES_DIR / f"{doc_id}.yaml").read_text(encoding="utf-8"))
    rules = NoticeRules.model_validate(data)
    assert rules.id == doc_id
    assert rules.kind == registry()[doc_id].kind


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_every_source_quote_is_verbatim_in_its_clause(doc_id: str) -> None:
    assert verify_sources(load_rules(doc_id)) == []


def test_verify_sources_reports_a_quote_that_is_not_verbatim() -> None:
    rules = load_rules(NETWORK)
    assert rules.deadline is not None
    forged = Citation(doc=NETWORK, section="四、（一）", quote="征集截止时间为2023年6月19日。")
    broken = rules.model_copy(update={"deadline": rules.deadline.model_copy(update={"source": forged})})
    problems = verify_sources(broken)
    assert len(problems) == 1 and "not verbatim" in problems[0]


def test_verify_sources_reports_a_quote_in_the_wrong_section() -> None:
    rules = load_rules(NETWORK)
    assert rules.deadline is not None
    misplaced = rules.deadline.source.model_copy(update={"section": "四、（二）"})
    broken = rules.model_copy(update={"deadline": rules.deadline.model_copy(update={"source": misplaced})})
    assert any("not in section" in p for p in verify_sources(broken))


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_category_definitions_are_their_own_quotes(doc_id: str) -> None:
    for category in load_rules(doc_id).categories:
        assert category.definition == category.source.quote
        assert section_of(doc_id, category.definition) == category.source.section


def test_unknown_document_raises() -> None:
    with pytest.raises(UnknownDocumentError):
        load_rules("nope")


@pytest.mark.parametrize(
    ("doc_id", "deadline", "issued", "doc_number"),
    [
        (SMART_DEMO, date(2020, 7, 15), date(2020, 6, 8), "广电办发〔2020〕138号"),
        (NETWORK, date(2023, 6, 9), date(2023, 4, 6), "广电办发[2023]90号"),
        (CONVERGENCE, date(2024, 4, 21), date(2024, 3, 15), "广电办发[2024]66号"),
    ],
)
def test_call_dates_and_numbers(doc_id: str, deadline: date, issued: date, doc_number: str) -> None:
    rules = load_rules(doc_id)
    assert rules.kind == "call"
    assert rules.deadline is not None and rules.deadline.value == deadline
    assert rules.issued is not None and rules.issued.value == issued
    assert rules.doc_number is not None and rules.doc_number.value == doc_number


@pytest.mark.parametrize(
    ("doc_id", "names"),
    [
        (SMART_DEMO, ["组织管理类", "生产制播类", "传播分发类", "运行监管类", "生态建设类"]),
        (NETWORK, ["视听消费新体验", "智慧家庭新场景", "数字文化新应用", "政务商务新服务"]),
        (CONVERGENCE, ["新媒体平台建设", "融合生产传播", "综合信息服务", "体制机制改革"]),
    ],
)
def test_category_names_in_notice_order(doc_id: str, names: list[str]) -> None:
    categories = load_rules(doc_id).categories
    assert [c.name for c in categories] == names
    assert all(6 <= len(c.cues) <= 45 for c in categories)


def quota_table(doc_id: str) -> dict[str, tuple[int | None, int | None]]:
    return {q.scope: (q.per_category, q.total) for q in load_rules(doc_id).quotas}


def test_quotas() -> None:
    assert quota_table(SMART_DEMO) == {
        "province": (None, 10),
        "bingtuan": (None, 10),
        "other_unit": (None, 2),
    }
    assert quota_table(NETWORK) == {"province": (4, 10), "central_unit": (2, 5)}
    assert quota_table(CONVERGENCE) == {"province": (4, 12), "central_unit": (1, 3)}


def test_length_limits() -> None:
    network = load_rules(NETWORK)
    summary = network.limit("summary")
    assert summary is not None and (summary.max_chars, summary.label) == (500, "简介")
    detailed = network.limit("detailed_material")
    assert detailed is not None and (detailed.max_chars, detailed.label) == (5000, "详细材料")
    convergence = load_rules(CONVERGENCE)
    assert convergence.limit("summary") is None and convergence.is_silent_on("summary_limit")
    material = convergence.limit("detailed_material")
    assert material is not None and (material.max_chars, material.label) == (5000, "申报材料")
    smart_demo = load_rules(SMART_DEMO)
    assert smart_demo.length_limits == []
    assert {"element_structure", "summary_limit", "detailed_material_limit", "per_category_quota"} <= set(
        smart_demo.silent_on
    )


@pytest.mark.parametrize("doc_id", [NETWORK, CONVERGENCE])
def test_element_headings_are_unambiguous(doc_id: str) -> None:
    """No heading (name or alias) may point at two elements of one list, nor sit inside another's name."""
    rules = load_rules(doc_id)
    for category in rules.categories:
        elements = rules.elements_for(category.name)
        for element in elements:
            assert element.name in element.source.quote
            others = [e for e in elements if e is not element]
            for heading in element.aliases:
                assert all(heading not in other.name and heading not in other.aliases for other in others)


def test_2023_has_one_common_list_of_six_elements() -> None:
    rules = load_rules(NETWORK)
    assert [e.name for e in rules.elements] == [
        "基本情况",
        "创新做法与实践",
        "创新工作中遇到的问题及破解办法",
        "形成的新模式、新业态、新应用及取得的成效",
        "可提炼的经验、启示或解决方案",
        "下一步发展计划",
    ]
    assert all(not c.elements for c in rules.categories)
    assert rules.elements_for("智慧家庭新场景") == rules.elements


def test_2024_has_six_elements_per_category_worded_as_the_notice() -> None:
    rules = load_rules(CONVERGENCE)
    for category in rules.categories:
        assert len(category.elements) == 6
        for number, element in enumerate(category.elements, start=1):
            assert element.source.quote.startswith(f"{number}.{element.name}")
    assert rules.elements == []
    assert rules.elements_for("体制机制改革")[4].name == "改革工作中的重点环节与制约性问题，以及突破创新"
    assert rules.elements_for("新媒体平台建设")[0].name == "自有平台或账号的总体情况"


@pytest.mark.parametrize("doc_id", DOC_IDS)
def test_silent_topics_agree_with_the_data(doc_id: str) -> None:
    rules = load_rules(doc_id)
    silent = set(rules.silent_on)
    assert ("summary_limit" in silent) == (rules.limit("summary") is None)
    assert ("detailed_material_limit" in silent) == (rules.limit("detailed_material") is None)
    assert ("platform" in silent) == (rules.platform is None)
    assert ("platform_opening" in silent) == (rules.platform is None or rules.platform.opens is None)
    assert ("application_form_fields" in silent) == (rules.form_fields == [])
    assert ("department" in silent) == (rules.department is None)
    has_elements = bool(rules.elements) or any(c.elements for c in rules.categories)
    assert ("element_structure" in silent) != has_elements
    has_per_category = any(q.per_category is not None for q in rules.quotas)
    assert ("per_category_quota" in silent) != has_per_category


def test_eligible_applicants_and_channels() -> None:
    def channels(doc_id: str) -> dict[str, set[str]]:
        found: dict[str, set[str]] = {}
        for entry in load_rules(doc_id).eligible_applicants:
            for kind in entry.kinds:
                found.setdefault(kind, set()).add(entry.channel)
        return found

    smart_demo = channels(SMART_DEMO)
    assert smart_demo["radio_tv_station"] == {"provincial_bureau"}
    assert smart_demo["central_unit"] == {"direct_nrta"}
    assert smart_demo["other_unit"] == {"direct_nrta"}
    network = channels(NETWORK)
    for kind in ("cable_operator", "iptv_broadcast_control", "iptv_transmission", "internet_tv_operator"):
        assert network[kind] == {"provincial_bureau"}
    assert network["central_unit"] == {"central_unit_self"}
    assert "radio_tv_station" not in network
    convergence = channels(CONVERGENCE)
    for kind in ("radio_tv_station", "county_media_center", "tech_company"):
        assert convergence[kind] == {"provincial_bureau"}
    assert convergence["central_unit"] == {"central_unit_self"}


def test_special_rules_only_where_the_notice_states_them() -> None:
    def codes(doc_id: str) -> set[str]:
        return {r.code for r in load_rules(doc_id).special_rules}

    assert codes(NETWORK) == {
        "one_category_per_case",
        "no_repeat_of_previous_winner",
        "completed_only",
        "no_process_documents",
        "quota_bonus_for_good_recommenders",
        "results_published",
    }
    assert codes(CONVERGENCE) == {"results_published", "publicity_consent"}
    assert codes(SMART_DEMO) == {"results_published"}
    one_category = load_rules(NETWORK).special("one_category_per_case")
    assert one_category is not None and one_category.source.section == "一、（四）"


def test_platform_and_contacts() -> None:
    network = load_rules(NETWORK)
    assert network.platform is not None
    assert (network.platform.url, network.platform.opens) == ("rh.pingshen.nrta.gov.cn", date(2023, 4, 25))
    phones = {p for c in network.contacts for p in c.phones}
    assert phones == {"010-86096975", "010-86096235", "17801579644"}
    assert network.contacts[0].names == ["王策"]
    assert network.department is not None and network.department.value == "媒体融合发展司"
    convergence = load_rules(CONVERGENCE)
    assert [(c.names, c.phones) for c in convergence.contacts] == [(["李君"], ["010-86093571"])]
    smart_demo = load_rules(SMART_DEMO)
    assert smart_demo.platform is None
    assert {n for c in smart_demo.contacts for n in c.names} == {"关丽霞", "孙可"}
    assert {c.email for c in smart_demo.contacts} - {None} == {"sunke@nrtv.gov.cn"}
    assert {c.fax for c in smart_demo.contacts} - {None} == {"010-68016436"}
    assert {c.postcode for c in smart_demo.contacts} - {None} == {"100866"}
    assert smart_demo.published is not None and smart_demo.published.value == date(2020, 6, 16)
    assert smart_demo.department is not None and smart_demo.department.value == "科技司"


def test_procedure_stages() -> None:
    assert [s.name for s in load_rules(SMART_DEMO).procedure] == [
        "推荐申报",
        "材料初审",
        "展示评比",
        "结果公示",
    ]
    assert [r.name for r in load_rules(NETWORK).requirements][:4] == ["政治性", "创新性", "实效性", "典型性"]
    assert [r.name for r in load_rules(CONVERGENCE).requirements][:4] == [
        "政治性",
        "创新性",
        "实效性",
        "典型性",
    ]
    assert len(load_rules(NETWORK).form_fields) == 10


def test_only_the_three_notices_are_calls() -> None:
    assert [r.id for r in call_rules()] == [SMART_DEMO, NETWORK, CONVERGENCE]


def test_guiding_opinions_structure() -> None:
    rules = load_rules(OPINIONS)
    assert rules.kind == "policy" and rules.policy is not None
    policy = rules.policy
    assert [p.title for p in policy.principles] == [
        "坚持以政治建设为统领",
        "坚持创新驱动发展战略",
        "坚持从实际出发的要求",
        "坚持规范有序的发展理念",
    ]
    assert len(policy.goals) == 4 and "3-5年" in policy.goals[0].source.quote
    assert [t.title for t in policy.tasks] == [
        "深化智慧广电发展理念",
        "加快智慧广电内容生产体系建设",
        "加快智慧广电节目制播体系建设",
        "加快智慧广电传播体系建设",
        "加快智慧广电安全与监管体系建设",
        "加快智慧广电科技创新体系建设",
        "加快智慧广电生态体系建设",
    ]
    assert [len(t.items) for t in policy.tasks] == [5, 4, 3, 4, 4, 3, 4]
    assert [t.source.section for t in policy.tasks] == [f"二、（{n}）" for n in "一二三四五六七"]
    ip_item = policy.tasks[2].items[1]
    assert ip_item.title == "加快推进IP化融合演进" and "SDI" in ip_item.source.quote
    assert [m.title for m in policy.measures] == [
        "加强组织领导",
        "加强政策扶持",
        "加强规划指导",
        "加强队伍建设",
        "加强示范引导",
    ]
    assert rules.deadline is None and rules.quotas == [] and rules.categories == []


def test_poverty_notice_has_eight_aspects_and_no_deadline_or_quota() -> None:
    rules = load_rules(POVERTY)
    assert rules.kind == "policy" and rules.year == 2020 and rules.policy is not None
    aspects = rules.policy.aspects
    assert [a.source.section for a in aspects] == [f"{n}、" for n in "一二三四五六七八"]
    assert aspects[0].title == "奏响脱贫攻坚新时代强音"
    assert aspects[4].title == "提供智慧广电健康扶贫" and "远程手术" in aspects[4].source.quote
    assert aspects[7].title == "加强统筹协调和组织指导"
    assert rules.deadline is None and rules.quotas == [] and rules.eligible_applicants == []
    assert rules.department is not None and rules.department.value == "公共服务司"
