"""The rules model: what each notice says, as typed data, every value with its source.

One YAML file per document lives in `knowledge/rules/ID.yaml`. Values are hand-checked against
the normalised text; `verify_sources` (run by the tests and by `python -m assistant rules check`)
fails when a quote is not verbatim in its document, cannot be found in the original (see
`citations`), or is not inside the clause it names.

Where a notice is silent on something applicants ask about, the topic is listed in `silent_on`,
so the answer can say "the notice does not specify" instead of guessing.
"""

from __future__ import annotations

from datetime import date
from functools import cache
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field

from assistant.contract import Citation
from assistant.errors import UnknownDocumentError
from assistant.knowledge.documents import KNOWLEDGE_DIR, document, normalized_text, registry
from assistant.knowledge.notice_store import RULES_FILE, NoticeStore

RULES_DIR = KNOWLEDGE_DIR / "rules"

ApplicantKind = Literal[
    "provincial_bureau",  # 省级广播电视局 / 省级广播电视行政管理部门
    "bingtuan_bureau",  # 新疆生产建设兵团文化体育广电和旅游局
    "central_unit",  # 中央广播电视总台、电影频道节目中心、中国教育电视台、总局直属单位 ...
    "radio_tv_station",  # 广播电视台 / 广播电视播出机构 (level in the profile)
    "county_media_center",  # 县级融媒体中心
    "cable_operator",  # 有线电视网络公司
    "iptv_broadcast_control",  # IPTV 集成播控服务运营机构
    "iptv_transmission",  # IPTV 传输服务机构
    "internet_tv_operator",  # 互联网电视集成服务运营机构
    "tech_company",  # 为媒体融合发展提供支撑或服务的企事业单位 / 科技企业
    "other_unit",  # 其他单位 / 各相关单位
]
Channel = Literal["provincial_bureau", "direct_nrta", "central_unit_self"]
QuotaScope = Literal["province", "bingtuan", "central_unit", "other_unit"]
LimitTarget = Literal["summary", "detailed_material"]
SilentTopic = Literal[
    "per_category_quota",
    "summary_limit",
    "detailed_material_limit",
    "element_structure",
    "prize_money",
    "platform",
    "platform_opening",
    "application_form_fields",
    "next_edition",
    "result_date",
    "fees",
    "defense",
    "department",  # which NRTA department runs the call
    "results_list",  # which cases were selected (the calls precede their results)
    "uncovered_detail",  # details no document touches: passwords, fonts, scoring weights ...
    "other_programme",  # a programme or fund that is not in the knowledge base
    "contact_detail",  # a contact's email, fax ... that the notice does not give
    "document_detail",  # a document's number, date or department that its text does not state
    "material_item",  # a material (推荐函, 纸质件 ...) that this notice does not ask for
]
SpecialRuleCode = Literal[
    "one_category_per_case",
    "no_repeat_of_previous_winner",
    "completed_only",
    "no_process_documents",
    "quota_bonus_for_good_recommenders",
    "results_published",
    "publicity_consent",
]


class Sourced(BaseModel):
    """Base of every fact: where in which document it is written."""

    model_config = ConfigDict(extra="forbid")

    source: Citation


class TextFact(Sourced):
    value: str


class DateFact(Sourced):
    value: date


class Element(Sourced):
    """A required element of the material (材料编写体例 / 申报材料要素), worded as the notice words it."""

    name: str
    aliases: list[str] = Field(default_factory=list)
    """Other headings applicants use for it (for the critique's heading matcher); not facts."""


class Category(Sourced):
    name: str
    definition: str
    """The notice's definition, verbatim (also the quote of `source`)."""
    elements: list[Element] = Field(default_factory=list)
    """Elements required for this category; empty when the notice gives one list for all."""
    cues: list[str] = Field(default_factory=list)
    """Phrases of the definition that signal the category (for the classifier)."""


class EligibleApplicant(Sourced):
    kinds: list[ApplicantKind]
    description: str
    channel: Channel
    note: str = ""


class Quota(Sourced):
    scope: QuotaScope
    per_category: int | None = None
    total: int | None = None


class LengthLimit(Sourced):
    target: LimitTarget
    max_chars: int
    label: str
    """How the notice names what is limited (简介 / 详细材料 / 申报材料)."""


class Requirement(Sourced):
    name: str
    text: str


class Stage(Sourced):
    name: str
    description: str


class Contact(Sourced):
    role: str
    names: list[str] = Field(default_factory=list)
    phones: list[str] = Field(default_factory=list)
    email: str | None = None
    fax: str | None = None
    address: str | None = None
    postcode: str | None = None
    department: str | None = None


class SpecialRule(Sourced):
    code: SpecialRuleCode
    text: str


class Platform(Sourced):
    name: str
    url: str
    opens: date | None = None


class PolicyItem(Sourced):
    title: str
    summary: str
    items: list[PolicyItem] = Field(default_factory=list)
    """Sub-items (the guiding opinions' tasks list several named measures each)."""


class PolicyStructure(BaseModel):
    """The shape of a policy document (guiding opinions, poverty-alleviation notice)."""

    model_config = ConfigDict(extra="forbid")

    principles: list[PolicyItem] = Field(default_factory=list)
    goals: list[PolicyItem] = Field(default_factory=list)
    tasks: list[PolicyItem] = Field(default_factory=list)
    measures: list[PolicyItem] = Field(default_factory=list)
    aspects: list[PolicyItem] = Field(default_factory=list)
    """The poverty-alleviation notice's eight aspects."""


