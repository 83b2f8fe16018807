import subprocess
import sys

from assistant.settings import PROJECT_DIR
from assistant.text.tokens import count_tokens, fit_to_budget, truncate_to_tokens


def test_counts_cl100k_tokens():
    assert count_tokens("hello world") == 2
    # NOTES.md: 5,000 Chinese characters are about 5,600 cl100k tokens
    assert 5000 < count_tokens("智慧广电网络新服务征集推选" * 385) < 7000


def test_special_token_text_is_counted_not_refused():
    assert count_tokens("<|endoftext|>") > 1


def test_loads_without_network(tmp_path):
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from assistant.text.tokens import count_tokens\n"
        "print(count_tokens('征集截止时间为2023年6月9日'))\n"
    )
    env = {"TIKTOKEN_CACHE_DIR": str(tmp_path / "empty-cache"), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60, cwd=PROJECT_DIR
    )
    assert done.returncode == 0, done.stderr
    assert int(done.stdout) > 5


def test_fit_keeps_order_cuts_the_crossing_passage_and_drops_the_rest():
    passages = ["第一条。", "第二条" * 50, "第三条。"]
    first = count_tokens(passages[0])
    kept = fit_to_budget(passages, first + 10)
    assert kept[0] == passages[0]
    assert len(kept) == 2
    assert passages[1].startswith(kept[1]) and kept[1] != passages[1]
    assert sum(count_tokens(p) for p in kept) <= first + 10


def test_fit_keeps_everything_within_budget_and_nothing_without():
    passages = ["甲", "乙", "丙"]
    assert fit_to_budget(passages, 1000) == passages
    assert fit_to_budget(passages, 0) == []


def test_truncate_is_the_longest_fitting_prefix():
    text = "广电总局决定2023年继续组织开展征集推选工作" * 20
    cut = truncate_to_tokens(text, 15)
    assert count_tokens(cut) <= 15 < count_tokens(text[: len(cut) + 1])
