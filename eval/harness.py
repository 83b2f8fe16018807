"""The evaluation harness: send the data sets through `Assistant.handle` and score the results.

The requests are exactly those `../shared/tools/score.py` sends to `batch` (ask without a
notice, search with `k`, classify and critique with their notice), plus one search at depth 10
per retrieval item for MRR@10, and one `draft` per fact sheet of `facts.jsonl` when the set has
one (score.py has no such suite: placement accuracy and figures kept are this harness's own). Anything with a `.handle(request) -> result` method can be
evaluated: the real `Assistant`, the tutorial-RAG baseline, or a fake in tests. A result
`{"error": ...}` is a failure like any other and is listed.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from pydantic import BaseModel
from tqdm import tqdm

from eval.metrics import (
    answer_passes,
    critique_counts,
    figure_kept,
    gold_rank,
    mean,
    percentile,
    placed,
    quote_verbatim,
    rate,
    ratio,
)

Suite = Literal["qa", "retrieval", "ranking", "category", "critique", "draft"]
FailureKind = Literal[Suite, "citation"]
RANK_DEPTH = 10
"""Search depth of the ranking probes (MRR@10, recall@10)."""
WARM_UP = {"op": "search", "query": "智慧广电", "k": 1}
"""An untimed first request: it opens (or builds) the index, so that start-up is reported on its
own instead of as one request's latency."""
THRESHOLDS = Path(__file__).resolve().parent / "thresholds.json"
NO_CATEGORY = "(无)"
CLIP = 200


class Handler(Protocol):
    """What the harness evaluates: one contract request in, one contract result out, never raising."""

    def handle(self, raw: dict[str, Any]) -> dict[str, Any]: ...


class Datasets(BaseModel):
    """The rows of `qa.jsonl`, `category.jsonl` and `critique.jsonl` (format: CONTRACT.md), and of
    `facts.jsonl`: fact sheets `{"id", "notice", "category", "facts", "placements": [{"fact",
    "element"}], "figures": [str]}` to draft from."""

    qa: list[dict[str, Any]] = []
    category: list[dict[str, Any]] = []
    critique: list[dict[str, Any]] = []
    facts: list[dict[str, Any]] = []

    @classmethod
    def load(cls, directory: Path) -> Datasets:
        """Read the three files of `directory`; a missing file is an empty set, as in score.py."""

        def rows(name: str) -> list[dict[str, Any]]:
            path = directory / f"{name}.jsonl"
            if not path.exists():
                return []
            lines = path.read_text(encoding="utf-8").splitlines()
            return [json.loads(line) for line in lines if line.strip()]

        return cls(qa=rows("qa"), category=rows("category"), critique=rows("critique"), facts=rows("facts"))


class Probe(BaseModel):
    """One request and the data-set row it checks."""

    suite: Suite
    item: dict[str, Any]
    request: dict[str, Any]


def build_probes(data: Datasets, k: int = 5) -> list[Probe]:
    """score.py's requests, in its order, then the depth-10 searches for MRR."""
    retrievable = [it for it in data.qa if it.get("gold_sources")]
    return [
        *(Probe(suite="qa", item=it, request={"op": "ask", "question": it["question"]}) for it in data.qa),
        *(
            Probe(suite="retrieval", item=it, request={"op": "search", "query": it["question"], "k": k})
            for it in retrievable
        ),
        *(
            Probe(
                suite="category",
                item=it,
                request={"op": "classify", "description": it["description"], "notice": it["notice"]},
            )
            for it in data.category
        ),
        *(
            Probe(
                suite="critique",
                item=it,
                request={
                    "op": "critique",
                    "text": it["text"],
                    "notice": it["notice"],
                    "category": it["category"],
                },
            )
            for it in data.critique
        ),
        *(
            Probe(
                suite="ranking", item=it, request={"op": "search", "query": it["question"], "k": RANK_DEPTH}
            )
            for it in retrievable
        ),
        *(
            Probe(
                suite="draft",
                item=it,
                request={
                    "op": "draft",
                    "facts": facts_text(it["facts"]),
                    "notice": it["notice"],
                    "category": it["category"],
                },
            )
            for it in data.facts
        ),
    ]


def facts_text(facts: object) -> str:
    """A fact sheet's facts as the text `draft` takes (a list is one fact a line)."""
    if isinstance(facts, list):
        return "\n".join(str(f) for f in facts)
    if isinstance(facts, dict):
        return "\n".join(f"{k}：{v}" for k, v in facts.items())
    return str(facts)


