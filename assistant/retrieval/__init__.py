"""Stage 2, retrieval: jieba words, clause chunks, embeddings and the hybrid (BM25 + dense) index."""
