"""Deadlines (one or several, e.g. quarterly) and the application platform with its opening date."""

from __future__ import annotations

import re

from assistant.notices.extract.base import Found, NoticeText

DEADLINE_CUE = re.compile(
    r"截止|截至|之前|以前|前(?:报送|提交|寄送|寄至|报至|上报|报|将|发送|上传|完成|登录|通过)|日前|为止|逾期"
)
NOT_A_DEADLINE = re.compile(r"印发|发布日期|开放|开通|上线|公示|公布|成立|召开|以来|自.{0,12}起")
URL = re.compile(
    r"(?:https?://)?(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:gov\.cn|com\.cn|org\.cn|cn|com|net|org)(?:/[\w./?=&%-]*)?",
    re.I,
)
PLATFORM_NAME = re.compile(r"[“\"]?([\u4e00-\u9fff（）]{4,30}(?:平台|系统))[”\"]?")
OPENS = re.compile(r"开放|开通|上线|起")


def deadlines(doc: NoticeText) -> list[Found]:
    """Every date a sentence sets as a limit for submitting, in text order, without repeats."""
    found: list[Found] = []
    seen = set()
    for sentence in doc.sentences:
        if not DEADLINE_CUE.search(sentence.text) or NOT_A_DEADLINE.search(sentence.text):
            continue
        for when, _words in doc.parse_dates(sentence.text):
            if when in seen or (doc.issued is not None and when == doc.issued):
                continue
            seen.add(when)
            explicit = "截止" in sentence.text or "截至" in sentence.text
            found.append(
                Found(
                    field="deadlines",
                    value=when,
                    quote=sentence.text.rstrip("。；"),
                    confidence=0.9 if explicit else 0.75,
                )
            )
    return found


def platform(doc: NoticeText) -> tuple[Found | None, Found | None]:
    """(the platform: name and address, its opening date) when the notice names a website."""
    for sentence in doc.sentences:
        url = URL.search(sentence.text)
        if not url or not re.search(r"平台|系统|网站|网址|登录|登陆", sentence.text):
            continue
        quoted = re.search(r"“([^”]{4,30}(?:平台|系统))”", sentence.text)
        name = quoted or PLATFORM_NAME.search(re.sub(r"^.*?(?:登录|登陆|通过|在)", "", sentence.text))
        value = {"name": name.group(1) if name else "申报平台", "url": url.group(0)}
        platform_found = Found(
            field="platform", value=value, quote=sentence.text.rstrip("。；"), confidence=0.85
        )
        opening = None
        if OPENS.search(sentence.text):
            dates = doc.parse_dates(sentence.text)
            if dates:
                opening = Found(field="platform_opens", value=dates[0][0], quote=dates[0][1], confidence=0.6)
        return platform_found, opening
    return None, None