SELF_CRITIQUE_ALLOWED_FIGURES = 3
"""A draft may be told it lacks data when its fact sheet holds fewer figures than this (the
critique asks for at least three)."""


def draft_self_defects(item: dict[str, Any], result: dict[str, Any]) -> list[dict[str, Any]]:
    """The defects the critique finds in a draft beyond what its facts lack: a missing element the
    sheet places no fact in, or too few figures when the sheet has fewer than three."""
    placed_elements = [p.get("element", "") for p in item.get("placements", [])]
    few_figures = len(item.get("figures", [])) < SELF_CRITIQUE_ALLOWED_FIGURES
    extra = []
    for defect in result.get("defects") or []:
        code = defect.get("code")
        if code == "lacks_quantitative_data" and few_figures:
            continue
        if code == "missing_element" and not any(
            critique_counts([{"code": code, "element": e}], [defect])[0] for e in placed_elements
        ):
            continue
        extra.append(defect)
    return extra


class Transcript(BaseModel):
    """What one system answered, how long each request took, and the process's peak memory."""

    results: list[dict[str, Any]]
    seconds: list[float]
    warm_up_seconds: float
    peak_rss_mb: float


def peak_rss_mb() -> float:
    """The process's peak resident memory so far (ru_maxrss is in KiB on Linux)."""
    kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(kib / 1024, 1)


def run_probes(handler: Handler, probes: list[Probe], label: str, progress: bool = False) -> Transcript:
    start = time.perf_counter()
    handler.handle(dict(WARM_UP))
    warm_up = time.perf_counter() - start
    results: list[dict[str, Any]] = []
    seconds: list[float] = []
    for probe in tqdm(probes, desc=label, unit="req", file=sys.stderr, disable=not progress):
        start = time.perf_counter()
        results.append(handler.handle(dict(probe.request)))
        seconds.append(time.perf_counter() - start)
    return Transcript(results=results, seconds=seconds, warm_up_seconds=warm_up, peak_rss_mb=peak_rss_mb())


class DocumentText(BaseModel):
    """A document as received (what score.py checks quotes against) and as normalised."""

    source: str
    normalized: str


def load_documents() -> dict[str, DocumentText]:
    from assistant.knowledge.documents import normalized_text, registry

    return {
        doc_id: DocumentText(
            source=info.source_path.read_text(encoding="utf-8"), normalized=normalized_text(doc_id)
        )
        for doc_id, info in registry().items()
    }


class TypeScore(BaseModel):
    n: int
    passed: int
    rate: float | None


class Confusion(BaseModel):
    """Rows are gold categories, columns predicted ones, both in `labels` order."""

    labels: list[str]
    matrix: list[list[int]]


class CodeScore(BaseModel):
    tp: int
    fp: int
    fn: int
    precision: float | None
    recall: float | None


class Latency(BaseModel):
    n: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    samples_ms: list[float]


class Failure(BaseModel):
    suite: FailureKind
    id: str
    question: str
    expected: str
    got: str

    @property
    def key(self) -> str:
        return f"{self.suite}:{self.id}"


class SystemScores(BaseModel):
    """Every figure of one system on one run."""

    name: str
    headline: dict[str, float | None]
    counts: dict[str, int]
    answer_by_type: dict[str, TypeScore]
    confusion: dict[str, Confusion]
    critique_by_code: dict[str, CodeScore]
    latency: dict[str, Latency]
    warm_up_s: float
    """The untimed first request (`WARM_UP`): opening or building the index."""
    peak_rss_mb: float
    failures: list[Failure]


def clip(value: object) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= CLIP else text[:CLIP] + "…"


def error_text(result: dict[str, Any]) -> str:
    error = result["error"]
    return (
        f"error {error.get('code')}: {error.get('message')}" if isinstance(error, dict) else f"error: {error}"
    )


def defect_pairs(defects: list[dict[str, Any]]) -> str:
    return clip([[d.get("code"), d.get("element") or d.get("expected")] for d in defects])


@dataclass
class _Tally:
    """Running counts while the results of one system are scored."""

    answers: list[bool] = field(default_factory=list)
    unanswerable: list[bool] = field(default_factory=list)
    refused_answerable: int = 0
    by_type: dict[str, list[bool]] = field(default_factory=lambda: defaultdict(list))
    cite_doc: list[bool] = field(default_factory=list)
    quote_ok: list[bool] = field(default_factory=list)
    quote_exact: list[bool] = field(default_factory=list)
    retrieval: list[bool] = field(default_factory=list)
    reciprocal_ranks: list[float] = field(default_factory=list)
    found_at_depth: list[bool] = field(default_factory=list)
    category: list[bool] = field(default_factory=list)
    confusion: dict[str, Counter[tuple[str, str]]] = field(default_factory=lambda: defaultdict(Counter))
    by_code: dict[str, list[int]] = field(default_factory=dict)
    placements: list[bool] = field(default_factory=list)
    figures_kept: list[bool] = field(default_factory=list)
    drafts_clean: list[bool] = field(default_factory=list)
    errors: int = 0
    failures: list[Failure] = field(default_factory=list)


