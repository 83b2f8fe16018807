"""What is asked for: categories with their definitions, the required elements (材料编写体例)
and length limits, the materials to send and the requirements a case must meet."""

from __future__ import annotations

import re

from assistant.knowledge.clauses import Clause
from assistant.notices.extract.base import Found, NoticeText
from assistant.text.numbering import strip_marker

CATEGORY_HEADING = re.compile(
    r"类别|征集对象|征集范围|征集内容|参评节目|节目类型|作品类型|扶持项目设置|推选类别|申报类别|项目类别"
)
INLINE_CATEGORIES = re.compile(
    r"(?:包括|分为|分设|设置|共分为|包含)([^。：；]{4,80}?)(?:等)?(?:[两二三四五六七八九十\d]{1,2}(?:个方面|个类别|类|个类型|大类|种))"
)
ELEMENT_HEADING = re.compile(r"编写体例|材料要素|申报材料(?:应)?包括|材料(?:编写)?要求|体例")
ELEMENT_ITEM = re.compile(r"(?:^|[；;。\s])\d{1,2}[.．、]([^；;。\n]{2,120})")
REQUIREMENT_HEADING = re.compile(r"征集要求|推选要求|申报要求|基本条件|申报条件|评选标准|推选标准|参评要求")
LIMIT = re.compile(
    r"(?:不超过|不得超过|控制在|以内|限)\s*(\d[\d,，]*)\s*字|(\d[\d,，]*)\s*字(?:以内|左右|之内)"
)
MATERIAL_CUE = re.compile(
    r"申报表|推荐表|汇总表|推荐函|申请表|纸质|电子版|附件\d|光盘|U盘|盖章|报送材料|申报材料"
)
SUMMARY_WORDS = re.compile(r"简介|摘要|概述|简要介绍")
LIMIT_LABEL = re.compile(r"简介|摘要|概述|申报材料|详细材料|材料|文字")


def _sub_clauses(doc: NoticeText, parent: Clause) -> list[Clause]:
    """The clauses right under `parent`, whatever their numbering (`（一）` or `1、`)."""
    depth = len(parent.parents) + 1
    return [
        c
        for c in doc.clauses
        if c.parents
        and c.parents[-1] == parent.title
        and len(c.parents) == depth
        and c.path.startswith(parent.path)
    ]


def _name_and_rest(clause: Clause) -> tuple[str, str]:
    """`（一）新媒体平台建设。是指……` -> (`新媒体平台建设`, `是指……`)."""
    line = clause.text.split("\n", 1)[0]
    body = strip_marker(line)
    rest = clause.text.split("\n", 1)[1].strip() if "\n" in clause.text else ""
    match = re.match(r"([^。：:；]{2,40}?)[。：:；]\s*(.*)$", body)
    if match:
        return match.group(1).strip("“”"), match.group(2) or rest
    return body.strip("“”。"), rest  # the heading alone on its line, its text the next paragraph


def categories(doc: NoticeText) -> list[Found]:
    for clause in doc.clauses:
        if clause.level == 0 or not CATEGORY_HEADING.search(clause.title):
            continue
        subs = _sub_clauses(doc, clause)
        if len(subs) >= 2:
            found = []
            for sub in subs:
                name, definition = _name_and_rest(sub)
                quote = definition or name
                found.append(
                    Found(
                        field="categories",
                        value={"name": name, "definition": definition},
                        quote=quote,
                        confidence=0.85 if definition else 0.6,
                    )
                )
            return found
    for sentence in doc.sentences:  # "征集的对象包括先导单位、典型案例、成长项目三个方面"
        match = INLINE_CATEGORIES.search(sentence.text)
        if match and ("征集" in sentence.text or "评选" in sentence.text or "申报" in sentence.text):
            names = _split_names(match.group(1))
            if len(names) >= 2:
                return [
                    Found(field="categories", value={"name": n, "definition": ""}, quote=n, confidence=0.6)
                    for n in names
                ]
    return []


