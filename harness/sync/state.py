"""What a provisioning job keeps between cycles, beside its links: status, watermark, escrows, scope, pending work.

Entra keeps, per job, a watermark (the delta links the next incremental cycle reads from), the objects in escrow
(failed, retried later with backoff), the quarantine state and the connector data store (entra-behavior.md §6.1,
§6.4). The links themselves live in ``harness.logs.links``; this store holds the rest:

- ``sync_job``: one row per job, the Graph-shaped status and the watermark, as JSON;
- ``sync_escrow``: one row per failed object (failures so far, next attempt, last error, reference or not);
- ``sync_scope``: per object the job has evaluated, whether it was in scope (group members are only added when
  in scope; the portal's counts);
- ``sync_assigned``: the app's assignments as the last cycle read them (an incremental cycle compares);
- ``sync_pending``: work held until the end of a cycle (references, staged deletions), as JSON.

All of it is rows in SQLite (``$SCIMULATOR_HOME/sync.sqlite``) or any SQLAlchemy URL, so memory stays flat.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import JSON, Column, delete, func, insert
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel, col, select

from harness.logs.store import state_home
from idcore.db import Database

__all__ = ["Escrow", "SyncBase", "SyncStore", "default_url"]


class SyncBase(SQLModel, registry=registry()):
    """The sync store's own registry, so no app creates these tables by accident."""


class JobRow(SyncBase, table=True):
    """One job's status and watermark."""

    __tablename__ = "sync_job"

    job_key: str = Field(primary_key=True)
    status: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class EscrowRow(SyncBase, table=True):
    """One object in escrow: failed, retried in a later cycle with backoff."""

    __tablename__ = "sync_escrow"

    job_key: str = Field(primary_key=True)
    object_type: str = Field(primary_key=True)
    source_id: str = Field(primary_key=True)
    failures: int = 1
    next_attempt: datetime = Field(index=True)
    error_code: str = ""
    reference: bool = False


class ScopeRow(SyncBase, table=True):
    """Whether the job found an object in scope when it last evaluated it."""

    __tablename__ = "sync_scope"

    job_key: str = Field(primary_key=True)
    object_type: str = Field(primary_key=True)
    source_id: str = Field(primary_key=True)
    in_scope: bool = False


class AssignedRow(SyncBase, table=True):
    """A principal assigned to the job's app, as the last cycle read the replica."""

    __tablename__ = "sync_assigned"

    job_key: str = Field(primary_key=True)
    principal_id: str = Field(primary_key=True)
    principal_type: str = "User"


class PendingRow(SyncBase, table=True):
    """Work a cycle holds until its end: a reference to link, a deletion staged for the threshold check."""

    __tablename__ = "sync_pending"

    seq: int | None = Field(default=None, primary_key=True)
    job_key: str = Field(index=True)
    kind: str = Field(index=True)
    object_type: str = "User"
    source_id: str = ""
    data: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))


class Escrow(SQLModel):
    """An escrowed object as the cycle reads it."""

    object_type: str
    source_id: str
    failures: int
    next_attempt: datetime
    error_code: str = ""
    reference: bool = False


def default_url(home: Path | None = None) -> str:
    """Return the SQLite URL of the sync store under ``home`` (created if missing)."""
    home = home or state_home()
    home.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{home / 'sync.sqlite'}"


