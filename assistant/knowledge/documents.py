"""The document registry: which source files make up the knowledge base, and their normalised text.

`knowledge/documents.yaml` lists every document (id, kind, title, source file). The originals sit
unchanged in `knowledge/sources/`; `knowledge/normalized/ID.txt` is produced from them by
`normalize.normalize` (run `python -m assistant knowledge build`), and a test checks that the
committed normalised text is exactly what the code produces.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import UnknownDocumentError
from assistant.knowledge import notice_store
from assistant.knowledge.normalize import normalize
from assistant.knowledge.notice_store import NoticeStore
from assistant.settings import knowledge_dir

KNOWLEDGE_DIR = knowledge_dir()

DocumentKind = Literal["call", "policy"]


class DocumentInfo(BaseModel):
    """One registered document."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    kind: DocumentKind
    title: str
    short_name: str
    source: str
    family: str | None = None
    """Which call this is an edition of (knowledge/families.yaml); None for a one-off document."""
    origin: Literal["builtin", "added"] = "builtin"
    status: Literal["builtin", "draft", "approved"] = "builtin"
    folder: Path | None = None
    """Where an added notice lives (under ASSISTANT_HOME); None for a built-in document."""

    @property
    def source_path(self) -> Path:
        if self.folder is not None:
            return self.folder / self.source
        return KNOWLEDGE_DIR / "sources" / self.source

    @property
    def normalized_path(self) -> Path:
        if self.folder is not None:
            return self.folder / "text.txt"
        return KNOWLEDGE_DIR / "normalized" / f"{self.id}.txt"

    @property
    def reviewed(self) -> bool:
        """Built-in rules were curated by hand; an added notice's only once staff approve them."""
        return self.status != "draft"


@cache
def builtin_registry() -> dict[str, DocumentInfo]:
    """The documents shipped in `knowledge/`, in the order of `knowledge/documents.yaml`."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "documents.yaml").read_text(encoding="utf-8"))
    infos = [DocumentInfo.model_validate(entry) for entry in raw["documents"]]
    return {info.id: info for info in infos}


@cache
def registry() -> dict[str, DocumentInfo]:
    """All documents by id: the built-in ones, then the notices staff added (ASSISTANT_HOME)."""
    from assistant.settings import get_settings

    merged = dict(builtin_registry())
    for info in _added_documents(NoticeStore(get_settings().home)):
        merged.setdefault(info.id, info)
    return merged


CACHED_PACKAGES = (
    "assistant.knowledge.",
    "assistant.answering.",
    "assistant.retrieval.",
    "assistant.review.",
)


def knowledge_changed() -> None:
    """Forget everything computed from the set of documents (a notice was added, approved or removed).

    Every `functools.cache` of the knowledge, answering, retrieval and review modules derives from
    the registry, so all of them are cleared rather than a hand-kept list that would drift.
    """
    for name, module in list(sys.modules.items()):
        if not name.startswith(CACHED_PACKAGES) or module is None:
            continue
        for value in list(vars(module).values()):
            clear = getattr(value, "cache_clear", None)
            if callable(clear) and getattr(value, "__module__", None) == name:
                clear()


def document(doc_id: str) -> DocumentInfo:
    try:
        return registry()[doc_id]
    except KeyError:
        known = ", ".join(registry())
        raise UnknownDocumentError(f"未知的文档编号 {doc_id!r}；可用的编号：{known}") from None


def call_ids() -> list[str]:
    """Ids of the documents that are calls for cases (notices with categories and deadlines)."""
    return [info.id for info in registry().values() if info.kind == "call"]


def policy_ids() -> list[str]:
    """Ids of the policy documents (what cases must fit; no categories or deadlines)."""
    return [info.id for info in registry().values() if info.kind == "policy"]


@cache
def normalized_text(doc_id: str) -> str:
    """The committed normalised text of a document (what every citation quotes)."""
    return document(doc_id).normalized_path.read_text(encoding="utf-8")


@cache
def knowledge_text() -> str:
    """Every document's normalised text, one after another (to ask whether any mentions a term)."""
    return "\n".join(normalized_text(doc_id) for doc_id in registry())


def build_normalized(doc_id: str) -> str:
    """Normalise the source file of `doc_id` afresh (used to write and to verify the committed text)."""
    raw = document(doc_id).source_path.read_text(encoding="utf-8")
    return normalize(raw)


def write_normalized() -> list[Path]:
    """Regenerate every `knowledge/normalized/ID.txt`; returns the paths written."""
    written = []
    for doc_id, info in registry().items():
        info.normalized_path.parent.mkdir(parents=True, exist_ok=True)
        info.normalized_path.write_text(build_normalized(doc_id), encoding="utf-8")
        written.append(info.normalized_path)
    normalized_text.cache_clear()
    knowledge_text.cache_clear()
    return written


def _added_documents(store: NoticeStore) -> list[DocumentInfo]:
    """Registry entries of the added notices, oldest first."""
    infos = []
    for notice_id in store.ids():
        meta = store.meta(notice_id)
        infos.append(
            DocumentInfo(
                id=meta.id,
                kind="call",
                title=meta.title,
                short_name=meta.short_name,
                source=notice_store.SOURCE_FILE,
                family=meta.family,
                origin="added",
                status=meta.status,
                folder=store.folder(notice_id),
            )
        )
    return infos