class NoticeRules(BaseModel):
    """Everything a document rules or states, as typed, sourced facts."""

    model_config = ConfigDict(extra="forbid")

    id: str
    kind: Literal["call", "policy"]
    year: int
    aliases: list[str] = Field(default_factory=list)
    """How people name this document (新服务, 138号文, 融合案例 ...): lookup keys, not facts."""
    title: TextFact
    doc_number: TextFact | None = None
    issuing_office: TextFact | None = None
    department: TextFact | None = None
    """The NRTA department that runs the call (科技司, 媒体融合发展司 ...)."""
    issued: DateFact | None = None
    published: DateFact | None = None
    deadline: DateFact | None = None
    platform: Platform | None = None
    categories: list[Category] = Field(default_factory=list)
    elements: list[Element] = Field(default_factory=list)
    """Elements required for every category (the 2023 notice's single list)."""
    form_fields: list[TextFact] = Field(default_factory=list)
    eligible_applicants: list[EligibleApplicant] = Field(default_factory=list)
    quotas: list[Quota] = Field(default_factory=list)
    length_limits: list[LengthLimit] = Field(default_factory=list)
    data_requirements: list[TextFact] = Field(default_factory=list)
    """What the notice asks the material to show with data (数据充实、可量化 ...)."""
    requirements: list[Requirement] = Field(default_factory=list)
    materials: list[TextFact] = Field(default_factory=list)
    procedure: list[Stage] = Field(default_factory=list)
    support: list[TextFact] = Field(default_factory=list)
    """What selected cases get (扶持, 优先支持, 案例集 ...)."""
    contacts: list[Contact] = Field(default_factory=list)
    special_rules: list[SpecialRule] = Field(default_factory=list)
    silent_on: list[SilentTopic] = Field(default_factory=list)
    policy: PolicyStructure | None = None
    family: str | None = None
    """Which call this is an edition of (see knowledge/families.yaml)."""
    forwards: TextFact | None = None
    """The notice a provincial forwarding passes on (its document number or title)."""
    deadlines: list[DateFact] = Field(default_factory=list)
    """Every submission date when there are several (quarterly calls); `deadline` is the last."""

    def category(self, name: str) -> Category | None:
        return next((c for c in self.categories if c.name == name), None)

    def elements_for(self, category: str | None) -> list[Element]:
        """The ordered required elements for a category (or the common list)."""
        cat = self.category(category) if category else None
        if cat and cat.elements:
            return cat.elements
        return self.elements

    def limit(self, target: LimitTarget) -> LengthLimit | None:
        return next((lim for lim in self.length_limits if lim.target == target), None)

    def special(self, code: SpecialRuleCode) -> SpecialRule | None:
        return next((r for r in self.special_rules if r.code == code), None)

    def is_silent_on(self, topic: SilentTopic) -> bool:
        return topic in self.silent_on


def added_rules(store: NoticeStore, notice_id: str) -> NoticeRules:
    """The rules of a notice staff added, as extracted and corrected so far."""
    return NoticeRules.model_validate_json(store.rules_json(notice_id))


@cache
def load_rules(doc_id: str) -> NoticeRules:
    info = document(doc_id)  # raises UnknownDocumentError with the list of ids
    if info.folder is not None:  # a notice staff added: its extracted (and reviewed) rules
        return NoticeRules.model_validate_json((info.folder / RULES_FILE).read_text(encoding="utf-8"))
    path = RULES_DIR / f"{doc_id}.yaml"
    if not path.exists():
        raise UnknownDocumentError(f"文档 {doc_id!r} 还没有结构化规则文件 {path.name}")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return NoticeRules.model_validate(data)


def all_rules() -> list[NoticeRules]:
    return [
        load_rules(doc_id)
        for doc_id, info in registry().items()
        if info.folder is not None or (RULES_DIR / f"{doc_id}.yaml").exists()
    ]


def call_rules() -> list[NoticeRules]:
    return [r for r in all_rules() if r.kind == "call"]


def iter_citations(rules: NoticeRules) -> list[Citation]:
    """Every source citation anywhere in a rules object."""
    found: list[Citation] = []

    def walk(value: object) -> None:
        if isinstance(value, Citation):
            found.append(value)
        elif isinstance(value, BaseModel):
            for name in type(value).model_fields:
                walk(getattr(value, name))
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(rules)
    return found


def verify_sources(rules: NoticeRules) -> list[str]:
    """Problems with the sources of `rules`: quotes not verbatim, or not in the clause named."""
    from assistant.knowledge.citations import findable
    from assistant.knowledge.clauses import clause_at

    problems = []
    for cite in iter_citations(rules):
        text = normalized_text(cite.doc)
        if cite.quote not in text:
            problems.append(f"{rules.id}: quote not verbatim in {cite.doc}: {cite.quote!r}")
            continue
        if not findable(cite):
            problems.append(f"{rules.id}: quote not findable in the original {cite.doc}: {cite.quote!r}")
            continue
        clause = clause_at(cite.doc, cite.section)
        if clause is None:
            problems.append(f"{rules.id}: no section {cite.section!r} in {cite.doc}")
        elif cite.quote not in clause.text:
            problems.append(f"{rules.id}: quote not in section {cite.section!r}: {cite.quote!r}")
    return problems
