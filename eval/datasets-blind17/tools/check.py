#!/usr/bin/env python3
"""Validates the b17 jsonl files against /work/shared/CONTRACT.md's evaluation format.

Checks fields and types, unique ids, known document ids, every gold quote and every
critique element name present in its seed (seed 004 converted t2s, pinyin artefacts
such as "業(yè)" removed; whitespace ignored), category names known, over-length facts true.
"""
import json, os, re, sys

HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))  # the set lives one folder up
SEEDS = "/work/shared/seeds"
DOCS = {
    "notice-2020-smart-demo": "000_71b34d2a94a88a1e.txt",
    "notice-2023-network-services": "001_1f6703d8d6e29f0e.txt",
    "notice-2024-media-convergence": "002_b811e18ac3fe35cd.txt",
    "opinions-smart-broadcasting": "003_c7271140a340dfb1.txt",
    "notice-2020-poverty-alleviation": "004_566b44d2318e2a17.txt",
}
CATS = {
    "notice-2020-smart-demo": ["组织管理类", "生产制播类", "传播分发类", "运行监管类", "生态建设类"],
    "notice-2023-network-services": ["视听消费新体验", "智慧家庭新场景", "数字文化新应用", "政务商务新服务"],
    "notice-2024-media-convergence": ["新媒体平台建设", "融合生产传播", "综合信息服务", "体制机制改革"],
}
CODES = {"missing_element", "over_length", "summary_over_length", "lacks_quantitative_data",
         "subjective_language", "category_mismatch", "duplicate_category_claim"}


def load_seed(name):
    t = open(os.path.join(SEEDS, name), encoding="utf-8").read()
    if name.startswith("004"):
        try:
            import opencc
            t = opencc.OpenCC("t2s").convert(t)
        except ImportError:
            pass
        t = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜńňǹ]+\)", "", t)
    return t


def squash(s):
    return re.sub(r"\s+", "", s)


SEED = {d: load_seed(f) for d, f in DOCS.items()}
SEED_SQ = {d: squash(t) for d, t in SEED.items()}
SEED_FOLD = {d: re.sub(r"\s+", " ", t) for d, t in SEED.items()}
errors = []
ids = set()


def err(where, msg):
    errors.append(f"{where}: {msg}")


def read(name):
    rows = []
    with open(os.path.join(HERE, name), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append((f"{name}:{n}", json.loads(line)))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}", f"bad json {e}")
    return rows


def check_id(w, r):
    i = r.get("id")
    if not isinstance(i, str) or not i.startswith("b17-"):
        err(w, f"bad id {i!r}")
    if i in ids:
        err(w, f"duplicate id {i}")
    ids.add(i)


def check_quote(w, doc, q):
    if doc not in DOCS:
        err(w, f"unknown doc {doc}")
        return
    if not isinstance(q, str) or not q.strip():
        err(w, "empty quote")
        return
    if squash(q) not in SEED_SQ[doc]:
        err(w, f"quote not in {doc}: {q}")
    elif re.sub(r"\s+", " ", q) not in SEED_FOLD[doc]:
        err(w, f"quote only matches with whitespace removed (ok, but note): {q}")


def check_qa(name, chat):
    rows = read(name)
    n_un = 0
    for w, r in rows:
        check_id(w, r)
        allowed = {"id", "question", "history", "type", "notice", "must_include", "gold_sources",
                   "answerable", "silence_ok"}
        extra = set(r) - allowed
        if extra:
            err(w, f"extra fields {extra}")
        for k in ("question", "type"):
            if not isinstance(r.get(k), str) or not r[k]:
                err(w, f"{k} must be non-empty str")
        if "history" in r:
            h = r["history"]
            if not (isinstance(h, list) and all(isinstance(x, str) and x for x in h)):
                err(w, "history must be list of str")
            if chat and not (1 <= len(h) <= 3):
                err(w, "chat history must have 1-3 turns")
        elif chat:
            err(w, "chat item without history")
        nt = r.get("notice")
        if nt is not None and nt not in DOCS:
            err(w, f"unknown notice {nt}")
        mi = r.get("must_include")
        if not (isinstance(mi, list) and all(isinstance(g, list) and g and all(isinstance(a, str) and a for a in g) for g in mi)):
            err(w, "must_include must be list of non-empty lists of str")
        gs = r.get("gold_sources")
        if not isinstance(gs, list):
            err(w, "gold_sources must be list")
            gs = []
        for s in gs:
            if set(s) != {"doc", "quote"}:
                err(w, f"gold source fields {set(s)}")
            check_quote(w, s.get("doc"), s.get("quote"))
        a = r.get("answerable")
        if not isinstance(a, bool):
            err(w, "answerable must be bool")
        if "silence_ok" in r and not isinstance(r["silence_ok"], bool):
            err(w, "silence_ok must be bool")
        if a is False:
            n_un += 1
            if mi or gs or r.get("type") != "unanswerable":
                err(w, "unanswerable item must have empty must_include/gold_sources and type unanswerable")
        elif a is True:
            if not mi or not gs:
                err(w, "answerable item needs must_include and gold_sources")
            if r.get("type") == "unanswerable":
                err(w, "answerable item typed unanswerable")
    return len(rows), n_un


