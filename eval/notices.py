"""Scoring the notice extractor and the added-notice answers.

`python -m eval.notices builtins`: extract the built-in calls from their normalised text alone
and compare field by field with the curated `knowledge/rules/*.yaml`: precision and recall per
field (target >= 0.95 / >= 0.9).

`python -m eval.notices dev eval/notices-dev [--out DIR]`: in a fresh ASSISTANT_HOME, add every
file with `notices add FILE --id ID --json` (the CLI, as outside checks call it), compare the
extracted rules with `expected.jsonl`, then ask `qa.jsonl` through one `batch` process (without
`--notice`, as score.py asks) and count the answers whose `must_include` groups all hold and
whose `answerable` flag is right.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Any

from assistant.text.chinese import to_simplified

ROOT = Path(__file__).resolve().parent.parent
TODAY = "2026-11-24"
BUILTIN_CALLS = ["notice-2020-smart-demo", "notice-2023-network-services", "notice-2024-media-convergence"]
PUNCT = re.compile(r"[\s“”\"'‘’、，,。.：:；;（）()〔〕\[\]［］【】《》!！?？\-—－–_|·…]")


def norm(value: Any) -> str:
    return PUNCT.sub("", to_simplified(str(value))).lower()


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(
        self, expected: Iterable[str], got: Iterable[str], loose: bool = False, similar: float = 1.0
    ) -> None:
        want, have = [norm(x) for x in expected if x], [norm(x) for x in got if x]

        def same(a: str, b: str) -> bool:
            if a == b or (loose and bool(a) and bool(b) and (a in b or b in a)):
                return True
            return similar < 1.0 and SequenceMatcher(None, a, b).ratio() >= similar

        matched = {i for i, w in enumerate(want) if any(same(w, h) for h in have)}
        used = {j for j, h in enumerate(have) if any(same(w, h) for w in want)}
        self.tp += len(matched)
        self.fn += len(want) - len(matched)
        self.fp += len(have) - len(used)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


@dataclass
class FieldScores:
    fields: dict[str, Tally] = field(default_factory=dict)

    def add(
        self,
        name: str,
        expected: Iterable[str],
        got: Iterable[str],
        loose: bool = False,
        similar: float = 1.0,
    ) -> None:
        self.fields.setdefault(name, Tally()).add(expected, got, loose, similar)

    def table(self) -> str:
        rows = [f"{'field':<22} {'P':>6} {'R':>6}  tp/fp/fn"]
        total = Tally()
        for name, t in self.fields.items():
            rows.append(f"{name:<22} {t.precision:6.3f} {t.recall:6.3f}  {t.tp}/{t.fp}/{t.fn}")
            total.tp, total.fp, total.fn = total.tp + t.tp, total.fp + t.fp, total.fn + t.fn
        rows.append(
            f"{'ALL (micro)':<22} {total.precision:6.3f} {total.recall:6.3f}  {total.tp}/{total.fp}/{total.fn}"
        )
        return "\n".join(rows)

    def as_json(self) -> dict[str, dict[str, float]]:
        return {
            n: {"precision": t.precision, "recall": t.recall, "tp": t.tp, "fp": t.fp, "fn": t.fn}
            for n, t in self.fields.items()
        }


def _one(value: Any) -> list[str]:
    return [] if value is None else [str(value)]


def _v(fact: dict[str, Any] | None) -> list[str]:
    return _one(fact["value"]) if fact else []


def compare_rules(scores: FieldScores, gold: dict[str, Any], got: dict[str, Any]) -> None:
    """Field by field, the curated rules against the extracted ones (both `rules show` JSON)."""
    scores.add("title", _v(gold.get("title")), _v(got.get("title")))
    scores.add("doc_number", _v(gold.get("doc_number")), _v(got.get("doc_number")))
    scores.add("issuer", _v(gold.get("issuing_office")), _v(got.get("issuing_office")))
    scores.add("issued", _v(gold.get("issued")), _v(got.get("issued")))
    scores.add("deadline", _v(gold.get("deadline")), _v(got.get("deadline")))
    scores.add(
        "platform_url",
        _one((gold.get("platform") or {}).get("url")),
        _one((got.get("platform") or {}).get("url")),
    )
    scores.add(
        "categories",
        [c["name"] for c in gold.get("categories", [])],
        [c["name"] for c in got.get("categories", [])],
    )
    scores.add(
        "category_definitions",
        [c["definition"] for c in gold.get("categories", [])],
        [c["definition"] for c in got.get("categories", [])],
        loose=True,
    )
    scores.add("elements", _elements(gold), _elements(got), loose=True)
    scores.add(
        "quotas", [_quota(q) for q in gold.get("quotas", [])], [_quota(q) for q in got.get("quotas", [])]
    )
    scores.add(
        "length_limits",
        [f"{x['target']}:{x['max_chars']}" for x in gold.get("length_limits", [])],
        [f"{x['target']}:{x['max_chars']}" for x in got.get("length_limits", [])],
    )
    scores.add(
        "contact_names",
        [n for c in gold.get("contacts", []) for n in c.get("names", [])],
        [n for c in got.get("contacts", []) for n in c.get("names", [])],
    )
    scores.add(
        "contact_phones",
        [p for c in gold.get("contacts", []) for p in c.get("phones", [])],
        [p for c in got.get("contacts", []) for p in c.get("phones", [])],
    )
    scores.add(
        "applicant_kinds",
        sorted({k for a in gold.get("eligible_applicants", []) for k in a["kinds"]}),
        sorted({k for a in got.get("eligible_applicants", []) for k in a["kinds"]}),
    )
    scores.add(
        "requirements",
        [r["name"] for r in gold.get("requirements", [])],
        [r["name"] for r in got.get("requirements", [])],
    )


def _elements(rules: dict[str, Any]) -> list[str]:
    found = [e["name"] for e in rules.get("elements", [])]
    for category in rules.get("categories", []):
        found += [f"{category['name']}:{e['name']}" for e in category.get("elements", [])]
    return found


def _quota(q: dict[str, Any]) -> str:
    return f"{q['scope']}:{q.get('per_category')}:{q.get('total')}"


def score_builtins() -> FieldScores:
    from assistant.knowledge.documents import normalized_text
    from assistant.knowledge.rules import load_rules
    from assistant.notices.extract import extract

    scores = FieldScores()
    for doc_id in BUILTIN_CALLS:
        gold = load_rules(doc_id).model_dump(mode="json")
        got = extract(doc_id, normalized_text(doc_id)).rules.model_dump(mode="json")
        compare_rules(scores, gold, got)
    return scores


def _cli(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 2):
        raise RuntimeError(proc.stderr[-2000:])
    return proc.stdout


def compare_expected(scores: FieldScores, want: dict[str, Any], got: dict[str, Any]) -> None:
    """The dev set's expected fields (expected.jsonl) against `notices add`'s rules."""
    # four titles were put together from the body's words (the set's README: judge them loosely)
    scores.add("title", _one(want.get("title")), _v(got.get("title")), loose=True, similar=0.8)
    scores.add("issuer", _one(want.get("issuer")), _v(got.get("issuing_office")), loose=True)
    scores.add("doc_number", _one(want.get("doc_number")), _v(got.get("doc_number")))
    scores.add("issued", _one(want.get("issued")), _v(got.get("issued")))
    family = got.get("family") or "other"
    scores.add("family", _one(want.get("family")), [family])
    scores.add("year", _one(want.get("year")), _one(got.get("year")))
    scores.add("forwards", _one(want.get("forwards")), _v(got.get("forwards")), loose=True)
    scores.add("deadlines", want.get("deadlines", []), [d["value"] for d in got.get("deadlines", [])])
    scores.add(
        "categories", want.get("categories", []), [c["name"] for c in got.get("categories", [])], loose=True
    )
    scores.add(
        "quotas", want.get("quotas", []), [q["source"]["quote"] for q in got.get("quotas", [])], loose=True
    )
    got_contacts = got.get("contacts", [])
    scores.add(
        "contact_names",
        [c["name"] for c in want.get("contacts", []) if c.get("name")],
        [n for c in got_contacts for n in c.get("names", [])],
    )
    scores.add(
        "contact_phones",
        [p for c in want.get("contacts", []) if c.get("phone") for p in re.split(r"[,，、]", c["phone"])],
        [p for c in got_contacts for p in c.get("phones", [])],
    )
    scores.add(
        "contact_emails",
        [c["email"] for c in want.get("contacts", []) if c.get("email")],
        [c["email"] for c in got_contacts if c.get("email")],
    )
    scores.add(
        "length_limits",
        [str(x) for x in want.get("length_limits", [])],
        [str(x["max_chars"]) for x in got.get("length_limits", [])],
        loose=True,
    )


def passes(item: dict[str, Any], result: dict[str, Any]) -> bool:
    answer = re.sub(r"\s", "", result.get("answer", ""))
    if not item.get("answerable", True):
        return result.get("answerable") is False
    groups_hold = all(
        any(re.sub(r"\s", "", alt) in answer for alt in group) for group in item.get("must_include", [])
    )
    flag_ok = result.get("answerable") is True or bool(item.get("silence_ok"))
    return groups_hold and flag_ok


def score_dev(data: Path, out: Path | None) -> dict[str, Any]:
    expected = [
        json.loads(line)
        for line in (data / "expected.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions = [
        json.loads(line)
        for line in (data / "qa.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    home = Path(tempfile.mkdtemp(prefix="notices-dev-"))
    env = dict(os.environ, ASSISTANT_HOME=str(home), ASSISTANT_TODAY=TODAY)
    scores = FieldScores()
    for want in expected:
        added = json.loads(
            _cli(env, "notices", "add", str(data / want["file"]), "--id", want["id"], "--json")
        )
        if "error" in added:
            print(f"{want['id']}: {added['error']}", file=sys.stderr)
            added = {"rules": {}}
        compare_expected(scores, want, added["rules"])
    batch = "\n".join(
        json.dumps({"op": "ask", "question": q["question"]}, ensure_ascii=False) for q in questions
    )
    answers = [
        json.loads(line)
        for line in _cli(env, "batch", "--today", TODAY, stdin=batch).splitlines()
        if line.strip()
    ]
    results = [
        {
            "id": q["id"],
            "pass": passes(q, a),
            "answer": a.get("answer", a.get("error")),
            "answerable": a.get("answerable"),
        }
        for q, a in zip(questions, answers, strict=True)
    ]
    answerable = [r for r, q in zip(results, questions, strict=True) if q.get("answerable", True)]
    unanswerable = [r for r, q in zip(results, questions, strict=True) if not q.get("answerable", True)]
    report = {
        "fields": scores.as_json(),
        "qa_pass": sum(r["pass"] for r in results) / len(results),
        "answerable_pass": sum(r["pass"] for r in answerable) / max(1, len(answerable)),
        "unanswerable_pass": sum(r["pass"] for r in unanswerable) / max(1, len(unanswerable)),
        "questions": results,
    }
    print(scores.table())
    print(
        f"questions: {report['qa_pass']:.3f} pass ({len(results)}); answerable {report['answerable_pass']:.3f}, unanswerable {report['unanswerable_pass']:.3f}"
    )
    if out is not None:
        out.mkdir(parents=True, exist_ok=True)
        (out / "notices-dev.json").write_text(
            json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.notices", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("builtins", help="extract the built-in calls and compare with knowledge/rules")
    dev = sub.add_parser(
        "dev", help="add a data set's notices through the CLI and score fields and questions"
    )
    dev.add_argument("data", type=Path)
    dev.add_argument("--out", type=Path)
    args = parser.parse_args(argv)
    if args.command == "builtins":
        print(score_builtins().table())
        return 0
    score_dev(args.data, args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