QUOTED_KINDS = re.compile(
    r"设((?:“[^”]{2,12}”[、，]?){2,})(?:[两二三四五六七八九十\d]{1,2}(?:类|个类别|个方面)|等)"
)
SLASH_KINDS = re.compile(r"类别[（(]([^）)]{4,80}/[^）)]{2,80})[）)]")
LISTED_KINDS = re.compile(
    r"(?:类型|类别)(?:包括|分为|有)([^。；（：]{4,200}?)等?(?=[。；（]|$)|包括([^。；（：]{4,200}?)等(?:类型|类别)"
)
TITLE_LIST = re.compile(r"([^，。“”]{2,30}(?:、[^，。、“”]{2,12}?){1,6})(?:征集|评选|推选|申报)")


def inline_categories(doc: NoticeText, title: str | None) -> list[Found]:
    """Kinds listed in one sentence: `设“A”“B”“C”四类`, `类别（A/B/C）`, else the title's list
    (`先导单位、典型案例、成长项目征集`)."""
    for sentence in doc.sentences:
        quoted = QUOTED_KINDS.search(sentence.text)
        if quoted:
            names = re.findall(r"“([^”]{2,12})”", quoted.group(1))
            return [
                Found(field="categories", value={"name": n, "definition": ""}, quote=f"“{n}”", confidence=0.7)
                for n in names
            ]
        listed = LISTED_KINDS.search(sentence.text)
        if listed:
            names = [
                n.strip()
                for n in (listed.group(1) or listed.group(2)).split("、")
                if 2 <= len(n.strip()) <= 12
            ]
            if len(names) >= 2:
                return [
                    Found(field="categories", value={"name": n, "definition": ""}, quote=n, confidence=0.7)
                    for n in names
                ]
        slashed = SLASH_KINDS.search(sentence.text)
        if slashed:
            names = [n.strip() for n in slashed.group(1).split("/") if n.strip()]
            return [
                Found(field="categories", value={"name": n, "definition": ""}, quote=n, confidence=0.7)
                for n in names
            ]
    forms = _attached_forms(doc) or _counted_kinds(doc)
    if forms:
        return forms
    listed = TITLE_LIST.search(title or "")
    if listed:
        parts = listed.group(1).split("、")
        width = max(len(p) for p in parts[1:])
        names = [parts[0][-width:], *parts[1:]]
        quote = listed.group(1)
        return [
            Found(field="categories", value={"name": n, "definition": ""}, quote=quote, confidence=0.5)
            for n in names
        ]
    return []


ATTACHED_FORM = re.compile(r"\d{1,2}[.．、]\s*([^\d\s]{2,30}?)(?:申报表|推荐表|报名表)")
COUNTED_KIND = re.compile(r"数量[：:]\s*((?:[^，：。；\d]{2,12}\d+个[，、]?){2,})")


def _attached_forms(doc: NoticeText) -> list[Found]:
    """Kinds named by the attached forms (`2.优秀国产纪录片短片申报表 3.……长片申报表`), their
    shared prefix dropped; three forms at least, so a single application form names no kind."""
    for line in doc.lines:
        if not line.startswith("附件"):
            continue
        names = ATTACHED_FORM.findall(line)
        if len(names) >= 3:
            prefix = names[0][: _shared_prefix_length(names)]
            return [
                Found(
                    field="categories",
                    value={"name": n[len(prefix) :] or n, "definition": ""},
                    quote=n,
                    confidence=0.5,
                )
                for n in names
            ]
    return []


def _shared_prefix_length(names: list[str]) -> int:
    return next(
        (i for i, chars in enumerate(zip(*names, strict=False)) if len(set(chars)) > 1), min(map(len, names))
    )


def _counted_kinds(doc: NoticeText) -> list[Found]:
    """Kinds counted in a quota (`申报项目数量：少儿广播节目1个，少儿电视节目1个`)."""
    for sentence in doc.sentences:
        match = COUNTED_KIND.search(sentence.text)
        if match:
            names = re.findall(r"([^，：。；\d、]{2,12})\d+个", match.group(1))
            return [
                Found(field="categories", value={"name": n, "definition": ""}, quote=n, confidence=0.5)
                for n in names
            ]
    return []


def _split_names(listing: str) -> list[str]:
    listing = re.sub(r"^.{0,20}?(?:的|：)", "", listing) if len(listing) > 40 else listing
    parts = [p.strip("“”《》 ") for p in re.split(r"[、，,和及与]", listing)]
    return [p for p in parts if 2 <= len(p) <= 20]


