"""The notice's header and signature: title, issuer, document number, issue date, the notice it
forwards, the year of the edition and the family (which recurring call it is an edition of)."""

from __future__ import annotations

import re
from datetime import date
from functools import cache

import yaml
from pydantic import BaseModel

from assistant.knowledge.documents import KNOWLEDGE_DIR
from assistant.knowledge.issuers import is_provincial, region_of
from assistant.notices.extract.base import YEAR, Found, NoticeText

DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,8}[〔\[［【(（]\s*20\d{2}\s*[〕\]］】)）]\s*\d{1,4}\s*号")
TITLE_LINE = re.compile(
    r"^(?!附件|近日|以下|现将|根据|按照)[^。；《]{0,60}?(?:关于|转发)[^。；]{4,160}?(?:通知|公告|通告)(?:（[^）]{0,30}）)?"
    r"(?=$|各|[^。；]{0,24}[，：:])"
)
FORWARDED_BODY = re.compile(r"现将《([^》]{6,120}?(?:通知|公告))》[^。]{0,60}?转发")
ISSUER_PREFIX = re.compile(r"^(.{2,40}?)(?:关于|转发)")
SIGNATURE = re.compile(r"^[\u4e00-\u9fff（）()]{4,40}(?:局|厅|办公厅|委员会|部|办公室|中心|总台)$")
STANDALONE_DATE = re.compile(r"^(?:20\d{2}|[〇一二三四五六七八九]{4})\s*年.{1,6}月.{1,6}日(?:印发|发布)?$")
BODY_ISSUER = re.compile(r"([\u4e00-\u9fff]{2,20}?(?:局|厅|总局|部))(?:决定|将|拟|现|组织|定于)")
EDITION_YEAR = re.compile(r"(20\d{2})\s*年度?")
FORWARD_CUE = re.compile(r"转发|现将.{0,40}转发|按照.{0,60}要求|根据.{0,60}(?:通知|要求)")
QUOTED_NOTICE = re.compile(r"《([^》]{6,120}?通知)》")


class Family(BaseModel):
    id: str
    name: str
    cues: list[str]
    aliases: list[str] = []


@cache
def families() -> list[Family]:
    raw = yaml.safe_load((KNOWLEDGE_DIR / "families.yaml").read_text(encoding="utf-8"))
    return [Family.model_validate(entry) for entry in raw["families"]]


def family_of(text: str) -> Family | None:
    """The family whose longest cue the text contains."""
    best: tuple[int, Family] | None = None
    for family in families():
        for cue in family.cues:
            if cue in text and (best is None or len(cue) > best[0]):
                best = (len(cue), family)
    return best[1] if best else None


def title(doc: NoticeText) -> Found | None:
    for line in doc.lines[:12]:
        match = TITLE_LINE.match(line)
        if match:
            whole = match.group(0) == line
            return Found(
                field="title", value=match.group(0), quote=match.group(0), confidence=0.95 if whole else 0.8
            )
    for sentence in doc.sentences[:8]:  # a forwarding without its title line: "现将《……》转发你们"
        match = FORWARDED_BODY.search(sentence.text)
        if match:
            signer = signature(doc)
            prefix = f"{signer}转发" if signer else "转发"
            return Found(field="title", value=prefix + match.group(1), quote=match.group(1), confidence=0.5)
    for sentence in doc.sentences[:12]:  # no title line (a repost cut at the top): the call's own words
        match = re.search(r"[^，。：]*(?:决定|组织)?开展[^，。：]{6,80}?工作", sentence.text)
        if match:
            return Found(field="title", value=match.group(0), quote=match.group(0), confidence=0.4)
    return None


