"""The staff pages' handlers, called directly (the HTTP side is in test_staff_access.py)."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.service import Assistant
from assistant.staff.files import read_rows
from assistant.web.staff import StaffDesk, build_staff
from tests.staff.conftest import CURATED, staff_settings


def test_save_approve_import_export_promote_and_batch(tmp_path: Path) -> None:
    assistant = Assistant(staff_settings(tmp_path / "home"))
    ui = StaffDesk(assistant)
    build_staff(assistant)  # the Blocks build with these handlers
    source = json.dumps(CURATED[0]["sources"], ensure_ascii=False)
    form = [CURATED[0]["question"], "", CURATED[0]["answer"], CURATED[0]["notice"], source, ""]
    faq_id, table, message = ui.save("", *form, status="approved")
    assert faq_id and "已保存" in message and table.iloc[0]["状态"] == "已批准"
    assert ui.load(faq_id)[1] == CURATED[0]["question"]
    _, _, refused = ui.save(
        "",
        "问题问题",
        "",
        "答复",
        "",
        '[{"doc": "notice-2020-smart-demo", "section": "", "quote": "没有这句"}]',
        "",
        status="draft",
    )
    assert refused.startswith("未保存")
    _, _, twin = ui.save("", *form, status="draft")
    assert "可能与这些答复重复" in twin and faq_id in twin
    exported = ui.export(".csv")
    assert [r["question"] for r in read_rows(Path(exported))] == [CURATED[0]["question"]]

    for question in ["一等奖奖金是多少？", "一等奖奖金是多少？"]:
        assistant.ask(question)
    assert assistant.staff.log is not None
    assistant.staff.log.flush()
    queue, groups = ui.review_queue()
    assert queue.iloc[0]["问题"] == "一等奖奖金是多少？" and queue.iloc[0]["次数"] == 2
    *filled, note = ui.promote(1, groups)
    assert filled[1] == "一等奖奖金是多少？" and filled[3] and "草稿" in note
    assert "有效的序号" in ui.promote(5, groups)[-1]

    answers, download, done = ui.batch("一等奖奖金是多少？\n申报截止时间是什么时候？", None)
    assert len(answers) == 2 and download and download.endswith(".xlsx") and "2" in done
    top, by_notice, by_week, feedback, kinds = ui.dashboard()
    assert top.iloc[0]["问题"] == "一等奖奖金是多少？" and top.iloc[0]["次数"] == 3
    assert set(kinds["答复方式"]) <= {"审核答复", "规则", "原文", "未覆盖"} and kinds["次数"].sum() == 4
    assert by_notice["未覆盖率"].between(0, 1).all() and len(by_week) == 1 and feedback.empty
    log = ui.log_table()
    assert len(log) == 4 and set(log["答复方式"]) <= {"审核答复", "规则", "原文", "未覆盖"}
