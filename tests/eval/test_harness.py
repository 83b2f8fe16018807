"""The evaluation harness on tiny data sets with a scripted fake assistant (no index, no model)."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from eval import __main__ as cli
from eval.baselines_extra import TutorialBaseline
from eval.harness import (
    WARM_UP,
    Datasets,
    EvalReport,
    build_probes,
    compare,
    evaluate,
    gate,
    load_thresholds,
)
from eval.metrics import answer_passes, contains, critique_counts, norm, percentile
from eval.report import write_report

SCORE_PY = Path(__file__).resolve().parents[3] / "shared" / "tools" / "score.py"
DEMO, OPINIONS = "notice-2020-smart-demo", "opinions-smart-broadcasting"
NET, MEDIA = "notice-2023-network-services", "notice-2024-media-convergence"
GOLD_DEMO = "广电办发〔2020〕138号"
GOLD_IP = "推动广播电视制播从基于数字串行接口（SDI）的技术架构向IP架构的融合演进"

QA: list[dict[str, Any]] = [
    {
        "id": "q1",
        "question": "示范案例通知的文号？",
        "type": "procedure",
        "notice": DEMO,
        "must_include": [["科技司"], ["138号"]],
        "gold_sources": [{"doc": DEMO, "quote": GOLD_DEMO}],
        "answerable": True,
    },
    {
        "id": "q2",
        "question": "制播体系向什么架构演进？",
        "type": "policy",
        "notice": OPINIONS,
        "must_include": [["IP"]],
        "gold_sources": [{"doc": OPINIONS, "quote": GOLD_IP}],
        "answerable": True,
    },
    {
        "id": "q3",
        "question": "2025年的申报截止日期？",
        "type": "out_of_scope",
        "notice": None,
        "must_include": [],
        "gold_sources": [],
        "answerable": False,
    },
    {
        "id": "q4",
        "question": "示范案例由哪个司组织？",
        "type": "procedure",
        "notice": DEMO,
        "must_include": [["科技司"]],
        "gold_sources": [{"doc": DEMO, "quote": GOLD_DEMO}],
        "answerable": True,
    },
]
CATEGORY: list[dict[str, Any]] = [
    {"id": "c1", "notice": NET, "description": "少儿互动课堂", "gold": "视听消费新体验"},
    {"id": "c2", "notice": NET, "description": "居家养老", "gold": "智慧家庭新场景"},
    {"id": "c3", "notice": MEDIA, "description": "绩效改革", "gold": "体制机制改革"},
]
CRITIQUE: list[dict[str, Any]] = [
    {
        "id": "k1",
        "notice": NET,
        "category": "视听消费新体验",
        "text": "一、基本情况……",
        "gold_defects": [
            {"code": "missing_element", "element": "创新做法与实践"},
            {"code": "missing_element", "element": "下一步发展计划"},
            {"code": "lacks_quantitative_data"},
        ],
    },
    {
        "id": "k2",
        "notice": MEDIA,
        "category": "体制机制改革",
        "text": "很长的材料",
        "gold_defects": [{"code": "over_length"}],
    },
]


CHAT = [
    {
        "id": "c1",
        "question": "那文号呢？",
        "history": ["示范案例是哪个司组织的？"],
        "type": "followup",
        "notice": DEMO,
        "must_include": [["138号"]],
        "gold_sources": [],
        "answerable": True,
    }
]


def hit(text: str, doc: str = DEMO) -> dict[str, Any]:
    return {"doc": doc, "section": "一、", "text": text, "score": 0.5}


def filler(n: int) -> list[dict[str, Any]]:
    return [hit(f"无关段落{i}") for i in range(n)]


ERROR = {"error": {"code": "internal", "message": "not built yet"}}
ANSWERS: dict[str, dict[str, Any]] = {
    "search|智慧广电|1": {"hits": []},
    "ask|那文号呢？": {
        "answer": "文号为广电办发〔2020〕138号。",
        "answerable": True,
        "notice": DEMO,
        "verdict": None,
        "citations": [],
    },
    "ask|示范案例通知的文号？": {
        "answer": "由科技司组织，文号为广电办发〔2020〕138号。",
        "answerable": True,
        "notice": DEMO,
        "verdict": None,
        "citations": [
            {"doc": DEMO, "section": "前言", "quote": GOLD_DEMO},
            {"doc": DEMO, "section": "前言", "quote": "广电办发2020 138号"},
        ],
    },
    "ask|制播体系向什么架构演进？": {
        "answer": "向云化架构演进。",
        "answerable": True,
        "notice": OPINIONS,
        "verdict": None,
        "citations": [{"doc": OPINIONS, "section": "二、", "quote": "完全虚构的一句话并不在文件里"}],
    },
    "ask|2025年的申报截止日期？": {"answer": "文件未涉及。", "answerable": False, "citations": []},
    "ask|示范案例由哪个司组织？": ERROR,
    "search|示范案例通知的文号？|5": {"hits": [*filler(1), hit(f"……{GOLD_DEMO}……"), *filler(3)]},
    "search|示范案例通知的文号？|10": {"hits": [*filler(1), hit(f"……{GOLD_DEMO}……"), *filler(8)]},
    "search|制播体系向什么架构演进？|5": {"hits": filler(5)},
    "search|制播体系向什么架构演进？|10": {"hits": [*filler(6), hit(GOLD_IP, OPINIONS), *filler(3)]},
    "search|示范案例由哪个司组织？|5": ERROR,
    "search|示范案例由哪个司组织？|10": ERROR,
    "classify|少儿互动课堂": {
        "notice": NET,
        "category": "视听消费新体验",
        "ranking": [],
        "rationale": "",
        "citations": [{"doc": "no-such-doc", "section": "", "quote": "x"}],
    },
    "classify|居家养老": {
        "notice": NET,
        "category": "视听消费新体验",
        "ranking": [],
        "rationale": "",
        "citations": [],
    },
    "classify|绩效改革": ERROR,
    "critique|一、基本情况……": {
        "defects": [
            {"code": "missing_element", "element": "创新做法与实践（含技术路线）", "message": "m"},
            {"code": "subjective_language", "message": "m"},
        ],
        "elements": [],
        "stats": {"chars": 7},
    },
    "critique|很长的材料": {
        "defects": [{"code": "over_length", "limit": 3, "actual": 5, "message": "m"}],
        "elements": [],
        "stats": {"chars": 5},
    },
}


class FakeAssistant:
    """Answers from the script above and remembers every request it was sent."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []

    def handle(self, raw: dict[str, Any]) -> dict[str, Any]:
        self.requests.append(raw)
        text = raw.get("question") or raw.get("query") or raw.get("description") or raw.get("text")
        key = f"{raw['op']}|{text}" + (f"|{raw['k']}" if raw["op"] == "search" else "")
        return ANSWERS[key]


