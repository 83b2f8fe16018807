# -*- coding: utf-8 -*-
"""Validate the blind16 jsonl files against /work/shared/CONTRACT.md's evaluation format.

Checks fields and types, unique b16- ids, known document ids, that every gold quote is a verbatim
span of the normalised seed (simplified, pinyin artefacts removed, whitespace folded) and contains
no whitespace, that category golds / critique categories / expected categories are real categories
of the notice, that missing elements are worded as the notice words them, that subjective examples
occur in the draft, and that length defects agree with the text. Prints OK.
"""
import json
import os
import re
import sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the set lives one folder up
SEEDS = "/work/shared/seeds"
DOCS = {
    "notice-2020-smart-demo": "000_71b34d2a94a88a1e.txt",
    "notice-2023-network-services": "001_1f6703d8d6e29f0e.txt",
    "notice-2024-media-convergence": "002_b811e18ac3fe35cd.txt",
    "opinions-smart-broadcasting": "003_c7271140a340dfb1.txt",
    "notice-2020-poverty-alleviation": "004_566b44d2318e2a17.txt",
}
CATEGORIES = {
    "notice-2020-smart-demo": ["组织管理类", "生产制播类", "传播分发类", "运行监管类", "生态建设类"],
    "notice-2023-network-services": ["视听消费新体验", "智慧家庭新场景", "数字文化新应用", "政务商务新服务"],
    "notice-2024-media-convergence": ["新媒体平台建设", "融合生产传播", "综合信息服务", "体制机制改革"],
}
CODES = {"missing_element": ["element"], "over_length": ["limit", "actual"],
         "summary_over_length": ["limit", "actual"], "lacks_quantitative_data": [],
         "subjective_language": ["examples"], "category_mismatch": ["expected"],
         "duplicate_category_claim": []}
