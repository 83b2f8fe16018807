"""Added notices copied between two homes through the staff database's `notices` table."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from assistant.knowledge.notice_meta import NoticeMeta
from assistant.knowledge.notice_store import NoticeStore
from assistant.staff.db import Database
from assistant.staff.notice_rows import NoticeRows
from assistant.staff.notice_sync import NoticeMirror


def _add(store: NoticeStore, notice_id: str, title: str) -> None:
    meta = NoticeMeta(
        id=notice_id, title=title, short_name=title, file_name="n.docx", added=datetime.now(UTC)
    )
    store.create(
        meta, b"\x00\x01docx", ".docx", f"{title} 原文", f"{title} 正文", json.dumps({"id": notice_id})
    )


def test_two_homes_share_notices_through_the_database(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'shared.sqlite'}")
    rows = NoticeRows(db)
    a, b = NoticeStore(tmp_path / "a"), NoticeStore(tmp_path / "b")
    mirror_a, mirror_b = NoticeMirror(a, rows), NoticeMirror(b, rows)

    _add(a, "notice-x", "甲通知")
    mirror_a.push("notice-x")
    version = rows.version()
    assert mirror_b.pull() is True
    copied, added = b.files("notice-x"), a.files("notice-x")
    assert copied.model_dump(exclude={"rules_json"}) == added.model_dump(exclude={"rules_json"})
    assert json.loads(copied.rules_json) == json.loads(added.rules_json)
    assert mirror_b.pull() is False and rows.version() == version  # nothing new: nothing copied

    meta = a.meta("notice-x").model_copy(update={"status": "approved"})
    a.save_meta(meta)
    mirror_a.push("notice-x")
    assert rows.version() != version
    assert mirror_b.pull() is True and b.meta("notice-x").status == "approved"

    _add(b, "notice-local", "乙本地通知")  # added before a database was configured: pushed, not lost
    assert mirror_b.pull() is False
    assert sorted(s.files.meta.id for s in rows.load_all()) == ["notice-local", "notice-x"]
    assert mirror_a.pull() is True and a.text("notice-local") == "乙本地通知 正文"

    a.remove("notice-x")
    mirror_a.drop("notice-x")
    assert mirror_b.pull() is True and not b.exists("notice-x")
    assert sorted(rows.states()) == ["notice-local", "notice-x"] and rows.states()["notice-x"].deleted
    assert [s.files.meta.id for s in rows.load_all()] == ["notice-local"]
    db.close()
