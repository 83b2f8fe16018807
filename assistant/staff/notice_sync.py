"""Keeping an instance's notice files (`ASSISTANT_HOME/notices/`) and the staff database's
`notices` rows the same: staff changes are pushed at once; every request pulls what other
instances changed. The database wins: a local copy whose revision differs from the row's is
replaced, one the database removed is removed, and a local notice the database never had (added
before a database was configured) is pushed.

Which row revision each local copy came from is kept in `notices/.db-revisions.json`.
"""

from __future__ import annotations

import json
import threading

from assistant.knowledge.notice_store import NoticeStore, write_atomic
from assistant.settings import Settings
from assistant.staff.db import Database
from assistant.staff.notice_rows import NoticeRows

REVISIONS_FILE = ".db-revisions.json"


class NoticeMirror:
    def __init__(self, store: NoticeStore, rows: NoticeRows) -> None:
        self.store = store
        self.rows = rows
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings) -> NoticeMirror:
        return cls(NoticeStore(settings.home), NoticeRows(Database.from_settings(settings)))

    def push(self, notice_id: str) -> None:
        """Write the local notice to the database (after staff added, reviewed or approved it)."""
        with self._lock:
            revision = self.rows.save(self.store.files(notice_id))
            self._remember({notice_id: revision})

    def drop(self, notice_id: str) -> None:
        """Mark the notice removed in the database (after staff removed it here)."""
        with self._lock:
            self.rows.delete(notice_id)
            self._remember({notice_id: None})

    def pull(self) -> bool:
        """Take in what the database has that this home lacks; True when a local notice was
        restored or removed (the caller then refreshes what it computed from the notices)."""
        with self._lock:
            states = self.rows.states()
            known = self._revisions()
            local = set(self.store.ids())
            changed: dict[str, str | None] = {}
            removed = 0
            for notice_id, state in states.items():
                if state.deleted:
                    if notice_id in local:
                        self.store.remove(notice_id)
                        removed += 1
                    if notice_id in local or notice_id in known:
                        changed[notice_id] = None
                elif notice_id not in local or known.get(notice_id) != state.revision:
                    changed[notice_id] = state.revision
            restore = [k for k, v in changed.items() if v is not None]
            restored = self.rows.load(restore)
            for stored in restored:
                self.store.restore(stored.files)
                changed[stored.files.meta.id] = stored.revision
            for notice_id in sorted(local - states.keys()):
                changed[notice_id] = self.rows.save(self.store.files(notice_id))
            if changed:
                self._remember(changed)
            return bool(removed or restored)

    def _revisions(self) -> dict[str, str]:
        path = self.store.root / REVISIONS_FILE
        if not path.is_file():
            return {}
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _remember(self, changes: dict[str, str | None]) -> None:
        revisions = self._revisions()
        for notice_id, revision in changes.items():
            if revision is None:
                revisions.pop(notice_id, None)
            else:
                revisions[notice_id] = revision
        self.store.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self.store.root / REVISIONS_FILE, json.dumps(revisions, indent=1))
