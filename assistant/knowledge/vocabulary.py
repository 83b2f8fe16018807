"""How people name the notices and the things in them, and what a question refers to.

`NOTICE_ALIASES` and `TERM_ALIASES` are the hand-written core; the structured rules
(`knowledge/rules/*.yaml`, when present) add their aliases and category names, and the clause
tree adds each call's category headings, so a notice added later is recognised without code.
"""

from __future__ import annotations

import logging
import re
from functools import cache

import yaml
from opencc import OpenCC

from assistant.knowledge.clauses import clauses_of
from assistant.knowledge.documents import call_ids, normalized_text, registry

log = logging.getLogger(__name__)

NOTICE_ALIASES: dict[str, list[str]] = {
    "notice-2020-smart-demo": ["示范案例", "智慧广电示范案例", "138号文", "138号", "〔2020〕138"],
    "notice-2023-network-services": ["新服务", "网络新服务", "智慧广电网络新服务", "90号文", "90号"],
    "notice-2024-media-convergence": [
        "融合案例",
        "典型案例",
        "媒体融合典型案例",
        "媒体融合",
        "66号文",
        "66号",
    ],
    "opinions-smart-broadcasting": ["指导意见", "促进智慧广电发展的指导意见"],
    "notice-2020-poverty-alleviation": ["扶贫", "专项扶贫行动", "智慧广电专项扶贫行动"],
}

TERM_ALIASES: dict[str, str] = {
    "总局": "广电总局",
    "有线台": "有线电视网络公司",
    "有线公司": "有线电视网络公司",
    "有线网络公司": "有线电视网络公司",
    "广电网络公司": "有线电视网络公司",
    "县融": "县级融媒体中心",
    "县级融媒": "县级融媒体中心",
    "融媒中心": "融媒体中心",
    "IPTV": "交互式网络电视(IPTV)",
    "OTT": "互联网电视集成服务运营机构",
    "兵团": "新疆生产建设兵团",
    "省局": "省级广播电视行政管理部门",
    "省广电局": "省级广播电视行政管理部门",
    "央视": "中央广播电视总台",
    "总台": "中央广播电视总台 中央单位",
    "截止日期": "截止时间",
    "截稿": "截止时间",
    "deadline": "截止时间",
    "ddl": "截止时间",
    "名额": "推荐不超过 总数不超过",
    "几个案例": "总数不超过",
    "字数": "不超过 字",
    "篇幅": "不超过 字",
    "写作格式": "材料编写体例 要素",
    "写法": "材料编写体例 要素",
    "模板": "材料编写体例 申报表",
    "体例": "材料编写体例",
    "要素": "材料编写体例",
    "奖励": "扶持 优先支持",
    "奖金": "扶持 优先支持",
    "好处": "扶持 优先支持",
    "联系谁": "联系人 电话",
    "咨询": "联系人 电话",
    "网址": "平台 网址",
    "网站": "平台 网址",
    "网络分公司": "有线电视网络公司",
    "广电网络分公司": "有线电视网络公司",
    "在哪报": "平台 网址 申报",
    "报名": "申报",
    "视频": "视音频 多媒体材料",
    "图片": "上传图片",
    "脱贫": "脱贫攻坚",
    "来得及": "截止时间",
    "还收": "截止时间",
    "什么时候": "时间",
    "还能报": "截止时间",
    "窗口": "截止时间",
    "最晚": "截止时间",
    "最后期限": "截止时间",
    "过期": "截止时间",
    "每省": "各省 每个类别",
    "上限": "不超过",
    "最多": "不超过",
    "完工": "实际完成 未完成",
    "没做完": "实际完成 未完成",
    "在建": "实际完成 未完成",
    "上一届": "上届",
    "再报": "重复申报",
    "重复报": "重复申报",
    "能报": "均可 申报单位",
    "有资格": "均可 申报单位",
    "几类": "征集类别",
    "哪类": "征集类别",
    "分类": "征集类别",
    "科技公司": "企事业单位",
    "企业": "企事业单位",
}
"""Colloquial or short name -> the wording the documents use (appended to a query)."""

DOMAIN_TERMS: tuple[str, ...] = (
    "广电总局",
    "国家广播电视总局",
    "智慧广电",
    "媒体融合",
    "融媒体",
    "融媒体中心",
    "县级融媒体中心",
    "广播电视台",
    "有线电视",
    "有线电视网络公司",
    "交互式网络电视",
    "集成播控",
    "互联网电视",
    "省级广播电视行政管理部门",
    "新疆生产建设兵团",
    "中央广播电视总台",
    "电影频道节目中心",
    "中国教育电视台",
    "材料编写体例",
    "编写体例",
    "申报表",
    "推荐汇总表",
    "汇总表",
    "推荐函",
    "征集类别",
    "征集要求",
    "截止时间",
    "截止日期",
    "现场答辩",
    "应急广播",
    "超高清",
    "广电5G",
    "可复制",
    "可推广",
    "可量化",
    "感性描述",
    "过程性资料",
)
"""Words jieba must keep whole: applicant kinds, programme and form names, terms of art."""

YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
YEAR_WORD = re.compile(r"(?<!\d)20\d{2}(?!\d)年?")
ALIAS_POINTS = 10.0
DOC_NUMBER = re.compile(r"[〔\[［](20\d{2})[〕\]］]\s*(\d+)号")
CATEGORY_HEADING = "征集类别"
WORD = re.compile(r"\w{2,}")
MARKER = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d{1,2}[、.．]|（\d{1,2}）)")

_t2s = OpenCC("t2s")


def to_simplified(text: str) -> str:
    return str(_t2s.convert(text))


