"""The staff pages are behind the login, API routes included; the applicant pages stay public;
without a password hash the staff pages do not start. Chat feedback reaches the question log."""

from __future__ import annotations

import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar
from pathlib import Path

import gradio as gr
import pytest

from assistant.staff.auth import hash_password, verify_password
from assistant.web.staff import StaffNotConfigured, password_check
from tests.app_fixtures import PROJECT, RunningApp, app_environment, wait_until_ready
from tests.processes import free_port, stop

PASSWORD = "correct horse battery"
STAFF_ONLY = [
    "/staff/config",
    "/staff/gradio_api/info",
    "/staff/gradio_api/queue/status",
    "/staff/gradio_api/queue/data?session_hash=x",
]


REQUEST_BYTES = 100_000


def start_app(folder: Path, password_hash: str | None) -> tuple[RunningApp, subprocess.Popen[bytes]]:
    port = free_port()
    app = RunningApp(url=f"http://127.0.0.1:{port}/", log=folder / "app.log")
    env = app_environment(port, folder / "data")
    env["ASSISTANT_HOME"] = str(folder / "home")
    env["ASSISTANT_LIMITS__REQUEST_BYTES"] = str(REQUEST_BYTES)
    env.pop("ASSISTANT_STAFF__PASSWORD_HASH", None)
    if password_hash:
        env["ASSISTANT_STAFF__PASSWORD_HASH"] = password_hash
    with app.log.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "app.py"], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
        )
    wait_until_ready(app.url, process, app)
    return app, process


@pytest.fixture(scope="module")
def staffed_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    app, process = start_app(tmp_path_factory.mktemp("staffed"), hash_password(PASSWORD, iterations=1000))
    try:
        yield app
    finally:
        stop(process)


def status(
    url: str, data: bytes | None = None, opener: urllib.request.OpenerDirector | None = None
) -> tuple[int, str]:
    try:
        with (opener or urllib.request.build_opener()).open(
            urllib.request.Request(url, data=data), timeout=20
        ) as r:
            return r.status, r.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8", "replace")


@pytest.mark.slow
def test_nothing_of_the_staff_pages_without_login(staffed_app: RunningApp) -> None:
    base = staffed_app.url.rstrip("/")
    for path in STAFF_ONLY:
        assert status(base + path)[0] == 401, path
    for path in ("/staff/gradio_api/queue/join", "/staff/gradio_api/upload"):
        assert status(base + path, data=b"{}")[0] in (401, 403), path
    code, page = status(base + "/staff/")
    assert "工作人员后台" not in page and "curated-table" not in page
    assert status(base + "/")[0] == 200  # the applicant pages stay public
    code, config = status(base + "/config")
    assert code == 200 and "工作人员后台" not in config


@pytest.mark.slow
def test_login_opens_the_staff_pages(staffed_app: RunningApp) -> None:
    base = staffed_app.url.rstrip("/")
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
    wrong = urllib.parse.urlencode({"username": "staff", "password": "guess"}).encode()
    assert status(base + "/staff/login", wrong, opener)[0] == 400
    assert status(base + "/staff/config", opener=opener)[0] == 401
    right = urllib.parse.urlencode({"username": "staff", "password": PASSWORD}).encode()
    assert status(base + "/staff/login", right, opener)[0] == 200
    code, config = status(base + "/staff/config", opener=opener)
    assert code == 200 and "工作人员后台" in config


@pytest.mark.slow
def test_gradio_client_needs_the_login(staffed_app: RunningApp) -> None:
    from gradio_client import Client

    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises its own errors for a 401
        Client(staffed_app.url + "staff/", verbose=False)
    client = Client(staffed_app.url + "staff/", auth=("staff", PASSWORD), verbose=False)
    assert client.view_api(print_info=False, return_format="dict") is not None
    public = Client(staffed_app.url, verbose=False)  # the applicant API needs no login
    assert "/ask" in public.view_api(print_info=False, return_format="dict")["named_endpoints"]


@pytest.mark.slow
def test_without_a_password_hash_the_staff_pages_do_not_start(tmp_path: Path) -> None:
    app, process = start_app(tmp_path, None)
    try:
        base = app.url.rstrip("/")
        assert status(base + "/")[0] == 200
        assert status(base + "/staff/config")[0] == 404
        assert "工作人员页面不启动" in app.log_tail(80)
    finally:
        stop(process)


@pytest.mark.slow
def test_the_request_guard_covers_both_mounts(staffed_app: RunningApp) -> None:
    base = staffed_app.url.rstrip("/")
    body = b"x" * (REQUEST_BYTES * 2)
    for path in ("/gradio_api/queue/join", "/staff/login"):
        assert status(base + path, data=body)[0] == 413, path


def test_password_check_has_no_default() -> None:
    with pytest.raises(StaffNotConfigured):
        password_check(None, "staff")
    hashed = hash_password(PASSWORD, iterations=1000)
    check = password_check(hashed, "staff")
    assert check("staff", PASSWORD) and not check("staff", "wrong") and not check("admin", PASSWORD)
    assert verify_password(PASSWORD, hashed) and not verify_password(PASSWORD, "garbage")


def test_chat_feedback_reaches_the_question_log(tmp_path: Path) -> None:
    import app as web_app
    from assistant.answering.conversation import Conversation
    from assistant.service import Assistant
    from tests.staff.conftest import staff_settings

    assistant = Assistant(staff_settings(tmp_path))
    ui = web_app.App(assistant)
    *_, (history, *_) = ui.respond("2023年网络新服务每个省可以推荐几个？", [], Conversation(), "")
    ui.feedback(history, gr.LikeData(None, {"index": 1, "value": history[1]["content"], "liked": "不完整"}))
    *_, (history, *_) = ui.respond("申报截止时间是什么时候？", history, Conversation(), "")
    ui.feedback(history, gr.LikeData(None, {"index": 3, "value": history[3]["content"], "liked": True}))
    assert assistant.staff.log is not None
    assistant.staff.log.flush()
    logged = {e.question: e for e in assistant.staff.log.entries()}
    first = logged["2023年网络新服务每个省可以推荐几个？"]
    assert (first.feedback, first.feedback_reason) == ("down", "不完整")
    assert logged["申报截止时间是什么时候？"].feedback == "up"
