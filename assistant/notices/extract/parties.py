"""Who may apply, through whom, and how many: eligible applicants, channel, quotas."""

from __future__ import annotations

import re

import cn2an

from assistant.notices.extract.base import Found, NoticeText
from assistant.text.numbering import strip_marker

COUNT = r"(\d{1,3}|[一二两三四五六七八九十]{1,3})"
QUOTA_CUE = re.compile(
    rf"不超过{COUNT}(?:个|项|件|部|家|名)|限报{COUNT}|(?:最多|至多)(?:报送|推荐|申报)?{COUNT}|不作限制|不限(?:数量|名额)"
    r"|(?:申报|推荐|报送)(?:项目)?数量[：:]"
)
LISTED_COUNT = re.compile(rf"^[^，：]{{2,20}}?{COUNT}\s*(?:个|项|件|部)$")
ROUTING = re.compile(r"审核|报送|推荐|直接")
CONTINUATION = re.compile(r"^(?:总数|合计|总计|共计|每个类别|每类|每一类|均|且|其中|原则上)")
PER_CATEGORY = re.compile(rf"每(?:个|一)?(?:类别?|类型)[^，；。]{{0,16}}?不超过{COUNT}")
TOTAL = re.compile(
    rf"(?:总数|总计|合计|共)[^，；。]{{0,8}}?不超过{COUNT}|(?<!每个类别)(?<!类)(?:报送|推荐|申报)[^，；。每]{{0,20}}?不超过{COUNT}"
)
SCOPES = [
    ("bingtuan", re.compile(r"兵团")),
    ("central_unit", re.compile(r"中央(?:有关)?单位|总局直属|中央广播电视总台")),
    ("province", re.compile(r"各省|每个省|省（|省级|自治区|直辖市|各设区市|各市|各县|省广电|各地")),
]
# Applicant kinds by the words notices use for them (vocabulary, not any one notice's facts).
KINDS = [
    ("county_media_center", r"融媒体中心"),
    ("radio_tv_station", r"广播电视台|广播电视播出机构|播出机构|电视台|广播台|广播电视机构"),
    ("cable_operator", r"有线电视网络|广电网络公司|网络公司"),
    ("iptv_broadcast_control", r"集成播控"),
    ("iptv_transmission", r"传输服务机构"),
    ("internet_tv_operator", r"互联网电视"),
    ("tech_company", r"企事业单位|科技企业|企业|技术服务"),
    ("central_unit", r"中央(?:有关)?单位|总局直属"),
    ("other_unit", r"各相关单位|其他单位|制作机构"),
]
APPLICANT_CUE = re.compile(
    r"本单位的申报|组织[^，。]{0,24}(?:进行)?申报|直接向[^，。]{0,10}申报|"
    r"均可|可以申报|可申报|可报名|申报主体|申报单位为|参评单位|面向|由[^，。]{2,30}(?:申报|报送|推荐)"
)
CHANNELS = [
    ("central_unit_self", re.compile(r"中央[^，。；]{0,8}单位[^，。；]{0,10}(?:本单位|自行)")),
    ("direct_nrta", re.compile(r"直接(?:报送|向|登录|申报)")),
    (
        "provincial_bureau",
        re.compile(
            r"(?:省级|省|设区市|市)[^，。；]{0,16}(?:广播电视|广电)[^，。；]{0,16}(?:审核|推荐|报送)|审核同意后报送"
        ),
    ),
]


def number(raw: str) -> int:
    return int(raw) if raw.isdigit() else int(cn2an.cn2an(raw, "smart"))


def quotas(doc: NoticeText) -> list[Found]:
    """One quota per run of clauses that caps (or says it does not cap) how many one kind of
    applicant may send; a clause without its own subject ("总数不超过12个") stays with the one before."""
    found: list[Found] = []
    seen: set[tuple[object, ...]] = set()
    for sentence in doc.sentences:
        for part in re.split(r"(?<=[；])", sentence.text):
            if not QUOTA_CUE.search(part) or re.search(r"不超过\d+字|\d+字以内|分钟|时长|万元", part):
                continue
            for run in _quota_runs(strip_marker(part.strip()).rstrip("。；")):
                for scope in _scopes(run):
                    quota = _quota(run, scope)
                    key = (scope, quota.value["per_category"], quota.value["total"], quota.value["unlimited"])
                    if key not in seen:  # a form's 备注 repeats the body's quotas
                        seen.add(key)
                        found.append(quota)
    return found


