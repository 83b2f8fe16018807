import pytest

from assistant.contract import Citation
from assistant.llm.verify import (
    CANNOT_ANSWER,
    check_answer,
    citation_markers,
    numbers_in,
    unsupported_numbers,
)

SOURCES = [
    Citation(doc="notice-2023-network-services", section="四、（一）", quote="征集截止时间为2023年6月9日。"),
    Citation(
        doc="notice-2023-network-services",
        section="四、（二）",
        quote="各省（自治区、直辖市）每个类别推荐不超过4个，总数不超过10个",
    ),
]


@pytest.mark.parametrize(
    ("text", "figure"),
    [
        ("2023年6月9日", "2023-6-9"),
        ("２０２３年６月９日", "2023-6-9"),
        ("二〇二三年六月九日", "2023-6-9"),
        ("2023-06-09", "2023-6-9"),
        ("2023年6月", "2023-6"),
        ("6月9日", "6-9"),
        ("六月九日", "6-9"),
        ("50万元", "500000"),
        ("五十万元", "500000"),
        ("0.5万", "5000"),
        ("50%", "50%"),
        ("５０％", "50%"),
        ("百分之五十", "50%"),
        ("1,000个", "1000"),
        ("1.50倍", "1.5"),
        ("两个", "2"),
        ("不超过4个", "4"),
    ],
)
def test_one_figure_however_written(text, figure):
    assert numbers_in(text) == {figure}


@pytest.mark.parametrize("text", ["第三，三是统一标准", "十四五规划", "一个案例", "[S1]【S2】", "数字化"])
def test_words_and_markers_are_not_figures(text):
    assert numbers_in(text) == set()


def test_decimal_point_of_a_list_number_before_a_year_is_not_a_decimal():
    assert numbers_in("附件：1.2023年申报表") == {"1", "2023"}


def test_date_in_evidence_supports_its_parts():
    evidence = "征集截止时间为2023年6月9日，推荐不超过50%"
    assert unsupported_numbers("6月9日前，2023年，9日，50%，50", evidence) == set()
    assert unsupported_numbers("6月10日前", evidence) == {"6-10"}


def test_markers_in_any_bracket_style():
    assert citation_markers("截止[S1]，不超过4个【S2】，见[S1, S2]") == [1, 2, 1, 2]


def test_faithful_cited_answer_has_no_problems():
    answer = "征集截止时间是2023年6月9日[S1]；各省每个类别最多推荐4个，总数最多10个[S2]。"
    assert check_answer(answer, SOURCES) == []


def test_invented_amount_is_a_problem():
    problems = check_answer("截止2023年6月9日[S1]，入选奖金50万元[S2]。", SOURCES)
    assert len(problems) == 1 and "500000" in problems[0]


def test_citing_an_unsupplied_source_is_a_problem():
    problems = check_answer("截止时间是2023年6月9日[S9]。", SOURCES)
    assert problems == ["引用了不存在的来源：[S9]"]


def test_uncited_answer_is_a_problem():
    assert check_answer("截止时间是2023年6月9日。", SOURCES) == ["没有标注来源"]


def test_allowed_extra_supports_figures_of_the_deterministic_answer():
    answer = "距截止已过去1265天[S1]。"
    assert check_answer(answer, SOURCES) != []
    assert check_answer(answer, SOURCES, allowed_extra="截止日期已过（已过去1265天）") == []


def test_empty_output_is_a_problem():
    assert check_answer("  \n", SOURCES) == ["输出为空"]


def test_cannot_answer_sentinel_is_accepted():
    assert check_answer(f"{CANNOT_ANSWER}。", SOURCES) == []
    assert check_answer(f"{CANNOT_ANSWER}，但奖金是50万元", SOURCES) != []
