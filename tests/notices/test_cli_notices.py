"""Staff add a notice through the CLI in an empty ASSISTANT_HOME; applicants then get it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NEW_ID = "notice-2026-media-convergence"


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        ASSISTANT_HOME=str(tmp_path / "home"),
        ASSISTANT_RETRIEVAL__EMBEDDING="hash",
        ASSISTANT_TODAY="2026-11-24",
    )


def run(env: dict[str, str], *args: str) -> tuple[int, dict]:  # type: ignore[type-arg]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args, "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    return proc.returncode, json.loads(proc.stdout)


def test_add_answer_approve_and_takeover(env: dict[str, str], next_edition: Path) -> None:
    code, added = run(env, "notices", "add", str(next_edition), "--id", NEW_ID)
    assert code == 0, added
    assert added["id"] == NEW_ID and added["status"] == "draft"
    assert added["rules"]["deadline"]["value"] == "2026-12-20"
    fields = {item["field"]: item for item in added["review"]}
    assert fields["deadlines[0]"]["source"]["quote"] == "征集的截止时间为2026年12月20日"
    assert 0 < fields["deadlines[0]"]["confidence"] <= 1

    code, shown = run(env, "rules", "show", NEW_ID)
    assert code == 0 and shown["quotas"][0]["per_category"] == 3 and shown["quotas"][0]["total"] == 6

    code, listed = run(env, "notices", "list")
    entry = next(n for n in listed["notices"] if n["id"] == NEW_ID)
    assert entry == {**entry, "status": "draft", "deadline": "2026-12-20", "open": True}
    assert entry["supersedes"] == "notice-2024-media-convergence"

    # a draft answers from its text only, and says its rules are not yet reviewed
    code, answer = run(env, "ask", "融合案例征集什么时候截止？")
    assert code == 0 and answer["notice"] == NEW_ID
    assert "未经核对" in answer["answer"] and "2026年12月20日" in answer["answer"]
    assert {c["doc"] for c in answer["citations"]} == {NEW_ID}

    code, approved = run(env, "notices", "approve", NEW_ID)
    assert approved == {"id": NEW_ID, "status": "approved"}
    code, answer = run(env, "ask", "媒体融合典型案例每个省能报几个？")
    assert answer["notice"] == NEW_ID and "未经核对" not in answer["answer"]
    assert "最新一届" in answer["answer"] and "仍在征集" in answer["answer"]
    assert "3个" in answer["answer"]

    # naming the old year gets the old edition
    code, answer = run(env, "ask", "2024年融合案例什么时候截止？")
    assert answer["notice"] == "notice-2024-media-convergence" and "2024年4月21日" in answer["answer"]

    code, answer = run(env, "ask", "现在能报什么？")
    assert NEW_ID in {c["doc"] for c in answer["citations"]} and "2026年12月20日" in answer["answer"]

    code, removed = run(env, "notices", "remove", NEW_ID)
    assert removed == {"id": NEW_ID, "removed": True}
    code, answer = run(env, "ask", "融合案例什么时候截止？")
    assert answer["notice"] == "notice-2024-media-convergence"


def test_builtin_documents_cannot_be_removed(env: dict[str, str]) -> None:
    code, result = run(env, "notices", "remove", "notice-2024-media-convergence")
    assert code == 2 and result["error"]["code"] == "builtin"
    code, listed = run(env, "notices", "list")
    assert "notice-2024-media-convergence" in {n["id"] for n in listed["notices"]}


def test_bad_ids_and_files_are_refused(env: dict[str, str], next_edition: Path, tmp_path: Path) -> None:
    code, result = run(env, "notices", "add", str(next_edition), "--id", "Bad ID")
    assert code == 2 and result["error"]["code"] == "bad_id"
    code, result = run(env, "notices", "add", str(next_edition), "--id", "notice-2023-network-services")
    assert code == 2 and result["error"]["code"] == "builtin"
    scanned = tmp_path / "scan.pdf"
    scanned.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF")
    code, result = run(env, "notices", "add", str(scanned))
    assert code == 2 and result["error"]["code"] == "bad_file"
