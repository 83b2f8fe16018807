"""The notices staff added, as rows of the staff database (`notices`), so that every instance
sharing the database (two app servers on one PostgreSQL) has them and they outlive a lost
ASSISTANT_HOME. Each write gets a fresh `revision`; an instance compares revisions, not clocks."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import BaseModel
from sqlalchemy import select

from assistant.knowledge.notice_meta import NoticeMeta
from assistant.knowledge.notice_store import NoticeFiles
from assistant.staff.db import Database
from assistant.staff.models import NoticeRow


class RowState(BaseModel):
    revision: str
    deleted: bool


class StoredNotice(BaseModel):
    files: NoticeFiles
    revision: str


class NoticeRows:
    def __init__(self, db: Database) -> None:
        self.db = db

    def save(self, files: NoticeFiles) -> str:
        """Insert or replace the notice; returns its new revision."""
        revision = uuid.uuid4().hex
        values = {
            "revision": revision,
            "deleted": False,
            "meta": files.meta.model_dump(mode="json"),
            "rules": json.loads(files.rules_json),
            "source_text": files.source_text,
            "text": files.text,
            "original": files.original,
            "suffix": files.suffix,
            "updated_at": datetime.now(UTC),
        }
        with self.db.session() as session:
            row = session.get(NoticeRow, files.meta.id)
            if row is None:
                session.add(NoticeRow(id=files.meta.id, **values))
            else:
                for name, value in values.items():
                    setattr(row, name, value)
        return revision

    def delete(self, notice_id: str) -> str:
        """Leave a tombstone (payload emptied) so other instances remove their copy; returns its revision."""
        revision = uuid.uuid4().hex
        tombstone = {"revision": revision, "deleted": True, "meta": {}, "rules": {}, "source_text": ""}
        empty = {"text": "", "original": b"", "suffix": "", "updated_at": datetime.now(UTC)}
        with self.db.session() as session:
            row = session.get(NoticeRow, notice_id)
            if row is None:
                session.add(NoticeRow(id=notice_id, **tombstone, **empty))
            else:
                for name, value in {**tombstone, **empty}.items():
                    setattr(row, name, value)
        return revision

    def states(self) -> dict[str, RowState]:
        """Every row's revision and whether it is a tombstone (no payload read)."""
        with self.db.session() as session:
            rows = session.execute(select(NoticeRow.id, NoticeRow.revision, NoticeRow.deleted)).all()
        return {row.id: RowState(revision=row.revision, deleted=row.deleted) for row in rows}

    def version(self) -> str:
        """Changes whenever any notice row does."""
        states = sorted((k, v.revision) for k, v in self.states().items())
        return hashlib.sha256(json.dumps(states).encode()).hexdigest()[:16]

    def load(self, ids: Iterable[str]) -> list[StoredNotice]:
        """The named notices that are not tombstones, with their files."""
        wanted = list(ids)
        if not wanted:
            return []
        with self.db.session() as session:
            rows = session.scalars(
                select(NoticeRow).where(NoticeRow.id.in_(wanted), NoticeRow.deleted.is_(False))
            ).all()
            return [_stored(row) for row in rows]

    def load_all(self) -> list[StoredNotice]:
        return self.load(self.states())


def _stored(row: NoticeRow) -> StoredNotice:
    files = NoticeFiles(
        meta=NoticeMeta.model_validate(row.meta),
        rules_json=json.dumps(row.rules, ensure_ascii=False, indent=1),
        source_text=row.source_text,
        text=row.text,
        original=row.original,
        suffix=row.suffix,
    )
    return StoredNotice(files=files, revision=row.revision)
