"""The command line: thin wrappers that parse arguments, call `assistant.service`, and print.

With `--json` each command prints exactly one JSON object on stdout (see ../shared/CONTRACT.md);
logs and progress go to stderr. Exit 0 on success, 2 on bad input, 1 on an internal fault.
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic import BaseModel

from assistant.contract import ErrorResult
from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.service import Assistant

Handler = Callable[[argparse.Namespace], Any]


class ArgumentError(AssistantError):
    code = "bad_argument"


class Parser(argparse.ArgumentParser):
    """Argument errors become `ArgumentError`, so `--json` callers get the contract's error object
    on stdout (exit 2) instead of argparse's usage text on stderr."""

    def error(self, message: str) -> NoReturn:
        raise ArgumentError(f"{self.prog}: {message}")


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
    from assistant.knowledge.documents import registry

    docs = [{"id": d.id, "kind": d.kind, "title": d.title} for d in registry().values()]
    if args.json:
        return {"documents": docs}
    return "\n".join(f"{d['id']:<34} {d['kind']:<7} {d['title']}" for d in docs)


def _rules_show(args: argparse.Namespace) -> Any:
    from assistant.knowledge.rules import load_rules

    _assistant().sync_notices()  # a notice added through another instance sharing the database
    return load_rules(args.id).model_dump(mode="json", exclude_none=True)


def _rules_check(args: argparse.Namespace) -> Any:
    from assistant.knowledge.rules import all_rules, verify_sources

    problems = [p for rules in all_rules() for p in verify_sources(rules)]
    if problems:
        raise AssistantError("\n".join(problems), code="bad_rules")
    return {"ok": True, "documents": len(all_rules())}


def _knowledge_build(args: argparse.Namespace) -> Any:
    from assistant.knowledge.documents import write_normalized

    return {"written": [str(p) for p in write_normalized()]}


def _assistant() -> Assistant:
    from assistant.service import Assistant

    return Assistant()


def _read_input(value: str) -> str:
    """A FILE_OR_- argument: `-` reads stdin, anything else is a .txt/.md/.docx file."""
    if value == "-":
        from assistant.guard.inputs import decoded
        from assistant.settings import get_settings

        limit = get_settings().limits.upload_bytes
        data = sys.stdin.buffer.read(limit + 1)
        if len(data) > limit:
            raise AssistantError(f"标准输入超过 {limit} 字节", code="input_too_long")
        return decoded(data, "标准输入")
    from assistant.knowledge.reader import read_draft_file

    return read_draft_file(Path(value))


def _ask(args: argparse.Namespace) -> Any:
    result = _assistant().ask(args.question, notice=args.notice, history=args.history)
    if args.json:
        return result
    sources = "\n".join(f"[{i}] {c.doc} {c.section}：{c.quote}" for i, c in enumerate(result.citations, 1))
    return f"{result.answer}\n\n来源：\n{sources}" if sources else result.answer


def _search(args: argparse.Namespace) -> Any:
    result = _assistant().search(args.query, k=args.k, notice=args.notice)
    if args.json:
        return result
    return "\n\n".join(f"{h.score:.3f} {h.doc} {h.section}\n{h.text}" for h in result.hits)


def _classify(args: argparse.Namespace) -> Any:
    return _assistant().classify(args.description, notice=args.notice)


def _critique(args: argparse.Namespace) -> Any:
    return _assistant().critique(_read_input(args.file), notice=args.notice, category=args.category)


def _draft(args: argparse.Namespace) -> Any:
    result = _assistant().draft(_read_input(args.facts), notice=args.notice, category=args.category)
    return result if args.json else result.text


def _batch(args: argparse.Namespace) -> Any:
    """One process serves every line; each result is flushed as soon as it is ready (see
    `assistant.guard.batch`: one output line per input line, whatever the line holds)."""
    from assistant.guard.batch import serve

    assistant = _assistant()
    for line in serve(sys.stdin.buffer, assistant.handle, assistant.settings.limits.request_bytes):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return None


def _index_build(args: argparse.Namespace) -> Any:
    """Open the index, building it (with progress on stderr) when the knowledge changed."""
    from assistant.retrieval.index import open_index
    from assistant.settings import get_settings

    index = open_index(get_settings().retrieval)
    return {"chunks": len(index.chunks), "documents": index.documents}


def _faq_import(args: argparse.Namespace) -> Any:
    return _assistant().faq_import(Path(args.file))


def _faq_export(args: argparse.Namespace) -> Any:
    return _assistant().faq_export(Path(args.out), evaluation=args.eval)


def _staff_hash_password(args: argparse.Namespace) -> Any:
    """Read the password from stdin (or a prompt) and print the hash for ASSISTANT_STAFF__PASSWORD_HASH."""
    import getpass

    from assistant.staff.auth import hash_password

    password = sys.stdin.readline().rstrip("\n") if not sys.stdin.isatty() else getpass.getpass("密码：")
    hashed = hash_password(password)
    return {"password_hash": hashed} if args.json else hashed


def _notices_add(args: argparse.Namespace) -> Any:
    return _assistant().notices.add(args.file, notice_id=args.id)


def _notices_approve(args: argparse.Namespace) -> Any:
    return _assistant().notices.approve(args.id)


def _notices_list(args: argparse.Namespace) -> Any:
    result = _assistant().notices.listing()
    if args.json:
        return result
    return "\n".join(
        f"{n.id:<40} {n.status:<8} {n.deadline or '—':<10} {'征集中' if n.open else '已截止'}"
        f"{'  接替 ' + n.supersedes if n.supersedes else ''}  {n.title}"
        for n in result.notices
    )


