"""Snapshots: the whole mockidp store (directory and HR tables) as JSON, and back.

The server's signing secret (``mockidp.signing``) is not part of the store: a snapshot never holds it, and a restore
keeps the server's own.

``GET /_control/snapshot`` saves, ``POST /_control/snapshot`` restores (replacing everything), so a test suite can
seed once and return to the same state between tests without reseeding.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import DateTime, Integer, insert, select, text

from idcore.clock import isoformat, parse_iso
from idcore.db import Database
from mockidp.base import IdpModel
from mockidp.signing import SECRET_TABLE

__all__ = ["FORMAT", "restore", "snapshot"]

FORMAT = "mockidp-snapshot/1"


def _tables() -> list[Any]:
    """Return the directory's tables in dependency order (the server secret is not one of them)."""
    return [table for table in IdpModel.metadata.sorted_tables if table.name != SECRET_TABLE]


def snapshot(db: Database) -> dict[str, Any]:
    """Return every row of every mockidp table, JSON-ready."""
    tables: dict[str, list[dict[str, Any]]] = {}
    with db.engine.connect() as conn:
        for table in _tables():
            order = list(table.primary_key.columns)
            rows = conn.execute(select(table).order_by(*order)).mappings().all()
            tables[table.name] = [{key: _dump(value) for key, value in row.items()} for row in rows]
    return {"format": FORMAT, "tables": tables}


def restore(db: Database, data: dict[str, Any]) -> None:
    """Replace the store with a snapshot (validated first: an unknown table or format changes nothing)."""
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise ValueError(f"not a {FORMAT} document")
    known = {table.name: table for table in _tables()}
    unknown = [name for name in data["tables"] if name not in known]
    if unknown:
        raise ValueError(f"unknown table {unknown[0]!r}")
    with db.engine.begin() as conn:
        for table in reversed(_tables()):
            conn.execute(table.delete())
        for table in _tables():
            rows = data["tables"].get(table.name) or []
            kinds = {column.name: _python_type(column) for column in table.columns}
            if rows:
                conn.execute(insert(table), [_load(row, kinds) for row in rows])
        if conn.dialect.name == "postgresql":
            _bump_sequences(conn)


def _bump_sequences(conn: Any) -> None:
    """Move PostgreSQL's serial sequences past the restored ids (explicit ids do not advance them)."""
    for table in IdpModel.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and keys[0].autoincrement is not False and isinstance(keys[0].type, Integer):
            name, column = table.name, keys[0].name
            conn.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('\"{name}\"', '{column}'), "
                    f'COALESCE((SELECT MAX("{column}") FROM "{name}"), 0) + 1, false)'
                )
            )


def _python_type(column: Any) -> type | None:
    kind = getattr(column.type, "impl", column.type)  # sqlmodel's UTCDateTime decorates DateTime
    if isinstance(kind, DateTime):
        return datetime
    try:
        return column.type.python_type
    except NotImplementedError:
        return None


def _dump(value: Any) -> Any:
    if isinstance(value, datetime):
        return isoformat(value)
    return value.isoformat() if isinstance(value, date) else value


def _load(row: dict[str, Any], kinds: dict[str, type | None]) -> dict[str, Any]:
    out = dict(row)
    for name, value in row.items():
        if isinstance(value, str) and kinds.get(name) is datetime:
            out[name] = parse_iso(value)
        elif isinstance(value, str) and kinds.get(name) is date:
            out[name] = date.fromisoformat(value)
    return out
