"""The same index code against a real Chroma server (the chromadb package's own `chroma run`)."""

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.answering.intent import notices_named
from assistant.retrieval.embeddings import HashEmbeddings
from assistant.retrieval.index import ensure_collection, make_client, open_index
from assistant.settings import RetrievalSettings
from tests.processes import free_port, stop

CHROMA = Path(sys.executable).with_name("chroma")
START_TIMEOUT_S = 60


def wait_until_up(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"chroma exited with {proc.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("chroma server did not come up")


@pytest.fixture(scope="module")
def chroma_port(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    env = dict(os.environ, ANONYMIZED_TELEMETRY="False")
    proc = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        wait_until_up(port, proc)
        yield port
    finally:
        stop(proc)


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