class Scorer:
    """Scores a transcript with score.py's rules, adding the figures score.py does not give."""

    def __init__(self, documents: dict[str, DocumentText], k: int = 5) -> None:
        self.documents = documents
        self.k = k
        self._suites = {
            "qa": self._qa,
            "retrieval": self._retrieval,
            "ranking": self._ranking,
            "category": self._category,
            "critique": self._critique,
            "draft": self._draft,
        }

    def score(self, name: str, probes: list[Probe], transcript: Transcript) -> SystemScores:
        tally = _Tally()
        latency: dict[str, list[float]] = defaultdict(list)
        for probe, result, seconds in zip(probes, transcript.results, transcript.seconds, strict=True):
            latency[probe.request["op"]].append(seconds * 1000)
            tally.errors += "error" in result
            self._citations(tally, probe.item, result)
            self._suites[probe.suite](tally, probe.item, result)
        return self._summary(name, tally, latency, transcript)

    def _citations(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        for citation in result.get("citations") or []:
            doc = self.documents.get(citation.get("doc", "")) if isinstance(citation, dict) else None
            quote = citation.get("quote", "") if doc else ""
            ok = doc is not None and quote_verbatim(doc.source, quote)
            tally.quote_ok.append(ok)
            tally.quote_exact.append(doc is not None and bool(quote) and quote in doc.normalized)
            if not ok:
                asked = item.get("question") or item.get("description") or item.get("text") or ""
                tally.failures.append(
                    Failure(
                        suite="citation",
                        id=item["id"],
                        question=clip(asked),
                        expected="a quote found in the cited document",
                        got=clip(citation),
                    )
                )

    def _qa(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        ok = answer_passes(item, result)
        answerable = item.get("answerable", True)
        (tally.answers if answerable else tally.unanswerable).append(ok)
        tally.by_type[item.get("type", "?")].append(ok)
        if answerable and result.get("answerable") is False:
            tally.refused_answerable += 1
        if answerable and item.get("gold_sources"):
            gold_docs = {g["doc"] for g in item["gold_sources"]}
            cited = {c.get("doc") for c in result.get("citations") or [] if isinstance(c, dict)}
            tally.cite_doc.append(bool(cited & gold_docs))
        if ok:
            return
        if answerable:
            expected = " + ".join("/".join(group) for group in item.get("must_include", []))
        else:
            expected = "answerable: false（文件未涉及，应拒答）"
        if "error" in result:
            got = error_text(result)
        else:
            got = f"answerable={result.get('answerable')}: {result.get('answer', '')}"
        tally.failures.append(
            Failure(
                suite="qa", id=item["id"], question=item["question"], expected=clip(expected), got=clip(got)
            )
        )

    def _hit_texts(self, result: dict[str, Any], depth: int) -> list[str]:
        return [h.get("text", "") for h in (result.get("hits") or [])[:depth]]

    def _retrieval(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        quotes = [g["quote"] for g in item["gold_sources"]]
        ok = gold_rank(self._hit_texts(result, self.k), quotes) is not None
        tally.retrieval.append(ok)
        if ok:
            return
        if "error" in result:
            got = error_text(result)
        else:
            got = " | ".join(
                f"{h.get('doc')} {h.get('section')}: {h.get('text', '')[:40]}"
                for h in result.get("hits") or []
            )
        tally.failures.append(
            Failure(
                suite="retrieval",
                id=item["id"],
                question=item["question"],
                expected=clip(" | ".join(quotes)),
                got=clip(got or "no hits"),
            )
        )

    def _ranking(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        rank = gold_rank(self._hit_texts(result, RANK_DEPTH), [g["quote"] for g in item["gold_sources"]])
        tally.reciprocal_ranks.append(1 / rank if rank else 0.0)
        tally.found_at_depth.append(rank is not None)

    def _category(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        got = result.get("category") or NO_CATEGORY
        ok = got == item["gold"]
        tally.category.append(ok)
        tally.confusion[item["notice"]][item["gold"], got] += 1
        if not ok:
            tally.failures.append(
                Failure(
                    suite="category",
                    id=item["id"],
                    question=clip(item["description"]),
                    expected=item["gold"],
                    got=error_text(result) if "error" in result else got,
                )
            )

    def _critique(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        gold, got = item["gold_defects"], result.get("defects") or []
        wrong = False
        # Matching never crosses codes, so counting code by code gives score.py's totals.
        for code in sorted({d.get("code", "") for d in [*gold, *got]}):
            counts = critique_counts(
                [d for d in gold if d.get("code") == code], [d for d in got if d.get("code") == code]
            )
            totals = tally.by_code.setdefault(code, [0, 0, 0])
            for i, n in enumerate(counts):
                totals[i] += n
            wrong = wrong or counts[1] > 0 or counts[2] > 0
        if wrong or "error" in result:
            tally.failures.append(
                Failure(
                    suite="critique",
                    id=item["id"],
                    question=clip(f"[{item['notice']} / {item['category']}] {item['text']}"),
                    expected=defect_pairs(gold),
                    got=error_text(result) if "error" in result else defect_pairs(got),
                )
            )

    def _draft(self, tally: _Tally, item: dict[str, Any], result: dict[str, Any]) -> None:
        sections = [] if "error" in result else result.get("sections") or []
        text = "" if "error" in result else str(result.get("text", ""))
        misplaced = []
        for placement in item.get("placements", []):
            ok = placed(placement["fact"], placement["element"], sections)
            tally.placements.append(ok)
            if not ok:
                misplaced.append(f"{placement['fact']} -> {placement['element']}")
        lost = [f for f in item.get("figures", []) if not figure_kept(f, text)]
        tally.figures_kept += [figure_kept(f, text) for f in item.get("figures", [])]
        extra = [] if "error" in result else draft_self_defects(item, result)
        tally.drafts_clean.append("error" not in result and not extra)
        if misplaced or lost or extra or "error" in result:
            got = error_text(result) if "error" in result else f"misplaced {misplaced}; lost {lost}"
            tally.failures.append(
                Failure(
                    suite="draft",
                    id=item["id"],
                    question=clip(f"[{item['notice']} / {item['category']}] {facts_text(item['facts'])}"),
                    expected="every fact in its element's section, every figure kept, no defect beyond the facts' gaps",
                    got=clip(f"{got}; own defects {defect_pairs(extra)}"),
                )
            )

    def _summary(
        self, name: str, tally: _Tally, latency: dict[str, list[float]], transcript: Transcript
    ) -> SystemScores:
        by_code = {
            code: CodeScore(tp=tp, fp=fp, fn=fn, precision=ratio(tp, tp + fp), recall=ratio(tp, tp + fn))
            for code, (tp, fp, fn) in sorted(tally.by_code.items())
        }
        tp, fp, fn = (sum(c[i] for c in tally.by_code.values()) for i in range(3))
        headline = {
            "answer_pass": rate(tally.answers),
            "unanswerable_pass": rate(tally.unanswerable),
            f"retrieval_recall@{self.k}": rate(tally.retrieval),
            f"retrieval_recall@{RANK_DEPTH}": rate(tally.found_at_depth),
            f"retrieval_mrr@{RANK_DEPTH}": mean(tally.reciprocal_ranks),
            "category_accuracy": rate(tally.category),
            "critique_precision": ratio(tp, tp + fp),
            "critique_recall": ratio(tp, tp + fn),
            "citation_quote_verbatim": rate(tally.quote_ok),
            "citation_quote_exact": rate(tally.quote_exact),
            "citation_doc_hit": rate(tally.cite_doc),
            "draft_placement": rate(tally.placements),
            "draft_figures_kept": rate(tally.figures_kept),
            "draft_self_critique_clean": rate(tally.drafts_clean),
        }
        counts = {
            "answer_n": len(tally.answers),
            "unanswerable_n": len(tally.unanswerable),
            "refused_answerable": tally.refused_answerable,
            "retrieval_n": len(tally.retrieval),
            "category_n": len(tally.category),
            "critique_defects_gold": tp + fn,
            "critique_defects_found": tp + fp,
            "citations_n": len(tally.quote_ok),
            "draft_n": len(tally.drafts_clean),
            "placements_n": len(tally.placements),
            "error_results": tally.errors,
            "requests": sum(len(v) for v in latency.values()),
        }
        return SystemScores(
            name=name,
            headline=headline,
            counts=counts,
            answer_by_type={
                t: TypeScore(n=len(v), passed=sum(v), rate=rate(v)) for t, v in sorted(tally.by_type.items())
            },
            confusion={notice: _confusion(cells) for notice, cells in sorted(tally.confusion.items())},
            critique_by_code=by_code,
            latency={op: _latency(ms) for op, ms in sorted(latency.items())},
            warm_up_s=round(transcript.warm_up_seconds, 2),
            peak_rss_mb=transcript.peak_rss_mb,
            failures=tally.failures,
        )


def _confusion(cells: Counter[tuple[str, str]]) -> Confusion:
    golds = sorted({gold for gold, _ in cells})
    labels = golds + sorted({got for _, got in cells} - set(golds))
    return Confusion(labels=labels, matrix=[[cells[g, p] for p in labels] for g in labels])


def _latency(ms: list[float]) -> Latency:
    return Latency(
        n=len(ms),
        p50_ms=round(percentile(ms, 50), 1),
        p95_ms=round(percentile(ms, 95), 1),
        max_ms=round(max(ms), 1),
        samples_ms=[round(x, 1) for x in ms],
    )


class Delta(BaseModel):
    old: float | None
    new: float | None
    delta: float | None


class Comparison(BaseModel):
    """What changed against an earlier report (or a score.py summary)."""

    against: str
    deltas: dict[str, Delta]
    newly_failing: list[str]
    newly_passing: list[str]


def compare(old: dict[str, Any], new: SystemScores, against: str) -> Comparison:
    """Deltas per headline figure; `old` is a report JSON of this harness or score.py's summary."""
    previous = old.get("assistant", old)
    old_headline = previous.get("headline", previous)
    deltas = {}
    for figure, value in new.headline.items():
        before = old_headline.get(figure)
        before = before if isinstance(before, int | float) else None
        diff = round(value - before, 3) if value is not None and before is not None else None
        deltas[figure] = Delta(old=before, new=value, delta=diff)
    old_failures = {f"{f['suite']}:{f['id']}" for f in previous.get("failures", [])}
    new_failures = {f.key for f in new.failures}
    known = "failures" in previous
    return Comparison(
        against=against,
        deltas=deltas,
        newly_failing=sorted(new_failures - old_failures) if known else [],
        newly_passing=sorted(old_failures - new_failures) if known else [],
    )


class GateCheck(BaseModel):
    figure: str
    threshold: float
    value: float | None
    passed: bool


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, float]:
    thresholds: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    return thresholds


def gate(headline: dict[str, float | None], thresholds: dict[str, float]) -> list[GateCheck]:
    """One check per threshold; a figure the run could not measure (no data) fails."""
    checks = []
    for figure, threshold in thresholds.items():
        value = headline.get(figure)
        checks.append(
            GateCheck(
                figure=figure,
                threshold=threshold,
                value=value,
                passed=value is not None and value >= threshold,
            )
        )
    return checks


class RunInfo(BaseModel):
    datasets: str
    k: int
    started: str
    seconds: float
    items: dict[str, int]


class EvalReport(BaseModel):
    info: RunInfo
    assistant: SystemScores
    baseline: SystemScores | None = None
    comparison: Comparison | None = None
    gate: list[GateCheck] | None = None

    @property
    def gate_passed(self) -> bool:
        return all(check.passed for check in self.gate or [])


def evaluate(
    assistant: Handler,
    data: Datasets,
    *,
    datasets_label: str,
    k: int = 5,
    baseline: Handler | None = None,
    documents: dict[str, DocumentText] | None = None,
    progress: bool = False,
) -> EvalReport:
    """Run the assistant (and the baseline, on the same probes) and score both."""
    started = datetime.now(UTC)
    probes = build_probes(data, k)
    scorer = Scorer(documents if documents is not None else load_documents(), k=k)
    scores = scorer.score("assistant", probes, run_probes(assistant, probes, "assistant", progress))
    peer = None
    if baseline is not None:
        # The tutorial RAG neither critiques nor drafts: those figures stay empty rather than zero.
        shared = [p for p in probes if p.suite not in ("critique", "draft")]
        peer = scorer.score("baseline", shared, run_probes(baseline, shared, "baseline", progress))
    info = RunInfo(
        datasets=datasets_label,
        k=k,
        started=started.isoformat(timespec="seconds"),
        seconds=round((datetime.now(UTC) - started).total_seconds(), 1),
        items={
            "qa": len(data.qa),
            "category": len(data.category),
            "critique": len(data.critique),
            "facts": len(data.facts),
        },
    )
    return EvalReport(info=info, assistant=scores, baseline=peer)