def write_datasets(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("qa", QA), ("chat", CHAT), ("category", CATEGORY), ("critique", CRITIQUE)):
        lines = [json.dumps(row, ensure_ascii=False) for row in rows]
        (folder / f"{name}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> EvalReport:
    data = Datasets.load(write_datasets(tmp_path_factory.mktemp("data")))
    return evaluate(FakeAssistant(), data, datasets_label="tiny")


def test_silence_ok_passes_with_either_flag_when_the_facts_are_there() -> None:
    item = {**QA[0], "must_include": [["138号"]], "silence_ok": True}
    said_silent = {"answer": "通知没有规定……文号为138号。", "answerable": False}
    assert answer_passes(item, said_silent)
    assert not answer_passes({**item, "silence_ok": False}, said_silent)
    assert not answer_passes(item, {"answer": "通知没有规定。", "answerable": False})


def test_a_follow_up_is_asked_with_its_history() -> None:
    fake = FakeAssistant()
    evaluate(fake, Datasets(qa=[], chat=CHAT), datasets_label="chat")
    asked = [r for r in fake.requests if r.get("question") == "那文号呢？"]
    assert asked == [{"op": "ask", "question": "那文号呢？", "history": ["示范案例是哪个司组织的？"]}]


def test_requests_are_score_py_requests_plus_depth_ten_searches() -> None:
    fake = FakeAssistant()
    data = Datasets(qa=QA, category=CATEGORY, critique=CRITIQUE)
    evaluate(fake, data, datasets_label="tiny", documents={})
    warm_up, *scored = fake.requests
    assert warm_up == WARM_UP
    assert scored[0] == {"op": "ask", "question": QA[0]["question"]}
    assert scored[4] == {"op": "search", "query": QA[0]["question"], "k": 5}
    assert scored[7] == {"op": "classify", "description": "少儿互动课堂", "notice": NET}
    assert scored[10] == {
        "op": "critique",
        "text": "一、基本情况……",
        "notice": NET,
        "category": "视听消费新体验",
    }
    assert [r["k"] for r in scored[12:]] == [10, 10, 10]
    assert len(scored) == len(build_probes(data)) == 15


def test_headline_figures(report: EvalReport) -> None:
    h = report.assistant.headline
    assert h["answer_pass"] == 0.333  # q1 passes, q2 lacks "IP", q4 is an error
    assert h["unanswerable_pass"] == 1.0
    assert h["retrieval_recall@5"] == 0.333
    assert h["retrieval_recall@10"] == 0.667
    assert h["retrieval_mrr@10"] == round((1 / 2 + 1 / 7 + 0) / 3, 3)
    assert h["category_accuracy"] == 0.333
    assert h["critique_precision"] == 0.667  # tp 2, fp 1 (subjective_language)
    assert h["critique_recall"] == 0.5  # fn 2 (one element, lacks_quantitative_data)
    # Four citations: exact, folded punctuation, invented, unknown document.
    assert h["citation_quote_verbatim"] == 0.5
    assert h["citation_quote_exact"] == 0.25
    assert h["citation_doc_hit"] == 0.667
    counts = report.assistant.counts
    assert counts["error_results"] == 4
    assert counts["requests"] == 16  # the 15 above and one follow-up
    assert h["chat_pass"] == 1.0 and counts["chat_n"] == 1
    assert counts["citations_n"] == 4


def test_per_type_confusion_and_codes(report: EvalReport) -> None:
    a = report.assistant
    assert {t: (s.n, s.passed) for t, s in a.answer_by_type.items()} == {
        "out_of_scope": (1, 1),
        "policy": (1, 0),
        "procedure": (2, 1),
    }
    net = a.confusion[NET]
    assert net.labels == ["智慧家庭新场景", "视听消费新体验"]
    assert net.matrix == [[0, 1], [0, 1]]
    media = a.confusion[MEDIA]
    assert media.labels == ["体制机制改革", "(无)"]
    assert media.matrix == [[0, 1], [0, 0]]
    codes = {c: (s.tp, s.fp, s.fn) for c, s in a.critique_by_code.items()}
    assert codes == {
        "lacks_quantitative_data": (0, 0, 1),
        "missing_element": (1, 0, 1),
        "over_length": (1, 0, 0),
        "subjective_language": (0, 1, 0),
    }
    assert a.critique_by_code["subjective_language"].precision == 0.0
    assert a.critique_by_code["subjective_language"].recall is None
    assert set(a.latency) == {"ask", "classify", "critique", "search"}
    assert a.latency["search"].n == 6
    assert a.peak_rss_mb > 10


def test_failures_list_errors_with_question_expected_and_got(report: EvalReport) -> None:
    failures = {f.key: f for f in report.assistant.failures}
    assert set(failures) == {
        "qa:q2",
        "qa:q4",
        "retrieval:q2",
        "retrieval:q4",
        "category:c2",
        "category:c3",
        "critique:k1",
        "citation:q2",
        "citation:c1",
    }
    assert failures["qa:q2"].expected == "IP"
    assert "云化架构" in failures["qa:q2"].got
    assert failures["qa:q4"].got == "error internal: not built yet"
    assert failures["category:c2"].expected == "智慧家庭新场景"
    assert "下一步发展计划" in failures["critique:k1"].expected
    assert "完全虚构" in failures["citation:q2"].got
    assert "no-such-doc" in failures["citation:c1"].got


def test_report_files(report: EvalReport, tmp_path: Path) -> None:
    paths = write_report(report, tmp_path)
    names = {p.name for p in paths}
    assert names == {
        "report.md",
        "report.json",
        "per_type.png",
        "latency.png",
        f"confusion-{NET}.png",
        f"confusion-{MEDIA}.png",
    }
    for path in paths:
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    again = EvalReport.model_validate_json((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert again.assistant.headline == report.assistant.headline
    md = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "| answer_pass | 0.333 |" in md
    assert "## Failures (9)" in md
    assert "制播体系向什么架构演进？" in md and "向云化架构演进" in md
    assert "![per_type.png](per_type.png)" in md


def test_compare_reports_deltas_and_changed_items(report: EvalReport) -> None:
    old = json.loads(report.model_dump_json())
    old["assistant"]["headline"]["answer_pass"] = 0.5
    old["assistant"]["headline"]["category_accuracy"] = None
    old["assistant"]["failures"] = [
        {"suite": "qa", "id": "q2", "question": "", "expected": "", "got": ""},
        {"suite": "qa", "id": "gone", "question": "", "expected": "", "got": ""},
    ]
    cmp = compare(old, report.assistant, against="old.json")
    assert cmp.deltas["answer_pass"].delta == -0.167
    assert cmp.deltas["category_accuracy"].delta is None
    assert cmp.deltas["critique_recall"].delta == 0.0
    assert "qa:q4" in cmp.newly_failing and "qa:q2" not in cmp.newly_failing
    assert cmp.newly_passing == ["qa:gone"]


def test_compare_accepts_a_score_py_summary(report: EvalReport) -> None:
    cmp = compare(
        {"answer_pass": 0.2, "retrieval_recall@5": 0.5, "seconds": 3}, report.assistant, "score.json"
    )
    assert cmp.deltas["answer_pass"].delta == 0.133
    assert cmp.deltas["retrieval_recall@5"].delta == -0.167
    assert cmp.newly_failing == []


def test_gate_holds_headlines_to_thresholds(report: EvalReport) -> None:
    thresholds = load_thresholds()
    assert set(thresholds) == {
        "answer_pass",
        "unanswerable_pass",
        "retrieval_recall@5",
        "category_accuracy",
        "critique_precision",
        "critique_recall",
        "citation_quote_verbatim",
    }
    checks = {c.figure: c.passed for c in gate(report.assistant.headline, thresholds)}
    assert checks["unanswerable_pass"] is True
    assert checks["answer_pass"] is False
    unmeasured = gate({"answer_pass": None}, {"answer_pass": 0.1})
    assert unmeasured[0].passed is False


def test_cli_run_compare_and_gate(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(cli, "build_assistant", FakeAssistant)
    data, out = write_datasets(tmp_path / "data"), tmp_path / "out"
    common = ["--datasets", str(data), "--out", str(out), "--no-progress"]
    assert cli.main(["run", *common]) == 0
    assert cli.main(["run", *common, "--compare", str(out / "report.json")]) == 0
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "## What changed since report.json" in md and "Newly failing: none" in md
    assert cli.main(["gate", *common]) == 1
    assert "## Quality gate: FAILED" in (out / "report.md").read_text(encoding="utf-8")
    lenient = tmp_path / "lenient.json"
    lenient.write_text(json.dumps({"unanswerable_pass": 0.9, "answer_pass": 0.3}), encoding="utf-8")
    assert cli.main(["run", *common, "--gate", "--thresholds", str(lenient)]) == 0
    assert cli.main(["run", "--datasets", str(tmp_path / "none"), "--out", str(out)]) == 2


class FakeRetriever:
    """Passages whose text is their rank, with the gold quote of q1 first."""

    def search(self, query: str, k: int) -> list[Any]:
        class P:
            def __init__(self, doc: str, text: str) -> None:
                self.doc, self.text = doc, text

        return [P(DEMO, f"科技司 {GOLD_DEMO}"), *(P(OPINIONS, f"段落{i}") for i in range(k - 1))]


class CharEmbeddings:
    """Bag of characters: descriptions embed close to definitions sharing their characters."""

    alphabet = "课堂少儿家庭养老居家体制改革绩效"

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return [float(text.count(ch)) + 0.01 for ch in self.alphabet]


def definitions(notice: str) -> list[tuple[str, str]]:
    return {
        NET: [("视听消费新体验", "少儿课堂等视听消费"), ("智慧家庭新场景", "居家养老等家庭服务")],
        MEDIA: [("体制机制改革", "绩效改革与体制创新"), ("融合生产传播", "内容生产")],
    }[notice]


def test_tutorial_baseline_answers_classifies_and_skips_critique() -> None:
    baseline = TutorialBaseline(FakeRetriever(), CharEmbeddings(), definitions)  # type: ignore[arg-type]  # a duck-typed fake of langchain Embeddings
    ask = baseline.handle({"op": "ask", "question": "文号？"})
    assert ask["answer"] == f"科技司 {GOLD_DEMO}\n\n段落0\n\n段落1"
    assert [c["doc"] for c in ask["citations"]] == [DEMO, OPINIONS, OPINIONS]
    assert answer_passes(QA[0], ask)
    assert len(baseline.handle({"op": "search", "query": "x", "k": 10})["hits"]) == 10
    assert (
        baseline.handle({"op": "classify", "description": "居家养老", "notice": NET})["category"]
        == "智慧家庭新场景"
    )
    assert (
        baseline.handle({"op": "classify", "description": "绩效改革", "notice": MEDIA})["category"]
        == "体制机制改革"
    )
    assert baseline.handle({"op": "critique", "text": "x", "notice": NET})["error"]["code"] == "unsupported"


def test_baseline_runs_beside_the_assistant(tmp_path: Path) -> None:
    baseline = TutorialBaseline(FakeRetriever(), CharEmbeddings(), definitions)  # type: ignore[arg-type]  # duck-typed fake
    data = Datasets(qa=QA, category=CATEGORY, critique=CRITIQUE)
    result = evaluate(FakeAssistant(), data, datasets_label="tiny", baseline=baseline)
    assert result.baseline is not None
    peer = result.baseline.headline
    assert peer["unanswerable_pass"] == 0.0  # it never refuses
    assert peer["answer_pass"] == 0.667  # q1 and q4 find 科技司 in the top passage; q2 does not
    assert peer["retrieval_recall@5"] == 0.667  # the demo quote is first for every query
    assert peer["category_accuracy"] == 1.0
    assert peer["critique_precision"] is None and peer["critique_recall"] is None
    write_report(result, tmp_path)
    assert "baseline (tutorial RAG)" in (tmp_path / "report.md").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("values", "q", "expected"), [([1.0], 95, 1.0), ([1, 2, 3, 4], 50, 2.5), ([0, 10], 95, 9.5)]
)
def test_percentile(values: list[float], q: float, expected: float) -> None:
    assert percentile(values, q) == pytest.approx(expected)


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/tools/score.py is not beside the project")
def test_metrics_agree_with_score_py() -> None:
    spec = importlib.util.spec_from_file_location("shared_score", SCORE_PY)
    assert spec and spec.loader
    score = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(score)
    texts = ["業(yè)务 and 服务，１２３", "广电办发〔2020〕138号", "IP 架构", "  "]
    for text in texts:
        assert norm(text) == score.norm(text)
    pairs = [("……广电办发〔2020〕138号……", "广电办发2020138号"), ("abcdefghij", "abcdefgXYZ"), ("短", "")]
    for hay, quote in pairs:
        for share in (0.8, 1.0):
            assert contains(hay, quote, share) == score.contains(hay, quote, share)
    silence_ok = {**QA[0], "silence_ok": True}
    for item in [*QA, silence_ok]:
        for result in (
            ANSWERS[f"ask|{item['question']}"],
            {"answer": "科技司 138号 IP", "answerable": True},
            {"answer": "通知没有规定……只规定了科技司 138号 IP", "answerable": False},
        ):
            assert answer_passes(item, result) == score.answer_passes(item, result)
    got = ANSWERS["critique|一、基本情况……"]["defects"]
    for case in CRITIQUE:
        assert critique_counts(case["gold_defects"], got) == score.critique_counts(case["gold_defects"], got)


@pytest.mark.skipif(not SCORE_PY.exists(), reason="../shared/tools/score.py is not beside the project")
def test_headline_agrees_with_score_py_on_the_same_results(tmp_path: Path) -> None:
    """score.py replays the fake's results (`--cmd cat`) and must find the same figures."""
    data_dir = write_datasets(tmp_path / "data")
    data = Datasets.load(data_dir)
    ours = evaluate(FakeAssistant(), data, datasets_label="tiny").assistant
    fake = FakeAssistant()
    replay = [fake.handle(p.request) for p in build_probes(data) if p.suite != "ranking"]
    replay_file = tmp_path / "replay.jsonl"
    replay_file.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in replay), encoding="utf-8"
    )
    cmd = [sys.executable, str(SCORE_PY), str(tmp_path), str(data_dir), "--cmd", f"cat {replay_file}"]
    run = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=120)
    theirs = json.loads(run.stdout.strip().splitlines()[-1])
    shared = [figure for figure in ours.headline if figure in theirs]
    assert len(shared) == 12
    assert ours.headline["chat_pass"] == 1.0
    assert {f: ours.headline[f] for f in shared} == {f: theirs[f] for f in shared}
    assert {t: s.rate for t, s in ours.answer_by_type.items()} == theirs["answer_by_type"]
