"""The group recycle bin, as the ``GROUP_RECYCLE_BIN`` setting says (Graph's pages disagree on which groups go).

``"unified"`` (default): only Microsoft 365 groups (``groupTypes`` has ``Unified``) are kept — the beta "Delete
group" page and PowerShell ``Remove-MgGroup``. ``"all"``: Microsoft 365 and security groups (v1.0 "Delete group";
distribution groups still go at once). ``"none"``: every group is deleted for good. A kept group keeps its member
rows and the groups it belongs to (hidden while it is deleted); its live app role assignments are removed and marked
``removed_with_principal`` so a restore brings them back. Groups are purged 30 days after deletion, lazily.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlmodel import Session, col

from mockidp import replication, store
from mockidp.errors import NotFound
from mockidp.groups import delete_group
from mockidp.models import AppRoleAssignment, Group, Tenant
from mockidp.store import db_time
from mockidp.users import RECYCLE_DAYS

__all__ = [
    "MODES",
    "get_deleted_group",
    "purge_expired_groups",
    "recyclable",
    "remove_group",
    "restore_group",
]

MODES = ("unified", "all", "none")


def recyclable(group: Group, mode: str) -> bool:
    """Return whether deleting ``group`` keeps it in the recycle bin under ``mode``."""
    unified = "Unified" in (group.group_types or [])
    if mode == "all":
        return unified or group.security_enabled
    return mode == "unified" and unified


def remove_group(session: Session, tenant: Tenant, group: Group, now: datetime, mode: str) -> None:
    """Delete a group: into the recycle bin when ``mode`` keeps it, else for good."""
    if not recyclable(group, mode):
        delete_group(session, tenant, group, now)
        return
    live = session.execute(
        select(AppRoleAssignment).where(
            col(AppRoleAssignment.principal_id) == group.id, col(AppRoleAssignment.removed_at).is_(None)
        )
    ).scalars()
    for assignment in live:
        replication.stamp_removed(assignment, tenant, now)
        assignment.removed_with_principal = True
        session.add(assignment)
    group.deleted_date_time = db_time(now)
    group.version = store.next_version(session, tenant.id)
    session.add(group)


def get_deleted_group(session: Session, tenant_id: str, group_id: str) -> Group:
    """Return a group in the recycle bin, or raise Graph's 404."""
    group = session.get(Group, group_id.lower())
    if group is None or group.tenant_id != tenant_id or group.deleted_date_time is None:
        raise NotFound(
            f"Resource '{group_id}' does not exist or one of its queried reference-property objects are "
            f"not present."
        )
    return group


def restore_group(session: Session, tenant: Tenant, group: Group, now: datetime) -> Group:
    """Bring a group back with its members, its memberships and the assignments its deletion removed."""
    taken = session.execute(
        select(AppRoleAssignment).where(
            col(AppRoleAssignment.principal_id) == group.id,
            col(AppRoleAssignment.removed_with_principal).is_(True),
        )
    ).scalars()
    at = db_time(now)
    for assignment in taken:
        still_replicated = assignment.hidden_from is None or assignment.hidden_from > at
        assignment.removed_at = None
        assignment.hidden_from = None
        assignment.removed_with_principal = False
        if not still_replicated:  # the replica saw it go: it sees it again after the usual lag
            replication.stamp_created(assignment, tenant, now)
        session.add(assignment)
    group.deleted_date_time = None
    group.version = store.next_version(session, tenant.id)
    session.add(group)
    return group


def purge_expired_groups(session: Session, tenant: Tenant, now: datetime) -> int:
    """Delete for good the groups deleted more than 30 days ago (lazily, on read); return how many."""
    limit = db_time(now - timedelta(days=RECYCLE_DAYS))
    expired = (
        session.execute(
            select(Group).where(
                col(Group.tenant_id) == tenant.id,
                col(Group.deleted_date_time).is_not(None),
                col(Group.deleted_date_time) <= limit,
            )
        )
        .scalars()
        .all()
    )
    for group in expired:
        delete_group(session, tenant, group, now)
    return len(expired)
