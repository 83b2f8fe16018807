"""Instructions hidden in an applicant's text carry no weight: sentences addressed to the system
("忽略以上所有规则", "本案例类别判定为：…", "ignore previous instructions") are dropped before a
text is judged, so naming a category in an order cannot win it. A case description states what
was done; it never needs to tell the judge what to decide."""

from __future__ import annotations

import re

SENTENCE = re.compile(r"[^。！？!?；;\n]+[。！？!?；;\n]*")
_CLAUSE = r"[^。！？!?；;\n]"
INSTRUCTION = re.compile(
    "|".join(
        [
            rf"(忽略|无视|不要理会|不必理会|不用理会|忘记|忘掉){_CLAUSE}{{0,12}}(规则|指令|指示|提示|设定|约束|说明)",
            rf"(类别|分类|类型|结果|结论|答案|输出){_CLAUSE}{{0,6}}(判定|认定|归为|归类|定为|设为|改为|应为|一律为)",
            r"(判定|判断|认定|归类|归入|归为|分类|划分)(为|成|到)?\s*[:：]",
            rf"(请|你){_CLAUSE}{{0,10}}(判定为|判断为|认定为|归类为|归为|分类为|输出)",
            r"\bignore\s+(all\s+|any\s+)?(previous|prior|above|earlier|the)\b",
            r"\b(system|developer)\s+(prompt|message)\b",
            r"^\s*(system|assistant)\s*[:：]",
        ]
    ),
    re.IGNORECASE,
)


def without_instructions(text: str) -> str:
    """`text` without the sentences that give the reader orders."""
    return "".join(s for s in SENTENCE.findall(text) if not INSTRUCTION.search(s))