def _notices_remove(args: argparse.Namespace) -> Any:
    return _assistant().notices.remove(args.id)


def _add_notice_commands(sub: Any, common: argparse.ArgumentParser) -> None:
    notices = sub.add_parser("notices", help="notices added by staff: add, approve, list, remove")
    notices_sub = notices.add_subparsers(dest="notices_command", required=True)
    add = notices_sub.add_parser(
        "add", parents=[common], help="add a notice file (.txt .md .html .docx .pdf)"
    )
    add.add_argument("file")
    add.add_argument("--id", help="the new notice's id (lowercase ascii, digits, -)")
    add.set_defaults(handler=_notices_add)
    approve = notices_sub.add_parser("approve", parents=[common], help="serve the reviewed rules")
    approve.add_argument("id")
    approve.set_defaults(handler=_notices_approve)
    notices_sub.add_parser("list", parents=[common], help="every call, its status and deadline").set_defaults(
        handler=_notices_list
    )
    remove = notices_sub.add_parser("remove", parents=[common], help="remove an added notice")
    remove.add_argument("id")
    remove.set_defaults(handler=_notices_remove)


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="python -m assistant", description="智慧广电案例征集助手")
    common = Parser(add_help=False)
    common.add_argument("--json", action="store_true", help="print one JSON object (the contract's shape)")
    common.add_argument("--today", type=date.fromisoformat, help="judge deadlines against this date")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", parents=[common], help="answer a question about the notices, with citations")
    ask.add_argument("question")
    ask.add_argument("--notice", help="restrict to one document id")
    ask.add_argument(
        "--history",
        action="append",
        metavar="EARLIER_QUESTION",
        help="an earlier question of the conversation, oldest first (repeat it); reads follow-ups",
    )
    ask.set_defaults(handler=_ask)

    search = sub.add_parser("search", parents=[common], help="hybrid search over the clauses")
    search.add_argument("query")
    search.add_argument("--k", type=int, default=5)
    search.add_argument("--notice")
    search.set_defaults(handler=_search)

    classify = sub.add_parser("classify", parents=[common], help="suggest the category of a case")
    classify.add_argument("description")
    classify.add_argument("--notice")
    classify.set_defaults(handler=_classify)

    critique = sub.add_parser("critique", parents=[common], help="check a draft against the notice")
    critique.add_argument("file", help="a .txt, .md or .docx file, or - for stdin")
    critique.add_argument("--notice", required=True)
    critique.add_argument("--category")
    critique.set_defaults(handler=_critique)

    draft = sub.add_parser("draft", parents=[common], help="draft the material from the facts")
    draft.add_argument("--notice", required=True)
    draft.add_argument("--category", required=True)
    draft.add_argument("--facts", required=True, help="a file of facts, or - for stdin")
    draft.set_defaults(handler=_draft)

    sub.add_parser(
        "batch", parents=[common], help="JSON Lines requests on stdin, one result a line"
    ).set_defaults(handler=_batch)

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
    index = sub.add_parser("index", help="the retrieval index")
    index_sub = index.add_subparsers(dest="index_command", required=True)
    index_sub.add_parser(
        "build", parents=[common], help="build the index if the knowledge changed"
    ).set_defaults(handler=_index_build)
    faq = sub.add_parser("faq", help="curated answers approved by staff")
    faq_sub = faq.add_subparsers(dest="faq_command", required=True)
    faq_in = faq_sub.add_parser(
        "import", parents=[common], help="import approved answers (.csv/.xlsx/.jsonl)"
    )
    faq_in.add_argument("file")
    faq_in.set_defaults(handler=_faq_import)
    faq_out = faq_sub.add_parser("export", parents=[common], help="export the approved answers")
    faq_out.add_argument("--out", required=True, help="a .csv, .xlsx or .jsonl file")
    faq_out.add_argument("--eval", action="store_true", help="write an evaluation qa.jsonl instead")
    faq_out.set_defaults(handler=_faq_export)

    staff = sub.add_parser("staff", help="the staff desk")
    staff_sub = staff.add_subparsers(dest="staff_command", required=True)
    staff_sub.add_parser(
        "hash-password", parents=[common], help="hash a staff password (read from stdin) for the settings"
    ).set_defaults(handler=_staff_hash_password)

    _add_notice_commands(sub, common)
    return parser


def main(argv: list[str] | None = None) -> int:
    logging.basicConfig(
        level=logging.WARNING, stream=sys.stderr, format="%(levelname)s %(name)s: %(message)s"
    )
    if isinstance(sys.stdout, io.TextIOWrapper):  # a lone surrogate in an echoed id must not end the output
        sys.stdout.reconfigure(errors="backslashreplace")
    try:
        args = build_parser().parse_args(argv)
    except ArgumentError as exc:
        if "--json" in (sys.argv[1:] if argv is None else argv):
            _print(ErrorResult.of(exc.code, exc.message), True)
        else:
            sys.stderr.write(f"错误：{exc.message}\n")
        return 2
    if args.today:
        from assistant.settings import get_settings

        get_settings().today = args.today
    try:
        result = args.handler(args)
        if result is not None:
            _print(result, args.json)
    except AssistantError as exc:
        if args.json:
            _print(ErrorResult.of(exc.code, exc.message), True)
        else:
            sys.stderr.write(f"错误：{exc.message}\n")
        return 2
    except Exception as exc:
        from assistant.guard.logs import internal_message, log_internal, new_request_id

        request_id = new_request_id()
        log_internal(logging.getLogger("assistant"), request_id, f"command {args.command}", exc)
        if args.json:
            _print(ErrorResult.of("internal", internal_message(request_id)), True)
        return 1
    return 0