def doc_numbers(doc: NoticeText) -> tuple[Found | None, Found | None]:
    """(the notice's own number, the number of the notice it forwards)."""
    own = forwarded = None
    for line in doc.lines[:15]:
        match = DOC_NUMBER.match(line)
        if match and (len(line) <= len(match.group(0)) + 12 or line[match.end() :].startswith("各")):
            own = Found(
                field="doc_number", value=_clean(match.group(0)), quote=match.group(0), confidence=0.95
            )
            break
    for sentence in doc.sentences[:20]:
        for match in DOC_NUMBER.finditer(sentence.text):
            if own is not None and _clean(match.group(0)) == own.value:
                continue
            if FORWARD_CUE.search(sentence.text) or "转发" in (doc.lines[0] if doc.lines else ""):
                forwarded = Found(
                    field="forwards", value=_clean(match.group(0)), quote=match.group(0), confidence=0.85
                )
                return own, forwarded
    return own, forwarded


def _clean(number: str) -> str:
    return re.sub(r"\s+", "", number)


def forwarded_title(doc: NoticeText, title_found: Found | None) -> Found | None:
    """The forwarded notice named by its title (《……通知》) when it has no number."""
    if title_found is not None and "转发" in title_found.value:
        rest = title_found.value.split("转发", 1)[1]
        quoted = re.match(r"《([^》]+)》", rest)
        rest = quoted.group(1) if quoted else rest
        return Found(field="forwards", value=rest, quote=rest, confidence=0.7)
    for sentence in doc.sentences[:12]:
        match = QUOTED_NOTICE.search(sentence.text)
        if match and FORWARD_CUE.search(sentence.text):
            return Found(field="forwards", value=match.group(1), quote=match.group(1), confidence=0.7)
    return None


def issuer(doc: NoticeText, title_found: Found | None) -> Found | None:
    if title_found is not None and title_found.confidence > 0.5:
        match = ISSUER_PREFIX.match(title_found.value)
        if match and len(match.group(1)) >= 4:
            return Found(field="issuer", value=match.group(1), quote=match.group(1), confidence=0.9)
    signer = signature(doc)
    if signer:
        return Found(field="issuer", value=signer, quote=signer, confidence=0.8)
    for sentence in doc.sentences[:10]:
        match = BODY_ISSUER.search(sentence.text)
        if match:
            return Found(field="issuer", value=match.group(1), quote=match.group(1), confidence=0.5)
    return None


def signature(doc: NoticeText) -> str | None:
    """The body that signs the notice: the line of its name just above the date at the end."""
    for line in reversed(doc.lines[-8:]):
        if SIGNATURE.match(line):
            return line
    return None


def issued(doc: NoticeText) -> Found | None:
    """The date signed under the notice: the last date standing on a line of its own."""
    for line in reversed(doc.lines[-12:]):
        if STANDALONE_DATE.match(line):
            dates = doc.parse_dates(line)
            if dates:
                return Found(field="issued", value=dates[0][0], quote=line, confidence=0.9)
    return None


def year(
    doc: NoticeText, title_found: Found | None, number: Found | None, issued_on: date | None
) -> Found | None:
    """The edition's year: the 年度 or year its title names, else the first in the opening lines,
    else the year of its number or signature (less sure)."""
    if title_found is not None:
        match = EDITION_YEAR.search(title_found.value)
        if match:
            return Found(field="year", value=int(match.group(1)), quote=match.group(0), confidence=0.9)
    for sentence in doc.sentences[:6]:
        match = re.search(
            r"(20\d{2})\s*年度?(?=[^，。]{0,30}(?:征集|评选|推选|申报|推优|扶持))", sentence.text
        )
        if match:
            return Found(field="year", value=int(match.group(1)), quote=match.group(0), confidence=0.7)
    if number is not None:
        match = re.search(r"20\d{2}", number.value)
        if match:
            return Found(field="year", value=int(match.group(0)), quote=number.quote, confidence=0.5)
    if issued_on is not None:
        return Found(field="year", value=issued_on.year, quote=str(issued_on.year), confidence=0.3)
    return None


def family(doc: NoticeText, title_found: Found | None) -> Found | None:
    where = title_found.value if title_found is not None else "\n".join(doc.lines[:6])
    found = family_of(where)
    if found is None:
        return None
    cue = next(c for c in sorted(found.cues, key=len, reverse=True) if c in where)
    return Found(field="family", value=found.id, quote=cue, confidence=0.9 if title_found else 0.6)


__all__ = ["YEAR", "Family", "families", "family_of", "is_provincial", "region_of"]