def check_category():
    rows = read("category.jsonl")
    seen = set()
    for w, r in rows:
        check_id(w, r)
        if set(r) != {"id", "notice", "description", "gold"}:
            err(w, f"fields {set(r)}")
        if r.get("notice") not in CATS:
            err(w, f"notice {r.get('notice')} has no categories")
            continue
        if r.get("gold") not in CATS[r["notice"]]:
            err(w, f"gold {r.get('gold')} not a category of {r['notice']}")
        if not isinstance(r.get("description"), str) or len(r["description"]) < 20:
            err(w, "description too short")
        seen.add((r["notice"], r.get("gold")))
    for n, cs in CATS.items():
        for c in cs:
            if (n, c) not in seen:
                err("category.jsonl", f"category {n}/{c} not covered")
    return len(rows)


def summary_of(text):
    m = re.search(r"案例简介[：:](.*?)\n一、", text, re.S)
    return m.group(1) if m else None


def check_critique():
    rows = read("critique.jsonl")
    clean = 0
    for w, r in rows:
        check_id(w, r)
        if set(r) != {"id", "notice", "category", "text", "gold_defects"}:
            err(w, f"fields {set(r)}")
        n = r.get("notice")
        if n not in CATS:
            err(w, f"notice {n}")
            continue
        if r.get("category") not in CATS[n]:
            err(w, f"category {r.get('category')} not of {n}")
        t = r.get("text", "")
        gd = r.get("gold_defects")
        if not isinstance(gd, list):
            err(w, "gold_defects must be list")
            continue
        if not gd:
            clean += 1
        body_chars = len(squash(t))
        for d in gd:
            c = d.get("code")
            if c not in CODES:
                err(w, f"unknown code {c}")
            if "message" in d:
                err(w, "gold defect must not carry message")
            if c == "missing_element":
                el = d.get("element")
                if not el or squash(el) not in SEED_SQ[n]:
                    err(w, f"element not worded as in {n}: {el}")
                if el and squash(el) in squash(t):
                    err(w, f"'missing' element present in text: {el}")
            if c == "category_mismatch":
                if d.get("expected") not in CATS[n] or d.get("expected") == r.get("category"):
                    err(w, f"bad expected {d.get('expected')}")
            if c == "over_length":
                if not (isinstance(d.get("limit"), int) and d.get("actual", 0) > d["limit"]):
                    err(w, "over_length needs limit < actual")
                if body_chars <= 5000:
                    err(w, f"text only {body_chars} chars")
            if c == "summary_over_length":
                s = summary_of(t)
                if s is None or len(squash(s)) <= 500 or d.get("limit") != 500:
                    err(w, f"summary not over 500: {s and len(squash(s))}")
            if c == "subjective_language":
                ex = d.get("examples")
                if not ex or any(e not in t for e in ex):
                    err(w, "subjective examples must be phrases of the text")
            if c == "duplicate_category_claim" and n != "notice-2023-network-services":
                err(w, "only the 2023 notice forbids claiming two categories")
        codes = {d.get("code") for d in gd}
        if "over_length" not in codes and body_chars > 5000:
            err(w, f"text {body_chars} chars > 5000 without over_length")
        s = summary_of(t)
        if s is not None and len(squash(s)) > 500 and "summary_over_length" not in codes:
            err(w, "summary > 500 without defect")
    return len(rows), clean


def main():
    nq, uq = check_qa("qa.jsonl", chat=False)
    nc, uc = check_qa("chat.jsonl", chat=True)
    ncat = check_category()
    ncr, clean = check_critique()
    hard = [e for e in errors if "(ok, but note)" not in e]
    for e in errors:
        print(e)
    if hard:
        print(f"FAILED: {len(hard)} errors")
        sys.exit(1)
    print(f"qa {nq} ({uq} unanswerable), chat {nc} ({uc} unanswerable), "
          f"category {ncat}, critique {ncr} ({clean} clean)")
    print("OK")


if __name__ == "__main__":
    main()
