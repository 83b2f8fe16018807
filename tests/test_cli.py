"""The CLI's JSON contract: one object on stdout, exit 0 / 2 / 1, batch one line per request."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    data = tmp_path_factory.mktemp("cli-data")
    return dict(
        os.environ,
        ASSISTANT_RETRIEVAL__EMBEDDING="hash",
        ASSISTANT_RETRIEVAL__DATA_DIR=str(data),
        ASSISTANT_TODAY="2026-11-24",
    )


def run(env: dict[str, str], *args: str, stdin: str = "") -> tuple[int, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    return proc.returncode, proc.stdout


def test_rules_show_and_unknown_id(env: dict[str, str]) -> None:
    code, out = run(env, "rules", "show", "notice-2024-media-convergence", "--json")
    rules = json.loads(out)
    assert code == 0 and rules["deadline"]["value"] == "2024-04-21" and rules["deadline"]["source"]["quote"]
    code, out = run(env, "rules", "show", "nope", "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "unknown_id"


def test_ask_prints_exactly_one_object_not_ascii_escaped(env: dict[str, str]) -> None:
    code, out = run(env, "ask", "新服务什么时候截止", "--json")
    assert code == 0 and out.count("\n") == 1 and "截止" in out
    result = json.loads(out)
    assert set(result) == {"answer", "citations", "notice", "answerable", "verdict"}


def test_ask_reads_a_follow_up_against_its_history(env: dict[str, str]) -> None:
    code, out = run(
        env, "ask", "那截止时间呢？", "--history", "2024年媒体融合典型案例每个省能报几个？", "--json"
    )
    followed = json.loads(out)
    assert (
        code == 0
        and followed["notice"] == "notice-2024-media-convergence"
        and "2024年4月21日" in followed["answer"]
    )


def test_index_build_reports_the_index(env: dict[str, str]) -> None:
    code, out = run(env, "index", "build", "--json")
    assert code == 0 and json.loads(out)["chunks"] > 50


def test_batch_answers_every_line_in_order_and_survives_bad_lines(env: dict[str, str]) -> None:
    lines = [
        json.dumps({"op": "search", "query": "编写体例", "k": 2}, ensure_ascii=False),
        "{not json",
        json.dumps(
            {
                "op": "classify",
                "description": "全员绩效改革和首席记者制度",
                "notice": "notice-2024-media-convergence",
            },
            ensure_ascii=False,
        ),
        json.dumps(
            {
                "op": "critique",
                "text": "一、基本情况\n我们做了一些事。",
                "notice": "notice-2023-network-services",
            },
            ensure_ascii=False,
        ),
    ]
    code, out = run(env, "batch", stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and len(results) == 4
    assert len(results[0]["hits"]) == 2
    assert results[1]["error"]["code"] == "bad_json"
    assert results[2]["category"] == "体制机制改革"
    assert any(d["code"] == "missing_element" for d in results[3]["defects"])


def test_critique_reads_a_file_and_rejects_a_binary_one(env: dict[str, str], tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    draft.write_text("一、基本情况\n项目覆盖8.2万户。", encoding="gbk")
    code, out = run(env, "critique", str(draft), "--notice", "notice-2023-network-services", "--json")
    assert code == 0 and json.loads(out)["stats"]["chars"] > 5
    binary = tmp_path / "draft.docx"
    binary.write_bytes(b"\x00\x01not a docx")
    code, out = run(env, "critique", str(binary), "--notice", "notice-2023-network-services", "--json")
    assert code == 2 and json.loads(out)["error"]["code"]
