"""Write an `EvalReport` as `report.json`, `report.md` and PNG plots (matplotlib, Agg canvas).

Plots: `per_type.png` (answer pass rate per question type, the baseline beside the assistant),
`confusion-NOTICE.png` (one category confusion matrix per notice) and `latency.png` (the
latency distribution per operation).
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from eval.harness import EvalReport, Failure, SystemScores

CJK_FONTS = ["WenQuanYi Micro Hei", "Noto Sans CJK SC", "Source Han Sans SC", "SimHei", "DejaVu Sans"]
ASSISTANT_COLOR, BASELINE_COLOR = "#1f77b4", "#bbbbbb"


def write_report(report: EvalReport, out_dir: Path) -> list[Path]:
    """Write every file of the report into `out_dir`; returns their paths, the Markdown first."""
    out_dir.mkdir(parents=True, exist_ok=True)
    json_path = out_dir / "report.json"
    json_path.write_text(report.model_dump_json(indent=1), encoding="utf-8")
    plots = write_plots(report, out_dir)
    md_path = out_dir / "report.md"
    md_path.write_text(markdown(report, [p.name for p in plots]), encoding="utf-8")
    return [md_path, json_path, *plots]


def fmt(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}"


def fmt_delta(value: float | None) -> str:
    return "—" if value is None else f"{value:+.3f}"


def cell(text: object) -> str:
    """Make text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]


def markdown(report: EvalReport, plots: list[str]) -> str:
    a, b = report.assistant, report.baseline
    info = report.info
    lines = [
        "# Evaluation report",
        "",
        f"Data sets `{info.datasets}` ({info.items['qa']} qa, {info.items['category']} category, "
        f"{info.items['critique']} critique, {info.items.get('facts', 0)} fact sheets), k={info.k}, started {info.started}, {info.seconds} s, "
        f"{a.counts['requests']} requests, {a.counts['error_results']} error results.",
        "",
    ]
    lines += _gate_section(report)
    lines += _headline_section(report)
    lines += ["## Answers by question type", ""]
    types = sorted(set(a.answer_by_type) | set(b.answer_by_type if b else {}))
    rows = []
    for t in types:
        own = a.answer_by_type.get(t)
        peer = b.answer_by_type.get(t) if b else None
        row = [t, str(own.n if own else 0), fmt(own.rate if own else None)]
        rows.append(row + ([fmt(peer.rate if peer else None)] if b else []))
    lines += table(["type", "n", "assistant", *(["baseline"] if b else [])], rows)
    lines += _image("per_type.png", plots)
    lines += [
        "## Unanswerable questions and citations",
        "",
        f"- Unanswerable questions refused (`answerable: false`): {fmt(a.headline['unanswerable_pass'])} "
        f"of {a.counts['unanswerable_n']}; answerable questions wrongly refused: {a.counts['refused_answerable']} "
        f"of {a.counts['answer_n']}.",
        f"- Citations: {a.counts['citations_n']}; quote found in its document (score.py rule, folded): "
        f"{fmt(a.headline['citation_quote_verbatim'])}; exact substring of the normalised text: "
        f"{fmt(a.headline['citation_quote_exact'])}; an answer cites a gold document: "
        f"{fmt(a.headline['citation_doc_hit'])}.",
        "",
    ]
    lines += _category_section(a, plots)
    lines += ["## Critique by defect code", ""]
    lines += table(
        ["code", "tp", "fp", "fn", "precision", "recall"],
        [
            [c, str(s.tp), str(s.fp), str(s.fn), fmt(s.precision), fmt(s.recall)]
            for c, s in a.critique_by_code.items()
        ],
    )
    lines += ["", *_latency_section(report, plots)]
    lines += _changes_section(report)
    lines += _failures_section(a.failures)
    return "\n".join(lines) + "\n"


def _image(name: str, plots: list[str]) -> list[str]:
    return ["", f"![{name}]({name})", ""] if name in plots else [""]


def _gate_section(report: EvalReport) -> list[str]:
    if report.gate is None:
        return []
    verdict = "PASSED" if report.gate_passed else "FAILED"
    rows = [
        [c.figure, fmt(c.value), f"{c.threshold:.3f}", "ok" if c.passed else "BELOW"] for c in report.gate
    ]
    return [f"## Quality gate: {verdict}", "", *table(["figure", "value", "threshold", ""], rows), ""]


def _headline_section(report: EvalReport) -> list[str]:
    a, b, cmp = report.assistant, report.baseline, report.comparison
    header = ["figure", "assistant"]
    header += ["baseline (tutorial RAG)"] if b else []
    header += [f"before ({cmp.against})", "change"] if cmp else []
    rows = []
    for figure, value in a.headline.items():
        row = [figure, fmt(value)]
        row += [fmt(b.headline.get(figure))] if b else []
        if cmp:
            delta = cmp.deltas[figure]
            row += [fmt(delta.old), fmt_delta(delta.delta)]
        rows.append(row)
    rows.append(
        ["peak memory (MB, maxrss)", f"{a.peak_rss_mb:.0f}", *([f"{b.peak_rss_mb:.0f}"] if b else [])]
    )
    if cmp:
        rows[-1] += ["", ""]
    return ["## Headline figures", "", *table(header, rows), ""]


def _category_section(scores: SystemScores, plots: list[str]) -> list[str]:
    lines = [f"## Category accuracy: {fmt(scores.headline['category_accuracy'])}", ""]
    for notice, confusion in scores.confusion.items():
        lines += [f"### {notice} (rows gold, columns predicted)", ""]
        rows = [
            [label, *map(str, counts)]
            for label, counts in zip(confusion.labels, confusion.matrix, strict=True)
        ]
        lines += table(["gold \\ predicted", *confusion.labels], rows)
        lines += _image(f"confusion-{notice}.png", plots)
    return lines


