"""Measure what the question log costs: (1) the added latency of log writes to a warm `ask` (p95),
(2) 50 simultaneous users of a running app with logging on (errors, p95), on loopback only.

    python -m eval.staff_bench latency [--rounds 10]
    python -m eval.staff_bench users --url http://127.0.0.1:PORT/ [--users 50] [--questions 2]

`latency` alternates asks with the log on and off (the same warm assistant, the same questions)
and also times the log call itself. `users` calls the app's public `/ask` endpoint (Gradio's REST
API, the same queue as the chat) from N threads at once.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import threading
import time
from typing import Any

import httpx

QUESTIONS = [
    "2024年媒体融合典型案例的申报截止时间是什么时候？",
    "我们是县级融媒体中心，可以申报2023年智慧广电网络新服务吗？",
    "智慧广电示范案例的申报材料要包括哪些内容？",
    "全国智慧广电网络新服务每个省可以推荐几个案例？",
    "2023年网络新服务的联系人是谁？",
    "一等奖奖金是多少？",
    "智慧广电发展的指导意见提出了哪些主要任务？",
    "媒体融合典型案例分为哪几类？",
]


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 2 else values[0]


def latency(rounds: int) -> dict[str, Any]:
    from assistant.service import Assistant

    assistant = Assistant()
    real_log = assistant._log
    log_ms: list[float] = []

    def no_log(*args: Any) -> None:
        return None

    def timed_log(*args: Any) -> None:  # the same arguments as Assistant._log
        started = time.perf_counter()
        real_log(*args)
        log_ms.append((time.perf_counter() - started) * 1000)

    for q in QUESTIONS:  # warm: index, embeddings cache, curated matcher
        assistant.ask(q)
    on: list[float] = []
    off: list[float] = []
    for _ in range(rounds):
        for q in QUESTIONS:
            for logging_on, into in ((True, on), (False, off)):
                setattr(assistant, "_log", timed_log if logging_on else no_log)  # noqa: B010 - swap per ask
                started = time.perf_counter()
                assistant.ask(q)
                into.append((time.perf_counter() - started) * 1000)
    assert assistant.staff.log is not None
    assistant.staff.log.flush()
    return {
        "asks_each": len(on),
        "ask_p50_ms": {
            "log_on": round(statistics.median(on), 2),
            "log_off": round(statistics.median(off), 2),
        },
        "ask_p95_ms": {"log_on": round(p95(on), 2), "log_off": round(p95(off), 2)},
        "p95_difference_ms": round(p95(on) - p95(off), 2),
        "log_call_p95_ms": round(p95(log_ms), 3),
        "log_call_max_ms": round(max(log_ms), 3),
    }


def ask_once(client: httpx.Client, url: str, question: str) -> None:
    started = client.post(f"{url}gradio_api/call/ask", json={"data": [question, ""]})
    started.raise_for_status()
    event = started.json()["event_id"]
    with client.stream("GET", f"{url}gradio_api/call/ask/{event}") as stream:
        kind = ""
        for line in stream.iter_lines():
            if line.startswith("event:"):
                kind = line.split(":", 1)[1].strip()
            elif line.startswith("data:") and kind in ("complete", "error"):
                if kind == "error":
                    raise RuntimeError(line)
                payload = json.loads(line[5:])
                if "answer" not in payload[0]:
                    raise RuntimeError(f"no answer: {line[:200]}")
                return
    raise RuntimeError("stream ended without a result")


def users(url: str, count: int, per_user: int, timeout_s: float) -> dict[str, Any]:
    if not url.startswith(("http://127.0.0.1", "http://localhost")):
        raise SystemExit("loopback only")
    url = url.rstrip("/") + "/"
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    barrier = threading.Barrier(count)

    def user(n: int) -> None:
        with httpx.Client(timeout=timeout_s) as client:
            barrier.wait()
            for i in range(per_user):
                question = QUESTIONS[(n + i) % len(QUESTIONS)]
                started = time.perf_counter()
                try:
                    ask_once(client, url, question)
                except Exception as exc:
                    with lock:
                        errors.append(f"{type(exc).__name__}: {str(exc)[:200]}")
                    continue
                with lock:
                    latencies.append((time.perf_counter() - started) * 1000)

    threads = [threading.Thread(target=user, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return {
        "users": count,
        "requests": count * per_user,
        "errors": len(errors),
        "error_examples": errors[:3],
        "p50_ms": round(statistics.median(latencies)) if latencies else None,
        "p95_ms": round(p95(latencies)) if latencies else None,
        "max_ms": round(max(latencies)) if latencies else None,
        "wall_s": round(time.perf_counter() - started, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.staff_bench", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    lat = sub.add_parser("latency")
    lat.add_argument("--rounds", type=int, default=10)
    load = sub.add_parser("users")
    load.add_argument("--url", required=True)
    load.add_argument("--users", type=int, default=50)
    load.add_argument("--questions", type=int, default=2, help="questions per user")
    load.add_argument("--timeout", type=float, default=300.0)
    args = parser.parse_args(argv)
    if args.command == "latency":
        result = latency(args.rounds)
    else:
        result = users(args.url, args.users, args.questions, args.timeout)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
