"""Two full app instances (`python app.py`, each with its own ASSISTANT_HOME and port) sharing one
PostgreSQL and one Chroma server, started at the same time against the empty Chroma server.

Everything goes through the apps' HTTP surfaces: applicants ask on the named `/ask` endpoint with
gradio_client; staff log in at /staff and fire the staff pages' events the way the browser does
(Gradio's queue: POST the event, read its result from the event stream), since those events are
private to gradio_client. Question-log rows are written off the asking thread, so a row asked on
one instance is looked for on the other until it shows up (a few seconds at most).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar

import httpx
import pytest
from gradio_client import Client

from assistant.retrieval.chunks import build_chunks
from assistant.retrieval.index import make_client
from assistant.settings import RetrievalSettings
from assistant.staff.auth import hash_password
from tests.app_fixtures import RunningApp, spawn_app, wait_until_ready
from tests.processes import stop
from tests.staff.conftest import CURATED, new_database

pytestmark = pytest.mark.slow
PASSWORD = "two instances, one desk"
LOG_WAIT_S = 20
T = TypeVar("T")


class StaffPage:
    """One instance's staff pages as a logged-in browser uses them."""

    def __init__(self, url: str) -> None:
        self.http = httpx.Client(base_url=url + "staff", timeout=60)
        login = self.http.post("/login", data={"username": "staff", "password": PASSWORD})
        assert login.status_code == 200, login.text
        config = self.http.get("/config").json()
        self.components: dict[int, dict[str, Any]] = {c["id"]: c for c in config["components"]}
        self.dependencies: list[dict[str, Any]] = config["dependencies"]

    def _props(self, component_id: int | None) -> dict[str, Any]:
        """A component's properties (none for the page itself, the target of its load event)."""
        props: dict[str, Any] = self.components.get(component_id or -1, {}).get("props", {})
        return props

    def event(self, fn: str) -> int:
        """The event handled by the staff page method `fn`."""
        return next(int(d["id"]) for d in self.dependencies if d.get("api_name") == fn)

    def button(self, label: str, form: str = "faq-id") -> int:
        """The click on the button labelled `label` of the form holding the component `form`."""
        return next(
            int(d["id"])
            for d in self.dependencies
            if any(self._props(t[0]).get("value") == label for t in d["targets"])
            and any(self._props(i).get("elem_id") == form for i in d["inputs"])
        )

    def call(self, fn_index: int, *data: Any) -> list[Any]:
        session = uuid.uuid4().hex[:12]
        joined = self.http.post(
            "/gradio_api/queue/join",
            json={"data": list(data), "fn_index": fn_index, "session_hash": session, "event_data": None},
        )
        assert joined.status_code == 200, joined.text
        with self.http.stream("GET", "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                message = json.loads(line[5:])
                if message["msg"] == "process_completed":
                    assert message["success"], message
                    output: list[Any] = message["output"]["data"]
                    return output
        raise AssertionError(f"event {fn_index} ended without a result")

    # -- what a member of staff does and reads ------------------------------------------------

    def save(self, label: str, curated: dict[str, Any], faq_id: str = "", answer: str | None = None) -> str:
        """Fill the curated-answer form and press `label` (批准, 停用 ...); the saved answer's id."""
        sources = json.dumps(curated["sources"], ensure_ascii=False)
        form = [faq_id, curated["question"], curated["variants"], answer or curated["answer"]]
        saved, _, message = self.call(self.button(label), *form, curated["notice"], sources, "")
        assert str(message).startswith("已保存"), message
        return str(saved)

    def curated(self) -> dict[str, dict[str, Any]]:
        """The curated-answer table, by id."""
        (table,) = self.call(self.event("curated_table"))
        return {row[0]: dict(zip(table["headers"], row, strict=True)) for row in table["data"]}

    def logged(self) -> Counter[str]:
        """The questions in the question log, with how often each was asked."""
        (table,) = self.call(self.event("log_table"))
        column = table["headers"].index("问题")
        return Counter(row[column] for row in table["data"])

    def review_queue(self) -> dict[str, int]:
        table, _ = self.call(self.event("review_queue"))
        return {row[2]: row[1] for row in table["data"]}

    def top_questions(self) -> dict[str, int]:
        top, *_ = self.call(self.event("dashboard"))
        return {row[0]: row[1] for row in top["data"]}


@dataclass
class Instance:
    app: RunningApp
    applicant: Client
    staff: StaffPage

    def ask(self, question: str) -> dict[str, Any]:
        result: dict[str, Any] = self.applicant.predict(question, "", api_name="/ask")
        return result


def eventually(read: Callable[[], T], done: Callable[[T], bool], timeout: float = LOG_WAIT_S) -> T:
    """What `read` returns once `done` holds, or when `timeout` seconds have passed."""
    deadline = time.monotonic() + timeout
    value = read()
    while not done(value) and time.monotonic() < deadline:
        time.sleep(0.3)
        value = read()
    return value


@pytest.fixture(scope="module")
def pair(
    postgres_url: str, chroma_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[Instance, Instance]]:
    """Instances A and B on one fresh database and one empty Chroma server, started together."""
    folder = tmp_path_factory.mktemp("two-instances")
    shared = {
        "ASSISTANT_STAFF__DATABASE_URL": new_database(postgres_url),
        "ASSISTANT_STAFF__PASSWORD_HASH": hash_password(PASSWORD, iterations=1000),
        "ASSISTANT_RETRIEVAL__CHROMA_HOST": "127.0.0.1",
        "ASSISTANT_RETRIEVAL__CHROMA_PORT": str(chroma_port),
    }
    started: list[tuple[RunningApp, subprocess.Popen[bytes]]] = []
    try:
        for name in ("a", "b"):
            home = folder / name / "home"
            started.append(spawn_app(folder / name, {**shared, "ASSISTANT_HOME": str(home)}))
        for app, process in started:
            wait_until_ready(app.url, process, app)
        a, b = (Instance(app, Client(app.url, verbose=False), StaffPage(app.url)) for app, _ in started)
        yield a, b
        for instance in (a, b):
            instance.staff.http.close()
    finally:
        for _, process in started:
            stop(process)


def test_started_together_on_an_empty_chroma_server_they_share_one_complete_index(
    pair: tuple[Instance, Instance], chroma_port: int
) -> None:
    settings = RetrievalSettings(chroma_host="127.0.0.1", chroma_port=chroma_port)
    client = make_client(settings)
    collections = client.list_collections()
    assert len(collections) == 1, [c.name for c in collections]  # no double, no abandoned side build
    (collection,) = collections
    assert re.fullmatch(r"clauses-[0-9a-f]{16}", collection.name)
    assert (
        collection.count() == len(build_chunks(settings.chunk_tokens))
        and collection.metadata["complete"] is True
    )
    answers = [instance.ask("2023年网络新服务案例的编写体例有什么要求？") for instance in pair]
    assert answers[0] == answers[1]
    assert answers[0]["citations"][0]["doc"] == "notice-2023-network-services"


def test_curated_answers_approved_edited_and_retired_on_one_are_served_on_the_other(
    pair: tuple[Instance, Instance],
) -> None:
    a, b = pair
    curated = CURATED[0]
    question = curated["question"]
    faq_id = a.staff.save("批准", curated)
    for instance in (b, a):  # both hold a matcher of the approved answers from now on
        served = instance.ask(question)
        assert served.get("faq_id") == faq_id and served["answer"].startswith(curated["answer"])
        assert served["citations"][0]["doc"] == curated["notice"]
    assert a.staff.curated()[faq_id]["命中"] == 2  # A counts B's serving too

    edited = curated["answer"] + "逾期不再受理。"
    assert b.staff.save("批准", curated, faq_id=faq_id, answer=edited) == faq_id
    served = a.ask(question)
    assert served.get("faq_id") == faq_id and served["answer"].startswith(edited)
    assert b.staff.curated()[faq_id]["版本"] == 2

    a.staff.save("停用", curated, faq_id=faq_id, answer=edited)
    assert b.ask(question).get("faq_id") is None
    assert b.staff.curated()[faq_id]["状态"] == "已停用"


def test_questions_asked_on_each_reach_the_others_log_dashboard_and_review_queue(
    pair: tuple[Instance, Instance],
) -> None:
    a, b = pair
    not_covered = "一等奖奖金是多少？"
    on_a = "2024年媒体融合典型案例的申报截止时间是什么时候？"
    for _ in range(2):
        assert b.ask(not_covered)["answerable"] is False
    assert a.ask(on_a)["answerable"] is True

    seen_on_a = eventually(a.staff.logged, lambda log: log[not_covered] >= 2)
    assert seen_on_a[not_covered] == 2
    assert a.staff.review_queue().get(not_covered) == 2
    assert a.staff.top_questions().get(not_covered) == 2
    assert eventually(b.staff.logged, lambda log: log[on_a] >= 1)[on_a] == 1


def test_concurrent_asks_on_both_instances_lose_no_log_row_and_no_hit(
    pair: tuple[Instance, Instance],
) -> None:
    a, b = pair
    curated = CURATED[1]
    faq_id = b.staff.save("批准", curated)
    asked: Counter[str] = Counter()
    jobs = []
    for instance, name in ((a, "甲"), (b, "乙")):
        for n in range(20):
            question = curated["question"] if n % 2 else f"并发{name}{n}：申报材料要包括哪些内容？"
            asked[question] += 1
            jobs.append((question, instance.applicant.submit(question, "", api_name="/ask")))
    for question, job in jobs:
        result = job.result(timeout=120)
        assert (result.get("faq_id") == faq_id) == (question == curated["question"]), (question, result)

    def ours(log: Counter[str]) -> Counter[str]:
        return Counter({q: n for q, n in log.items() if q in asked})

    for instance in pair:
        assert ours(eventually(instance.staff.logged, lambda log: ours(log) == asked)) == asked
    assert a.staff.curated()[faq_id]["命中"] == 20
