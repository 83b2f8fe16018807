"""Checks an LLM's wording against the sources it was given: verify, don't trust.

A number counts as the same figure however it is written: `６月９日`, `6月9日` and `六月九日`
are one month-day; `2023年6月9日` and `2023-06-09` one date; `50万`, `五十万` and `500000` one
amount; `50%`, `５０％` and `百分之五十` one percentage. A date in the sources also supports its
parts (`2023年6月9日` supports `6月9日`, `2023年` and `9日`).
"""

from __future__ import annotations

import re
from decimal import Decimal

from assistant.contract import Citation

CANNOT_ANSWER = "无法从文件中回答"
"""The one sentence a model outputs when the sources do not cover the question."""

_MARKER = re.compile(r"[\[【]\s*(S\d+(?:\s*[,，、;；]\s*S\d+)*)\s*[\]】]")
_MARKER_ID = re.compile(r"S(\d+)")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９％．", "0123456789%.")

_CN_DIGITS = {ch: value for value, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_MAGNITUDES = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = re.compile(r"(百分之)?([〇零一二两三四五六七八九十百千万亿]+)")
_COUNTED_BY = set("个项家名件篇份条天周次届批类岁倍年月日号万亿元%")
"""A Chinese numeral is read as a figure only before one of these (or after 百分之): `三个`,
`六月`, `五十万元`; `第三`, `三是`, `统一` stay words."""

_FIGURE = re.compile(
    r"(?P<iso>(?P<iy>\d{4})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?P<date>(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月(?:\s*(?P<d>\d{1,2})\s*[日号])?)"
    r"|(?P<md>(?P<mm>\d{1,2})\s*月\s*(?P<dd>\d{1,2})\s*[日号])"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+(?![\d年]))?)\s*(?P<suffix>%|万|亿)?"
)


def citation_markers(text: str) -> list[int]:
    """Source numbers cited as `[S1]`, `【S2】` or `[S1, S3]`, in order of appearance."""
    return [int(n) for group in _MARKER.findall(text) for n in _MARKER_ID.findall(group)]


def is_cannot_answer(text: str) -> bool:
    """True when the text is the cannot-answer sentinel alone (punctuation and markers aside)."""
    bare = re.sub(r"[\s。.！!：:，,]", "", _MARKER.sub("", text))
    return bare == CANNOT_ANSWER


def numbers_in(text: str) -> set[str]:
    """Every figure in `text`, canonical: `2023-6-9`, `2023-6`, `6-9` (month-day), `50%`,
    `500000`, `1.5`. Citation markers are not figures."""
    arabic = _chinese_numerals_to_arabic(_MARKER.sub(" ", text).translate(_FULL_WIDTH))
    return {_canonical(match) for match in _FIGURE.finditer(arabic)}


def unsupported_numbers(text: str, evidence: str) -> set[str]:
    """The figures of `text` that `evidence` does not contain (in any of the accepted spellings)."""
    return numbers_in(text) - _with_parts(numbers_in(evidence))


def check_answer(text: str, sources: list[Citation], allowed_extra: str = "") -> list[str]:
    """Problems of an LLM answer given `sources` numbered [S1].. in order; empty means accepted.
    Figures must occur in the sources' quotes or in `allowed_extra` (e.g. the deterministic answer)."""
    if not text.strip():
        return ["输出为空"]
    if is_cannot_answer(text):
        return []
    problems: list[str] = []
    cited = citation_markers(text)
    unknown = sorted({n for n in cited if not 1 <= n <= len(sources)})
    if unknown:
        problems.append("引用了不存在的来源：" + "、".join(f"[S{n}]" for n in unknown))
    if sources and not cited:
        problems.append("没有标注来源")
    evidence = "\n".join([*(source.quote for source in sources), allowed_extra])
    invented = unsupported_numbers(text, evidence)
    if invented:
        problems.append("来源中没有的数字或日期：" + "、".join(sorted(invented)))
    return problems


def _chinese_numerals_to_arabic(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        percent, numeral = match.group(1), match.group(2)
        following = text[match.end() : match.end() + 1]
        is_figure = any(ch in _CN_DIGITS for ch in numeral) and numeral != "一"
        if percent and is_figure:
            return f"{_chinese_value(numeral)}%"
        if is_figure and following in _COUNTED_BY:
            return str(_chinese_value(numeral))
        return match.group(0)

    return _CN_NUMERAL.sub(replace, text)


def _chinese_value(numeral: str) -> int:
    """`二〇二三` -> 2023 (digit by digit), `五十万` -> 500000, `十二` -> 12."""
    if all(ch in _CN_DIGITS for ch in numeral):
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total = section = digit = 0
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        else:
            total = (total + section + digit) * _CN_MAGNITUDES[ch]
            section = digit = 0
    return total + section + digit


def _canonical(match: re.Match[str]) -> str:
    if match["iso"]:
        return "-".join(str(int(match[g])) for g in ("iy", "im", "id"))
    if match["date"]:
        return "-".join(str(int(match[g])) for g in ("y", "m", "d") if match[g])
    if match["md"]:
        return f"{int(match['mm'])}-{int(match['dd'])}"
    value = Decimal(match["num"].replace(",", ""))
    suffix = match["suffix"]
    if suffix == "%":
        return f"{_plain(value)}%"
    if suffix:
        value *= _CN_MAGNITUDES[suffix]
    return _plain(value)


def _plain(value: Decimal) -> str:
    """`1.50` -> `1.5`, `500000.0` -> `500000`, `007` -> `7`."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _with_parts(figures: set[str]) -> set[str]:
    """Figures plus what each supports: a date its year, month, day and pairs; `50%` the `50`."""
    covered = set(figures)
    for figure in figures:
        if figure.endswith("%"):
            covered.add(figure[:-1])
        parts = figure.split("-")
        if len(parts) > 1:
            covered.update(parts)
        if len(parts) == 3:
            covered.update({f"{parts[0]}-{parts[1]}", f"{parts[1]}-{parts[2]}"})
    return covered
