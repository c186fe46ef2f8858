"""idcore.db: engines from URLs, isolation by registry, readable errors for unreachable databases."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, select

from idcore.db import Database, DatabaseUnavailable


class _Base(SQLModel, registry=registry()):
    pass


class Widget(_Base, table=True):
    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(index=True, unique=True)


def test_session_commits_and_reads_back(database_url):
    db = Database(database_url, _Base.metadata)
    db.create_all()
    with db.session() as session:
        session.add(Widget(name="a"))
    with db.session() as session:
        assert [w.name for w in session.exec(select(Widget))] == ["a"]


def test_a_failed_session_writes_nothing(database_url):
    db = Database(database_url, _Base.metadata)
    db.create_all()
    with pytest.raises(RuntimeError), db.session() as session:
        session.add(Widget(name="a"))
        session.flush()
        raise RuntimeError("boom")
    with db.session() as session:
        assert session.exec(select(Widget)).all() == []


def test_reset_empties_tables(database_url):
    db = Database(database_url, _Base.metadata)
    db.create_all()
    with db.session() as session:
        session.add(Widget(name="a"))
    db.reset()
    with db.session() as session:
        assert session.exec(select(Widget)).all() == []


def test_file_database_survives_a_new_engine(tmp_path):
    url = f"sqlite:///{tmp_path / 'x.sqlite'}"
    first = Database(url, _Base.metadata)
    first.create_all()
    with first.session() as session:
        session.add(Widget(name="kept"))
    first.engine.dispose()
    second = Database(url, _Base.metadata)
    with second.session() as session:
        assert [w.name for w in session.exec(select(Widget))] == ["kept"]


def test_unreachable_database_is_one_readable_line():
    db = Database("postgresql://nobody@127.0.0.1:1/nothing?connect_timeout=2", _Base.metadata)
    with pytest.raises(DatabaseUnavailable) as info:
        db.create_all()
    assert "cannot open database" in str(info.value) and "\n" not in str(info.value)


def test_registry_keeps_tables_apart():
    assert "widget" in _Base.metadata.tables and "widget" not in SQLModel.metadata.tables


def test_a_schema_is_ignored_outside_postgresql():
    db = Database("sqlite://", _Base.metadata, schema="mockidp")
    db.create_all()
    assert db.schema is None


def _bump_in_threads(db: Database, threads: int, *, write: bool) -> int:
    """Have ``threads`` threads each read the counter and write it back plus one; return the final count."""
    from concurrent.futures import ThreadPoolExecutor

    with db.session() as session:
        session.add(Widget(name="0"))

    def bump(_: int) -> None:
        with db.session(write=write) as session:
            row = session.exec(select(Widget)).one()
            row.name = str(int(row.name) + 1)

    with ThreadPoolExecutor(threads) as pool:
        list(pool.map(bump, range(threads)))
    with db.session() as session:
        return int(session.exec(select(Widget)).one().name)


def test_an_in_memory_database_lends_its_connection_to_one_thread_at_a_time():
    db = Database("sqlite://", _Base.metadata)
    db.create_all()
    assert _bump_in_threads(db, 20, write=False) == 20


def test_a_write_session_reads_what_no_other_writer_can_change(tmp_path):
    db = Database(f"sqlite:///{tmp_path / 'w.sqlite'}", _Base.metadata)
    db.create_all()
    assert _bump_in_threads(db, 20, write=True) == 20
