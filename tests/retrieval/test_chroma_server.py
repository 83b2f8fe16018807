"""The same index code against a real Chroma server (the chromadb package's own `chroma run`,
started by the `chroma_port` fixture in tests/chroma_fixtures.py)."""

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.answering.intent import notices_named
from assistant.retrieval.chunks import build_chunks
from assistant.retrieval.embeddings import HashEmbeddings
from assistant.retrieval.index import ensure_collection, make_client, open_index
from assistant.settings import RetrievalSettings


@pytest.mark.slow
def test_index_builds_and_answers_through_a_chroma_server(chroma_port: int, tmp_path: Path) -> None:
    settings = RetrievalSettings(
        data_dir=tmp_path, embedding="hash", chroma_host="127.0.0.1", chroma_port=chroma_port
    )
    index = open_index(settings)
    question = "新服务的编写体例"
    hits = index.search(question, k=3, docs=notices_named(question))
    assert (hits[0].doc, hits[0].section) == ("notice-2023-network-services", "三、")
    assert not (tmp_path / "chroma").exists()  # nothing was stored on this side

    client = make_client(settings)
    live = [c.name for c in client.list_collections()]
    assert live == [index.dense.collection.name]
    reopened = ensure_collection(client, index.chunks, HashEmbeddings(), settings)
    assert reopened.name == live[0] and reopened.count() == len(index.chunks)


class MeetingEmbeddings(HashEmbeddings):
    """Hash embeddings whose first batch in each thread waits until `parties` threads got there:
    every builder is inside its build before any of them has added a vector."""

    def __init__(self, parties: int) -> None:
        super().__init__()
        self.barrier = threading.Barrier(parties, timeout=30)
        self.local = threading.local()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not getattr(self.local, "met", False):
            self.local.met = True
            self.barrier.wait()
        return super().embed_documents(texts)


@pytest.mark.slow
def test_two_builders_racing_on_an_empty_server_leave_one_complete_collection(
    chroma_port: int, tmp_path: Path
) -> None:
    """Two app instances starting at once both find no index and both build one: the first rename
    wins, the other drops its side collection and opens the winner's."""
    settings = RetrievalSettings(
        data_dir=tmp_path,
        embedding="hash",
        chroma_host="127.0.0.1",
        chroma_port=chroma_port,
        collection="race",
    )
    chunks = build_chunks(settings.chunk_tokens)
    embeddings = MeetingEmbeddings(parties=2)

    def build() -> tuple[str, str]:
        collection = ensure_collection(make_client(settings), chunks, embeddings, settings)
        return collection.id.hex, collection.name

    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(lambda _: build(), range(2))
    assert first == second  # both serve the same collection
    client = make_client(settings)
    mine = [c for c in client.list_collections() if c.name.startswith("race-")]
    assert [c.name for c in mine] == [first[1]]  # no second copy, no leftover side collection
    assert mine[0].count() == len(chunks) and mine[0].metadata["complete"] is True
