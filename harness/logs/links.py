"""The link store: per job, which target object each source object was created as or matched to.

Entra keeps these links in the job's connector data store (entra-behavior.md §6.1, §8): "target ids discovered
at create/match are cached and used for all later operations", a restart keeps them and a CDS reset breaks them.
Here a link is (job key, object type, source id) → (target id, last seen), written on every create and match.
It is what lets a hard-deleted source user reach the action step at all: the source no longer has the attributes
to match on, so ``DELETE /Users/{id}`` goes to the linked target id (§2.4 Delete).

The CLI keeps the store in ``$SCIMULATOR_HOME/links.sqlite`` beside the logs; ``World`` and tests keep it in memory.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, insert
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, col, select

from harness.logs.store import state_home
from idcore.db import Database

__all__ = [
    "MEMORY_URL",
    "Link",
    "LinkBase",
    "LinkRow",
    "LinkStore",
    "SoftDeleteRow",
    "default_url",
    "job_key",
]

#: An in-memory store, one per LinkStore (for World and tests).
MEMORY_URL = "sqlite://"


class LinkBase(SQLModel, registry=registry()):
    """The link store's own registry, so no app creates these tables by accident."""


class LinkRow(LinkBase, table=True):
    """One link of the connector data store."""

    __tablename__ = "connector_link"

    job_key: str = Field(primary_key=True)
    object_type: str = Field(primary_key=True)
    source_id: str = Field(primary_key=True)
    target_id: str = Field(index=True)
    last_seen: datetime


class SoftDeleteRow(LinkBase, table=True):
    """A target object this job soft-deleted (cross-tenant synchronization): the connector data store's memory of
    the deletion, which a later on-demand run does not undo (Microsoft Learn "Configure cross-tenant
    synchronization", troubleshooting: restoring it "isn't supported" and "can result in duplicate users")."""

    __tablename__ = "connector_soft_delete"

    job_key: str = Field(primary_key=True)
    object_type: str = Field(primary_key=True)
    source_id: str = Field(primary_key=True)
    target_id: str
    deleted_at: datetime


@dataclass(frozen=True)
class Link:
    """Where a source object lives in the target, and when the job last saw it there."""

    target_id: str
    last_seen: datetime


def default_url(home: Path | None = None) -> str:
    """Return the SQLite URL of the link store under ``home`` (created if missing)."""
    home = home or state_home()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'links.sqlite'}"


def job_key(job: Any) -> str:
    """Return the key of a job's links: its source (system, tenant, app) and its target URL.

    Entra keys the store by job id; a job file has none, so the pair of systems it connects stands for it.
    """
    source, target = job.source, job.target
    where = "/".join(str(part) for part in (source.url, source.tenant, source.app) if part)
    return f"{source.type}:{where} -> {target.type}:{target.base_url}"


