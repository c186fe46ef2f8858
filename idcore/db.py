"""SQLModel engines and sessions from any SQLAlchemy URL.

SQLite is the embedded default (a file under the app's instance folder, or ``sqlite://`` in memory, which is what
``scimulator serve`` and ``up`` use unless given ``--db``); PostgreSQL, by URL, is the engine for many workers and
many processes. A ``schema`` isolates one app's tables inside a shared PostgreSQL database, which is how parallel
tests share one server without sharing state.

Concurrency: an in-memory database is one SQLite connection, so ``SerialPool`` lends it to one thread at a time
(a session holds it from its first statement to its commit): parallel requests take turns, as writers of a file
database do. A write session (``session(write=True)``) takes SQLite's write lock before its first read
(``BEGIN IMMEDIATE``), so what it reads cannot change before it writes; on PostgreSQL the app locks the rows it
is about to change (``SELECT ... FOR UPDATE``, see ``for_update``).
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from flask import Flask, current_app
from sqlalchemy import JSON, Column, Integer, MetaData, String, Table, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError, SQLAlchemyError
from sqlalchemy.pool import ConnectionPoolEntry, StaticPool
from sqlmodel import Session, create_engine

__all__ = [
    "CONTROL_STATE",
    "Database",
    "DatabaseUnavailable",
    "DatabaseUrlError",
    "SerialPool",
    "begin_write",
    "default_sqlite_url",
    "get_db",
    "init_app",
]

_SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
BUSY_TIMEOUT_MS = 30_000  # how long a SQLite writer waits for the write lock before "database is locked"

#: The kernel's own table, in every app's database: what ``/_control`` set, shared by the server's workers
#: (see ``idcore.shared``). One row per setting: its JSON value and a version that grows on every change.
KERNEL_METADATA = MetaData()
CONTROL_STATE = Table(
    "idcore_control",
    KERNEL_METADATA,
    Column("key", String(40), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("value", JSON, nullable=False),
)


class DatabaseUnavailable(RuntimeError):
    """The database named by a URL cannot be reached or opened."""


class DatabaseUrlError(ValueError):
    """The text is not a database URL SQLAlchemy can open (malformed, or no driver for its scheme)."""


class Database:
    """One engine and its session factory; ``metadata`` is the owning package's tables."""

    def __init__(self, url: str, metadata: MetaData, *, schema: str | None = None) -> None:
        self.url = url
        self.metadata = metadata
        self.schema = schema
        try:
            self.dialect = make_url(url).get_backend_name()
        except ArgumentError as exc:
            raise DatabaseUrlError(f"not a database URL: {url!r}") from exc
        if self.dialect != "postgresql":
            self.schema = (
                None  # a schema isolates apps inside one PostgreSQL database; elsewhere it means nothing
            )
        try:
            self.engine = _make_engine(url, self.schema)
        except (NoSuchModuleError, ArgumentError) as exc:
            raise DatabaseUrlError(f"no database driver for {_redact(url)} ({_first_line(exc)})") from exc
        self.in_memory = self.dialect == "sqlite" and make_url(url).database in (None, "", ":memory:")

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """Yield a session that commits on success and rolls back on any error.

        ``write=True`` starts a write transaction at once (SQLite: ``BEGIN IMMEDIATE``), so a read-check-write
        in it (If-Match, uniqueness checked in code) is not raced by another writer.
        """
        with Session(self.engine, expire_on_commit=False) as session:
            try:
                if write:
                    begin_write(session)
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def create_all(self) -> None:
        """Create the schema (PostgreSQL) and every table that does not exist yet."""
        try:
            if self.schema:
                with self.engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{self.schema}"'))
            self.metadata.create_all(self.engine)
            KERNEL_METADATA.create_all(self.engine)
        except OperationalError as exc:
            raise DatabaseUnavailable(
                f"cannot open database {_redact(self.url)}: {_first_line(exc)}"
            ) from exc

    def reset(self) -> None:
        """Delete every row of every table, children first, in one transaction."""
        with self.engine.begin() as conn:
            for table in reversed(self.metadata.sorted_tables):
                conn.execute(table.delete())

    def drop(self) -> None:
        """Drop the tables (and the schema, if this database owns one) and close the engine."""
        try:
            if self.schema:
                with self.engine.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{self.schema}" CASCADE'))
            else:
                self.metadata.drop_all(self.engine)
                KERNEL_METADATA.drop_all(self.engine)
        except SQLAlchemyError:
            pass
        self.engine.dispose()


