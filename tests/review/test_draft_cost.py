"""Drafting from the largest allowed facts costs time linear in their length: the hostile client
of the load test (issue 14) sent 60,000 characters of facts and each draft took 4-8 s of CPU
because every dropped sentence re-rendered and re-counted the whole material."""

from __future__ import annotations

import pytest

from assistant.review import draft as drafting
from assistant.review.ledger import count_chars, ledger_for

FACTS = (
    "一、基本情况\n项目于2021年启动，总投资3,600万元，覆盖全市6个区、214个社区，签约家庭8.2万户。\n"
    "二、创新做法与实践\n通过电视大屏、机顶盒和家庭网关接入一键呼叫、跌倒报警设备，告警同步推送至网格员。\n"
    "四、形成的新模式、新业态、新应用及取得的成效\n形成包月模式，2023年收入2,150万元，续约率92%。\n"
)
NOTICE = "notice-2023-network-services"


@pytest.mark.parametrize("size", [15_000, 60_000])
def test_characters_counted_grow_linearly_with_the_facts(monkeypatch: pytest.MonkeyPatch, size: int) -> None:
    counted = 0

    def counting(text: str) -> int:
        nonlocal counted
        counted += len(text)
        return count_chars(text)

    monkeypatch.setattr(drafting, "count_chars", counting)
    facts = (FACTS * (size // len(FACTS) + 1))[:size]
    result = drafting.draft(facts, notice=NOTICE, category="智慧家庭新场景", llm=None)
    assert counted < 10 * size, counted  # was hundreds of times the input
    limit = ledger_for(NOTICE).detail_limit
    assert limit is not None
    body = [s for s in result.sections if s.element != drafting.SUMMARY]
    assert count_chars(drafting.render(body)) <= limit.max_chars
