"""The hybrid clause index: BM25 over jieba tokens plus dense e5 vectors in Chroma, fused by
reciprocal rank fusion, limited to the notices a question names.

The only module that imports chromadb. The vectors live in a Chroma collection named after a
fingerprint of the knowledge (normalised texts, chunking parameters, embedding model), in an
embedded `PersistentClient` under `data_dir` or on a Chroma server (`chroma_host`): same code.
A build goes into a side collection that is renamed to the live name only when complete (the
rename is atomic in Chroma's catalogue), so no reader ever sees a half-built index; unchanged
knowledge opens the existing collection without embedding anything. A damaged embedded database
(`chroma.sqlite3` truncated or overwritten: "database disk image is malformed") is moved aside
to `chroma.damaged-<time>` and the index rebuilt in a fresh folder, as a missing one is; damage
found while serving, or on a Chroma server, is reported with the fix in the message.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import re
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from typing import Any

import bm25s
import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.embeddings import Embeddings
from langchain_core.retrievers import BaseRetriever
from pydantic import BaseModel, ConfigDict
from tqdm import tqdm

from assistant.contract import SearchHit
from assistant.errors import UnknownDocumentError
from assistant.knowledge.clauses import clause_at
from assistant.knowledge.documents import normalized_text
from assistant.knowledge.vocabulary import expand_query, strip_notice_names
from assistant.retrieval.chunks import CHUNKER_VERSION, Chunk, build_chunks
from assistant.retrieval.embeddings import make_embeddings, model_id
from assistant.retrieval.words import tokenize
from assistant.settings import RetrievalSettings

os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import chromadb  # imported after the telemetry switch above
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from chromadb.errors import ChromaError, InternalError, NotFoundError

log = logging.getLogger(__name__)
logging.getLogger("bm25s").setLevel(logging.WARNING)  # it logs every index build at DEBUG
EMBED_BATCH = 8
STALE_BUILD_S = 3600


class Passage(BaseModel):
    """One search hit: a clause or a run of a clause, with its fused score."""

    doc: str
    section: str
    title: str
    heading_path: str
    text: str
    score: float
    chunk_id: str

    def to_hit(self) -> SearchHit:
        return SearchHit(doc=self.doc, section=self.section, text=self.text, score=round(self.score, 6))


def fingerprint(chunks: Sequence[Chunk], embeddings: Embeddings, settings: RetrievalSettings) -> str:
    """Changes whenever the knowledge, the chunking or the embedding model changes."""
    digest = hashlib.sha256()
    for part in (CHUNKER_VERSION, str(settings.chunk_tokens), model_id(embeddings)):
        digest.update(part.encode() + b"\0")
    for doc_id in sorted({c.doc for c in chunks}):
        digest.update(doc_id.encode() + b"\0" + normalized_text(doc_id).encode() + b"\0")
    for chunk in chunks:
        digest.update(chunk.id.encode() + b"\0" + chunk.indexed_text.encode() + b"\0")
    return digest.hexdigest()[:16]


def make_client(settings: RetrievalSettings) -> ClientAPI:
    """A Chroma server's HttpClient when `chroma_host` is set, else an embedded PersistentClient."""
    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if settings.chroma_host:
        return chromadb.HttpClient(
            host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings
        )
    path = settings.data_dir / "chroma"
    path.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(path), settings=chroma_settings)


class DenseStore:
    """The chunk vectors in one Chroma collection, searched with our own query vectors."""

    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    def query(self, vector: Sequence[float], n: int, docs: Sequence[str] | None) -> list[str]:
        """Ids of the `n` nearest chunks, nearest first, within `docs` when given."""
        where: Any = None
        if docs:
            where = {"doc": docs[0]} if len(docs) == 1 else {"doc": {"$in": list(docs)}}
        vectors = np.asarray([vector], dtype=np.float32)
        try:
            result = self.collection.query(query_embeddings=vectors, n_results=n, where=where, include=[])
        except InternalError as exc:
            if not _damaged(exc):
                raise
            raise IndexDamagedError(str(exc)) from None
        return list(result["ids"][0])


