"""`python -m eval run|gate|validate`: score the assistant on the data sets (see eval/README.md).

Exit status: 0 done (gate passed when asked), 1 the quality gate failed, 2 bad input.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from eval.harness import THRESHOLDS, Datasets, Handler, compare, evaluate, gate, load_thresholds
from eval.report import fmt, write_report

EVAL_DIR = Path(__file__).resolve().parent
TODAY = "2026-11-24"
"""The date evaluation runs judge deadlines by, as ../shared/tools/score.py sets it."""
OFFLINE_ENV = {"HF_HUB_OFFLINE": "1", "ANONYMIZED_TELEMETRY": "False", "GRADIO_ANALYTICS_ENABLED": "False"}


def build_assistant() -> Handler:
    from assistant.service import Assistant

    return Assistant()


def build_baseline() -> Handler:
    from eval.baselines_extra import build_tutorial_baseline

    return build_tutorial_baseline()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--datasets", type=Path, default=EVAL_DIR / "datasets", help="folder of the .jsonl files"
    )
    common.add_argument(
        "--out", type=Path, default=EVAL_DIR / "out", help="where report.md/json and plots go"
    )
    common.add_argument("--k", type=int, default=5, help="depth of the recall@k search (default 5)")
    common.add_argument("--today", default=TODAY, help=f"date deadlines are judged by (default {TODAY})")
    common.add_argument(
        "--compare", type=Path, metavar="OLD.json", help="an earlier report.json (or score.py --out)"
    )
    common.add_argument(
        "--baseline", action="store_true", help="also run the tutorial LangChain RAG as a peer"
    )
    common.add_argument("--thresholds", type=Path, default=THRESHOLDS, help="the quality gate's thresholds")
    common.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    run = commands.add_parser("run", parents=[common], help="evaluate and write the report")
    run.add_argument(
        "--gate", action="store_true", help="exit 1 when a headline figure is below its threshold"
    )
    commands.add_parser(
        "gate", parents=[common], help="run, then exit 1 when a headline figure is below threshold"
    )
    validate = commands.add_parser("validate", help="check the data sets (eval.validate)")
    validate.add_argument("dir", nargs="?", help="folder of the .jsonl files")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "validate":
        from eval.validate import main as validate_main

        return int(validate_main([args.dir] if args.dir else []))
    return run(args, gated=args.command == "gate" or args.gate)


def run(args: argparse.Namespace, gated: bool) -> int:
    if not args.datasets.is_dir():
        print(f"no data sets at {args.datasets}", file=sys.stderr)
        return 2
    old = json.loads(args.compare.read_text(encoding="utf-8")) if args.compare else None
    os.environ["ASSISTANT_TODAY"] = args.today
    for name, setting in OFFLINE_ENV.items():
        os.environ.setdefault(name, setting)
    report = evaluate(
        build_assistant(),
        Datasets.load(args.datasets),
        datasets_label=str(args.datasets),
        k=args.k,
        baseline=build_baseline() if args.baseline else None,
        progress=not args.no_progress,
    )
    if old is not None:
        report.comparison = compare(old, report.assistant, against=args.compare.name)
    if gated:
        report.gate = gate(report.assistant.headline, load_thresholds(args.thresholds))
    paths = write_report(report, args.out)
    for figure, value in report.assistant.headline.items():
        print(f"{figure:28} {fmt(value)}")
    print(f"report: {paths[0]} (and {len(paths) - 1} more files in {args.out})")
    if not gated:
        return 0
    below = [f"{c.figure} {fmt(c.value)} < {c.threshold}" for c in report.gate or [] if not c.passed]
    print("quality gate: " + ("FAILED: " + "; ".join(below) if below else "passed"))
    return 1 if below else 0


if __name__ == "__main__":
    sys.exit(main())
