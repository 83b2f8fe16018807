"""The element ledger: what a call notice requires of the material, read from its rules.

For each notice: the ordered required elements per category (the 2023 notice gives one list for
every category plus the application form's fields; the 2024 notice gives a list per category),
the length limits, the data the notice asks for, and what it forbids (one case in two
categories, process documents as material). A notice without an element structure (the 2020
notice) says so in `note` instead of getting an invented one.

How 字数 is counted (one convention, used by critique, draft and every message):
`count_chars` counts every non-whitespace character once — a Chinese character, a punctuation
mark, a digit, a Latin letter alike — after removing markdown markup (heading `#`, emphasis `*`/`_`
pairs, table `|`) and the drafter's 【待补充：…】 placeholders. This is the stricter reading: it
never counts fewer characters than Word's 字数 (which counts a run of Latin letters or digits as
one), so material within the limit here is within it in Word too.
"""

from __future__ import annotations

import re
from functools import cache

from pydantic import BaseModel, ConfigDict

from assistant.errors import AssistantError
from assistant.knowledge.rules import Element, LengthLimit, NoticeRules, SpecialRule, TextFact, load_rules
from assistant.text.chinese import count_chars as count_nonspace

PLACEHOLDER = re.compile(r"【待补充[：:][^】]*】")
MARKUP = re.compile(r"^#{1,6}(?=\s)|\*\*|__|(?<=\s)\|(?=\s)", re.MULTILINE)

COUNTING_CONVENTION = (
    "字数按非空白字符计：汉字、标点、数字、字母各计1字，不计空格换行、Markdown标记和【待补充】占位符"
    "（比Word“字数统计”更严，按此不超限则在Word中也不超限）。"
)
NO_STRUCTURE_NOTE = (
    "本通知未规定材料编写体例（必备要素）和字数限制，因此不按要素结构检查；只检查通知确有依据的事项。"
)


def count_chars(text: str) -> int:
    """字数 under the module's convention: markup and placeholders do not count (see the docstring)."""
    return count_nonspace(MARKUP.sub("", PLACEHOLDER.sub("", text)))


class NoticeLedger(BaseModel):
    """A call notice's requirements on the material, as the critique and the drafter use them."""

    model_config = ConfigDict(frozen=True)

    notice: str
    title: str
    categories: list[str]
    common_elements: list[Element]
    """One list for all categories (2023); empty when each category has its own (2024)."""
    category_elements: dict[str, list[Element]]
    form_fields: list[TextFact]
    summary_limit: LengthLimit | None
    detail_limit: LengthLimit | None
    data_rule: TextFact | None
    """The notice's demand for figures (数据充实、可量化), when it makes one."""
    subjective_rule: TextFact | None
    """The notice's warning against 感性描述, when it gives one."""
    one_category: SpecialRule | None
    no_process_documents: SpecialRule | None
    completed_only: SpecialRule | None = None
    """The notice's demand that a case be finished (已实际完成), when it makes one."""
    counting: str = COUNTING_CONVENTION

    @property
    def structured(self) -> bool:
        """Whether the notice prescribes the material's elements at all."""
        return bool(self.common_elements) or any(self.category_elements.values())

    @property
    def note(self) -> str | None:
        return None if self.structured else NO_STRUCTURE_NOTE

    @property
    def per_category(self) -> bool:
        return not self.common_elements and any(self.category_elements.values())

    def elements_for(self, category: str | None) -> list[Element]:
        """The ordered required elements for `category` (the common list when there is one)."""
        if self.common_elements:
            return self.common_elements
        return self.category_elements.get(category or "", [])

    def resolve_category(self, name: str) -> str:
        """The notice's category called `name` (tolerating 类/典型案例 and quotes), else an error."""
        wanted = _bare(name)
        for category in self.categories:
            if _bare(category) == wanted:
                return category
        loose = [c for c in self.categories if wanted and (wanted in _bare(c) or _bare(c) in wanted)]
        if len(loose) == 1:
            return loose[0]
        raise AssistantError(
            f"通知 {self.notice} 没有类别“{name}”；可选类别：{'、'.join(self.categories)}",
            code="unknown_category",
        )


def _bare(name: str) -> str:
    return re.sub(r"[\s“”\"'‘’《》「」]|典型案例$|案例$|类$", "", name)


def build_ledger(rules: NoticeRules) -> NoticeLedger:
    if rules.kind != "call":
        raise AssistantError(f"{rules.id} 是政策文件，不是征集通知，没有申报材料要求", code="not_a_call")
    return NoticeLedger(
        notice=rules.id,
        title=rules.title.value,
        categories=[c.name for c in rules.categories],
        common_elements=list(rules.elements),
        category_elements={c.name: list(c.elements) for c in rules.categories if c.elements},
        form_fields=list(rules.form_fields),
        summary_limit=rules.limit("summary"),
        detail_limit=rules.limit("detailed_material"),
        data_rule=_fact_with(rules.data_requirements, "可量化"),
        subjective_rule=_fact_with(rules.data_requirements, "感性"),
        one_category=rules.special("one_category_per_case"),
        no_process_documents=rules.special("no_process_documents"),
        completed_only=rules.special("completed_only"),
    )


def _fact_with(facts: list[TextFact], word: str) -> TextFact | None:
    return next((f for f in facts if word in f.value), None)


@cache
def ledger_for(notice: str) -> NoticeLedger:
    """The ledger of a registered call notice (UnknownDocumentError for an unknown id)."""
    return build_ledger(load_rules(notice))