def _make_engine(url: str, schema: str | None) -> Engine:
    parsed = make_url(url)
    kwargs: dict[str, Any] = {}
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = SerialPool
    elif parsed.get_backend_name() == "postgresql":
        if parsed.drivername == "postgresql":
            parsed = parsed.set(drivername="postgresql+psycopg")
        kwargs["pool_pre_ping"] = True
        if schema:
            if not _SCHEMA_NAME.match(schema):
                raise ValueError(f"invalid schema name {schema!r}")
            kwargs["connect_args"] = {"options": f"-csearch_path={schema}"}
    engine = create_engine(parsed, **kwargs)
    if parsed.get_backend_name() == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


class _Turn:
    """A lock one thread may take again (nested sessions share the connection) and any thread may give back."""

    def __init__(self) -> None:
        self._free = threading.Condition()
        self._owner: int | None = None
        self._depth = 0

    def take(self) -> None:
        me = threading.get_ident()
        with self._free:
            while self._owner not in (None, me):
                self._free.wait()
            self._owner, self._depth = me, self._depth + 1

    def give_back(self) -> None:
        with self._free:
            self._depth -= 1
            if self._depth <= 0:
                self._owner, self._depth = None, 0
                self._free.notify()


class SerialPool(StaticPool):
    """The one connection of an in-memory SQLite database, lent to one thread at a time.

    StaticPool shares it between threads at once, so two requests interleave inside one transaction (lost rows,
    ``no such savepoint``); here a checkout waits until the previous one is returned.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._turn = _Turn()

    def _do_get(self) -> ConnectionPoolEntry:
        self._turn.take()
        try:
            return super()._do_get()
        except BaseException:
            self._turn.give_back()
            raise

    def _do_return_conn(self, record: ConnectionPoolEntry) -> None:
        self._turn.give_back()


def begin_write(session: Session) -> None:
    """Start the session's write transaction now (SQLite ``BEGIN IMMEDIATE``; PostgreSQL needs nothing here).

    pysqlite begins a transaction lazily, before the first INSERT/UPDATE/DELETE, and reads before it run outside
    any transaction: a version or a uniqueness checked by them can change before the write. ``BEGIN IMMEDIATE``
    waits (busy timeout) for the write lock, then everything read in the session is current until it commits.
    """
    connection = session.connection()
    raw = connection.connection.dbapi_connection
    if connection.dialect.name == "sqlite" and raw is not None and not getattr(raw, "in_transaction", True):
        raw.execute("BEGIN IMMEDIATE")


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    cursor = dbapi_conn.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    # A write waits for the writers before it (BEGIN IMMEDIATE queues them): wait long rather than fail a request
    # when many parallel writers meet a slow machine (50 member adds queued > 5 s on a loaded 2-core box).
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.close()


def _redact(url: str) -> str:
    return make_url(url).render_as_string(hide_password=True)


def _first_line(exc: Exception) -> str:
    return str(getattr(exc, "orig", exc)).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__


def default_sqlite_url(app: Flask, name: str) -> str:
    """Return the embedded default: ``<instance folder>/<name>.sqlite``."""
    os.makedirs(app.instance_path, exist_ok=True)
    return f"sqlite:///{os.path.join(app.instance_path, name + '.sqlite')}"


def init_app(app: Flask, metadata: MetaData, name: str) -> Database:
    """Open the app's database from ``DATABASE_URL`` (and ``DATABASE_SCHEMA``), create its tables, keep it.

    Raises ``DatabaseUnavailable`` with one readable line when the database cannot be reached.
    """
    url = app.config.get("DATABASE_URL") or default_sqlite_url(app, name)
    db = Database(url, metadata, schema=app.config.get("DATABASE_SCHEMA"))
    db.create_all()
    app.extensions["idcore.db"] = db
    return db


def get_db(app: Flask | None = None) -> Database:
    """Return the database of ``app`` (default: the current app)."""
    return (app or current_app).extensions["idcore.db"]