class IndexDamagedError(RuntimeError):
    """The vector database cannot be read; the message names the fix."""

    def __init__(self, detail: str) -> None:
        super().__init__(
            f"检索索引数据库已损坏（{detail}）：重启服务会自动移开损坏的数据库并重建；"
            "也可运行 python -m assistant index build"
        )


def _live_name(settings: RetrievalSettings, fp: str) -> str:
    return f"{settings.collection}-{fp}"


def _open_complete(client: ClientAPI, name: str, expected: int) -> Collection | None:
    try:
        collection = client.get_collection(name, embedding_function=None)
    except (NotFoundError, ValueError):
        return None
    complete = bool((collection.metadata or {}).get("complete"))
    return collection if complete and collection.count() == expected else None


def _build(
    client: ClientAPI, chunks: Sequence[Chunk], embeddings: Embeddings, settings: RetrievalSettings, fp: str
) -> Collection:
    """Embed every chunk into a side collection, then rename it to the live name."""
    live = _live_name(settings, fp)
    side = client.create_collection(
        f"{live}-build-{uuid.uuid4().hex[:8]}",
        embedding_function=None,
        configuration={"hnsw": {"space": "cosine"}},
        metadata={"fingerprint": fp, "complete": False, "started": time.time()},
    )
    with tqdm(total=len(chunks), desc="indexing clauses", unit="chunk", file=sys.stderr) as progress:
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            vectors = embeddings.embed_documents([c.indexed_text for c in batch])
            side.add(
                ids=[c.id for c in batch],
                embeddings=np.asarray(vectors, dtype=np.float32),
                documents=[c.text for c in batch],
                metadatas=[{"doc": c.doc, "section": c.section, "part": c.part} for c in batch],
            )
            progress.update(len(batch))
    try:
        side.modify(name=live, metadata={"fingerprint": fp, "complete": True, "built": time.time()})
    except ChromaError:  # another process finished the same build first: use theirs
        client.delete_collection(side.name)
        found = _open_complete(client, live, len(chunks))
        if found is None:
            raise
        return found
    return side


def _drop_stale(client: ClientAPI, settings: RetrievalSettings, live: str) -> None:
    """Delete superseded collections of this prefix and builds abandoned long ago."""
    pattern = re.compile(rf"^{re.escape(settings.collection)}-[0-9a-f]{{16}}(-build-[0-9a-f]{{8}})?$")
    for collection in client.list_collections():
        name = collection.name
        if name == live or not pattern.match(name):
            continue
        started = float((collection.metadata or {}).get("started", 0))
        if "-build-" in name and time.time() - started < STALE_BUILD_S:
            continue
        with contextlib.suppress(NotFoundError, ValueError):  # another process may delete it first
            client.delete_collection(name)


def ensure_collection(
    client: ClientAPI,
    chunks: Sequence[Chunk],
    embeddings: Embeddings,
    settings: RetrievalSettings,
    drop_stale: bool = True,
) -> Collection:
    """The live collection for this knowledge, built first when missing."""
    fp = fingerprint(chunks, embeddings, settings)
    live = _live_name(settings, fp)
    collection = _open_complete(client, live, len(chunks))
    if collection is None:
        started = time.perf_counter()
        log.info("building the clause index %s (%d chunks)", live, len(chunks))
        collection = _build(client, chunks, embeddings, settings, fp)
        log.info("built %s in %.1f s", live, time.perf_counter() - started)
    if drop_stale:
        _drop_stale(client, settings, live)
    return collection


def _rrf(rankings: Sequence[tuple[float, Sequence[str]]], k: int) -> dict[str, float]:
    """Weighted reciprocal rank fusion: sum of weight / (k + rank) over the lists."""
    fused: dict[str, float] = {}
    for weight, ids in rankings:
        for rank, chunk_id in enumerate(ids, start=1):
            fused[chunk_id] = fused.get(chunk_id, 0.0) + weight / (k + rank)
    return fused


