"""Stage 1, the knowledge: documents, their normalised text, clause trees, curated rules, vocabulary."""
