"""The app's named API endpoints, called the way a script would: through gradio_client."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

from assistant.knowledge.documents import normalized_text
from assistant.knowledge.rules import load_rules
from tests.app_fixtures import RunningApp

pytestmark = pytest.mark.slow

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # gradio_client reaches for the Hub otherwise


@pytest.fixture(scope="module")
def client(running_app: RunningApp) -> Iterator[Any]:
    from gradio_client import Client

    yield Client(running_app.url, verbose=False, analytics_enabled=False, download_files=False)


def test_the_endpoints_are_named(client: Any) -> None:
    named = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/ask", "/classify", "/critique", "/draft"} <= named
    assert not any(name.startswith("/respond") or name.startswith("/lambda") for name in named)


def test_ask_returns_an_answer_with_verbatim_citations(client: Any) -> None:
    result = client.predict("2024年媒体融合典型案例的申报截止时间是什么时候？", None, api_name="/ask")
    assert set(result) >= {"answer", "citations", "notice", "answerable", "verdict"}
    assert "2024年4月21日" in result["answer"]
    assert result["notice"] == "notice-2024-media-convergence"
    assert result["citations"]
    for cite in result["citations"]:
        assert cite["quote"] in normalized_text(cite["doc"])


def test_classify_ranks_the_notice_categories(client: Any) -> None:
    description = "依托广电网络和机顶盒，为居家老人提供一键呼叫、远程问诊和家庭安防服务，覆盖3万户家庭。"
    result = client.predict(description, "notice-2023-network-services", api_name="/classify")
    names = [c.name for c in load_rules("notice-2023-network-services").categories]
    assert result["category"] == "智慧家庭新场景"
    assert {r["category"] for r in result["ranking"]} <= set(names)


def test_critique_lists_the_required_elements(client: Any) -> None:
    text = "一、基本情况\n我台于2022年建成融媒体平台，服务用户120万。\n二、下一步发展计划\n继续扩大覆盖。"
    result = client.predict(text, "notice-2023-network-services", None, api_name="/critique")
    elements = {e["name"]: e["present"] for e in result["elements"]}
    assert elements["基本情况"] is True
    assert elements["创新做法与实践"] is False
    assert any(d["code"] == "missing_element" for d in result["defects"])


def test_bad_input_comes_back_as_a_readable_error(client: Any) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="未知的文档编号"):
        client.predict("截止时间？", "no-such-notice", api_name="/ask")
    with pytest.raises(AppError, match="不能为空"):
        client.predict("   ", None, api_name="/ask")
