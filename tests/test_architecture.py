"""The shape of the code: no import circle, and no notice's id or name in code."""

from __future__ import annotations

import re
from pathlib import Path

import grimp
import yaml

PROJECT = Path(__file__).resolve().parents[1]


def _import_cycles(graph: grimp.ImportGraph) -> list[set[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: list[str] = []
    cycles: list[set[str]] = []
    for root in sorted(graph.modules):
        if root in index:
            continue
        work = [(root, iter(sorted(graph.find_modules_directly_imported_by(root))))]
        index[root] = low[root] = len(index)
        on_stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    on_stack.append(child)
                    work.append((child, iter(sorted(graph.find_modules_directly_imported_by(child)))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = on_stack.pop()
                    component.add(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(component)
    return cycles


def test_the_cycle_finder_finds_a_cycle() -> None:
    graph = grimp.ImportGraph()
    for name in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(name)
    graph.add_import(importer="pkg.a", imported="pkg.b")
    graph.add_import(importer="pkg.b", imported="pkg.a")
    graph.add_import(importer="pkg.c", imported="pkg.a")
    assert _import_cycles(graph) == [{"pkg.a", "pkg.b"}]


def test_no_import_circle_in_assistant() -> None:
    """TYPE_CHECKING imports count too: a circle there is still a circle in the design."""
    graph = grimp.build_graph("assistant", include_external_packages=False)
    assert _import_cycles(graph) == []


def test_code_names_no_notice() -> None:
    """Per-notice facts live in knowledge/: no document id or doc number in code."""
    registry = yaml.safe_load((PROJECT / "knowledge" / "documents.yaml").read_text(encoding="utf-8"))
    ids = [entry["id"] for entry in registry["documents"]]
    numbers = [
        m.group(0)
        for e in registry["documents"]
        for m in [re.search(r"[〔\[]\d{4}[〕\]]\d+号", e["title"])]
        if m
    ]
    offenders = [
        f"{path.relative_to(PROJECT)}: {needle}"
        for path in [*(PROJECT / "assistant").rglob("*.py"), PROJECT / "app.py"]
        for needle in [*ids, *numbers]
        if needle in path.read_text(encoding="utf-8")
    ]
    assert offenders == []