class LinkStore:
    """Record, read and forget links."""

    def __init__(self, url: str | None = None, *, home: Path | None = None) -> None:
        self.db = Database(url or default_url(home), LinkBase.metadata)
        self.db.create_all()

    @classmethod
    def in_memory(cls) -> LinkStore:
        """Return an empty store that lives as long as the object."""
        return cls(MEMORY_URL)

    def record(self, key: str, object_type: str, source_id: str, target_id: str, seen: datetime) -> None:
        """Link ``source_id`` to ``target_id`` (replacing any earlier link) as seen at ``seen``."""
        self._write(LinkRow, "last_seen", (key, object_type, source_id), target_id, seen)

    def get(self, key: str, object_type: str, source_id: str) -> Link | None:
        """Return the link of ``source_id``, or None when the job never created or matched it."""
        return self._read(LinkRow, "last_seen", (key, object_type, source_id))

    def get_many(self, key: str, object_type: str, source_ids: list[str]) -> dict[str, Link]:
        """Return the links of those ``source_ids`` that have one (a cycle reads a page's links at once)."""
        found: dict[str, Link] = {}
        with self.db.session() as session:
            for start in range(0, len(source_ids), 500):
                chunk = source_ids[start : start + 500]
                query = select(LinkRow).where(*_of(key, object_type), col(LinkRow.source_id).in_(chunk))
                for row in session.exec(query):
                    found[row.source_id] = Link(row.target_id, _utc(row.last_seen))
        return found

    def forget(self, key: str, object_type: str, source_id: str) -> None:
        """Drop the link of ``source_id`` (its target object was deleted)."""
        self._drop(LinkRow, (key, object_type, source_id))

    def mark_soft_deleted(
        self, key: str, object_type: str, source_id: str, target_id: str, when: datetime
    ) -> None:
        """Remember that the job soft-deleted ``target_id``, the object ``source_id`` was linked to."""
        self._write(SoftDeleteRow, "deleted_at", (key, object_type, source_id), target_id, when)

    def soft_deleted(self, key: str, object_type: str, source_id: str) -> Link | None:
        """Return the target object the job soft-deleted for ``source_id`` (and when), or None."""
        return self._read(SoftDeleteRow, "deleted_at", (key, object_type, source_id))

    def clear_soft_deleted(self, key: str, object_type: str, source_id: str) -> None:
        """Forget a soft deletion (the object was created again, or restored)."""
        self._drop(SoftDeleteRow, (key, object_type, source_id))

    def _write(
        self, model: Any, stamp: str, ident: tuple[str, str, str], target_id: str, when: datetime
    ) -> None:
        with self.db.session() as session:
            row = session.get(model, ident)
            if row is None:
                key, object_type, source_id = ident
                row = model(job_key=key, object_type=object_type, source_id=source_id, target_id=target_id)
            row.target_id = target_id
            setattr(row, stamp, _utc(when))
            session.add(row)

    def _read(self, model: Any, stamp: str, ident: tuple[str, str, str]) -> Link | None:
        with self.db.session() as session:
            row = session.get(model, ident)
            return None if row is None else Link(row.target_id, _utc(getattr(row, stamp)))

    def _drop(self, model: Any, ident: tuple[str, str, str]) -> None:
        with self.db.session() as session:
            row = session.get(model, ident)
            if row is not None:
                session.delete(row)

    def record_many(self, key: str, object_type: str, links: dict[str, str], seen: datetime) -> None:
        """Link many source ids to their target ids at once (a cycle writes its links in batches)."""
        if not links:
            return
        when = _utc(seen)
        ids = list(links)
        with self.db.session() as session:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                session.execute(
                    delete(LinkRow).where(*_of(key, object_type), col(LinkRow.source_id).in_(chunk))
                )
            rows = [
                {
                    "job_key": key,
                    "object_type": object_type,
                    "source_id": s,
                    "target_id": t,
                    "last_seen": when,
                }
                for s, t in links.items()
            ]
            session.execute(insert(LinkRow), rows)

    def forget_many(self, key: str, object_type: str, source_ids: list[str]) -> None:
        """Drop the links of many source ids at once."""
        with self.db.session() as session:
            for start in range(0, len(source_ids), 500):
                chunk = source_ids[start : start + 500]
                session.execute(
                    delete(LinkRow).where(*_of(key, object_type), col(LinkRow.source_id).in_(chunk))
                )

    def forget_job(self, key: str) -> int:
        """Drop every link of a job (a connector data store reset); return how many there were."""
        with self.db.session() as session:
            result = session.execute(delete(LinkRow).where(col(LinkRow.job_key) == key))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    def count(self, key: str | None = None, object_type: str | None = None) -> int:
        """Return how many links the store holds (of one job and type, when given)."""
        query = select(func.count()).select_from(LinkRow)
        if key is not None:
            query = query.where(col(LinkRow.job_key) == key)
        if object_type is not None:
            query = query.where(col(LinkRow.object_type) == object_type)
        with self.db.session() as session:
            return int(session.exec(query).one())

    def close(self) -> None:
        """Release the database connections."""
        self.db.engine.dispose()


def _of(key: str, object_type: str) -> tuple[Any, Any]:
    return col(LinkRow.job_key) == key, col(LinkRow.object_type) == object_type


def _utc(value: datetime) -> datetime:
    """Return ``value`` as an aware UTC time (SQLite gives naive times back)."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