class HybridIndex:
    """BM25 and dense rankings of the clause chunks, fused; see the module docstring."""

    def __init__(
        self, chunks: Sequence[Chunk], dense: DenseStore, embeddings: Embeddings, settings: RetrievalSettings
    ) -> None:
        self.chunks = list(chunks)
        self.dense = dense
        self.embeddings = embeddings
        self.settings = settings
        self._position = {c.id: i for i, c in enumerate(self.chunks)}
        self._docs = np.array([c.doc for c in self.chunks])
        self._bm25 = bm25s.BM25()
        self._bm25.index([tokenize(c.indexed_text) for c in self.chunks], show_progress=False)

    @property
    def documents(self) -> list[str]:
        return list(dict.fromkeys(c.doc for c in self.chunks))

    def scope(self, notice: str | None = None, docs: Sequence[str] | None = None) -> list[str] | None:
        """The documents to search: the given notice, else those the caller decided the query means
        (`assistant.answering.intent.notices_named`), else all (None). The index never guesses."""
        if notice is not None:
            if notice not in self.documents:
                known = ", ".join(self.documents)
                raise UnknownDocumentError(f"检索库中没有文档 {notice!r}；可用的编号：{known}")
            return [notice]
        kept = [d for d in docs or () if d in self.documents]
        return kept or None

    def _lexical(self, query: str, docs: Sequence[str] | None, n: int) -> list[str]:
        vocab = self._bm25.vocab_dict
        tokens = [t for t in tokenize(query) if t in vocab]
        if not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        if docs:
            scores = np.where(np.isin(self._docs, list(docs)), scores, 0.0)
        order = np.argsort(-scores, kind="stable")[:n]
        return [self.chunks[i].id for i in order if scores[i] > 0]

    def rank(
        self, query: str, notice: str | None = None, docs: Sequence[str] | None = None
    ) -> list[tuple[Chunk, float]]:
        """Every candidate chunk with its fused score, best first. Within the chosen notices the
        words that named them are dropped from the query; colloquial terms get their wording."""
        docs = self.scope(notice, docs)
        content = strip_notice_names(query) if docs else query
        expanded = expand_query(content if tokenize(content) else query)
        in_scope = sum(1 for c in self.chunks if not docs or c.doc in docs)
        n = min(self.settings.candidates, in_scope)
        lexical = self._lexical(expanded, docs, n)
        dense = self.dense.query(self.embeddings.embed_query(expand_query(query)), n, docs)
        fused = _rrf(
            [(self.settings.bm25_weight, lexical), (self.settings.dense_weight, dense)], self.settings.rrf_k
        )
        ranked = sorted(fused.items(), key=lambda kv: (-kv[1], self._position[kv[0]]))
        return [(self.chunks[self._position[cid]], score) for cid, score in ranked]

    def search(
        self, query: str, k: int = 5, notice: str | None = None, docs: Sequence[str] | None = None
    ) -> list[Passage]:
        """The `k` best passages of `notice`, else of `docs` (a filter), else of every document;
        parts of one clause merge into one passage, repeats are dropped, and each of several
        `docs` gets at least one passage."""
        groups: dict[tuple[str, str], list[tuple[Chunk, float]]] = {}
        for chunk, score in self.rank(query, notice, docs):
            groups.setdefault((chunk.doc, chunk.section), []).append((chunk, score))
        passages: list[Passage] = []
        for passage in (_merge(parts) for parts in groups.values()):
            if not any(passage.text in kept.text for kept in passages):
                passages.append(passage)
        return _cover(passages, self.scope(notice, docs) or [], k)

    def as_retriever(self, k: int = 5, notice: str | None = None) -> ClauseRetriever:
        return ClauseRetriever(index=self, k=k, notice=notice)


