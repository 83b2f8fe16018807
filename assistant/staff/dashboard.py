"""The dashboard's numbers: top questions, the not-covered rate per notice and per week, feedback.
Tables (pandas) ready for Gradio's plots."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta

import pandas as pd

from assistant.staff.log import LogEntry

TOP = 15


def top_questions(entries: Sequence[LogEntry], top: int = TOP) -> pd.DataFrame:
    counts = Counter(e.question for e in entries).most_common(top)
    return pd.DataFrame(counts, columns=["问题", "次数"])


def not_covered_by_notice(entries: Sequence[LogEntry], name: Callable[[str], str]) -> pd.DataFrame:
    groups: dict[str, list[bool]] = {}
    for e in entries:
        groups.setdefault(name(e.notice) if e.notice else "未定", []).append(e.kind == "not_covered")
    rows = [(notice, sum(flags) / len(flags), len(flags)) for notice, flags in groups.items()]
    return pd.DataFrame(rows, columns=["通知", "未覆盖率", "提问数"])


def not_covered_by_week(entries: Sequence[LogEntry]) -> pd.DataFrame:
    groups: dict[str, list[bool]] = {}
    for e in entries:
        day = e.created_at.date()
        monday = (day - timedelta(days=day.weekday())).isoformat()
        groups.setdefault(monday, []).append(e.kind == "not_covered")
    rows = [(week, sum(flags) / len(flags)) for week, flags in sorted(groups.items())]
    return pd.DataFrame(rows, columns=["周", "未覆盖率"])


def feedback_counts(entries: Sequence[LogEntry]) -> pd.DataFrame:
    counts: Counter[str] = Counter()
    for e in entries:
        if e.feedback == "up":
            counts["👍 有帮助"] += 1
        elif e.feedback == "down":
            counts[f"👎 {e.feedback_reason or '其他'}"] += 1
    return pd.DataFrame(sorted(counts.items()), columns=["反馈", "次数"])


KIND_NAMES = {"curated": "审核答复", "rules": "规则", "text": "原文", "not_covered": "未覆盖"}
"""How the staff pages name a logged answer's kind."""


def answer_kinds(entries: Sequence[LogEntry]) -> pd.DataFrame:
    counts = Counter(KIND_NAMES[e.kind] for e in entries)
    return pd.DataFrame(sorted(counts.items()), columns=["答复方式", "次数"])
