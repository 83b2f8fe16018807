"""Text primitives every stage shares: Chinese folding and counting, LLM token counts."""
