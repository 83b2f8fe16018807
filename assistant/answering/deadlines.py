"""Dates judged against today: a deadline that has passed is said to have passed."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel

from assistant.contract import Citation
from assistant.knowledge.rules import NoticeRules

DeadlineState = Literal["open", "passed", "none"]


class DeadlineStatus(BaseModel):
    state: DeadlineState
    deadline: date | None = None
    days: int | None = None
    """Days left (open) or days since (passed)."""
    text: str
    citation: Citation | None = None


def cn_date(value: date) -> str:
    return f"{value.year}年{value.month}月{value.day}日"


def deadline_status(rules: NoticeRules, today: date) -> DeadlineStatus:
    if rules.deadline is None:
        return DeadlineStatus(state="none", text="该文件没有规定申报截止时间。")
    deadline = rules.deadline.value
    source = rules.deadline.source
    if today > deadline:
        days = (today - deadline).days
        text = f"征集已于{cn_date(deadline)}截止（已过去{days}天），现在无法再按该通知申报。"
        return DeadlineStatus(state="passed", deadline=deadline, days=days, text=text, citation=source)
    days = (deadline - today).days
    text = (
        f"截止时间为{cn_date(deadline)}，距今还有{days}天。"
        if days
        else f"今天（{cn_date(deadline)}）是截止日。"
    )
    return DeadlineStatus(state="open", deadline=deadline, days=days, text=text, citation=source)


def after_deadline_advice(rules: NoticeRules) -> str:
    """What an applicant can still usefully do once a call has closed."""
    structure = "编写体例" if rules.elements or any(c.elements for c in rules.categories) else "要求"
    return (
        "可以做的：通知没有说明下一届安排；可关注广电总局网站发布的新一轮征集通知，"
        f"并提前按本通知的{structure}整理案例材料和数据。"
    )
