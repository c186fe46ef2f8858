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