def _latency_section(report: EvalReport, plots: list[str]) -> list[str]:
    rows = []
    for system in filter(None, (report.assistant, report.baseline)):
        for op, lat in system.latency.items():
            rows.append(
                [system.name, op, str(lat.n), f"{lat.p50_ms:.1f}", f"{lat.p95_ms:.1f}", f"{lat.max_ms:.1f}"]
            )
    lines = ["## Latency per operation (ms)", ""]
    lines += table(["system", "op", "n", "p50", "p95", "max"], rows)
    lines += [
        "",
        "Not counted above: the first request, which opens or builds the index: "
        + ", ".join(
            f"{system.name} {system.warm_up_s:.2f} s"
            for system in filter(None, (report.assistant, report.baseline))
        )
        + ".",
    ]
    return lines + _image("latency.png", plots)


def _changes_section(report: EvalReport) -> list[str]:
    cmp = report.comparison
    if cmp is None:
        return []
    moved = [f"{f} {fmt_delta(d.delta)}" for f, d in cmp.deltas.items() if d.delta]
    return [
        f"## What changed since {cmp.against}",
        "",
        f"- Figures that moved: {', '.join(moved) or 'none'}.",
        f"- Newly failing: {', '.join(cmp.newly_failing) or 'none'}.",
        f"- Newly passing: {', '.join(cmp.newly_passing) or 'none'}.",
        "",
    ]


def _failures_section(failures: list[Failure]) -> list[str]:
    lines = [f"## Failures ({len(failures)})", ""]
    for f in failures:
        lines.append(f"- **{f.suite} `{f.id}`** {cell(f.question)}")
        lines.append(f"  - expected: {cell(f.expected)}")
        lines.append(f"  - got: {cell(f.got)}")
    return lines


@contextmanager
def _plotting() -> Iterator[None]:
    """CJK-capable fonts for the labels; a missing font degrades to boxes, never to an error."""
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    with (
        warnings.catch_warnings(),
        matplotlib.rc_context({"font.sans-serif": CJK_FONTS, "font.family": "sans-serif"}),
    ):
        warnings.filterwarnings("ignore", message="Glyph .* missing")
        yield


def _save(fig: Figure, path: Path) -> Path:
    FigureCanvasAgg(fig)
    fig.savefig(path, dpi=110, bbox_inches="tight")
    return path


def write_plots(report: EvalReport, out_dir: Path) -> list[Path]:
    with _plotting():
        paths = [_per_type_plot(report, out_dir / "per_type.png")] if report.assistant.answer_by_type else []
        paths += [
            _confusion_plot(notice, report.assistant, out_dir / f"confusion-{notice}.png")
            for notice in report.assistant.confusion
        ]
        if report.assistant.latency:
            paths.append(_latency_plot(report, out_dir / "latency.png"))
    return paths


def _per_type_plot(report: EvalReport, path: Path) -> Path:
    systems = [s for s in (report.assistant, report.baseline) if s is not None]
    types = sorted(report.assistant.answer_by_type)
    fig = Figure(figsize=(max(5.0, 1.1 * len(types) + 2), 3.6))
    ax = fig.add_subplot()
    width = 0.8 / len(systems)
    for i, (system, color) in enumerate(zip(systems, (ASSISTANT_COLOR, BASELINE_COLOR), strict=False)):
        rates = [(s.rate or 0.0) if (s := system.answer_by_type.get(t)) else 0.0 for t in types]
        ax.bar([x + i * width for x in range(len(types))], rates, width, label=system.name, color=color)
    ax.set_xticks(
        [x + width * (len(systems) - 1) / 2 for x in range(len(types))], types, rotation=30, ha="right"
    )
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("pass rate")
    ax.set_title("Answer pass rate per question type")
    ax.legend(loc="lower right")
    return _save(fig, path)


def _confusion_plot(notice: str, scores: SystemScores, path: Path) -> Path:
    confusion = scores.confusion[notice]
    n = len(confusion.labels)
    fig = Figure(figsize=(2.5 + 0.9 * n, 2 + 0.7 * n))
    ax = fig.add_subplot()
    ax.imshow(confusion.matrix, cmap="Blues")
    darkest = max(max(counts) for counts in confusion.matrix)
    for row, counts in enumerate(confusion.matrix):
        for col, count in enumerate(counts):
            if count:
                color = "white" if count > darkest / 2 else "black"
                ax.text(col, row, str(count), ha="center", va="center", color=color)
    ax.set_xticks(range(n), confusion.labels, rotation=40, ha="right")
    ax.set_yticks(range(n), confusion.labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("gold")
    ax.set_title(notice)
    return _save(fig, path)


def _latency_plot(report: EvalReport, path: Path) -> Path:
    series = [
        (f"{system.name}\n{op}", lat.samples_ms)
        for system in (report.assistant, report.baseline)
        if system is not None
        for op, lat in system.latency.items()
    ]
    fig = Figure(figsize=(max(5.0, 1.2 * len(series) + 1), 3.6))
    ax = fig.add_subplot()
    ax.boxplot([samples for _, samples in series], tick_labels=[label for label, _ in series])
    if min(min(samples) for _, samples in series) > 0:
        ax.set_yscale("log")
    ax.set_ylabel("ms per request")
    ax.set_title("Latency per operation")
    return _save(fig, path)
