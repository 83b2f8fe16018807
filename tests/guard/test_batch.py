"""`batch` and the CLI under hostile input (issue 14 rows 2, 3, 9, 10, 11, 12): one output line
per input line, in order, and the contract's JSON error with exit 2 for bad input."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assistant.guard.batch import serve

ROOT = Path(__file__).resolve().parent.parent.parent
NOTICE = "notice-2024-media-convergence"


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    return dict(
        os.environ,
        ASSISTANT_RETRIEVAL__EMBEDDING="hash",
        ASSISTANT_HOME=str(tmp_path_factory.mktemp("batch-home")),
        ASSISTANT_TODAY="2026-11-24",
    )


def run(env: dict[str, str], *args: str, stdin: bytes = b"") -> tuple[int, bytes]:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args], cwd=ROOT, env=env, input=stdin, capture_output=True
    )
    return proc.returncode, proc.stdout


def test_every_input_line_gets_its_output_line_in_order(env: dict[str, str]) -> None:
    lines = [
        b'{"op":"ask","question":"x","n":' + b"[" * 2000 + b"]" * 2000 + b"}",  # row 2
        json.dumps({"op": "critique", "text": "abc\udc00def", "notice": NOTICE}).encode(),  # row 3
        b"",  # row 11
        b"   ",
        json.dumps({"op": "search", "query": "截止", "k": "5"}).encode(),  # row 12
        json.dumps({"op": "search", "query": "截止", "k": True}).encode(),
        b'{"op":"ask","question":"' + "截止".encode() + b'\xff"}',  # invalid UTF-8, row 9
        b"[1, 2]",
        json.dumps({"op": "search", "query": "截止", "k": 2}).encode(),
    ]
    code, out = run(env, "batch", "--json", stdin=b"\n".join(lines) + b"\n")
    assert code == 0
    results = [json.loads(line) for line in out.decode("utf-8").splitlines()]
    assert len(results) == len(lines)
    codes = [r.get("error", {}).get("code") for r in results]
    assert codes == [
        "bad_json",
        "bad_input",
        "empty_line",
        "empty_line",
        "bad_request",
        "bad_request",
        "bad_input",
        "bad_json",
        None,
    ]
    assert "k" in results[4]["error"]["message"]
    assert len(results[-1]["hits"]) == 2


def test_a_line_longer_than_the_limit_is_refused_without_loading_it() -> None:
    served: list[dict[str, Any]] = []

    def handle(request: dict[str, Any]) -> dict[str, Any]:
        served.append(request)
        return {"ok": request["n"]}

    long_line = b'{"n": "' + b"x" * 5000 + b'"}'
    stream = io.BytesIO(b'{"n": 1}\n' + long_line + b'\n{"n": 3}\n{"n": 4}')
    out = [json.loads(line) for line in serve(stream, handle, max_bytes=1000)]
    assert out[0] == {"ok": 1} and out[2] == {"ok": 3} and out[3] == {"ok": 4}
    assert out[1]["error"]["code"] == "input_too_long"
    assert len(served) == 3


def test_a_line_exactly_at_the_limit_is_served() -> None:
    line = b'{"n": "' + b"x" * 91 + b'"}'
    assert len(line) == 100
    for limit, expected in ((100, None), (99, "input_too_long")):
        out = json.loads(next(serve(io.BytesIO(line + b"\n"), lambda r: {"ok": 1}, max_bytes=limit)))
        assert out.get("error", {}).get("code") == expected


def test_a_handler_that_raises_still_yields_a_line() -> None:
    def handle(request: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("boom")

    out = list(serve(io.BytesIO(b'{"op": "ask"}\n{"op": "ask"}\n'), handle, max_bytes=1000))
    assert [json.loads(line)["error"]["code"] for line in out] == ["internal", "internal"]


def test_a_result_that_cannot_be_encoded_becomes_bad_input() -> None:
    out = next(serve(io.BytesIO(b'{"op": "x"}\n'), lambda r: {"echo": "\udc00"}, max_bytes=1000))
    assert json.loads(out)["error"]["code"] == "bad_input"


@pytest.mark.parametrize(
    "args",
    [
        ("search", "截止", "--k", "abc"),
        ("search", "截止", "--today", "2026-13-45"),
        ("critique", "-"),
        ("nope",),
    ],
)
def test_argument_errors_are_json_on_stdout_with_exit_2(env: dict[str, str], args: tuple[str, ...]) -> None:
    """Row 10: argparse's usage text on stderr left stdout empty."""
    code, out = run(env, *args, "--json")
    assert code == 2
    error = json.loads(out)["error"]
    assert error["code"] == "bad_argument" and error["message"]


def test_invalid_utf8_in_arguments_and_stdin_is_bad_input(env: dict[str, str]) -> None:
    """Row 9: undecodable bytes in a command-line question or a piped draft gave `internal`, exit 1."""
    code, out = run(env, "ask", os.fsdecode(b"\xe6\x88\xaa\xff"), "--json")
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_input"
    code, out = run(env, "critique", "-", "--notice", NOTICE, "--json", stdin=b"\xe4\xb8\x80\xff\xfe")
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_input"
    code, out = run(
        env, "draft", "--notice", NOTICE, "--category", "x", "--facts", "-", "--json", stdin=b"\xff"
    )
    assert code == 2 and json.loads(out)["error"]["code"] == "bad_input"
