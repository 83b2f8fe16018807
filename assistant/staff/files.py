"""Tables in and out: .csv (UTF-8, every cell quoted, safe to open in a spreadsheet), .xlsx and
.jsonl, as lists of string-keyed rows. Shared by the curated-answer import/export and batch answering."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from assistant.errors import InputFileError

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet treats a cell starting with one of these as a formula (CSV injection)."""
TABLE_SUFFIXES = (".csv", ".xlsx", ".jsonl")

Row = dict[str, Any]


def defuse(value: str) -> str:
    """Prefix a would-be formula with `'` so a spreadsheet shows it as text."""
    return "'" + value if value.startswith(FORMULA_START) else value


def restore(value: str) -> str:
    """Undo `defuse` on import."""
    return value[1:] if value.startswith("'") and value[1:].startswith(FORMULA_START) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def suffix_of(path: Path, allowed: Sequence[str] = TABLE_SUFFIXES) -> str:
    suffix = path.suffix.lower()
    if suffix not in allowed:
        raise InputFileError(f"不支持的文件类型 {suffix or '（无扩展名）'}；可用：{'、'.join(allowed)}")
    return suffix


def read_rows(path: Path, data: bytes | None = None) -> list[Row]:
    """The rows of a .csv/.xlsx/.jsonl file (first row = column names for tables)."""
    suffix = suffix_of(path)
    raw = path.read_bytes() if data is None else data
    try:
        if suffix == ".jsonl":
            return _read_jsonl(raw)
        if suffix == ".csv":
            text = raw.decode("utf-8-sig")
            return [
                {k.strip(): restore(v or "") for k, v in row.items() if k}
                for row in csv.DictReader(io.StringIO(text))
            ]
        return _read_xlsx(raw)
    except UnicodeDecodeError:
        raise InputFileError("文件不是 UTF-8 编码；请另存为 UTF-8 的 CSV") from None


def _read_jsonl(raw: bytes) -> list[Row]:
    rows: list[Row] = []
    for number, line in enumerate(raw.decode("utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            value = json.loads(line)
        except ValueError as exc:
            value = {"__error__": f"第 {number} 行不是 JSON：{exc}"}
        rows.append(value if isinstance(value, dict) else {"__error__": f"第 {number} 行不是 JSON 对象"})
    return rows


def _read_xlsx(raw: bytes) -> list[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:
        raise InputFileError(f"无法读取 .xlsx 文件：{exc}") from None
    sheet = book.worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    book.close()
    if not values:
        return []
    header = [str(h).strip() if h is not None else "" for h in values[0]]
    return [
        {h: "" if v is None else str(v) for h, v in zip(header, row, strict=False) if h}
        for row in values[1:]
        if any(v is not None and str(v).strip() for v in row)
    ]


def write_rows(path: Path, columns: Sequence[str], rows: Sequence[Row]) -> Path:
    """Write `rows` in the format `path`'s suffix names; non-string cells become JSON text in tables."""
    suffix = suffix_of(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".jsonl":
        with path.open("w", encoding="utf-8") as out:
            for row in rows:
                out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
    elif suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_ALL)
            writer.writerow(columns)
            writer.writerows([defuse(_cell(row.get(c))) for c in columns] for row in rows)
    else:
        write_xlsx(path, columns, [[_cell(row.get(c)) for c in columns] for row in rows])
    return path


def write_xlsx(path: Path, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> Path:
    """An .xlsx sheet whose text cells stay text (openpyxl would store "=..." as a formula)."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None  # a new workbook always has one sheet
    sheet.append(list(columns))
    for values in rows:
        sheet.append([None if v is None else v for v in values])
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.save(path)
    return path
