"""The recycle bin users and groups share: deleted, read back, restored, purged after 30 days, tombstoned.

A deleted object keeps its row with ``deletedDateTime`` set and a new change number; restoring clears it. What
each kind does besides (a user's UPN check, a group's assignments) stays with the kind: ``mockidp.users`` and
``mockidp.group_bin``. Expiry is evaluated lazily on the clock, never by a thread (Graph "Restore deleted items":
"deleted items ... are kept for 30 days, after which they're permanently deleted").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import TypeVar

from sqlalchemy import select
from sqlmodel import Session, col

from mockidp import store
from mockidp.errors import NotFound
from mockidp.models import Group, Tenant, Tombstone, User
from mockidp.store import db_time

__all__ = ["RECYCLE_DAYS", "bury", "get_deleted", "move_in", "purge_expired", "take_out"]

RECYCLE_DAYS = 30

Binned = TypeVar("Binned", User, Group)


def move_in(session: Session, tenant: Tenant, row: User | Group, now: datetime) -> None:
    """Mark a user or group deleted now, under the tenant's next change number."""
    row.deleted_date_time = db_time(now)
    row.version = store.next_version(session, tenant.id)
    session.add(row)


def take_out(session: Session, tenant: Tenant, row: Binned) -> Binned:
    """Clear a user's or group's deletion, under the tenant's next change number."""
    row.deleted_date_time = None
    row.version = store.next_version(session, tenant.id)
    session.add(row)
    return row


def get_deleted(session: Session, model: type[Binned], tenant_id: str, object_id: str) -> Binned:
    """Return the user or group (as ``model`` says) in the tenant's recycle bin, or raise Graph's 404."""
    row = session.get(model, object_id.lower())
    if row is None or row.tenant_id != tenant_id or row.deleted_date_time is None:
        raise NotFound(
            f"Resource '{object_id}' does not exist or one of its queried reference-property objects are "
            f"not present."
        )
    return row


def purge_expired(
    session: Session,
    tenant: Tenant,
    model: type[Binned],
    purge: Callable[[Session, Tenant, Binned, datetime], None],
    now: datetime,
) -> int:
    """Delete for good, with ``purge``, the rows of ``model`` deleted more than 30 days ago; return how many."""
    limit = db_time(now - timedelta(days=RECYCLE_DAYS))
    expired = (
        session.execute(
            select(model).where(
                col(model.tenant_id) == tenant.id,
                col(model.deleted_date_time).is_not(None),
                col(model.deleted_date_time) <= limit,
            )
        )
        .scalars()
        .all()
    )
    for row in expired:
        purge(session, tenant, row, now)
    return len(expired)


def bury(session: Session, tenant: Tenant, kind: str, row: User | Group) -> None:
    """Delete a user or group row and leave the tombstone delta queries report it by."""
    session.add(
        Tombstone(
            tenant_id=tenant.id,
            object_type=kind,
            object_id=row.id,
            version=store.next_version(session, tenant.id),
        )
    )
    session.delete(row)