def _quota_runs(part: str) -> list[str]:
    """The clauses of a sentence part that state quotas: each with a cue starts a run, unless it
    continues the one before ("总数不超过12个"); a clause without a cue ends a run, joining it
    when it says how the cases are sent."""
    runs: list[list[str]] = []
    open_run = False
    for clause in (c.rstrip("，") for c in re.split(r"(?<=，)", part)):
        if open_run and LISTED_COUNT.match(clause) and "数量" in runs[-1][0]:
            runs[-1].append(clause)  # "申报项目数量：少儿广播节目1个，少儿电视节目1个"
            continue
        if not QUOTA_CUE.search(clause):
            if open_run and ROUTING.search(clause):
                runs[-1].append(clause)  # "申报材料经设区市……审核同意后报送省局": how they are sent
            open_run = False
            continue
        if open_run and CONTINUATION.match(clause):
            runs[-1].append(clause)
        else:
            runs.append([clause])
        open_run = True
    return ["，".join(run) for run in runs]


def _scopes(text: str) -> list[str]:
    """Whose quota it is; "各省、自治区、直辖市和新疆生产建设兵团各自" sets the same one for two."""
    found = [name for name, pattern in SCOPES if pattern.search(text)]
    if (
        "bingtuan" in found
        and "province" in found
        and re.search(r"和新疆生产建设兵团|及新疆生产建设兵团|和兵团", text)
    ):
        return ["province", "bingtuan"]
    return found[:1] or ["other_unit"]


def _quota(text: str, scope: str) -> Found:
    per = PER_CATEGORY.search(text)
    total = TOTAL.search(text)
    value = {
        "scope": scope,
        "per_category": number(next(g for g in per.groups() if g)) if per else None,
        "total": number(next(g for g in total.groups() if g)) if total else None,
        "unlimited": bool(re.search(r"不作限制|不限", text)),
    }
    confident = per or total or value["unlimited"]
    return Found(field="quotas", value=value, quote=text, confidence=0.85 if confident else 0.5)


def eligible_applicants(doc: NoticeText) -> list[Found]:
    found: list[Found] = []
    for sentence in doc.sentences:
        if not APPLICANT_CUE.search(sentence.text):
            continue
        kinds = [kind for kind, pattern in KINDS if re.search(pattern, sentence.text)]
        if not kinds:
            continue
        central = kinds == ["central_unit"]
        section = " ".join(s.text for s in doc.sentences if s.section == sentence.section)
        channel = channel_of(sentence.text, central) or channel_of(section, central)
        value = {
            "kinds": list(dict.fromkeys(kinds)),
            "description": sentence.text.rstrip("。；"),
            "channel": channel or "provincial_bureau",
        }
        found.append(
            Found(
                field="eligible_applicants",
                value=value,
                quote=sentence.text.rstrip("。；"),
                confidence=0.8 if channel else 0.5,
            )
        )
    return found


def channel_of(text: str, central: bool = False) -> str | None:
    """How the applicant sends its case: central units for themselves; others through the
    provincial bureau or directly, as the text says."""
    if central:
        return "central_unit_self"
    return next(
        (name for name, pattern in CHANNELS if name != "central_unit_self" and pattern.search(text)), None
    )


ROUTING_SENTENCE = re.compile(r"报送至|寄至|寄送至|直接向|汇总后|审核同意后|推荐至|统一报送|统一汇总|不接收")


def routing(doc: NoticeText) -> list[Found]:
    """Sentences that say through whom and where cases are sent (the procedure as written)."""
    return [
        Found(field="procedure", value=s.text.rstrip("。；"), quote=s.text.rstrip("。；"), confidence=0.7)
        for s in doc.sentences
        if ROUTING_SENTENCE.search(s.text) and len(s.text) <= 240 and "|" not in s.text
    ][:6]
