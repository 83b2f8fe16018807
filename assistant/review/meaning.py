"""Matching text to elements by meaning: cosine similarity of embeddings (the retrieval package's
model in the service, a hash fake in tests). The embedding model is passed in, never built here."""

from __future__ import annotations

from typing import Protocol

import numpy as np


class Embedder(Protocol):
    """What matching by meaning needs of an embedding model (langchain's `Embeddings` has both)."""

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...

    def embed_query(self, text: str) -> list[float]: ...


def similarities(texts: list[str], descriptions: list[str], embedder: Embedder) -> np.ndarray:
    """Cosine similarity of each text (as a passage) to each description (as a query): rows are
    texts, columns descriptions."""
    if not texts or not descriptions:
        return np.zeros((len(texts), len(descriptions)), dtype=np.float32)
    passages = np.asarray(embedder.embed_documents(texts), dtype=np.float32)
    queries = np.asarray([embedder.embed_query(d) for d in descriptions], dtype=np.float32)
    passages /= np.linalg.norm(passages, axis=1, keepdims=True) + 1e-9
    queries /= np.linalg.norm(queries, axis=1, keepdims=True) + 1e-9
    return np.asarray(passages @ queries.T)
