"""Eligibility: may this applicant apply to this notice, through whom, with which quota, by when.

Rules decide: the verdict comes from the notice's `eligible_applicants`, `quotas` and deadline;
the wording only explains it. A kind of unit the notice names is `eligible`; one it does not
name, where the notice leaves the list open (…等有关单位, 其他单位), is `conditional`, with the
question that would settle it; an applicant whose kind is unknown gets `unknown` and that question.
A provincial bureau is the recommending body, not an applicant: its answer is its recommending role.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field, computed_field

from assistant.answering.deadlines import DeadlineStatus, deadline_status
from assistant.answering.profile import KIND_NAMES, ApplicantProfile
from assistant.contract import Citation, Verdict
from assistant.errors import AssistantError
from assistant.knowledge.documents import document
from assistant.knowledge.rules import Channel, EligibleApplicant, NoticeRules, Quota, QuotaScope

CHANNEL_TEXT: dict[Channel, str] = {
    "provincial_bureau": "通过所在省（区、市）广播电视局（省级广播电视行政管理部门）审核推荐，不能直接报总局",
    "direct_nrta": "直接向广电总局申报",
    "central_unit_self": "由本中央单位自行申报和推荐",
}
SCOPE_TEXT: dict[QuotaScope, str] = {
    "province": "每个省（自治区、直辖市）",
    "bingtuan": "新疆生产建设兵团",
    "central_unit": "每个中央有关单位",
    "other_unit": "其他单位各自",
}
ASK_KIND = (
    "请问贵单位属于哪一类：广播电视台（哪一级）、融媒体中心、有线电视网络公司、IPTV集成播控或传输机构、"
    "互联网电视运营机构、中央有关单位，还是为广电提供技术服务的企业？在哪个省（区、市）？"
)
CONDITION_QUESTIONS: dict[str, str] = {
    "radio_tv_station": "贵台是否运营IPTV集成播控分平台、有线网络等智慧广电网络服务？",
    "county_media_center": "贵中心是否承担县级广播电视播出机构职能、或运营相关网络服务？",
    "tech_company": "贵单位是否为广播电视机构提供支撑或服务，并能由省级广电局或中央单位推荐？",
}


class ConditionCheck(BaseModel):
    condition: str
    met: bool | None
    reason: str
    citation: Citation | None = None


class EligibilityResult(BaseModel):
    notice: str
    notice_name: str
    profile: ApplicantProfile
    verdict: Verdict
    headline: str
    """The verdict and the channel in one sentence."""
    checks: list[ConditionCheck]
    channel: Channel | None = None
    channel_text: str = ""
    quota_text: str = ""
    deadline: DeadlineStatus
    question: str | None = None
    """The one question that would settle a `conditional` or `unknown` verdict."""
    citations: list[Citation] = Field(default_factory=list)

    @computed_field  # type: ignore[prop-decorator]  # pydantic's documented pattern for a derived field
    @property
    def summary(self) -> str:
        """The headline and the deadline status."""
        return f"{self.headline}{self.deadline.text}"


def quota_text(quota: Quota) -> str:
    parts = []
    if quota.per_category is not None:
        parts.append(f"每个类别不超过{quota.per_category}个")
    if quota.total is not None:
        parts.append(f"总数不超过{quota.total}个")
    return SCOPE_TEXT[quota.scope] + "，".join(parts)


def _scopes_for(profile: ApplicantProfile, channel: Channel | None) -> list[QuotaScope]:
    """The quota scopes that may apply, most specific first (a notice may fold central units
    into "其他单位", as the 2020 notice does)."""
    if profile.bingtuan:
        return ["bingtuan"]
    if channel == "provincial_bureau" or profile.kind == "provincial_bureau":
        return ["province"]
    if channel == "central_unit_self" or profile.kind == "central_unit":
        return ["central_unit", "other_unit"]
    if channel == "direct_nrta":
        return ["other_unit"]
    return []


def _quota_check(rules: NoticeRules, profile: ApplicantProfile, channel: Channel | None) -> ConditionCheck:
    scopes = _scopes_for(profile, channel)
    quota = next((q for scope in scopes for q in rules.quotas if q.scope == scope), None)
    if quota is None and profile.bingtuan:
        quota = next((q for q in rules.quotas if q.scope == "province"), None)
        if quota is not None:
            return ConditionCheck(
                condition="名额",
                met=None,
                reason="通知没有单列新疆生产建设兵团的名额；兵团局是主送单位之一，参照各省名额（"
                + quota_text(quota)
                + "）前请向总局确认。",
                citation=quota.source,
            )
    if quota is None:
        return ConditionCheck(condition="名额", met=None, reason="通知没有规定适用于该类单位的名额。")
    shared = (
        "（这是推荐单位的总名额，由本辖区所有申报单位共用）"
        if quota.scope in ("province", "bingtuan")
        else ""
    )
    return ConditionCheck(
        condition="名额", met=True, reason=quota_text(quota) + shared, citation=quota.source
    )


def _matching_entry(rules: NoticeRules, profile: ApplicantProfile) -> EligibleApplicant | None:
    if profile.kind is None:
        return None
    return next((e for e in rules.eligible_applicants if profile.kind in e.kinds), None)


def _channel_for(profile: ApplicantProfile, entry: EligibleApplicant | None) -> Channel | None:
    if entry is not None:
        return entry.channel
    if profile.kind == "central_unit":
        return "central_unit_self"
    if profile.kind is not None and (profile.province or profile.bingtuan or profile.level != "central"):
        return "provincial_bureau"
    return None


def _review_source(rules: NoticeRules) -> Citation | None:
    """The clause saying provincial bureaus review and recommend (the channel's source)."""
    stage = next((s for s in rules.procedure if "审核" in s.name), None)
    if stage is not None:
        return stage.source
    entry = next((e for e in rules.eligible_applicants if e.channel == "provincial_bureau"), None)
    return entry.source if entry else None


def assess(profile: ApplicantProfile, rules: NoticeRules, today: date) -> EligibilityResult:
    if rules.kind != "call":
        raise AssistantError(
            f"{document(rules.id).short_name}不是征集通知，没有申报资格一说", code="not_a_call"
        )
    name = document(rules.id).short_name
    status = deadline_status(rules, today)
    deadline_check = ConditionCheck(
        condition="截止时间", met=status.state != "passed", reason=status.text, citation=status.citation
    )
    if profile.kind is None:
        who = "；".join(e.description for e in rules.eligible_applicants)
        return EligibilityResult(
            notice=rules.id,
            notice_name=name,
            profile=profile,
            verdict="unknown",
            headline=f"需要先知道贵单位的类型才能判断。{name}的申报主体：{who}。",
            checks=[deadline_check],
            deadline=status,
            question=ASK_KIND,
            citations=[e.source for e in rules.eligible_applicants] + _cites(status),
        )
    if profile.kind in ("provincial_bureau", "bingtuan_bureau"):
        return _recommender(profile, rules, status, deadline_check, name)

    entry = _matching_entry(rules, profile)
    channel = _channel_for(profile, entry)
    checks: list[ConditionCheck] = []
    if entry is not None:
        verdict: Verdict = "eligible"
        reason = f"通知列明的申报主体包括：{entry.description}。"
        checks.append(ConditionCheck(condition="申报主体", met=True, reason=reason, citation=entry.source))
        question = None
    else:
        verdict = "conditional"
        listed = "；".join(e.description for e in rules.eligible_applicants)
        checks.append(
            ConditionCheck(
                condition="申报主体",
                met=None,
                reason=f"通知没有点名“{KIND_NAMES[profile.kind]}”。通知列明的申报主体：{listed}。"
                "能否申报取决于贵单位是否属于上述范围，建议先向所在省级广电局确认。",
                citation=rules.eligible_applicants[0].source if rules.eligible_applicants else None,
            )
        )
        question = CONDITION_QUESTIONS.get(profile.kind, "贵单位是否属于通知列明的申报主体范围？")
    if channel:
        channel_source = (
            _review_source(rules) if channel == "provincial_bureau" else entry.source if entry else None
        )
        checks.append(
            ConditionCheck(
                condition="申报渠道", met=True, reason=CHANNEL_TEXT[channel], citation=channel_source
            )
        )
    quota = _quota_check(rules, profile, channel)
    checks.append(quota)
    checks.append(deadline_check)
    headline = _headline(verdict, profile, name, channel)
    return EligibilityResult(
        notice=rules.id,
        notice_name=name,
        profile=profile,
        verdict=verdict,
        headline=headline,
        checks=checks,
        channel=channel,
        channel_text=CHANNEL_TEXT[channel] if channel else "",
        quota_text=quota.reason,
        deadline=status,
        question=question,
        citations=[c.citation for c in checks if c.citation],
    )


def _recommender(
    profile: ApplicantProfile,
    rules: NoticeRules,
    status: DeadlineStatus,
    deadline_check: ConditionCheck,
    name: str,
) -> EligibilityResult:
    source = _review_source(rules)
    role = ConditionCheck(
        condition="角色",
        met=True,
        reason="省级广播电视行政管理部门（含兵团局）是推荐单位：组织、审核本辖区申报机构的材料，汇总后向广电总局推荐。",
        citation=source,
    )
    quota = _quota_check(rules, profile, None)
    checks = [role, quota, deadline_check]
    return EligibilityResult(
        notice=rules.id,
        notice_name=name,
        profile=profile,
        verdict="eligible",
        headline=f"贵局是{name}的推荐单位，负责本辖区的审核和推荐。",
        checks=checks,
        channel="direct_nrta",
        channel_text="审核汇总后向广电总局推荐",
        quota_text=quota.reason,
        deadline=status,
        citations=[c.citation for c in checks if c.citation],
    )


def _headline(verdict: Verdict, profile: ApplicantProfile, name: str, channel: Channel | None) -> str:
    who = profile.describe()
    head = {
        "eligible": f"{who}属于{name}的申报主体",
        "conditional": f"{who}能否申报{name}要看条件",
        "not_eligible": f"{who}不属于{name}的申报主体",
        "unknown": f"还不能判断{who}能否申报{name}",
    }[verdict]
    route = f"，{CHANNEL_TEXT[channel]}" if channel and verdict != "not_eligible" else ""
    return f"{head}{route}。"


def _cites(status: DeadlineStatus) -> list[Citation]:
    return [status.citation] if status.citation else []