def elements(doc: NoticeText, category_names: list[str]) -> tuple[list[Found], dict[str, list[Found]]]:
    """(elements for every category, elements by category) from the 编写体例 clause and the
    clauses under it; a sub-clause named after a category holds that category's elements."""
    common: list[Found] = []
    by_category: dict[str, list[Found]] = {}
    for clause in doc.clauses:
        if clause.level == 0 or not ELEMENT_HEADING.search(clause.title):
            continue
        for inner in (c for c in doc.clauses if c.path.startswith(clause.path)):
            owner_title = next(
                (t for t in (*inner.parents, inner.title) if any(n and n in t for n in category_names)), None
            )
            owner = next((n for n in category_names if owner_title and n in owner_title), None)
            pairs = _items(inner.text) or _listed_items(inner.text)
            items = [Found(field="elements", value=n, quote=q, confidence=0.8) for n, q in pairs]
            (by_category.setdefault(owner, []) if owner else common).extend(items)
        if common or by_category:
            break
    return common, by_category


def _listed_items(text: str) -> list[tuple[str, str]]:
    """`材料应包括以下要素：基本情况，创新做法与实践，……。` as items."""
    match = re.search(r"(?:要素|包括|包含)[：:]([^。]{4,400})。", text)
    if not match:
        return []
    return [
        (item.strip(), item.strip())
        for item in re.split(r"[，；]", match.group(1))
        if 2 <= len(item.strip()) <= 40
    ]


def _items(text: str) -> list[tuple[str, str]]:
    found = []
    for match in ELEMENT_ITEM.finditer(text):
        quote = match.group(0).lstrip("；;。 \n")
        name = re.sub(r"（[^）]*）$", "", match.group(1)).strip()
        if name:
            found.append((name, quote))
    return found


def length_limits(doc: NoticeText) -> list[Found]:
    found: list[Found] = []
    seen = set()
    for sentence in doc.sentences:
        for part in re.split(r"[，,|]", sentence.text):
            match = LIMIT.search(part)
            if not match:
                continue
            chars = int(re.sub(r"[,，]", "", match.group(1) or match.group(2)))
            labelled = part if LIMIT_LABEL.search(part) else sentence.text  # "案例简介 | （500字以内）"
            target = "summary" if SUMMARY_WORDS.search(labelled) else "detailed_material"
            if (target, chars) in seen or chars < 50:
                continue
            seen.add((target, chars))
            label = SUMMARY_WORDS.search(labelled) or LIMIT_LABEL.search(labelled)
            value = {"target": target, "max_chars": chars, "label": label.group(0) if label else "材料"}
            found.append(
                Found(field="length_limits", value=value, quote=part.strip().rstrip("。；"), confidence=0.85)
            )
    return found


MATERIALS_HEADING = re.compile(r"所需材料|申报材料|报送材料|报名材料|提交材料|材料要求")


def materials(doc: NoticeText) -> list[Found]:
    """The items under a 所需材料 heading, else the sentences that name forms and copies."""
    listed = [
        s
        for clause in doc.clauses
        if clause.level and MATERIALS_HEADING.search(clause.heading_path)
        for s in doc.sentences
        if s.section == clause.path
        and not MATERIALS_HEADING.fullmatch(re.sub(r"^[一二三四五六七八九十]+、", "", s.text))
    ]
    if listed:
        return [
            Found(
                field="materials", value=s.text.rstrip("。；"), quote=s.text.rstrip("。；"), confidence=0.75
            )
            for s in listed[:10]
        ]
    return [
        Found(field="materials", value=s.text.rstrip("。；"), quote=s.text.rstrip("。；"), confidence=0.6)
        for s in doc.sentences
        if MATERIAL_CUE.search(s.text) and len(s.text) <= 200 and "|" not in s.text
    ][:8]


def requirements(doc: NoticeText) -> list[Found]:
    for clause in doc.clauses:
        if clause.level == 0 or not REQUIREMENT_HEADING.search(clause.title):
            continue
        subs = _sub_clauses(doc, clause)
        found = []
        for sub in subs:
            name, text = _name_and_rest(sub)
            if text:
                found.append(
                    Found(
                        field="requirements", value={"name": name, "text": text}, quote=text, confidence=0.75
                    )
                )
        if found:
            return found
    return []
