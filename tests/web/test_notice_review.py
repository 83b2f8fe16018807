"""The staff review page: quotes highlighted in the text; the tab builds and acts on the store."""

from __future__ import annotations

from pathlib import Path

import gradio as gr
import pytest

from assistant.knowledge.rules import added_rules
from assistant.service import Assistant
from assistant.settings import RetrievalSettings, Settings
from assistant.web.notice_review import build_notice_review, highlighted_text, review_rows
from tests.notices.conftest import NEXT_EDITION


def test_quotes_are_marked_and_the_chosen_one_stands_out() -> None:
    html = highlighted_text(
        "截止时间为2026年12月20日。<b>", ["2026年12月20日", "截止"], chosen="2026年12月20日"
    )
    assert html.count("<mark") == 2 and "outline" in html
    assert "&lt;b&gt;" in html  # the notice's text is escaped, never markup


def test_the_tab_builds_and_review_actions_reach_the_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    next_edition = tmp_path / "next.txt"
    next_edition.write_text(NEXT_EDITION, encoding="utf-8")
    monkeypatch.setenv("ASSISTANT_HOME", str(tmp_path / "home"))
    from assistant.knowledge.documents import knowledge_changed
    from assistant.settings import get_settings

    get_settings.cache_clear()
    knowledge_changed()
    settings = Settings(
        home=tmp_path / "home", retrieval=RetrievalSettings(embedding="hash", data_dir=tmp_path / "home")
    )
    assistant = Assistant(settings)
    try:
        with gr.Blocks() as demo:
            build_notice_review(assistant)
        assert demo is not None
        added = assistant.notices.add(str(next_edition), notice_id="notice-2026-test")
        entry = assistant.notices.review("notice-2026-test", "deadlines[0]", "correct", "2026-12-25")
        assert entry.state == "corrected"
        assert (
            added_rules(assistant.notices.manager.store, "notice-2026-test").deadline.value.isoformat()
            == "2026-12-25"
        )  # type: ignore[union-attr]
        rows = review_rows(assistant.notices.manager.store.meta("notice-2026-test").review)
        assert len(rows) == len(added.review) and any(row[3] == "已更正" for row in rows)
        assert assistant.notices.approve("notice-2026-test").status == "approved"
    finally:
        get_settings.cache_clear()
        knowledge_changed()
