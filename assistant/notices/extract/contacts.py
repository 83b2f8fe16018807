"""Contacts: person, phone, email, address and postcode, from the lines that give them."""

from __future__ import annotations

import re

from assistant.notices.extract.base import Found, NoticeText

CONTACT_CUE = re.compile(r"联系人|联系方式|联系电话|咨询电话|电话|邮箱|E-?mail|地址|邮编|传真", re.I)
PHONE = re.compile(
    r"(?<![\d-])(?:0\d{2,3}\s?[-—－–]{1,2}\s?\d{7,8}(?:[-转]\d{1,5})?|1[3-9]\d{9}|\d{8}(?=[，,、；;）)\s]|$))"
)
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}")
NAME_AFTER = re.compile(
    r"联系人(?:及电话|及联系方式)?[：:\s]*((?:[\u4e00-\u9fff]{2,3}(?:[、，,\s]+|$|(?=\d|，|；|电话|同志|联系)))+)"
)
NAME_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,3})(?:同志)?[，,：:\s]*(?=(?:0\d{2,3}[-—－–]|1[3-9]\d{9}))")
ADDRESS = re.compile(
    r"(?:地址|寄送至|寄至|送至)[：:]?\s*([\u4e00-\u9fff\d号路街道区市省县（）()A-Za-z-]{6,60})"
)
POSTCODE = re.compile(r"邮编[：:]?\s*(\d{6})")
NOT_NAMES = {
    "联系",
    "电话",
    "手机",
    "邮箱",
    "地址",
    "技术支持",
    "联系人",
    "传真",
    "方式",
    "咨询",
    "办公室",
    "同志",
    "及电话",
}


def contacts(doc: NoticeText) -> list[Found]:
    found: list[Found] = []
    for text in _contact_lines(doc):
        if not CONTACT_CUE.search(text) or "_" in text:
            continue
        fax = re.search(r"传真[：:]?\s*(" + PHONE.pattern + ")", text)
        phones = [_phone(p) for p in PHONE.findall(text) if not fax or _phone(p) != _phone(fax.group(1))]
        emails = EMAIL.findall(text)
        address = ADDRESS.search(text)
        postcode = POSTCODE.search(text)
        if not (phones or emails or address or postcode or fax):
            continue
        names = _names(text)
        value = {
            "role": "联系方式",
            "names": names,
            "phones": phones,
            "email": emails[0] if emails else None,
            "address": address.group(1) if address else None,
            "postcode": postcode.group(1) if postcode else None,
            "fax": _phone(fax.group(1)) if fax else None,
        }
        confidence = 0.85 if names and (phones or emails) else 0.6
        found.append(Found(field="contacts", value=value, quote=text.rstrip("。；"), confidence=confidence))
    return found


def _contact_lines(doc: NoticeText) -> list[str]:
    """Sentences, but a contacts line keeps its `；`-separated people together."""
    return [p.strip() for line in doc.lines for p in re.split(r"(?<=。)", line) if p.strip()]


def _phone(raw: str) -> str:
    return re.sub(r"\s", "", raw)


def _names(text: str) -> list[str]:
    names: list[str] = []
    match = NAME_AFTER.search(text)
    if match:
        listed = re.split(r"联系|电话|手机|邮箱", match.group(1))[0]
        names += [n for n in re.split(r"[、，,\s]+", listed) if n]
    names += NAME_BEFORE.findall(text)
    cleaned = []
    for name in names:
        name = name.removesuffix("同志")
        if (
            len(name) >= 2
            and name not in NOT_NAMES
            and not any(w in name for w in NOT_NAMES)
            and not re.search(r"支持|单位|部门|中心|司|处|局|台|公司", name)
            and name not in cleaned
        ):
            cleaned.append(name)
    return cleaned
