#!/usr/bin/env python3
"""Validate curated.jsonl and match.jsonl of faq-blind17. Prints OK or exits 1."""
import json
import re
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEEDS = Path("/work/shared/seeds")
DOCS = {
    "notice-2020-smart-demo": "000_71b34d2a94a88a1e.txt",
    "notice-2023-network-services": "001_1f6703d8d6e29f0e.txt",
    "notice-2024-media-convergence": "002_b811e18ac3fe35cd.txt",
    "opinions-smart-broadcasting": "003_c7271140a340dfb1.txt",
    "notice-2020-poverty-alleviation": "004_566b44d2318e2a17.txt",
}
errors = []


def err(msg):
    errors.append(msg)


def squash(s):
    return re.sub(r"\s+", "", s)


def normalised(text):
    """Contract-style normalisation: t2s, pinyin annotations removed, whitespace dropped."""
    text = re.sub(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", "", text)
    try:
        import opencc
        text = opencc.OpenCC("t2s").convert(text)
    except Exception:
        pass
    return squash(text)


seed_raw = {d: (SEEDS / f).read_text(encoding="utf-8") for d, f in DOCS.items()}
seed_sq = {d: squash(t) for d, t in seed_raw.items()}
seed_norm = {d: normalised(t) for d, t in seed_raw.items()}


def load(name):
    rows = []
    with open(HERE / name, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as e:
                err(f"{name}:{n}: bad JSON {e}")
    return rows


# ---- curated.jsonl ----
curated = load("curated.jsonl")
KEYS = {"question", "variants", "answer", "notice", "sources"}
if not 30 <= len(curated) <= 35:
    err(f"curated: {len(curated)} rows, want 30-35")
canon = set()
all_wordings = Counter()
for n, r in enumerate(curated, 1):
    where = f"curated.jsonl:{n}"
    if set(r) != KEYS:
        err(f"{where}: keys {sorted(r)}")
        continue
    for k in ("question", "variants", "answer", "notice"):
        if not isinstance(r[k], str):
            err(f"{where}: {k} not a string")
    if not r["question"].strip():
        err(f"{where}: empty question")
    if r["question"] in canon:
        err(f"{where}: duplicate question")
    canon.add(r["question"])
    variants = [v for v in r["variants"].split("|") if v] if r["variants"] else []
    if len(variants) > 2:
        err(f"{where}: {len(variants)} variants, want 0-2")
    for w in [r["question"], *variants]:
        all_wordings[w] += 1
    sentences = [s for s in re.split(r"[。！？]", r["answer"]) if s.strip()]
    if not 1 <= len(sentences) <= 3:
        err(f"{where}: answer has {len(sentences)} sentences")
    if r["notice"] not in DOCS:
        err(f"{where}: unknown notice {r['notice']}")
    if not isinstance(r["sources"], list) or not r["sources"]:
        err(f"{where}: sources must be a non-empty list")
        continue
    for s in r["sources"]:
        if not isinstance(s, dict) or set(s) != {"doc", "section", "quote"}:
            err(f"{where}: bad source {s}")
            continue
        if s["doc"] not in DOCS:
            err(f"{where}: unknown doc {s['doc']}")
            continue
        if not all(isinstance(s[k], str) and s[k] for k in ("section", "quote")):
            err(f"{where}: empty section/quote")
            continue
        q = s["quote"]
        if not (q in seed_raw[s["doc"]] or squash(q) in seed_sq[s["doc"]]
                or normalised(q) in seed_norm[s["doc"]]):
            err(f"{where}: quote not in seed {s['doc']}: {q}")
        elif q not in seed_raw[s["doc"]]:
            print(f"note {where}: quote matches seed only after whitespace/normalisation: {q}")
for w, c in all_wordings.items():
    if c > 1:
        err(f"curated: wording used twice: {w}")
notices_covered = {r.get("notice") for r in curated}
if notices_covered != set(DOCS):
    err(f"curated: notices not covered: {set(DOCS) - notices_covered}")

# ---- match.jsonl ----
match = load("match.jsonl")
ids = set()
questions = set()
per_canon = Counter()
nulls = 0
PUNCT = re.compile(r"[，。？！、；：“”‘’（）《》,.?!;:\"()]")
for n, r in enumerate(match, 1):
    where = f"match.jsonl:{n}"
    if set(r) != {"id", "question", "expected"}:
        err(f"{where}: keys {sorted(r)}")
        continue
    if not re.fullmatch(r"fb17-\d{3}", r["id"]) or r["id"] != f"fb17-{n:03d}":
        err(f"{where}: bad id {r['id']}")
    if r["id"] in ids:
        err(f"{where}: duplicate id")
    ids.add(r["id"])
    q = r["question"]
    if not isinstance(q, str) or not q.strip():
        err(f"{where}: empty question")
        continue
    if q in questions:
        err(f"{where}: duplicate question {q}")
    questions.add(q)
    if q in all_wordings:
        err(f"{where}: question equals a curated wording")
    if PUNCT.search(q):
        err(f"{where}: punctuation in a transcript: {q}")
    if r["expected"] is None:
        nulls += 1
    elif r["expected"] not in canon:
        err(f"{where}: expected is not a canonical question: {r['expected']}")
    else:
        per_canon[r["expected"]] += 1
for c in canon:
    if not 2 <= per_canon[c] <= 5:
        err(f"curated question has {per_canon[c]} paraphrases (want 2-5): {c}")
pos = len(match) - nulls
if not 195 <= len(match) <= 225:
    err(f"match: {len(match)} rows, want ~210")
if not 100 <= pos <= 120 or not 90 <= nulls <= 110:
    err(f"match: {pos} paraphrases / {nulls} near misses, want ~110 / ~100")

if errors:
    for e in errors:
        print("ERROR", e)
    sys.exit(1)
print(f"OK curated={len(curated)} match={len(match)} paraphrases={pos} near_misses={nulls}")
