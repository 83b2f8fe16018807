"""The staff desk through the `Assistant` facade: curated answers served in `ask`, the question log,
feedback, retention, the review queue and batch answering (hash embeddings, SQLite)."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.language_models.fake_chat_models import FakeListChatModel

from assistant.answering.conversation import Conversation
from assistant.contract import AskResult
from assistant.llm.layer import LLMLayer
from assistant.service import Assistant
from assistant.staff.batch import answer_all, questions_from_file, write_answers
from assistant.staff.files import read_rows
from assistant.staff.judge import JudgeMissingError, judge_path
from assistant.staff.log import LogEntry
from tests.staff.conftest import staff_settings

# for the hash embedding's judge, whose probabilities run lower in a two-answer store (the real
# model's settings are the defaults)
FLOORS = {
    "curated_serve_probability": 0.8,
    "related_dense_floor": 0.75,
    "related_bm25_floor": 0.5,
}
NEAR_COPY = 0.9
"""A dense similarity at which the words alone look like the same question."""
PARAPHRASE = "2023年智慧广电网络新服务征集的截止时间是哪一天？"


@pytest.fixture
def assistant(tmp_path: Path, curated_file: Path) -> Iterator[Assistant]:
    assistant = Assistant(staff_settings(tmp_path / "home", **FLOORS))
    assert assistant.faq_import(curated_file).imported == 2
    yield assistant
    assistant.staff.close()


def entries(assistant: Assistant) -> list[LogEntry]:
    assert assistant.staff.log is not None
    assistant.staff.log.flush()
    return assistant.staff.log.entries()


def test_a_paraphrase_gets_the_curated_answer_verbatim_and_labelled(assistant: Assistant) -> None:
    result = assistant.ask(PARAPHRASE)
    curated = assistant.staff.curated.all()[0]
    assert result.faq_id == curated.id
    assert result.answer.startswith(curated.answer)
    assert "工作人员审核答复" in result.answer and "审核】" in result.answer
    assert result.citations == curated.citations
    dumped = result.model_dump(mode="json")
    assert dumped["faq_id"] == curated.id and "related" not in dumped
    assert assistant.staff.curated.get(curated.id).hit_count == 1


def test_an_ordinary_answer_has_no_faq_id_key(assistant: Assistant) -> None:
    dumped = assistant.ask("今天天气怎么样").model_dump(mode="json", exclude_none=False)
    assert "faq_id" not in dumped and "related" not in dumped
    assert set(dumped) == {"answer", "citations", "notice", "answerable", "verdict"}


def test_another_year_never_gets_the_curated_answer(assistant: Assistant) -> None:
    question = "2022年全国智慧广电网络新服务征集的截止时间是哪天？"
    best = assistant.staff.matcher().scores(question)[0]
    assert best.dense >= NEAR_COPY
    assert assistant.ask(question).faq_id is None


def test_a_question_scoped_to_another_notice_does_not_match(assistant: Assistant) -> None:
    assert assistant.ask(PARAPHRASE, notice="notice-2024-media-convergence").faq_id is None


def test_a_paraphrase_with_other_words_is_served_when_its_slots_agree(assistant: Assistant) -> None:
    question = "2024年全国广播电视媒体融合典型案例征集的截止时间是几号？"
    best = assistant.staff.matcher().scores(question)[0]
    assert best.dense < NEAR_COPY  # not a near copy of the curated wording
    result = assistant.ask(question)
    assert result.faq_id is not None and "2024年4月21日" in result.answer


def test_an_ambiguous_question_shows_the_curated_answer_as_related(assistant: Assistant) -> None:
    result = assistant.ask("全国广播电视媒体融合典型案例和网络新服务征集的截止时间是哪天？")
    assert result.faq_id is None  # two notices named: no single curated answer covers it
    assert result.related is not None


def test_the_selected_notice_settles_a_question_that_names_none(assistant: Assistant) -> None:
    question = "征集的截止时间是哪天？"
    assert assistant.ask(question).faq_id is None  # either notice's answer fits: not served
    served = assistant.ask(question, notice="notice-2024-media-convergence")
    assert served.faq_id is not None and "2024年4月21日" in served.answer


def with_llm(assistant: Assistant, model: BaseChatModel) -> Assistant:
    assistant.__dict__["llm"] = LLMLayer(model)
    return assistant


def test_with_an_llm_its_choice_replaces_the_probability_floor(tmp_path: Path, curated_file: Path) -> None:
    unreachable = Assistant(staff_settings(tmp_path / "home", **{**FLOORS, "curated_serve_probability": 1.0}))
    unreachable.faq_import(curated_file)
    assert unreachable.ask(PARAPHRASE).faq_id is None  # the judge alone never serves at 1.0
    chosen = with_llm(unreachable, FakeListChatModel(responses=["A1"])).ask(PARAPHRASE)
    assert chosen.faq_id == unreachable.staff.curated.all()[0].id
    unreachable.staff.close()


def test_an_llm_that_finds_no_answer_fitting_vetoes_the_judge(assistant: Assistant) -> None:
    assert with_llm(assistant, FakeListChatModel(responses=["无"])).ask(PARAPHRASE).faq_id is None


def test_an_llm_is_never_shown_an_answer_a_guard_rules_out(assistant: Assistant) -> None:
    eager = with_llm(assistant, FakeListChatModel(responses=["A1"]))
    assert eager.ask("2022年全国智慧广电网络新服务征集的截止时间是哪天？").faq_id is None


def test_when_the_llm_fails_the_judge_decides(assistant: Assistant) -> None:
    failing = with_llm(assistant, FakeListChatModel(responses=["A1 还是 A2"]))
    assert failing.ask(PARAPHRASE).faq_id == assistant.staff.curated.all()[0].id


def test_staff_can_run_a_judge_of_their_own(tmp_path: Path, curated_file: Path) -> None:
    own = tmp_path / "judge.txt"
    shutil.copy(judge_path("hash"), own)
    assistant = Assistant(staff_settings(tmp_path / "home", **FLOORS, judge_file=own))
    assistant.faq_import(curated_file)
    assert assistant.ask(PARAPHRASE).faq_id == assistant.staff.curated.all()[0].id
    assistant.staff.close()
    missing = Assistant(staff_settings(tmp_path / "other", **FLOORS, judge_file=tmp_path / "none.txt"))
    assert missing.ask(PARAPHRASE).answer  # no curated answers yet: nothing needs the judge
    missing.faq_import(curated_file)
    with pytest.raises(JudgeMissingError, match=r"none\.txt"):
        missing.ask(PARAPHRASE)
    missing.staff.close()


def test_retired_and_expired_answers_are_not_served(assistant: Assistant) -> None:
    curated = assistant.staff.curated.all()[0]
    assistant.staff.curated.set_status(curated.id, "retired")
    assert assistant.ask(PARAPHRASE).faq_id is None
    assistant.staff.curated.save(
        curated.model_copy(
            update={"status": "approved", "valid_until": assistant.today() - timedelta(days=1)}
        )
    )
    assert assistant.ask(PARAPHRASE).faq_id is None


def test_curated_answers_stream_and_enter_the_conversation(assistant: Assistant) -> None:
    conversation = Conversation()
    parts = list(assistant.ask_stream(PARAPHRASE, conversation=conversation, log_id="turn-1"))
    final = parts[-1]
    assert isinstance(final, AskResult) and final.faq_id
    assert "".join(p for p in parts if isinstance(p, str)) == final.answer
    assert conversation.turns[-1].question == PARAPHRASE
    assert conversation.notice == "notice-2023-network-services"
    logged = {e.id: e for e in entries(assistant)}
    assert logged["turn-1"].kind == "curated" and logged["turn-1"].faq_id == final.faq_id


def test_the_log_records_kind_history_and_feedback(assistant: Assistant) -> None:
    conversation = Conversation()
    list(assistant.ask_stream("2023年网络新服务每个省可以推荐几个？", conversation=conversation, log_id="a"))
    list(assistant.ask_stream("一等奖奖金是多少？", conversation=conversation, log_id="b"))
    assistant.feedback("a", "up")
    assistant.feedback("b", "down", "答非所问")
    logged = {e.id: e for e in entries(assistant)}
    assert logged["a"].kind == "rules" and logged["a"].history_len == 0 and logged["a"].feedback == "up"
    assert logged["b"].kind == "not_covered" and logged["b"].history_len == 1
    assert (logged["b"].feedback, logged["b"].feedback_reason) == ("down", "答非所问")
    assert logged["a"].latency_ms > 0


def test_the_logged_top_score_is_that_of_the_answers_own_search(
    assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = assistant.index
    searched = index.search
    tops: list[float] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        passages = searched(*args, **kwargs)
        tops.append(passages[0].score if passages else 0.0)
        return passages

    monkeypatch.setattr(index, "search", spy)
    assistant.ask("申报材料里的数据要注意什么？", log_id="t")
    text_searches = len(tops)
    assistant.ask("2023年网络新服务每个省可以推荐几个？", log_id="r")
    logged = {e.id: e for e in entries(assistant)}  # waits for the log writer
    assert text_searches > 0 and logged["t"].top_score == max(tops[:text_searches])
    assert len(tops) == text_searches, "neither the rules answer nor the log writer searched"
    assert logged["r"].top_score is None


def test_logging_can_be_switched_off(tmp_path: Path) -> None:
    assistant = Assistant(staff_settings(tmp_path, log_questions=False))
    assistant.ask("申报截止时间是什么时候？")
    assert assistant.staff.log is None


def test_retention_deletes_old_entries(assistant: Assistant) -> None:
    assistant.ask("2023年网络新服务每个省可以推荐几个？")
    log = assistant.staff.log
    assert log is not None
    log.flush()
    assert log.purge(now=datetime.now(UTC) + timedelta(days=179)) == 0
    assert log.purge(now=datetime.now(UTC) + timedelta(days=181)) == 1
    assert log.entries() == []


def test_review_queue_groups_similar_failures_and_promotes_a_draft(assistant: Assistant) -> None:
    for question in [
        "一等奖奖金是多少？",
        "一等奖的奖金是多少？",
        "一等奖奖金是多少？",
        "获奖名单什么时候公布？",
    ]:
        assistant.ask(question)
    logged = entries(assistant)
    assistant.feedback(logged[-1].id, "down", "不准确")
    assert assistant.staff.log is not None
    assistant.staff.log.flush()
    groups = assistant.staff.review_queue()
    assert groups[0].question == "一等奖奖金是多少？" and groups[0].count == 3
    assert sum(g.count for g in groups) == 4
    promotion = assistant.staff.promote(groups[0], author="张")
    draft = promotion.draft
    assert draft.status == "draft" and draft.variants == ["一等奖的奖金是多少？"]
    generated = {e.answer for e in logged if e.id in groups[0].entry_ids}
    assert draft.answer and draft.answer in generated  # prefilled with the generated answer
    assert promotion.near_duplicates == []


def test_a_near_duplicate_draft_is_flagged(assistant: Assistant) -> None:
    from assistant.staff.curated import CuratedAnswer

    draft = CuratedAnswer(question=PARAPHRASE, answer="6月9日", notice="notice-2023-network-services")
    duplicates = assistant.staff.near_duplicates(draft)
    assert [d.question for d in duplicates] == ["2023年全国智慧广电网络新服务征集的截止时间是哪天？"]


def test_batch_answers_a_file_into_an_xlsx(assistant: Assistant, tmp_path: Path) -> None:
    source = tmp_path / "questions.txt"
    source.write_text(f"{PARAPHRASE}\n\n一等奖奖金是多少？\n", encoding="utf-8")
    rows = answer_all(questions_from_file(source), assistant.ask)
    out = write_answers(rows, tmp_path / "answers.xlsx")
    table = read_rows(out)
    assert [r["问题"] for r in table] == [PARAPHRASE, "一等奖奖金是多少？"]
    assert table[0]["审核答复编号"] and "notice-2023-network-services" in table[0]["来源"]
    assert table[1]["能否回答"] == "否"


def test_cli_faq_import_and_export_keep_the_contract(
    tmp_path: Path, curated_file: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from assistant.cli import main
    from assistant.settings import get_settings

    get_settings.cache_clear()
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "cli-home"))
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__EMBEDDING", "hash")
    assert main(["faq", "import", str(curated_file), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"imported": 2, "errors": []}
    out = tmp_path / "export.xlsx"
    assert main(["faq", "export", "--out", str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"exported": 2, "file": str(out)}
    assert main(["faq", "import", str(tmp_path / "missing.csv"), "--json"]) == 2
    assert "error" in json.loads(capsys.readouterr().out)
    get_settings.cache_clear()
