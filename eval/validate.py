"""Checks the evaluation data sets (format: ../shared/CONTRACT.md) before anyone scores against them.

A data set is only as good as its gold: a quote that is not in the document, a category the notice
does not have, or a planted length defect that is not really over the limit would make every score
computed on it meaningless. `validate_dir` reports such problems as readable strings; an empty
list means the directory is fit to score with. The counting conventions are in
`eval/datasets/README.md`.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from assistant.contract import DefectCode
from assistant.knowledge.citations import fold
from assistant.knowledge.documents import normalized_text, registry
from assistant.knowledge.rules import RULES_DIR, LengthLimit, NoticeRules, load_rules
from assistant.text.chinese import count_chars

log = logging.getLogger(__name__)

DATASETS_DIR = Path(__file__).resolve().parent / "datasets"
QA_FILE, CATEGORY_FILE, CRITIQUE_FILE = "qa.jsonl", "category.jsonl", "critique.jsonl"

QuestionType = Literal[
    "deadline",
    "quota",
    "eligibility",
    "limits",
    "elements",
    "category_def",
    "procedure",
    "policy",
    "comparison",
    "unanswerable",
]

BORDER_MARGIN = 0.05
"""Planted length defects (and clean texts) stay this far from the limit, so that counting with
or without headings or the summary cannot flip the gold."""
FIGURE = re.compile(
    r"\d+(?:[.,]\d+)*\s*(?:[余多近约]?\s*(?:[万亿千百%％‰个户人元家项次倍台套条部名所座场期篇件集款种路处村县镇乡区小时天周]|"
    r"公里|平方米|GB|TB|Mbps))"
)
"""A figure as the critique counts one since issue 16: a number with a unit (`41.2万`, `98.6%`);
a bare `1、2、3` or `收入提升了35` is none."""
FEW_FIGURES_PER_1000 = 3.0
"""A draft planted with `lacks_quantitative_data` has fewer figures per 1,000 characters than this."""
ENOUGH_FIGURES_PER_1000 = 6.0
"""A draft of a notice that asks for data, without that defect, has at least this many."""
SUMMARY_LABEL = re.compile(r"^\s*案例简介\s*[：:]?", re.MULTILINE)
BODY_START = re.compile(r"^\s*(?:一、|详细材料|申报材料)", re.MULTILINE)


class GoldSource(BaseModel):
    model_config = ConfigDict(extra="allow")

    doc: str
    quote: str = Field(min_length=1)


class QAItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    question: str = Field(min_length=1)
    type: QuestionType
    notice: str | None
    must_include: list[list[str]]
    gold_sources: list[GoldSource]
    answerable: bool

    @model_validator(mode="after")
    def _consistent(self) -> QAItem:
        if self.answerable == (self.type == "unanswerable"):
            raise ValueError("answerable must be false exactly for type 'unanswerable'")
        if not self.answerable and (self.must_include or self.gold_sources):
            raise ValueError("an unanswerable question has no must_include and no gold_sources")
        if self.answerable and not (self.must_include and self.gold_sources):
            raise ValueError("an answerable question needs must_include and gold_sources")
        if any(not group or not all(alt.strip() for alt in group) for group in self.must_include):
            raise ValueError("every must_include group needs non-empty alternatives")
        return self


class CategoryItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    notice: str
    description: str = Field(min_length=1)
    gold: str = Field(min_length=1)


class GoldDefect(BaseModel):
    model_config = ConfigDict(extra="allow")

    code: DefectCode
    element: str | None = None
    expected: str | None = None
    limit: int | None = None
    actual: int | None = None
    examples: list[str] | None = None

    @model_validator(mode="after")
    def _fields_of_code(self) -> GoldDefect:
        needed = {
            "missing_element": ("element",),
            "category_mismatch": ("expected",),
            "over_length": ("limit", "actual"),
            "summary_over_length": ("limit", "actual"),
        }.get(self.code, ())
        missing = [name for name in needed if not getattr(self, name)]
        if missing:
            raise ValueError(f"{self.code} needs {', '.join(missing)}")
        return self


class CritiqueItem(BaseModel):
    model_config = ConfigDict(extra="allow")

    id: str = Field(min_length=1)
    notice: str
    category: str | None = None
    text: str = Field(min_length=1)
    gold_defects: list[GoldDefect]


Item = TypeVar("Item", bound=BaseModel)


def summary_text(text: str) -> str | None:
    """The 案例简介 of a draft: after its label, up to the first heading of the detailed material."""
    label = SUMMARY_LABEL.search(text)
    if label is None:
        return None
    body = BODY_START.search(text, label.end())
    return text[label.end() : body.start() if body else len(text)]


def figures_per_1000(text: str) -> float:
    """Arabic-numeral figures (years, counts, amounts, percentages) per 1,000 characters."""
    return len(FIGURE.findall(text)) * 1000 / max(count_chars(text), 1)


def _rules(doc_id: str) -> NoticeRules | None:
    """The notice's structured rules, or None (with a warning) while its YAML is not written."""
    if not (RULES_DIR / f"{doc_id}.yaml").exists():
        log.warning("no rules for %s yet: category/element/limit checks skipped", doc_id)
        return None
    return load_rules(doc_id)


