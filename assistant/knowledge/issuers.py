"""Who issued a notice: a national body, or a province's or city's bureau (and which region)."""

from __future__ import annotations

import re

REGION = re.compile(r"^([\u4e00-\u9fff]{2,8}?)(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)")
NATIONAL = ("国家", "国务院", "中共中央", "中央", "广电总局", "总局")


def region_of(issuer: str | None) -> str | None:
    """The province or city an issuer belongs to (江苏省广播电视局 -> 江苏); None for national bodies."""
    if not issuer or issuer.startswith(NATIONAL):
        return None
    match = REGION.match(issuer)
    return match.group(1) if match else None


def is_provincial(issuer: str | None) -> bool:
    return bool(issuer) and not str(issuer).startswith(NATIONAL)
