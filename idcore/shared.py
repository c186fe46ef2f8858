"""What ``/_control`` sets, shared by every worker process of one server through its database.

Each setting (the clock, the fault rules, mockscim's profile) is one row of ``idcore_control``: a JSON value and a
version. A worker that changes a setting writes its row; every request first reads the versions (one small
query) and reloads only the settings another worker changed since, so ``--workers 4`` behaves like one server.
An in-memory database cannot be reached by another process, so there the settings stay in the process and cost
nothing per request.

Who starts the state: the first app of a server (``CONTROL_STATE = "own"``, the default) writes its settings from
its configuration when it starts; a worker joining a running server (``"join"``, what ``scimulator serve
--workers N`` gives each gunicorn worker) takes what the database holds instead.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import Flask
from sqlalchemy import select, update
from sqlalchemy.engine import Connection

from idcore.db import CONTROL_STATE, Database

__all__ = ["Setting", "SharedSettings", "get_shared", "init_app"]

T = TypeVar("T")


@dataclass
class Setting:
    """One shared setting: how to read its current value in this process and how to take a value from the DB."""

    dump: Callable[[], Any]
    load: Callable[[Any], None]


class SharedSettings:
    """The settings of one app, mirrored in its database when that database is shared."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self._settings: dict[str, Setting] = {}
        self._seen: dict[str, int] = {}
        self._lock = threading.Lock()

    def register(self, key: str, dump: Callable[[], Any], load: Callable[[Any], None]) -> None:
        """Share the setting ``key``: ``dump`` returns its JSON value, ``load`` applies one read from the DB."""
        self._settings[key] = Setting(dump, load)

    def database(self) -> Database | None:
        """Return the app's database when other processes can share it (not in memory), else None."""
        db: Database | None = self.app.extensions.get("idcore.db")
        return None if db is None or db.in_memory else db

    def start(self) -> None:
        """Write every setting from this app (``own``), or take the database's (``join``)."""
        if self.database() is None:
            return
        if self.app.config.get("CONTROL_STATE", "own") == "join":
            self.refresh()
            return
        for key in self._settings:
            self.publish(key)

    def publish(self, key: str) -> None:
        """Write this process's value of ``key`` for every worker to see."""
        db = self.database()
        if db is None:
            return
        value = self._settings[key].dump()
        with db.session(write=True) as session:
            version = _write(session.connection(), key, value)
        with self._lock:
            self._seen[key] = max(self._seen.get(key, 0), version)

    def update(self, key: str, change: Callable[[Any], tuple[Any, T]], local: Callable[[], T]) -> T:
        """Read-modify-write ``key`` under the database's write lock; return what ``change`` returned.

        ``change(value) -> (new value, result)`` runs on the current value — the database's when another worker
        changed it since this process last saw it, else this process's own — and this process then loads the new
        value. With nothing to share, ``local()`` runs instead.
        """
        db = self.database()
        if db is None:
            return local()
        with db.session(write=True) as session:
            conn = session.connection()
            row = conn.execute(
                select(CONTROL_STATE.c.value, CONTROL_STATE.c.version)
                .where(CONTROL_STATE.c.key == key)
                .with_for_update()
            ).first()
            with self._lock:
                theirs = row[0] if row is not None and row[1] != self._seen.get(key) else None
            # Start from another worker's change when there is one, else from this process's own value (which
            # may have moved in process since it was published, e.g. a test advancing its ManualClock).
            new, result = change(theirs if theirs is not None else self._settings[key].dump())
            version = _write(conn, key, new)
        self._take(key, new, version)
        return result

    def refresh(self) -> None:
        """Load the settings another worker changed since this process last saw them (one query if none did)."""
        db = self.database()
        if db is None:
            return
        versions = _versions(db)
        with self._lock:
            stale = [k for k, v in versions.items() if k in self._settings and self._seen.get(k) != v]
        if not stale:
            return
        with db.engine.connect() as conn:
            rows = conn.execute(
                select(CONTROL_STATE.c.key, CONTROL_STATE.c.version, CONTROL_STATE.c.value).where(
                    CONTROL_STATE.c.key.in_(stale)
                )
            ).all()
            for key, version, value in rows:
                self._take(key, value, version)

    def _take(self, key: str, value: Any, version: int) -> None:
        with self._lock:
            if self._seen.get(key, 0) > version:
                return  # a newer value was taken meanwhile
            self._seen[key] = version
            self._settings[key].load(value)


#: Asked before every request, so sent as plain SQL on a pooled connection (the table is in the search path of a
#: PostgreSQL schema's connections, see ``idcore.db``): no statement to compile, no result to process.
_VERSIONS = f"SELECT key, version FROM {CONTROL_STATE.name}"


def _versions(db: Database) -> dict[str, int]:
    """Return the version of every shared setting in the database."""
    conn = db.engine.raw_connection()
    try:
        cursor = conn.cursor()
        cursor.execute(_VERSIONS)
        return {key: version for key, version in cursor.fetchall()}
    finally:
        conn.close()


def _write(conn: Connection, key: str, value: Any) -> int:
    """Store ``value`` under ``key`` with the next version; return that version."""
    table = CONTROL_STATE
    done = conn.execute(
        update(table).where(table.c.key == key).values(value=value, version=table.c.version + 1)
    )
    if not done.rowcount:
        conn.execute(table.insert().values(key=key, version=1, value=value))
    version = conn.execute(select(table.c.version).where(table.c.key == key)).scalar_one()
    return int(version)


def init_app(app: Flask) -> SharedSettings:
    """Give ``app`` its shared settings and refresh them before every request."""
    shared = SharedSettings(app)
    app.extensions["idcore.shared"] = shared
    app.before_request(shared.refresh)
    return shared


def get_shared(app: Flask) -> SharedSettings:
    """Return the shared settings of ``app``."""
    shared: SharedSettings = app.extensions["idcore.shared"]
    return shared
