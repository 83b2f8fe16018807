"""Measure the critique: precision and recall of defects per code on a critique set, and speed.

    .venv/bin/python scripts/bench_critique.py [DATASET] [--fails N]

DATASET defaults to eval/datasets/critique.jsonl (format: ../shared/CONTRACT.md). Defects are
matched as the shared scorer matches them (`critique_counts` of ../shared/tools/score.py: pairs of
code and element/expected). Runs in-process with the real classifier. Speed: the critique of a
generated 10,000-character .docx, read from disk each time (target <= 1 s).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from types import ModuleType

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from assistant.review.critique import critique  # noqa: E402 - after the path set-up
from assistant.knowledge.reader import read_draft_file  # noqa: E402

SCORER = PROJECT.parent / "shared" / "tools" / "score.py"
NOTICE, CATEGORY = "notice-2023-network-services", "智慧家庭新场景"
PARAGRAPH = (
    "我公司依托有线网络和家庭网关，为全市家庭提供居家养老、社区安防和远程教育服务，"
    "覆盖6个区、214个社区，签约家庭8.2万户，2023年收入2,150万元，同比增长35%，续约率92%。"
)


def load_scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("shared_score", SCORER)
    assert spec and spec.loader, f"no scorer at {SCORER}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def quality(dataset: Path, fails: int) -> dict[str, object]:
    scorer = load_scorer()
    items = [json.loads(line) for line in dataset.read_text(encoding="utf-8").splitlines() if line.strip()]
    per_code: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
    shown = 0
    for item in items:
        result = critique(item["text"], item["notice"], item.get("category"))
        got = [d.to_contract() for d in result.defects]
        codes = {d["code"] for d in item["gold_defects"]} | {d["code"] for d in got}
        wrong = False
        for code in codes:
            tp, fp, fn = scorer.critique_counts(
                [d for d in item["gold_defects"] if d["code"] == code], [d for d in got if d["code"] == code]
            )
            counts = per_code[code]
            counts[0], counts[1], counts[2] = counts[0] + tp, counts[1] + fp, counts[2] + fn
            wrong = wrong or bool(fp or fn)
        if wrong and shown < fails:
            shown += 1
            gold = [(d["code"], d.get("element") or d.get("expected")) for d in item["gold_defects"]]
            print(
                f"{item['id']}: gold {gold}\n    got {[(d['code'], d.get('element') or d.get('expected')) for d in got]}"
            )
    report: dict[str, object] = {}
    totals = [0, 0, 0]
    for code, (tp, fp, fn) in sorted(per_code.items()):
        totals = [totals[0] + tp, totals[1] + fp, totals[2] + fn]
        report[code] = {
            "precision": _ratio(tp, tp + fp),
            "recall": _ratio(tp, tp + fn),
            "tp": tp,
            "fp": fp,
            "fn": fn,
        }
    report["all"] = {
        "precision": _ratio(totals[0], totals[0] + totals[1]),
        "recall": _ratio(totals[0], totals[0] + totals[2]),
    }
    report["items"] = len(items)
    return report


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def speed(runs: int = 5) -> dict[str, float]:
    from docx import Document

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "long.docx"
        document = Document()
        headings = [
            "一、基本情况",
            "二、创新做法与实践",
            "三、创新工作中遇到的问题及破解办法",
            "四、形成的新模式、新业态、新应用及取得的成效",
            "五、可提炼的经验、启示或解决方案",
            "六、下一步发展计划",
        ]
        per_section = 10_000 // len(headings) // len(PARAGRAPH) + 1
        for heading in headings:
            document.add_heading(heading, level=2)
            for _ in range(per_section):
                document.add_paragraph(PARAGRAPH)
        document.save(str(path))
        critique(read_draft_file(path), NOTICE, CATEGORY)  # warm-up: imports, rules, jieba
        times, chars = [], 0
        for _ in range(runs):
            start = time.perf_counter()
            result = critique(read_draft_file(path), NOTICE, CATEGORY)
            times.append(time.perf_counter() - start)
            chars = result.stats.chars
    return {"chars": chars, "median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dataset", nargs="?", default=str(PROJECT / "eval" / "datasets" / "critique.jsonl"))
    parser.add_argument("--fails", type=int, default=20, help="how many wrong items to print")
    args = parser.parse_args()
    print(
        json.dumps({"quality": quality(Path(args.dataset), args.fails), "speed": speed()}, ensure_ascii=False)
    )


if __name__ == "__main__":
    main()
