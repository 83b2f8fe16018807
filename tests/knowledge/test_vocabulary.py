import pytest

from assistant.knowledge import vocabulary as aliases
from assistant.knowledge.vocabulary import (
    category_names,
    domain_terms,
    expand_query,
    infer_notices,
    notice_aliases,
    strip_notice_names,
)
from assistant.knowledge.wordlists import vocabulary

SMART = "notice-2020-smart-demo"
SERVICES = "notice-2023-network-services"
MEDIA = "notice-2024-media-convergence"
OPINIONS = "opinions-smart-broadcasting"
POVERTY = "notice-2020-poverty-alleviation"


def test_the_agreed_aliases_are_there() -> None:
    aliases = notice_aliases()
    assert {"示范案例", "138号文", "〔2020〕138"} <= set(aliases[SMART])
    assert {"新服务", "90号文", "90号"} <= set(aliases[SERVICES])
    assert {"融合案例", "媒体融合", "66号文"} <= set(aliases[MEDIA])
    assert vocabulary().term_aliases["县融"] == "县级融媒体中心"
    assert vocabulary().term_aliases["总局"] == "广电总局"


@pytest.mark.parametrize(
    ("question", "first"),
    [
        ("新服务的编写体例是什么", SERVICES),
        ("138号文什么时候截止", SMART),
        ("广电办发[2024]66号分几类", MEDIA),
        ("媒體融合典型案例截止日期幾號", MEDIA),
        ("视听消费新体验类要写什么", SERVICES),
        ("组织管理类指的是什么", SMART),
        ("指导意见对超高清有什么要求", OPINIONS),
        ("专项扶贫行动里的教育扶贫", POVERTY),
    ],
)
def test_infer_notices_names_the_notice_first(question: str, first: str) -> None:
    assert infer_notices(question)[0] == first


def test_a_year_names_every_document_of_that_year_and_nothing_names_none() -> None:
    assert set(infer_notices("2020年的通知有哪些")) == {SMART, POVERTY}
    assert infer_notices("申报材料要盖章吗") == []


def test_a_doc_number_must_not_match_inside_a_longer_number() -> None:
    assert infer_notices("190号") == []
    assert infer_notices("90号") == [SERVICES]


def test_an_alias_outweighs_a_year() -> None:
    assert infer_notices("我们2023年做的项目能报融合案例吗") == [MEDIA, SERVICES]


def test_categories_come_from_the_clause_tree() -> None:
    assert category_names()[SERVICES] == [
        "视听消费新体验",
        "智慧家庭新场景",
        "数字文化新应用",
        "政务商务新服务",
    ]
    assert "新媒体平台建设" in category_names()[MEDIA]


def test_doc_numbers_become_aliases_for_every_call() -> None:
    assert "[2023]90" in notice_aliases()[SERVICES]


def test_expand_query_converts_and_appends_the_documents_wording() -> None:
    assert expand_query("縣融能報嗎").startswith("县融能报吗")
    assert "县级融媒体中心" in expand_query("县融能报吗")
    assert "交互式网络电视(IPTV)" in expand_query("iptv运营商")
    assert expand_query("广电总局的要求") == "广电总局的要求"


def test_strip_notice_names_keeps_the_content_words() -> None:
    assert strip_notice_names("2024融合案例每省总数不超过多少").strip() == "每省总数不超过多少"


def test_domain_terms_are_single_words() -> None:
    terms = domain_terms()
    assert {"县级融媒体中心", "融媒体中心", "交互式网络电视", "视听消费新体验"} <= set(terms)
    assert all(" " not in t and not t[0].isdigit() for t in terms)


def test_unusable_rules_do_not_break_aliases(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.knowledge.rules

    def broken() -> list[object]:
        raise ValueError("half-written rules file")

    monkeypatch.setattr(assistant.knowledge.rules, "all_rules", broken)
    assert aliases._rules_data() == []


@pytest.mark.parametrize(
    "question",
    [
        "广电办发[2024]66号的截止日期",
        "广电办发〔2024〕66号文的截止日期",
        "按广电办发(2024)66号通知，截止日期",
    ],
)
def test_a_whole_document_number_is_stripped_with_its_issuer(question: str) -> None:
    stripped = strip_notice_names(question)
    assert "截止日期" in stripped
    assert not any(part in stripped for part in ("广电办发", "2024", "66", "号"))
