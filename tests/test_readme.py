"""The README's front door cannot drift: its two commands exist, CI runs the test one, and its
example answer is what the CLI answers."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_two_commands_exist_and_ci_runs_the_test_command() -> None:
    for script in ("scripts/start", "scripts/test"):
        assert script in README
        assert os.access(ROOT / script, os.X_OK)
    assert "scripts/test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_example_answer_is_what_the_cli_answers(tmp_path: Path) -> None:
    question = re.search(r'python -m assistant ask "([^"]+)" --today 2026-11-24 --json', README)
    assert question is not None
    shown = re.search(r"```json\n(.*?)\n```", README, re.S)
    assert shown is not None
    env = dict(
        os.environ,
        ASSISTANT_TODAY="2026-11-24",
        ASSISTANT_RETRIEVAL__EMBEDDING="hash",
        ASSISTANT_RETRIEVAL__DATA_DIR=str(tmp_path),
    )
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "ask", question.group(1), "--json"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    got = json.loads(proc.stdout)
    expected = json.loads(shown.group(1))
    assert got["citations"] == expected["citations"]
    assert (got["notice"], got["verdict"], got["answerable"]) == (
        expected["notice"],
        expected["verdict"],
        expected["answerable"],
    )
    assert got["answer"].splitlines()[0] == expected["answer"].splitlines()[0]
