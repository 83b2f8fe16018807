"""The recorded-reply model that measures curated matching's LLM path (`eval/llm_replay.py`)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.llm.layer import ChoiceFailedError, LLMLayer
from eval.llm_replay import ReplayChatModel, read_replies

OPTIONS = [("2023年网络新服务征集的截止时间是哪天？", "征集截止时间为2023年6月9日。")]


def test_prompts_are_recorded_then_replayed_by_key(tmp_path: Path) -> None:
    recording = ReplayChatModel()
    with pytest.raises(ChoiceFailedError):  # no reply yet: the product decides without the model
        LLMLayer(recording).choose_curated("新服务几号截止", OPTIONS)
    prompts = tmp_path / "prompts.jsonl"
    recording.write_prompts(prompts)
    [recorded] = [json.loads(line) for line in prompts.read_text(encoding="utf-8").splitlines()]
    assert "新服务几号截止" in recorded["user"] and "[A1]" in recorded["user"]
    replies = tmp_path / "replies.jsonl"
    replies.write_text(json.dumps({"key": recorded["key"], "reply": "A1"}) + "\n", encoding="utf-8")
    replaying = ReplayChatModel(replies=read_replies(replies))
    assert LLMLayer(replaying).choose_curated("新服务几号截止", OPTIONS) == 0
    assert replaying.unanswered == 0 and recording.unanswered == 1
