"""What an answer says about editions and review: which edition it follows (the newest, when the
question names no year) and whether that call is open today; that a notice's rules are not yet
reviewed (未经核对: only its text is cited); that a provincial forwarding answers for its province
and where the national notice is; and "现在能报什么": the calls open today."""

from __future__ import annotations

import re
from datetime import date

from assistant.answering.deadlines import cn_date as format_date
from assistant.contract import AskResult
from assistant.knowledge import editions
from assistant.knowledge.documents import document, registry
from assistant.knowledge.rules import load_rules

OPEN_NOW = re.compile(
    r"(?:现在|目前|当前|今天|眼下|最近|这会儿)[^。？?]{0,8}(?:能报|可以报|可报|能申报|可以申报|在征集|开放|有哪些征集|有什么征集|报什么|能参加)"
    r"|(?:哪些|什么)(?:征集|通知)?[^。？?]{0,4}(?:还在征集|正在征集|还能报|开放中)"
)
UNREVIEWED = "（{name}的规则未经核对：工作人员尚未审核，以下只引用通知原文。）"


def asks_open_calls(question: str) -> bool:
    return bool(OPEN_NOW.search(question))


def open_calls_answer(today: date) -> AskResult:
    """The calls open today with their deadlines, or that none is open (with the newest editions)."""
    calls = editions.open_calls(today)
    if calls:
        lines = [f"截至{format_date(today)}，正在征集的有："]
        for rules in calls:
            deadline = editions.next_deadline(rules, today)
            when = f"截止时间{format_date(deadline)}" if deadline else "未写明截止时间"
            lines.append(f"- {document(rules.id).short_name}（{when}）[{len(lines)}]")
        citations = [
            load_rules(r.id).deadline.source  # type: ignore[union-attr]  # open implies a deadline
            for r in calls
        ]
        return AskResult(answer="\n".join(lines), citations=citations, answerable=True)
    newest = [load_rules(d) for d in editions.current_calls()]
    lines = [f"截至{format_date(today)}，知识库中没有正在征集的通知，已收录的各项征集均已截止："]
    for rules in newest:
        deadline = editions.next_deadline(rules, today)
        lines.append(
            f"- {document(rules.id).short_name}：截止时间{format_date(deadline) if deadline else '未写明'}"
        )
    return AskResult(answer="\n".join(lines), citations=[], answerable=True)


def notes(question: str, notices: list[str], today: date) -> list[str]:
    """Lines that go before an answer about `notices`."""
    found: list[str] = []
    for doc_id in notices:
        info = registry().get(doc_id)
        if info is None or info.kind != "call":
            continue
        rules = load_rules(doc_id)
        if not info.reviewed:
            found.append(UNREVIEWED.format(name=info.short_name))
        if editions.newest_named(question, doc_id):
            deadline = editions.next_deadline(rules, today)
            state = "目前仍在征集" if editions.is_open(rules, today) else "目前已截止"
            when = f"截止时间{format_date(deadline)}，" if deadline else ""
            found.append(f"按最新一届（{info.short_name}）回答：{when}{state}。")
        if rules.forwards is not None:
            national = _national(rules.forwards.value)
            where = (
                f"全国通知见{document(national).short_name}"
                if national
                else f"全国通知为{rules.forwards.value}"
            )
            issuer = rules.issuing_office.value if rules.issuing_office else "省级主管部门"
            found.append(f"这是{issuer}的转发通知，以下按本省（区、市）的要求回答；{where}。")
    return found


def _national(forwarded: str) -> str | None:
    """The registered notice a forwarding passes on, by its number or title."""
    for doc_id in registry():
        rules = load_rules(doc_id) if registry()[doc_id].kind == "call" else None
        if rules is None or rules.forwards is not None:
            continue
        number = rules.doc_number.value if rules.doc_number else None
        if (number and _digits(number) == _digits(forwarded)) or rules.title.value in forwarded:
            return doc_id
    return None


def _digits(text: str) -> str:
    return "".join(re.findall(r"\d+", text))