def _cover(passages: list[Passage], docs: Sequence[str], k: int) -> list[Passage]:
    """The first `k` passages, where each of `docs` missing from them replaces the last passage
    of a document that has several."""
    top = passages[:k]
    for doc in docs:
        if any(p.doc == doc for p in top):
            continue
        best = next((p for p in passages[k:] if p.doc == doc), None)
        counts = {d: sum(p.doc == d for p in top) for d in {p.doc for p in top}}
        spare = next((i for i in range(len(top) - 1, -1, -1) if counts[top[i].doc] > 1), None)
        if best is not None and spare is not None:
            top[spare] = best
    return top


def _merge(parts: list[tuple[Chunk, float]]) -> Passage:
    """One passage over the span the parts of a clause cover; it keeps the best part's score."""
    best, score = parts[0]
    text = best.text
    if len(parts) > 1:
        clause = clause_at(best.doc, best.section)
        start, end = min(c.start for c, _ in parts), max(c.end for c, _ in parts)
        text = clause.text[start:end] if clause else text
    return Passage(
        doc=best.doc,
        section=best.section,
        title=best.title,
        heading_path=best.heading_path,
        text=text,
        score=score,
        chunk_id=best.id,
    )


class ClauseRetriever(BaseRetriever):
    """The hybrid index as a langchain retriever; metadata carries doc, section and heading path."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    index: HybridIndex
    k: int = 5
    notice: str | None = None

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        return [
            Document(page_content=p.text, metadata=p.model_dump(exclude={"text"}))
            for p in self.index.search(query, k=self.k, notice=self.notice)
        ]


_opened: dict[str, HybridIndex] = {}
_opening = threading.Lock()


def open_index(settings: RetrievalSettings) -> HybridIndex:
    """The index for these settings, opened once per process; built on first use, rebuilt on change
    or when the embedded database is damaged."""
    key = settings.model_dump_json()
    with _opening:
        if key not in _opened:
            chunks = build_chunks(settings.chunk_tokens)
            embeddings = make_embeddings(settings)
            try:
                collection = ensure_collection(make_client(settings), chunks, embeddings, settings)
            except InternalError as exc:
                if not _damaged(exc):
                    raise
                if settings.chroma_host:
                    raise IndexDamagedError(f"Chroma 服务器 {settings.chroma_host}: {exc}") from exc
                _set_aside(settings, exc)
                collection = ensure_collection(make_client(settings), chunks, embeddings, settings)
            _opened[key] = HybridIndex(chunks, DenseStore(collection), embeddings, settings)
        return _opened[key]


DAMAGE_SIGNS = ("malformed", "not a database", "file is encrypted")
"""SQLite's words for a damaged file (codes 11 and 26); a locked or busy database is not damaged."""


def _damaged(exc: Exception) -> bool:
    return any(sign in str(exc) for sign in DAMAGE_SIGNS)


def _set_aside(settings: RetrievalSettings, exc: Exception) -> None:
    """Move a damaged embedded database out of the way (kept for inspection) so a fresh one is built."""
    from chromadb.api.shared_system_client import SharedSystemClient

    path = settings.data_dir / "chroma"
    aside = path.with_name(f"chroma.damaged-{time.strftime('%Y%m%d-%H%M%S')}-{uuid.uuid4().hex[:6]}")
    log.error("the clause index database %s is damaged (%s): moved to %s, rebuilding", path, exc, aside)
    SharedSystemClient.clear_system_cache()
    path.rename(aside)


def refresh_index(settings: RetrievalSettings) -> HybridIndex:
    """The index for the documents as they are now (a notice was added or removed): built aside,
    embedding only chunks whose text is new (the vector cache is keyed by content hash), then
    swapped in for later questions; the previous collection is dropped only after the swap, so
    a question in flight finds one or the other, never neither."""
    key = settings.model_dump_json()
    previous = _opened.get(key)
    chunks = build_chunks(settings.chunk_tokens)
    embeddings = previous.embeddings if previous is not None else make_embeddings(settings)
    client = make_client(settings)
    collection = ensure_collection(client, chunks, embeddings, settings, drop_stale=False)
    fresh = HybridIndex(chunks, DenseStore(collection), embeddings, settings)
    with _opening:
        _opened[key] = fresh
    _drop_stale(client, settings, collection.name)
    return fresh