def _rules_data() -> list[tuple[str, int, list[str], list[str]]]:
    """(doc id, year, aliases, category names) from the structured rules that exist and load."""
    from assistant.knowledge.rules import all_rules

    try:
        return [(r.id, r.year, r.aliases, [c.name for c in r.categories]) for r in all_rules()]
    except (OSError, ValueError, yaml.YAMLError) as exc:  # a teammate's file may be mid-edit
        log.warning("rules not usable for aliases: %s", exc)
        return []


def _doc_number_aliases(doc_id: str) -> list[str]:
    match = DOC_NUMBER.search(registry()[doc_id].title)
    if not match:
        return []
    year, number = match.groups()
    return [f"{number}号文", f"{number}号", f"〔{year}〕{number}", f"[{year}]{number}"]


@cache
def notice_aliases() -> dict[str, list[str]]:
    """Every alias of every registered document: hand-written, from the rules and the doc number."""
    merged: dict[str, list[str]] = {doc_id: list(NOTICE_ALIASES.get(doc_id, [])) for doc_id in registry()}
    for doc_id, _, aliases, _ in _rules_data():
        merged.setdefault(doc_id, []).extend(aliases)
    for doc_id in registry():
        merged[doc_id].extend(_doc_number_aliases(doc_id))
    return {
        doc_id: list(dict.fromkeys(to_simplified(a) for a in aliases)) for doc_id, aliases in merged.items()
    }


def _strip_marker(title: str) -> str:
    return MARKER.sub("", title).rstrip("…").strip()


@cache
def category_names() -> dict[str, list[str]]:
    """Category names by call: the rules' categories and the headings under `征集类别`."""
    names: dict[str, list[str]] = {doc_id: [] for doc_id in call_ids()}
    for doc_id in call_ids():
        for clause in clauses_of(doc_id):
            if clause.parents and CATEGORY_HEADING in clause.parents[-1]:
                names[doc_id].append(_strip_marker(clause.title))
    for doc_id, _, _, categories in _rules_data():
        names.setdefault(doc_id, []).extend(categories)
    return {doc_id: list(dict.fromkeys(n for n in found if len(n) >= 4)) for doc_id, found in names.items()}


@cache
def notice_years() -> dict[str, int | None]:
    """The year of each document: from its rules, its title, or a date near the top of its text."""
    years: dict[str, int | None] = {}
    for doc_id, info in registry().items():
        match = YEAR.search(info.title) or YEAR.search(normalized_text(doc_id)[:300])
        years[doc_id] = int(match.group(1)) if match else None
    for doc_id, year, _, _ in _rules_data():
        years[doc_id] = year
    return years


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Aliases starting with a digit must not match inside a longer number (90号 vs 190号)."""
    prefix = r"(?<!\d)" if alias[:1].isdigit() else ""
    return re.compile(prefix + re.escape(alias), re.IGNORECASE)


def notice_scores(text: str) -> dict[str, float]:
    """How strongly the text names each document: an alias or doc number (10 + its length), a
    category name only that notice has (8+), the document's year (5); absent when not named."""
    text = to_simplified(text)
    scores: dict[str, float] = {}

    def credit(doc_id: str, points: float) -> None:
        scores[doc_id] = scores.get(doc_id, 0.0) + points

    for doc_id, aliases in notice_aliases().items():
        hits = [a for a in aliases if _alias_pattern(a).search(text)]
        if hits:
            credit(doc_id, ALIAS_POINTS + max(len(a) for a in hits))
    owners: dict[str, set[str]] = {}
    for doc_id, names in category_names().items():
        for name in names:
            owners.setdefault(name, set()).add(doc_id)
    for name, docs in owners.items():
        if len(docs) == 1 and name in text:
            credit(next(iter(docs)), 8 + len(name) / 10)
    mentioned = {int(y) for y in YEAR.findall(text)}
    for doc_id, year in notice_years().items():
        if year in mentioned:
            credit(doc_id, 5)
    return scores


def infer_notices(text: str) -> list[str]:
    """Documents the text names, strongest first; [] when it names none."""
    scores = notice_scores(text)
    order = list(registry())
    return sorted(scores, key=lambda d: (-scores[d], order.index(d)))


def strip_notice_names(text: str) -> str:
    """The text without the words that name a notice (aliases, doc numbers, years): once the
    notice is chosen they match every clause of it and only blur the ranking."""
    text = to_simplified(text)
    aliases = sorted({a for names in notice_aliases().values() for a in names}, key=len, reverse=True)
    for alias in aliases:
        text = _alias_pattern(alias).sub(" ", text)
    return YEAR_WORD.sub(" ", text)


def _term_pattern(term: str) -> re.Pattern[str]:
    if term.isascii():
        return re.compile(rf"(?<![A-Za-z]){re.escape(term)}(?![A-Za-z])", re.IGNORECASE)
    return re.compile(re.escape(term))


_TERM_PATTERNS = [(_term_pattern(k), v) for k, v in sorted(TERM_ALIASES.items(), key=lambda kv: -len(kv[0]))]


def expand_query(text: str) -> str:
    """The query in simplified characters, with the documents' wording for colloquial terms appended."""
    text = to_simplified(text)
    extra = [
        canonical for pattern, canonical in _TERM_PATTERNS if pattern.search(text) and canonical not in text
    ]
    return " ".join([text, *dict.fromkeys(extra)])


@cache
def domain_terms() -> list[str]:
    """The jieba domain dictionary: terms of art, canonical terms, aliases and category names."""
    terms = [*DOMAIN_TERMS, *TERM_ALIASES.values()]
    terms += [a for aliases in notice_aliases().values() for a in aliases]
    terms += [n for names in category_names().values() for n in names]
    return sorted({t for t in terms if WORD.fullmatch(t) and not t[:1].isdigit()})
