"""The notices staff added, as files under ASSISTANT_HOME (`notices/ID/`).

Each folder holds the upload as received (`original.EXT`), the text read from it (`source.txt`,
what citations are checked against), the normalised text (`text.txt`, what they quote), the
rules as extracted and corrected (`rules.json`) and `meta.json` (status, family, review). Files
are written to a temporary name and renamed, so a reader never sees half a file; a new notice is
assembled in a side folder and renamed into place whole.
"""

from __future__ import annotations

import os
import shutil
import uuid
from pathlib import Path

from pydantic import BaseModel

from assistant.errors import UnknownDocumentError
from assistant.knowledge.notice_meta import NoticeMeta

SOURCE_FILE = "source.txt"
TEXT_FILE = "text.txt"
RULES_FILE = "rules.json"
META_FILE = "meta.json"
VERSION_FILE = ".version"
"""Rewritten on every change, so another process (the web app) notices that the notices changed."""


class NoticeFiles(BaseModel):
    """One notice's folder as values, to copy it elsewhere (the staff database) and back."""

    meta: NoticeMeta
    rules_json: str
    source_text: str
    text: str
    original: bytes
    suffix: str


def write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex[:8]}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


class NoticeStore:
    """Added notices under `home/notices/`."""

    def __init__(self, home: Path) -> None:
        self.root = home / "notices"

    def version(self) -> str:
        path = self.root / VERSION_FILE
        return path.read_text(encoding="utf-8") if path.is_file() else ""

    def touch(self) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        write_atomic(self.root / VERSION_FILE, uuid.uuid4().hex)

    def folder(self, notice_id: str) -> Path:
        return self.root / notice_id

    def exists(self, notice_id: str) -> bool:
        return (self.folder(notice_id) / META_FILE).is_file()

    def ids(self) -> list[str]:
        """Ids of the complete notices, oldest first."""
        if not self.root.is_dir():
            return []
        metas = [
            self.meta(p.name)
            for p in self.root.iterdir()
            if not p.name.startswith(".") and self.exists(p.name)
        ]
        return [m.id for m in sorted(metas, key=lambda m: (m.added, m.id))]

    def meta(self, notice_id: str) -> NoticeMeta:
        path = self.folder(notice_id) / META_FILE
        if not path.is_file():
            raise UnknownDocumentError(f"没有添加过编号为 {notice_id!r} 的通知")
        return NoticeMeta.model_validate_json(path.read_text(encoding="utf-8"))

    def rules_json(self, notice_id: str) -> str:
        """The notice's rules as saved (`assistant.knowledge.rules.added_rules` reads them)."""
        self.meta(notice_id)
        return (self.folder(notice_id) / RULES_FILE).read_text(encoding="utf-8")

    def text(self, notice_id: str) -> str:
        return (self.folder(notice_id) / TEXT_FILE).read_text(encoding="utf-8")

    def files(self, notice_id: str) -> NoticeFiles:
        meta = self.meta(notice_id)
        folder = self.folder(notice_id)
        original = next(iter(sorted(folder.glob("original*"))), None)
        return NoticeFiles(
            meta=meta,
            rules_json=(folder / RULES_FILE).read_text(encoding="utf-8"),
            source_text=(folder / SOURCE_FILE).read_text(encoding="utf-8"),
            text=self.text(notice_id),
            original=original.read_bytes() if original else b"",
            suffix=original.name.removeprefix("original") if original else "",
        )

    def restore(self, files: NoticeFiles) -> None:
        """Write a notice copied with `files` whole, as `create` does."""
        self.create(files.meta, files.original, files.suffix, files.source_text, files.text, files.rules_json)

    def create(
        self,
        meta: NoticeMeta,
        original: bytes,
        suffix: str,
        source_text: str,
        text: str,
        rules_json: str,
    ) -> None:
        """Write a new notice whole (replacing one of the same id)."""
        self.root.mkdir(parents=True, exist_ok=True)
        side = self.root / f".new-{meta.id}-{uuid.uuid4().hex[:8]}"
        side.mkdir()
        (side / f"original{suffix}").write_bytes(original)
        (side / SOURCE_FILE).write_text(source_text, encoding="utf-8")
        (side / TEXT_FILE).write_text(text, encoding="utf-8")
        (side / RULES_FILE).write_text(rules_json, encoding="utf-8")
        (side / META_FILE).write_text(meta.model_dump_json(indent=1), encoding="utf-8")
        target = self.folder(meta.id)
        if target.exists():
            self._discard(target)
        os.replace(side, target)
        self.touch()

    def save_meta(self, meta: NoticeMeta) -> None:
        write_atomic(self.folder(meta.id) / META_FILE, meta.model_dump_json(indent=1))
        self.touch()

    def save_rules_json(self, notice_id: str, rules_json: str) -> None:
        write_atomic(self.folder(notice_id) / RULES_FILE, rules_json)
        self.touch()

    def remove(self, notice_id: str) -> None:
        self.meta(notice_id)
        self._discard(self.folder(notice_id))
        self.touch()

    def _discard(self, folder: Path) -> None:
        trash = self.root / f".trash-{folder.name}-{uuid.uuid4().hex[:8]}"
        os.replace(folder, trash)  # gone from the registry at once; deleted after
        shutil.rmtree(trash, ignore_errors=True)
