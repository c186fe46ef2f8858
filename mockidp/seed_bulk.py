"""Load the seed's rows straight into the driver: PostgreSQL ``COPY``, SQLite one ``executemany`` per table.

The ORM's bulk insert splits rows into one statement per shape of ``None`` values and converts every row through
the ORM (thousands of statements and most of the seed's time at 100k users); here each table's values go through
its columns' own bind conversions (JSON, UTC times, booleans) once, in the session's transaction. Rows of one call
share their keys; a column they leave out takes its scalar default (``account_enabled``, ``version``...).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from operator import itemgetter
from typing import Any

from sqlalchemy import JSON, Table, literal, select
from sqlalchemy.engine import Connection
from sqlmodel import Session

from idcore.db import begin_write

__all__ = ["bulk_insert", "indexes_after"]


@contextmanager
def indexes_after(session: Session, models: Iterable[Any]) -> Iterator[None]:
    """Build the secondary indexes of the empty tables among ``models`` after the load inside, not row by row.

    A table holding rows (another tenant's) keeps its indexes. The drop, the load and the rebuild are one
    transaction (the write starts here), so a failure leaves the indexes as they were; meanwhile PostgreSQL
    readers of those (empty) tables wait for the commit.
    """
    begin_write(session)
    connection = session.connection()
    tables = [model if isinstance(model, Table) else model.__table__ for model in models]
    empty = [
        table
        for table in tables
        if connection.execute(select(literal(1)).select_from(table).limit(1)).first() is None
    ]
    dropped = [index for table in empty for index in sorted(table.indexes, key=lambda index: str(index.name))]
    for index in dropped:
        index.drop(connection)
    yield
    for index in dropped:
        index.create(connection)


def bulk_insert(session: Session, model: Any, rows: list[dict[str, Any]]) -> None:
    """Insert ``rows`` (dicts with the same keys) into the table of ``model`` (a model class or a Table)."""
    if not rows:
        return
    table: Table = model if isinstance(model, Table) else model.__table__
    connection = session.connection()
    columns, values = _values(connection.dialect, table, rows)
    if connection.dialect.name == "postgresql":
        _copy(connection, table, columns, values)
    else:
        quote = connection.dialect.identifier_preparer.quote
        sql = (
            f"INSERT INTO {quote(table.name)} ({', '.join(quote(name) for name in columns)}) "
            f"VALUES ({', '.join('?' for _ in columns)})"
        )
        connection.exec_driver_sql(sql, values)


def _values(
    dialect: Any, table: Table, rows: list[dict[str, Any]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Return the column names and each row as a tuple of driver values, with the column types' conversions.

    The columns the driver takes as they are come first, picked by ``itemgetter`` (C speed); then the converted
    ones, each value converted once (a memo: the seed repeats times, dates and flags); then the scalar defaults
    of the columns the rows leave out. A per-cell Python loop spent seconds at 100k users.
    """
    plain: list[tuple[str, Any]] = []
    converted: list[tuple[str, Any]] = []
    for name in rows[0]:
        convert = _converter(table, name, dialect)
        (plain if convert is None else converted).append((name, convert))
    defaults = [
        (column.name, column.default.arg)  # type: ignore[attr-defined]
        for column in table.c
        if column.name not in rows[0] and column.default is not None and column.default.is_scalar
    ]
    tail = tuple(_memo(_converter(table, name, dialect))(value) for name, value in defaults)
    pick = itemgetter(*(name for name, _ in plain)) if plain else None
    heads: list[Any] = list(map(pick, rows)) if pick else [() for _ in rows]
    if len(plain) == 1:
        heads = [(value,) for value in heads]
    extra = [_column(rows, name, convert) for name, convert in converted]
    if extra:
        values = [(*head, *rest, *tail) for head, rest in zip(heads, zip(*extra, strict=True), strict=True)]
    else:
        values = [(*head, *tail) for head in heads] if tail else heads
    names = [name for name, _ in plain] + [name for name, _ in converted] + [name for name, _ in defaults]
    return names, values


def _column(rows: list[dict[str, Any]], name: str, convert: Callable[[Any], Any]) -> list[Any]:
    """Return the converted values of one column (JSON as is: its values are mostly empty, cheap to write)."""
    if convert is _json:
        return [None if row[name] is None else _json(row[name]) for row in rows]
    once = _memo(convert)
    return [once(row[name]) for row in rows]


def _memo(convert: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    """Return ``convert`` remembering its answers by value (None passes through unconverted)."""
    seen: dict[Any, Any] = {None: None}

    def once(value: Any) -> Any:
        try:
            return seen[value]
        except KeyError:
            seen[value] = result = value if convert is None else convert(value)
            return result

    return once


def _converter(table: Table, name: str, dialect: Any) -> Callable[[Any], Any] | None:
    """Return the column type's bind conversion on ``dialect`` (None when the driver takes the value as is)."""
    column_type = table.c[name].type
    if isinstance(column_type, JSON):
        return _json  # JSON text is what both drivers store; most seeded values are [] or {}
    return column_type.dialect_impl(dialect).bind_processor(dialect)


def _json(value: Any) -> str:
    if value == [] or value == {}:
        return "[]" if isinstance(value, list) else "{}"
    return json.dumps(value)


def _copy(
    connection: Connection, table: Table, columns: list[str], values: Iterable[tuple[Any, ...]]
) -> None:
    """Stream the rows through PostgreSQL's ``COPY ... FROM STDIN`` on the session's own connection."""
    quote = connection.dialect.identifier_preparer.quote
    raw: Any = connection.connection.dbapi_connection
    statement = f"COPY {quote(table.name)} ({', '.join(quote(name) for name in columns)}) FROM STDIN"
    with raw.cursor() as cursor, cursor.copy(statement) as copy:
        for row in values:
            copy.write_row(row)
