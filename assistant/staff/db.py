"""The staff database: an SQLAlchemy engine from the settings' URL (SQLite under ASSISTANT_HOME by
default, PostgreSQL by URL), migrated to the newest schema with the Alembic scripts shipped in
`migrations/` whenever it is opened.

Several processes may share one database (two app instances on one PostgreSQL): every write is a
short transaction and counters are incremented in SQL, so concurrent writers lose nothing.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from assistant.settings import Settings

MIGRATIONS = Path(__file__).with_name("migrations")
_migrate_lock = threading.Lock()


def database_url(settings: Settings) -> str:
    if settings.staff.database_url:
        return settings.staff.database_url
    settings.home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{settings.home / 'staff.sqlite'}"


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    """WAL lets readers go on while one process writes; the busy timeout makes writers queue."""
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest revision (a no-op when it is already there)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with _migrate_lock, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # two processes starting at once must not both create the tables
            connection.exec_driver_sql("SELECT pg_advisory_xact_lock(74130013)")
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


class Database:
    """One engine and its sessions; `session()` commits on success and rolls back on error."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.engine = make_engine(url)
        migrate(self.engine)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(database_url(settings))

    @contextmanager
    def session(self) -> Iterator[Session]:
        with self._sessions.begin() as session:
            yield session

    def close(self) -> None:
        self.engine.dispose()
