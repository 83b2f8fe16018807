"""Rules from a notice's text alone, without an LLM: every value with its verbatim quote and a
confidence; cross-field checks (a deadline before the issue date, category quotas beyond the
total) lower the confidence of the values involved. One module per field family."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from pydantic import BaseModel

from assistant.knowledge.notice_meta import FieldReview
from assistant.knowledge.rules import (
    Category,
    Contact,
    DateFact,
    Element,
    EligibleApplicant,
    LengthLimit,
    NoticeRules,
    Platform,
    Quota,
    Requirement,
    Stage,
    TextFact,
)
from assistant.notices.extract import contacts, content, dates, header, parties
from assistant.notices.extract.base import Found, NoticeText

SILENT_WHEN_MISSING = [
    "prize_money",
    "fees",
    "defense",
    "result_date",
    "next_edition",
    "application_form_fields",
]


class Extraction(BaseModel):
    """The extracted rules and the review list staff go through (one entry per value)."""

    rules: NoticeRules
    review: list[FieldReview]
    region: str | None = None


def extract(doc_id: str, text: str) -> Extraction:
    doc = NoticeText(doc_id, text)
    title = header.title(doc)
    own_number, forwarded = header.doc_numbers(doc)
    issued = header.issued(doc)
    doc.issued = issued.value if issued else None
    issuer = header.issuer(doc, title)
    forwards = forwarded or (header.forwarded_title(doc, title) if _forwards(doc, title) else None)
    year = header.year(doc, title, own_number, doc.issued)
    family = header.family(doc, title)
    found_deadlines = dates.deadlines(doc)
    platform, opens = dates.platform(doc)
    found_categories = content.categories(doc) or content.inline_categories(
        doc, title.value if title else None
    )
    names = [f.value["name"] for f in found_categories]
    common, by_category = content.elements(doc, names)
    found_quotas = parties.quotas(doc)
    found_applicants = parties.eligible_applicants(doc)
    found_routing = parties.routing(doc)
    found_limits = content.length_limits(doc)
    found_contacts = contacts.contacts(doc)
    found_materials = content.materials(doc)
    found_requirements = content.requirements(doc)

    found_deadlines = [_check_deadline(f, doc.issued) for f in found_deadlines]
    found_quotas = [_check_quota(f) for f in found_quotas]

    cite = doc.cite
    rules = NoticeRules(
        id=doc_id,
        kind="call",
        year=year.value if year else (doc.issued.year if doc.issued else date.today().year),
        aliases=_aliases(title, issuer, family, doc),
        title=TextFact(value=title.value, source=cite(title.quote))
        if title
        else TextFact(value=doc_id, source=cite(doc.lines[0] if doc.lines else "")),
        doc_number=_text(own_number, cite),
        issuing_office=_text(issuer, cite),
        issued=DateFact(value=issued.value, source=cite(issued.quote)) if issued else None,
        deadline=(
            DateFact(
                value=max(f.value for f in found_deadlines),
                source=cite(max(found_deadlines, key=lambda f: f.value).quote),
            )
            if found_deadlines
            else None
        ),
        deadlines=[DateFact(value=f.value, source=cite(f.quote)) for f in found_deadlines],
        platform=(
            Platform(
                name=platform.value["name"],
                url=platform.value["url"],
                opens=opens.value if opens else None,
                source=cite(platform.quote),
            )
            if platform
            else None
        ),
        categories=[
            Category(
                name=f.value["name"],
                definition=f.value["definition"],
                elements=[_element(e, cite) for e in by_category.get(f.value["name"], [])],
                source=cite(f.quote),
            )
            for f in found_categories
        ],
        elements=[_element(e, cite) for e in common],
        eligible_applicants=[
            EligibleApplicant(
                kinds=f.value["kinds"],
                description=f.value["description"],
                channel=f.value["channel"],
                source=cite(f.quote),
            )
            for f in found_applicants
        ],
        quotas=[
            Quota(
                scope=f.value["scope"],
                per_category=f.value["per_category"],
                total=f.value["total"],
                source=cite(f.quote),
            )
            for f in found_quotas
        ],
        length_limits=[
            LengthLimit(
                target=f.value["target"],
                max_chars=f.value["max_chars"],
                label=f.value["label"],
                source=cite(f.quote),
            )
            for f in found_limits
        ],
        requirements=[
            Requirement(name=f.value["name"], text=f.value["text"], source=cite(f.quote))
            for f in found_requirements
        ],
        materials=[TextFact(value=f.value, source=cite(f.quote)) for f in found_materials],
        procedure=[Stage(name="报送", description=f.value, source=cite(f.quote)) for f in found_routing],
        contacts=[Contact(**f.value, source=cite(f.quote)) for f in found_contacts],
        silent_on=_silences(found_limits, found_quotas, platform, opens, common or any(by_category.values())),
        family=family.value if family else None,
        forwards=_text(forwards, cite),
    )
    review = [
        _review(f, cite)
        for f in [
            *(x for x in (title, issuer, own_number, issued, forwards, family, year) if x is not None),
            *_indexed(found_deadlines),
            *([platform] if platform else []),
            *([opens] if opens else []),
            *_indexed(found_categories),
            *_indexed(common),
            *_indexed(found_applicants),
            *_indexed(found_quotas),
            *_indexed(found_limits),
            *_indexed(found_materials),
            *_indexed(found_routing),
            *_indexed(found_requirements),
            *_indexed(found_contacts),
        ]
    ]
    return Extraction(rules=rules, review=review, region=header.region_of(issuer.value if issuer else None))


def _forwards(doc: NoticeText, title: Found | None) -> bool:
    head = title.value if title else " ".join(doc.lines[:3])
    return "转发" in head or any("转发" in s.text for s in doc.sentences[:6])


def _text(found: Found | None, cite: Any) -> TextFact | None:
    return TextFact(value=str(found.value), source=cite(found.quote)) if found else None


def _element(found: Found, cite: Any) -> Element:
    return Element(name=found.value, source=cite(found.quote))


def _indexed(items: list[Found]) -> list[Found]:
    return [f.model_copy(update={"field": f"{f.field}[{i}]"}) for i, f in enumerate(items)]


def _review(found: Found, cite: Any) -> FieldReview:
    value = found.value.isoformat() if isinstance(found.value, date) else found.value
    return FieldReview(
        field=found.field,
        value=value,
        confidence=found.confidence,
        source=cite(found.quote),
        checks=found.checks,
    )


def _check_deadline(found: Found, issued: date | None) -> Found:
    if issued is not None and found.value < issued:
        return found.lowered("截止日期早于发文日期")
    return found


def _check_quota(found: Found) -> Found:
    per, total = found.value["per_category"], found.value["total"]
    if per is not None and total is not None and per > total:
        return found.lowered("每类名额超过总名额")
    return found


def _silences(
    limits: list[Found], quotas: list[Found], platform: Found | None, opens: Found | None, elements: Any
) -> list[Any]:
    silent: list[Any] = list(SILENT_WHEN_MISSING)
    if not any(f.value["target"] == "summary" for f in limits):
        silent.append("summary_limit")
    if not any(f.value["target"] == "detailed_material" for f in limits):
        silent.append("detailed_material_limit")
    if quotas and not any(f.value["per_category"] for f in quotas):
        silent.append("per_category_quota")
    if platform is None:
        silent.append("platform")
    if opens is None:
        silent.append("platform_opening")
    if not elements:
        silent.append("element_structure")
    return silent


GENERIC_WORDS = {
    "广播电视",
    "广播",
    "电视",
    "全国",
    "全省",
    "国家",
    "工作",
    "项目",
    "扶持",
    "申报",
    "评审",
    "征集",
    "评选",
    "推选",
    "节目",
    "作品",
    "活动",
    "事项",
    "优秀",
    "年度",
    "开展",
    "做好",
    "组织",
    "关于",
    "通知",
    "有关",
    "推优",
    "发展",
    "网络",
    "视听",
    "网络视听",
    "宣传",
    "创作",
    "人才",
    "典型",
    "案例",
    "单位",
    "推荐",
    "第四批",
    "第一批",
    "第二批",
    "第三批",
    "先导",
    "成长",
    "征集和评选",
    "智慧",
    "广电",
}
TITLE_NOISE = re.compile(r"20\d{2}\s*年度?|第[一二三四五六七八九十\d]+批|《|》|“|”")


def title_aliases(title: str) -> list[str]:
    """Word runs of the title that name this call (纪录片, 少儿节目扶持项目, 产业发展项目库): every run
    of three to twelve characters that does not start with a generic word (广播电视, 项目 ...)."""
    import jieba

    core = re.sub(r"^.*(?:关于|转发)", "", title)
    core = re.sub(r"(?:的)?(?:通知|公告)$", "", core)
    core = re.sub(r"^.{0,20}?(?:决定|组织)开展", "", core)  # a title made of the body's words
    core = re.sub(r"^(?:组织开展|开展|做好|组织|申报)", "", core)
    aliases: list[str] = []
    for phrase in re.split(r"[、，和及与]|工作|事项|活动", TITLE_NOISE.sub("", core)):
        words = [w for w in jieba.lcut(phrase) if w.strip()]
        for i in range(len(words)):
            for j in range(i + 1, min(len(words), i + 5) + 1):
                run = words[i:j]
                text = "".join(run)
                if 3 <= len(text) <= 12 and run[0] not in GENERIC_WORDS and len(run[0]) > 1:
                    aliases.append(text)
    return aliases


def _aliases(title: Found | None, issuer: Found | None, family: Found | None, doc: NoticeText) -> list[str]:
    """How applicants may name this notice: its family's names, its region, its title's words,
    quoted names."""
    aliases: list[str] = []
    if family is not None:
        aliases += next(f.aliases for f in header.families() if f.id == family.value)
    region = header.region_of(issuer.value if issuer else None)
    if region:
        aliases += [region, region + "省", region + "市", f"{region}转发"]
    where = title.value if title else " ".join(doc.lines[:2])
    aliases += re.findall(r"[“\"]([^”\"]{4,20})[”\"]", where)
    if title is not None:
        aliases += title_aliases(title.value)
    return list(dict.fromkeys(a for a in aliases if a))