class SyncStore:
    """Read and write one or more jobs' cycle state."""

    def __init__(self, url: str | None = None, *, home: Path | None = None) -> None:
        self.db = Database(url or default_url(home), SyncBase.metadata)
        self.db.create_all()

    @classmethod
    def in_memory(cls) -> SyncStore:
        """Return an empty store that lives as long as the object."""
        return cls("sqlite://")

    def close(self) -> None:
        """Release the database connections."""
        self.db.engine.dispose()

    # -- status and watermark ---------------------------------------------------------------------------------

    def status(self, key: str) -> dict[str, Any]:
        """Return the job's stored status (empty for a job that never ran)."""
        with self.db.session() as session:
            row = session.get(JobRow, key)
            return dict(row.status) if row is not None else {}

    def save_status(self, key: str, status: dict[str, Any]) -> None:
        """Replace the job's stored status."""
        with self.db.session() as session:
            row = session.get(JobRow, key) or JobRow(job_key=key)
            row.status = dict(status)
            session.add(row)

    # -- escrow -----------------------------------------------------------------------------------------------

    def escrow(self, key: str, object_type: str, source_id: str) -> Escrow | None:
        """Return the object's escrow, or None."""
        with self.db.session() as session:
            row = session.get(EscrowRow, (key, object_type, source_id))
            return None if row is None else _escrow(row)

    def put_escrow(self, key: str, escrow: Escrow) -> None:
        """Record (or replace) an object's escrow."""
        with self.db.session() as session:
            row = session.get(EscrowRow, (key, escrow.object_type, escrow.source_id)) or EscrowRow(
                job_key=key,
                object_type=escrow.object_type,
                source_id=escrow.source_id,
                next_attempt=_utc(escrow.next_attempt),
            )
            row.failures, row.next_attempt = escrow.failures, _utc(escrow.next_attempt)
            row.error_code, row.reference = escrow.error_code, escrow.reference
            session.add(row)

    def release(self, key: str, object_type: str, source_id: str) -> None:
        """Take an object out of escrow (it succeeded)."""
        with self.db.session() as session:
            session.execute(
                delete(EscrowRow).where(
                    col(EscrowRow.job_key) == key,
                    col(EscrowRow.object_type) == object_type,
                    col(EscrowRow.source_id) == source_id,
                )
            )

    def due_escrows(self, key: str, now: datetime) -> list[Escrow]:
        """Return the escrowed objects whose next attempt has come."""
        query = select(EscrowRow).where(
            col(EscrowRow.job_key) == key, col(EscrowRow.next_attempt) <= _utc(now)
        )
        with self.db.session() as session:
            return [_escrow(row) for row in session.exec(query.order_by(col(EscrowRow.next_attempt)))]

    def escrow_counts(self, key: str) -> tuple[int, int]:
        """Return how many objects are in escrow: (not references, references)."""
        query = (
            select(col(EscrowRow.reference), func.count())
            .where(col(EscrowRow.job_key) == key)
            .group_by(col(EscrowRow.reference))
        )
        with self.db.session() as session:
            counts = {bool(ref): int(n) for ref, n in session.exec(query)}
        return counts.get(False, 0), counts.get(True, 0)

    def clear_escrows(self, key: str) -> int:
        """Drop every escrow of the job; return how many there were."""
        with self.db.session() as session:
            result = session.execute(delete(EscrowRow).where(col(EscrowRow.job_key) == key))
            return int(result.rowcount or 0)  # type: ignore[attr-defined]

    # -- scope ------------------------------------------------------------------------------------------------

    def set_scope(self, key: str, rows: Iterable[tuple[str, str, bool]]) -> None:
        """Record (object type, source id, in scope) for many objects at once."""
        rows = list(rows)
        if not rows:
            return
        with self.db.session() as session:
            for object_type in {r[0] for r in rows}:
                ids = [r[1] for r in rows if r[0] == object_type]
                for chunk in _chunks(ids, 500):
                    session.execute(
                        delete(ScopeRow).where(
                            col(ScopeRow.job_key) == key,
                            col(ScopeRow.object_type) == object_type,
                            col(ScopeRow.source_id).in_(chunk),
                        )
                    )
            values = {(t, s): flag for t, s, flag in rows}
            session.execute(
                insert(ScopeRow),
                [
                    {"job_key": key, "object_type": t, "source_id": s, "in_scope": flag}
                    for (t, s), flag in values.items()
                ],
            )

    def in_scope(self, key: str, object_type: str, source_ids: list[str]) -> set[str]:
        """Return which of ``source_ids`` were in scope when last evaluated."""
        found: set[str] = set()
        with self.db.session() as session:
            for chunk in _chunks(source_ids, 500):
                query = select(col(ScopeRow.source_id)).where(
                    col(ScopeRow.job_key) == key,
                    col(ScopeRow.object_type) == object_type,
                    col(ScopeRow.in_scope),
                    col(ScopeRow.source_id).in_(chunk),
                )
                found |= set(session.exec(query))
        return found

    def scope_count(self, key: str, object_type: str) -> int:
        """Return how many objects of a type were in scope when last evaluated."""
        query = select(func.count()).where(
            col(ScopeRow.job_key) == key, col(ScopeRow.object_type) == object_type, col(ScopeRow.in_scope)
        )
        with self.db.session() as session:
            return int(session.exec(query).one())

    # -- the assignments the last cycle read ----------------------------------------------------------------

    def assigned(self, key: str) -> dict[str, str]:
        """Return principal id → type of the assignments the last cycle read."""
        query = select(col(AssignedRow.principal_id), col(AssignedRow.principal_type)).where(
            col(AssignedRow.job_key) == key
        )
        with self.db.session() as session:
            return {pid: kind for pid, kind in session.exec(query)}

    def save_assigned(self, key: str, added: dict[str, str], removed: Iterable[str]) -> None:
        """Apply the difference between the stored assignments and those just read."""
        with self.db.session() as session:
            for chunk in _chunks(list(removed), 500):
                session.execute(
                    delete(AssignedRow).where(
                        col(AssignedRow.job_key) == key, col(AssignedRow.principal_id).in_(chunk)
                    )
                )
            if added:
                session.execute(
                    insert(AssignedRow),
                    [{"job_key": key, "principal_id": p, "principal_type": t} for p, t in added.items()],
                )

    # -- pending work -----------------------------------------------------------------------------------------

    def add_pending(self, key: str, kind: str, rows: Iterable[tuple[str, str, dict[str, Any]]]) -> None:
        """Hold (object type, source id, data) rows of ``kind`` until the end of the cycle."""
        values = [
            {"job_key": key, "kind": kind, "object_type": t, "source_id": s, "data": d} for t, s, d in rows
        ]
        if values:
            with self.db.session() as session:
                session.execute(insert(PendingRow), values)

    def pending(self, key: str, kind: str, batch: int = 500) -> Iterator[list[PendingRow]]:
        """Yield the held rows of ``kind`` in batches, oldest first (read by key range, never all at once)."""
        after = 0
        while True:
            query = (
                select(PendingRow)
                .where(
                    col(PendingRow.job_key) == key, col(PendingRow.kind) == kind, col(PendingRow.seq) > after
                )
                .order_by(col(PendingRow.seq))
                .limit(batch)
            )
            with self.db.session() as session:
                rows = list(session.exec(query))
            if not rows:
                return
            after = int(rows[-1].seq or 0)
            yield rows

    def count_pending(self, key: str, kind: str) -> int:
        """Return how many rows of ``kind`` are held."""
        query = select(func.count()).where(col(PendingRow.job_key) == key, col(PendingRow.kind) == kind)
        with self.db.session() as session:
            return int(session.exec(query).one())

    def clear_pending(self, key: str, kind: str | None = None) -> None:
        """Drop the held rows of ``kind`` (all kinds when None)."""
        condition = col(PendingRow.job_key) == key
        if kind is not None:
            condition = condition & (col(PendingRow.kind) == kind)
        with self.db.session() as session:
            session.execute(delete(PendingRow).where(condition))

    def forget_job(self, key: str) -> None:
        """Drop the job's scope and assignment memory (the connector data store is reset)."""
        with self.db.session() as session:
            session.execute(delete(ScopeRow).where(col(ScopeRow.job_key) == key))
            session.execute(delete(AssignedRow).where(col(AssignedRow.job_key) == key))


def _escrow(row: EscrowRow) -> Escrow:
    return Escrow(
        object_type=row.object_type,
        source_id=row.source_id,
        failures=row.failures,
        next_attempt=_utc(row.next_attempt),
        error_code=row.error_code,
        reference=row.reference,
    )


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
