"""The command line: thin wrappers that parse arguments, call `assistant.service`, and print.

With `--json` each command prints exactly one JSON object on stdout (see ../shared/CONTRACT.md);
logs and progress go to stderr. Exit 0 on success, 2 on bad input, 1 on an internal fault.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.errors import AssistantError

Handler = Callable[[argparse.Namespace], Any]


def _print(result: Any, as_json: bool) -> None:
    if isinstance(result, BaseModel):
        result = result.model_dump(mode="json", exclude_none=False)
    if as_json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    elif isinstance(result, str):
        sys.stdout.write(result + "\n")
    else:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")


def _rules_list(args: argparse.Namespace) -> Any:
    from assistant.documents import registry

    docs = [{"id": d.id, "kind": d.kind, "title": d.title} for d in registry().values()]
    if args.json:
        return {"documents": docs}
    return "\n".join(f"{d['id']:<34} {d['kind']:<7} {d['title']}" for d in docs)


def _rules_show(args: argparse.Namespace) -> Any:
    from assistant.rules import load_rules

    return load_rules(args.id).model_dump(mode="json", exclude_none=True)


def _rules_check(args: argparse.Namespace) -> Any:
    from assistant.rules import all_rules, verify_sources

    problems = [p for rules in all_rules() for p in verify_sources(rules)]
    if problems:
        raise AssistantError("\n".join(problems), code="bad_rules")
    return {"ok": True, "documents": len(all_rules())}


def _knowledge_build(args: argparse.Namespace) -> Any:
    from assistant.documents import write_normalized

    return {"written": [str(p) for p in write_normalized()]}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description="智慧广电案例征集助手")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON object (the contract's shape)")
    common.add_argument("--today", type=date.fromisoformat, help="judge deadlines against this date")
    sub = parser.add_subparsers(dest="command", required=True)

    rules = sub.add_parser("rules", help="structured rules of the documents")
    rules_sub = rules.add_subparsers(dest="rules_command", required=True)
    rules_sub.add_parser("list", parents=[common]).set_defaults(handler=_rules_list)
    show = rules_sub.add_parser("show", parents=[common])
    show.add_argument("id")
    show.set_defaults(handler=_rules_show)
    rules_sub.add_parser("check", parents=[common]).set_defaults(handler=_rules_check)

    knowledge = sub.add_parser("knowledge", help="the knowledge base")
    knowledge_sub = knowledge.add_subparsers(dest="knowledge_command", required=True)
    knowledge_sub.add_parser("build", parents=[common], help="regenerate knowledge/normalized").set_defaults(
        handler=_knowledge_build
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    args = build_parser().parse_args(argv)
    if args.today:
        from assistant.settings import get_settings

        get_settings().today = args.today
    try:
        _print(args.handler(args), args.json)
    except AssistantError as exc:
        if args.json:
            _print({"error": {"code": exc.code, "message": exc.message}}, True)
        else:
            sys.stderr.write(f"错误：{exc.message}\n")
        return 2
    except Exception as exc:
        logging.getLogger("assistant").exception("internal error")
        if args.json:
            _print({"error": {"code": "internal", "message": str(exc)}}, True)
        return 1
    return 0
