"""The knowledge is data: another knowledge directory, or one more notice in it, needs no code."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "knowledge"
PROJECT = Path(__file__).resolve().parents[2]

NEXT_CALL = """示例广电局关于开展2027年示例绿色广电案例征集工作的通知
示广发〔2027〕3号
各有关单位：
现开展2027年示例绿色广电案例征集工作。有关事项通知如下：
一、征集类别
（一）节能机房。聚焦机房节能改造。
二、报送方式
请于2027年3月15日前将材料报送至示例广电局规划处。
联系人：李四，电话：010-87654321。
特此通知。
示例广电局
2027年1月10日
"""

NEXT_RULES = """id: green-call-2027
kind: call
year: 2027
aliases: [绿色广电案例]
title:
  value: 示例广电局关于开展2027年示例绿色广电案例征集工作的通知
  source: {doc: green-call-2027, section: 前言, quote: 示例广电局关于开展2027年示例绿色广电案例征集工作的通知}
deadline:
  value: 2027-03-15
  source: {doc: green-call-2027, section: 二、, quote: 请于2027年3月15日前将材料报送至示例广电局规划处。}
categories:
  - name: 节能机房
    definition: 聚焦机房节能改造。
    source: {doc: green-call-2027, section: 一、（一）, quote: 聚焦机房节能改造。}
"""

NEXT_ENTRY = """  - id: green-call-2027
    kind: call
    title: 示例广电局关于开展2027年示例绿色广电案例征集工作的通知（示广发〔2027〕3号）
    short_name: 2027年示例绿色广电案例征集
    source: green-call.txt
"""


def _run(knowledge: Path, home: Path, *args: str) -> dict[str, Any]:
    env = {
        **os.environ,
        "ASSISTANT_KNOWLEDGE_DIR": str(knowledge),
        "ASSISTANT_HOME": str(home),
        "ASSISTANT_RETRIEVAL__EMBEDDING": "hash",
    }
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--json"],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    result: dict[str, Any] = json.loads(done.stdout)
    return result


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    """The one-notice fixture with the project's shared vocabulary (word lists, not notice facts)."""
    target = tmp_path / "knowledge"
    shutil.copytree(FIXTURE, target)
    for shared in ("vocabulary.yaml", "review.yaml"):
        shutil.copy(PROJECT / "knowledge" / shared, target / shared)
    return target


def test_a_tiny_knowledge_base_is_answered_from_its_own_rules(knowledge: Path, tmp_path: Path) -> None:
    result = _run(knowledge, tmp_path / "home", "ask", "示例案例什么时候截止？", "--today", "2026-11-24")
    assert result["notice"] == "demo-call-2026"
    assert "2026年12月31日" in result["answer"]
    assert {c["doc"] for c in result["citations"]} == {"demo-call-2026"}


def test_a_throwaway_notice_is_answerable_with_no_code_change(knowledge: Path, tmp_path: Path) -> None:
    (knowledge / "sources" / "green-call.txt").write_text(NEXT_CALL, encoding="utf-8")
    (knowledge / "rules" / "green-call-2027.yaml").write_text(NEXT_RULES, encoding="utf-8")
    registry = knowledge / "documents.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + NEXT_ENTRY, encoding="utf-8")
    home = tmp_path / "home"

    _run(knowledge, home, "knowledge", "build")
    assert _run(knowledge, home, "rules", "check") == {"ok": True, "documents": 2}
    result = _run(knowledge, home, "ask", "绿色广电案例的截止时间是哪天？", "--today", "2026-11-24")

    assert result["notice"] == "green-call-2027"
    assert "2027年3月15日" in result["answer"]
    assert all(c["doc"] == "green-call-2027" for c in result["citations"])
    categories = _run(knowledge, home, "ask", "2027年绿色广电案例有哪些类别", "--today", "2026-11-24")
    assert "节能机房" in categories["answer"]
