"""The optional LLM layer beside the deterministic engine: models, prompts, output verification."""
