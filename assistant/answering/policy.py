"""Answers about the structure of the policy documents (principles, goals, tasks, measures, aspects).

The guiding opinions and the poverty-alleviation notice are modelled as lists of sourced items
(`PolicyStructure`); a question that names one of those lists ("基本原则有哪几条") gets the list,
each item cited, and one that names an item gets that item. Questions about their finer content go
to retrieval instead.
"""

from __future__ import annotations

import re

from assistant.answering.grounding import Fact
from assistant.knowledge.documents import document
from assistant.knowledge.rules import PolicyItem, PolicyStructure, load_rules

LIST_CUES: list[tuple[str, str, str]] = [
    ("principles", r"基本原则|原则有", "基本原则"),
    ("goals", r"总体目标|目标是|发展目标|达到什么|要达到|到20\d\d年", "总体目标"),
    ("tasks", r"重点任务|主要任务|哪些任务|几项任务", "重点任务"),
    ("measures", r"保障措施|保障", "保障措施"),
    ("aspects", r"八个方面|哪几个方面|哪些方面|几个方面|主要内容|哪几项", "行动内容"),
]


CONTENT_ASKED = r"具体|内容|分别|详细|讲什么|讲了什么|说了什么|怎么做|要做|是什么|都是啥|是啥"
"""A question after what a list's items say, not only which they are."""


def _items(structure: PolicyStructure, field: str) -> list[PolicyItem]:
    items: list[PolicyItem] = getattr(structure, field)
    return items


def policy_facts(question: str, docs: list[str]) -> list[Fact]:
    """The list a question asks for, from the first policy document that has it."""
    for doc_id in docs:
        rules = load_rules(doc_id)
        if rules.policy is None:
            continue
        for field, cue, label in LIST_CUES:
            items = _items(rules.policy, field)
            if not items or not re.search(cue, question):
                continue
            if any(item.title in question for item in items):
                return _named_items(question, items)  # "保障措施加强政策扶持讲了啥"
            name = document(doc_id).short_name
            unit = "个方面" if "方面" in question else "条" if "条" in question else "项"
            facts = [
                Fact(f"{name}的{label}共{len(items)}{unit}：" + "；".join(i.title for i in items) + "。")
            ]
            if not re.search(CONTENT_ASKED, question):  # "基本原则有哪几条": the titles answer
                return [Fact(facts[0].text, items[0].source)]
            facts += [
                Fact(f"{n}. {item.title}：{item.summary}", item.source) for n, item in enumerate(items, 1)
            ]
            return facts
    return []


def named_item_facts(question: str, docs: list[str]) -> list[Fact]:
    """The items of any of the documents' lists that the question names by title ("加强队伍建设具体
    讲什么", which a follow-up's "第四条" becomes)."""
    for doc_id in docs:
        rules = load_rules(doc_id)
        if rules.policy is not None:
            for field, _, _ in LIST_CUES:
                facts = _named_items(question, _items(rules.policy, field))
                if facts:
                    return facts
    return []


def _named_items(question: str, items: list[PolicyItem]) -> list[Fact]:
    return [Fact(f"{item.title}：{item.summary}", item.source) for item in items if item.title in question]


def asked_list(question: str, docs: list[str]) -> list[str]:
    """The titles of the list a question asks for ("扶贫行动有几个方面"), for a later "第五个"."""
    for doc_id in docs:
        rules = load_rules(doc_id)
        if rules.policy is None:
            continue
        for field, cue, _ in LIST_CUES:
            items = _items(rules.policy, field)
            if items and re.search(cue, question):
                return [i.title for i in items]
    return []