PINYIN = re.compile(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

errors = []


def err(msg):
    errors.append(msg)


def load_seeds():
    try:
        import opencc
        t2s = opencc.OpenCC("t2s").convert
    except Exception:  # pragma: no cover
        t2s = None
    norm, raw_s = {}, {}
    for doc, fn in DOCS.items():
        t = open(os.path.join(SEEDS, fn), encoding="utf-8").read()
        if doc == "notice-2020-poverty-alleviation":
            if t2s is None:
                sys.exit("opencc needed to check the traditional seed")
            t = t2s(t)
        raw_s[doc] = re.sub(r"\s+", " ", t)            # simplified, artefacts kept
        norm[doc] = re.sub(r"\s+", " ", PINYIN.sub("", t))  # simplified, artefacts removed
    return norm, raw_s


NORM, RAW = load_seeds()
NOSPACE = {d: re.sub(r"\s+", "", t) for d, t in NORM.items()}


def read(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: bad json {e}")
    return rows


def is_str_list(x):
    return isinstance(x, list) and all(isinstance(s, str) and s for s in x)


def check_qa(name, rows, chat):
    for r in rows:
        i = r.get("id")
        allowed = {"id", "question", "history", "type", "notice", "must_include", "gold_sources",
                   "answerable", "silence_ok"}
        for k in r:
            if k not in allowed:
                err(f"{i}: unknown field {k}")
        for k in ["id", "question", "type", "notice", "must_include", "gold_sources", "answerable"]:
            if k not in r:
                err(f"{i}: missing {k}")
        if not isinstance(r.get("question"), str) or not r.get("question"):
            err(f"{i}: question")
        if not isinstance(r.get("type"), str):
            err(f"{i}: type")
        if r.get("notice") is not None and r["notice"] not in DOCS:
            err(f"{i}: unknown notice {r['notice']}")
        if not isinstance(r.get("answerable"), bool):
            err(f"{i}: answerable not bool")
        if "silence_ok" in r and not isinstance(r["silence_ok"], bool):
            err(f"{i}: silence_ok not bool")
        if "history" in r and not (isinstance(r["history"], list) and all(isinstance(h, str) for h in r["history"])):
            err(f"{i}: history")
        if chat and not (1 <= len(r.get("history", [])) <= 3):
            err(f"{i}: chat needs 1-3 history turns")
        mi = r.get("must_include")
        if not (isinstance(mi, list) and all(is_str_list(g) and g for g in mi)):
            err(f"{i}: must_include shape")
        gs = r.get("gold_sources")
        if not isinstance(gs, list):
            err(f"{i}: gold_sources")
            gs = []
        for g in gs:
            if set(g) != {"doc", "quote"}:
                err(f"{i}: gold source fields {g}")
            d, q = g.get("doc"), g.get("quote", "")
            if d not in DOCS:
                err(f"{i}: unknown doc {d}")
                continue
            if not q or re.search(r"\s", q):
                err(f"{i}: quote empty or has whitespace: {q!r}")
            if q not in NORM[d]:
                err(f"{i}: quote not in normalised {d}: {q!r}")
            if q not in RAW[d]:
                err(f"{i}: quote spans a conversion artefact in {d}: {q!r}")
        if r.get("answerable") is True:
            if not mi or not gs:
                err(f"{i}: answerable needs must_include and gold_sources")
            if r.get("type") == "unanswerable":
                err(f"{i}: answerable item typed unanswerable")
        elif r.get("answerable") is False:
            if mi or gs or r.get("silence_ok"):
                err(f"{i}: unanswerable item with must_include/gold_sources/silence_ok")
            if r.get("type") != "unanswerable":
                err(f"{i}: unanswerable item must have type unanswerable")


def check_category(rows):
    for r in rows:
        i = r.get("id")
        if set(r) != {"id", "notice", "description", "gold"}:
            err(f"{i}: fields {sorted(r)}")
        if r.get("notice") not in CATEGORIES:
            err(f"{i}: notice {r.get('notice')} has no categories")
            continue
        if r.get("gold") not in CATEGORIES[r["notice"]]:
            err(f"{i}: gold {r.get('gold')} not a category of {r['notice']}")
        if not isinstance(r.get("description"), str) or len(r["description"]) < 20:
            err(f"{i}: description")
    for n, cats in CATEGORIES.items():
        seen = {r["gold"] for r in rows if r.get("notice") == n}
        for c in cats:
            if c not in seen:
                err(f"category.jsonl: {n} category {c} not covered")


def nonspace(s):
    return len("".join(s.split()))


def check_critique(rows):
    for r in rows:
        i = r.get("id")
        if set(r) != {"id", "notice", "category", "text", "gold_defects"}:
            err(f"{i}: fields {sorted(r)}")
        n = r.get("notice")
        if n not in CATEGORIES:
            err(f"{i}: notice {n}")
            continue
        if r.get("category") not in CATEGORIES[n]:
            err(f"{i}: category {r.get('category')}")
        text = r.get("text", "")
        if not isinstance(text, str) or not text:
            err(f"{i}: text")
        if not isinstance(r.get("gold_defects"), list):
            err(f"{i}: gold_defects")
            continue
        for d in r["gold_defects"]:
            code = d.get("code")
            if code not in CODES:
                err(f"{i}: unknown code {code}")
                continue
            if "message" in d:
                err(f"{i}: gold defect carries a message")
            extra = set(d) - {"code"}
            if extra != set(CODES[code]):
                err(f"{i}: {code} fields {sorted(extra)} != {CODES[code]}")
            if code == "missing_element":
                el = d["element"]
                if re.sub(r"\s+", "", el) not in NOSPACE[n]:
                    err(f"{i}: element not worded as in the notice: {el}")
            if code == "category_mismatch":
                if d["expected"] not in CATEGORIES[n] or d["expected"] == r.get("category"):
                    err(f"{i}: expected {d['expected']}")
            if code == "duplicate_category_claim" and n != "notice-2023-network-services":
                err(f"{i}: only the 2023 notice forbids claiming two categories")
            if code == "subjective_language":
                for ex in d["examples"]:
                    if ex not in text:
                        err(f"{i}: example not in text: {ex}")
            if code in ("over_length", "summary_over_length"):
                if not (isinstance(d["limit"], int) and isinstance(d["actual"], int) and d["actual"] > d["limit"]):
                    err(f"{i}: {code} numbers")
                first, rest = text.split("\n", 1)
                if code == "summary_over_length":
                    if d["limit"] != 500 or nonspace(first) != d["actual"]:
                        err(f"{i}: summary count")
                else:
                    body = rest if n == "notice-2023-network-services" else text
                    if d["limit"] != 5000 or nonspace(body) != d["actual"]:
                        err(f"{i}: body count")
        # drafts without length defects must be within the limits, by any count
        codes = {d.get("code") for d in r["gold_defects"]}
        han = len(re.findall(r"[\u4e00-\u9fff]", text))
        if "over_length" not in codes and nonspace(text) > 5000:
            err(f"{i}: text over 5000 but no over_length defect")
        if "over_length" in codes and han <= 5000:
            err(f"{i}: over_length draft should exceed 5000 even counting Han characters only ({han})")
        if n == "notice-2023-network-services":
            first = text.split("\n", 1)[0]
            if "简介" not in first:
                err(f"{i}: 2023 drafts start with the 案例简介 line")
            fh = len(re.findall(r"[\u4e00-\u9fff]", first))
            if "summary_over_length" not in codes and nonspace(first) > 500:
                err(f"{i}: summary over 500 without defect")
            if "summary_over_length" in codes and fh <= 500:
                err(f"{i}: summary should exceed 500 even counting Han characters only ({fh})")


def main():
    qa, chat = read("qa.jsonl"), read("chat.jsonl")
    cat, crit = read("category.jsonl"), read("critique.jsonl")
    ids = [r.get("id") for rows in (qa, chat, cat, crit) for r in rows]
    for i in ids:
        if not (isinstance(i, str) and i.startswith("b16-")):
            err(f"bad id {i}")
    if len(ids) != len(set(ids)):
        err("duplicate ids")
    check_qa("qa.jsonl", qa, chat=False)
    check_qa("chat.jsonl", chat, chat=True)
    check_category(cat)
    check_critique(crit)
    if errors:
        for e in errors:
            print("ERROR", e)
        sys.exit(1)
    un = sum(1 for r in qa if not r["answerable"])
    unc = sum(1 for r in chat if not r["answerable"])
    clean = sum(1 for r in crit if not r["gold_defects"])
    print(f"qa {len(qa)} ({un} unanswerable), chat {len(chat)} ({unc} unanswerable), "
          f"category {len(cat)}, critique {len(crit)} ({clean} clean)")
    print("OK")


if __name__ == "__main__":
    main()