def _load(path: Path, model: type[Item], problems: list[str]) -> list[Item]:
    """Parse one JSON Lines file; every bad line becomes a problem."""
    if not path.exists():
        problems.append(f"{path.name}: missing")
        return []
    items: list[Item] = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            items.append(model.model_validate(json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: not JSON ({exc.msg})")
        except ValidationError as exc:
            details = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'item'}: {e['msg']}" for e in exc.errors())
            problems.append(f"{where}: {details}")
    return items


def _check_notice(where: str, notice: str, problems: list[str], call: bool) -> bool:
    info = registry().get(notice)
    if info is None:
        problems.append(f"{where}: unknown notice {notice!r}")
        return False
    if call and info.kind != "call":
        problems.append(f"{where}: {notice} is not a call for cases")
        return False
    return True


def _check_qa(item: QAItem, problems: list[str]) -> None:
    where = f"{QA_FILE} {item.id}"
    if item.notice is not None:
        _check_notice(where, item.notice, problems, call=False)
    for source in item.gold_sources:
        if source.doc not in registry():
            problems.append(f"{where}: unknown doc {source.doc!r}")
        elif source.quote not in normalized_text(source.doc):
            problems.append(f"{where}: quote not verbatim in {source.doc}: {source.quote!r}")
    docs = {source.doc for source in item.gold_sources}
    if item.answerable and item.notice is not None and item.notice not in docs:
        problems.append(f"{where}: no gold source from its own notice {item.notice}")


def _check_category_name(where: str, notice: str, name: str, problems: list[str]) -> None:
    rules = _rules(notice)
    if rules is not None:
        if rules.category(name) is None:
            known = "、".join(c.name for c in rules.categories)
            problems.append(f"{where}: {name!r} is not a category of {notice} ({known})")
    elif name not in normalized_text(notice):
        problems.append(f"{where}: {name!r} does not occur in {notice}")


def _check_category(item: CategoryItem, problems: list[str]) -> None:
    where = f"{CATEGORY_FILE} {item.id}"
    if _check_notice(where, item.notice, problems, call=True):
        _check_category_name(where, item.notice, item.gold, problems)


def _check_length(
    where: str, defect: GoldDefect, measured: int, limit: LengthLimit | None, problems: list[str]
) -> None:
    if limit is None:
        problems.append(f"{where}: {defect.code} but the notice sets no such limit")
        return
    if defect.limit != limit.max_chars:
        problems.append(f"{where}: {defect.code} limit {defect.limit}, the notice says {limit.max_chars}")
    if defect.actual != measured:
        problems.append(f"{where}: {defect.code} actual {defect.actual}, counted {measured}")
    if measured < limit.max_chars * (1 + BORDER_MARGIN):
        problems.append(f"{where}: {defect.code} only {measured} chars, too close to {limit.max_chars}")


def _check_defect(item: CritiqueItem, defect: GoldDefect, rules: NoticeRules, problems: list[str]) -> None:
    where = f"{CRITIQUE_FILE} {item.id}"
    if defect.code == "missing_element":
        names = [e.name for e in rules.elements_for(item.category)]
        # as the scorer matches them: full- and half-width punctuation alike (`，` / `,`)
        if fold(defect.element or "") not in {fold(n) for n in names}:
            problems.append(f"{where}: element {defect.element!r} not among {names}")
    elif defect.code == "category_mismatch":
        if defect.expected == item.category:
            problems.append(f"{where}: category_mismatch expects the claimed category")
        _check_category_name(where, item.notice, defect.expected or "", problems)
    elif defect.code == "over_length":
        _check_length(where, defect, count_chars(item.text), rules.limit("detailed_material"), problems)
    elif defect.code == "summary_over_length":
        summary = summary_text(item.text)
        if summary is None:
            problems.append(f"{where}: summary_over_length but the draft has no 案例简介")
        else:
            _check_length(where, defect, count_chars(summary), rules.limit("summary"), problems)
    elif defect.code == "duplicate_category_claim":
        claimed = [c.name for c in rules.categories if c.name in item.text]
        if rules.special("one_category_per_case") is None or len(claimed) < 2:
            problems.append(f"{where}: duplicate claim needs a one-category rule and two category names")
    elif defect.code == "lacks_quantitative_data":
        if not rules.data_requirements or figures_per_1000(item.text) >= FEW_FIGURES_PER_1000:
            problems.append(
                f"{where}: lacks_quantitative_data but the notice asks none or the text has figures"
            )
    elif defect.code == "subjective_language":
        absent = [e for e in defect.examples or [] if e not in item.text]
        if absent:
            problems.append(f"{where}: subjective examples not in the text: {absent}")


def _check_clean_side(item: CritiqueItem, rules: NoticeRules, phrases: set[str], problems: list[str]) -> None:
    """A draft must be clearly free of every defect it is not planted with."""
    near = 1 - BORDER_MARGIN
    chars = count_chars(item.text)
    summary = summary_text(item.text)
    detailed, summary_limit = rules.limit("detailed_material"), rules.limit("summary")
    looks_defective = {
        "over_length": detailed is not None and chars > detailed.max_chars * near,
        "summary_over_length": summary_limit is not None
        and summary is not None
        and count_chars(summary) > summary_limit.max_chars * near,
        "lacks_quantitative_data": bool(rules.data_requirements)
        and figures_per_1000(item.text) < ENOUGH_FIGURES_PER_1000,
        "subjective_language": sum(phrase in item.text for phrase in phrases) > 1,
    }
    planted = {d.code for d in item.gold_defects}
    for code, close in looks_defective.items():
        if close and code not in planted:
            problems.append(f"{CRITIQUE_FILE} {item.id}: not planted with {code} but close to it")


def _check_critique(items: Sequence[CritiqueItem], problems: list[str]) -> None:
    phrases = {p for item in items for d in item.gold_defects for p in d.examples or []}
    for item in items:
        where = f"{CRITIQUE_FILE} {item.id}"
        if not _check_notice(where, item.notice, problems, call=True):
            continue
        if item.category is not None:
            _check_category_name(where, item.notice, item.category, problems)
        rules = _rules(item.notice)
        if rules is None:
            continue
        for defect in item.gold_defects:
            _check_defect(item, defect, rules, problems)
        _check_clean_side(item, rules, phrases, problems)


def _duplicate_ids(named: Iterable[tuple[str, str]]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for file, item_id in named:
        if item_id in seen:
            problems.append(f"{file}: id {item_id!r} already used in {seen[item_id]}")
        seen.setdefault(item_id, file)
    return problems


def validate_dir(path: Path) -> list[str]:
    """Every problem of the data sets in `path` (qa, category, critique JSON Lines); [] when fit."""
    problems: list[str] = []
    qa = _load(path / QA_FILE, QAItem, problems)
    categories = _load(path / CATEGORY_FILE, CategoryItem, problems)
    critiques = _load(path / CRITIQUE_FILE, CritiqueItem, problems)
    problems += _duplicate_ids(
        [(QA_FILE, i.id) for i in qa]
        + [(CATEGORY_FILE, i.id) for i in categories]
        + [(CRITIQUE_FILE, i.id) for i in critiques]
    )
    for qa_item in qa:
        _check_qa(qa_item, problems)
    for category_item in categories:
        _check_category(category_item, problems)
    _check_critique(critiques, problems)
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """`validate [DIR]`: print the problems of DIR (default eval/datasets); exit 1 when there are any."""
    args = list(sys.argv[1:] if argv is None else argv)
    path = Path(args[0]) if args else DATASETS_DIR
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    problems = validate_dir(path)
    for problem in problems:
        print(problem)
    print(f"{path}: {len(problems)} problem(s)" if problems else f"{path}: ok")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
