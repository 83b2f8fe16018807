"""The applicant's profile: what kind of unit, at what level, where; read from a form or free text."""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel

from assistant.knowledge.rules import ApplicantKind

Level = Literal["central", "provincial", "city", "county"]

LEVEL_NAMES: dict[Level, str] = {"central": "中央", "provincial": "省级", "city": "地市级", "county": "县级"}
KIND_NAMES: dict[ApplicantKind, str] = {
    "provincial_bureau": "省级广播电视行政管理部门",
    "bingtuan_bureau": "新疆生产建设兵团文化体育广电和旅游局",
    "central_unit": "中央有关单位（总台、电影频道节目中心、中国教育电视台、总局直属单位等）",
    "radio_tv_station": "广播电视台",
    "county_media_center": "融媒体中心",
    "cable_operator": "有线电视网络公司",
    "iptv_broadcast_control": "IPTV集成播控服务运营机构",
    "iptv_transmission": "IPTV传输服务机构",
    "internet_tv_operator": "互联网电视集成服务运营机构",
    "tech_company": "为广播电视提供支撑或服务的企事业单位",
    "other_unit": "其他单位",
}
PROVINCES = [
    "北京",
    "天津",
    "河北",
    "山西",
    "内蒙古",
    "辽宁",
    "吉林",
    "黑龙江",
    "上海",
    "江苏",
    "浙江",
    "安徽",
    "福建",
    "江西",
    "山东",
    "河南",
    "湖北",
    "湖南",
    "广东",
    "广西",
    "海南",
    "重庆",
    "四川",
    "贵州",
    "云南",
    "西藏",
    "陕西",
    "甘肃",
    "青海",
    "宁夏",
    "新疆",
]

# Ordered: the first pattern that matches decides the kind (more specific before more general; a
# provincial bureau after the units, since "要经过省局吗" names the channel, not the asker).
KIND_PATTERNS: list[tuple[ApplicantKind, str]] = [
    ("bingtuan_bureau", r"兵团.{0,12}(?:局|广电局|文广局)"),
    (
        "central_unit",
        r"中央广播电视总台|总台|央视|CCTV|电影频道|中国教育电视台|教育电视台|总局直属|直属单位|中央(?:有关)?单位",
    ),
    ("iptv_transmission", r"IPTV.{0,6}传输|传输服务机构|(?:电信|移动|联通).{0,4}IPTV"),
    ("iptv_broadcast_control", r"IPTV|交互式网络电视|集成播控|播控(?:分)?平台"),
    ("internet_tv_operator", r"互联网电视|OTT"),
    ("cable_operator", r"有线(?:电视)?(?:网络)?(?:公司|台|网络|运营商)?|广电网络(?:公司)?|网络(?:分)?公司"),
    ("county_media_center", r"融媒体中心|融媒中心|县融|融媒"),
    (
        "radio_tv_station",
        r"广播电视台|广播电视机构|广播电视播出机构|播出机构|广电机构|电视台|广播台|广电台|卫视|(?:省|市|县|区|地市|州|盟)级?台",
    ),
    (
        "provincial_bureau",
        r"省局|省广电局|省级广电局|(?:省|自治区|直辖市)?广播电视局|省级广播电视行政管理部门|广电行政部门",
    ),
    ("other_unit", r"其他单位|其它单位"),
    ("tech_company", r"科技公司|技术公司|科技企业|企业|公司|研究院|服务商|厂商"),
]
LEVEL_PATTERNS: list[tuple[Level, str]] = [
    ("central", r"中央|总台|央视|国家级"),
    ("provincial", r"省级|省台|卫视|自治区|直辖市|省(?:广播)?电视台"),
    ("city", r"市级|地市|市台|州台|市(?:广播)?电视台|市融媒"),
    ("county", r"县级|县融|县台|区台|旗|县(?:广播)?电视台|县(?:级)?融媒|区融媒"),
]


class ApplicantProfile(BaseModel):
    kind: ApplicantKind | None = None
    level: Level | None = None
    province: str | None = None
    bingtuan: bool = False

    def is_empty(self) -> bool:
        return self.kind is None and self.level is None and self.province is None and not self.bingtuan

    def merged_with(self, newer: ApplicantProfile) -> ApplicantProfile:
        """This profile updated by what a later message says (unset fields keep their value)."""
        data = self.model_dump()
        data.update({k: v for k, v in newer.model_dump().items() if v not in (None, False)})
        return ApplicantProfile.model_validate(data)

    def describe(self) -> str:
        parts = []
        if self.bingtuan:
            parts.append("新疆生产建设兵团")
        elif self.province:
            parts.append(self.province)
        if self.level and self.kind not in ("central_unit", "provincial_bureau"):
            parts.append(LEVEL_NAMES[self.level])
        parts.append(KIND_NAMES[self.kind] if self.kind else "（单位类型未说明）")
        return "".join(parts)


def kinds_named(text: str) -> set[str]:
    """Every applicant kind a text names (an eligibility clause lists several)."""
    return {k for k, pattern in KIND_PATTERNS if re.search(pattern, text, re.IGNORECASE)}


def parse_profile(text: str) -> ApplicantProfile:
    """Read the applicant's kind, level and province from free text (empty profile when none)."""
    kind = next((k for k, pattern in KIND_PATTERNS if re.search(pattern, text, re.IGNORECASE)), None)
    level = next((lv for lv, pattern in LEVEL_PATTERNS if re.search(pattern, text)), None)
    if kind == "central_unit":
        level = "central"
    elif kind == "county_media_center" and level is None and re.search(r"县", text):
        level = "county"
    province = next((p for p in PROVINCES if p in text), None)
    bingtuan = "兵团" in text
    if bingtuan:
        province = None
    return ApplicantProfile(kind=kind, level=level, province=province, bingtuan=bingtuan)
