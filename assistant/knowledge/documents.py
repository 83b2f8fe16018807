"""The document registry: which source files make up the knowledge base, and their normalised text.

`knowledge/documents.yaml` lists every document (id, kind, title, source file). The originals sit
unchanged in `knowledge/sources/`; `knowledge/normalized/ID.txt` is produced from them by
`normalize.normalize` (run `python -m assistant knowledge build`), and a test checks that the
committed normalised text is exactly what the code produces.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from assistant.errors import UnknownDocumentError
from assistant.knowledge.normalize import normalize
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

    @property
    def source_path(self) -> Path:
        return KNOWLEDGE_DIR / "sources" / self.source

    @property
    def normalized_path(self) -> Path:
        return KNOWLEDGE_DIR / "normalized" / f"{self.id}.txt"


@cache
def registry() -> dict[str, DocumentInfo]:
    """All documents by id, in the order of `knowledge/documents.yaml`."""
    raw = yaml.safe_load((KNOWLEDGE_DIR / "documents.yaml").read_text(encoding="utf-8"))
    infos = [DocumentInfo.model_validate(entry) for entry in raw["documents"]]
    return {info.id: info for info in infos}


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
