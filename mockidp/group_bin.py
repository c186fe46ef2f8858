"""The group recycle bin, as the ``GROUP_RECYCLE_BIN`` setting says (Graph's pages disagree on which groups go).

``"unified"`` (default): only Microsoft 365 groups (``groupTypes`` has ``Unified``) are kept — the beta "Delete
group" page and PowerShell ``Remove-MgGroup``. ``"all"``: Microsoft 365 and security groups (v1.0 "Delete group";
distribution groups still go at once). ``"none"``: every group is deleted for good. A kept group keeps its member
rows and the groups it belongs to (hidden while it is deleted); its live app role assignments are removed and marked
``removed_with_principal`` so a restore brings them back. Reading, purging after 30 days and the deletion mark
itself are the bin users share (``mockidp.recycle_bin``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlmodel import Session, col

from mockidp import recycle_bin, replication
from mockidp.groups import delete_group, remove_principal_assignments
from mockidp.models import AppRoleAssignment, Group, Tenant
from mockidp.store import db_time

__all__ = [
    "MODES",
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
    for assignment in remove_principal_assignments(session, tenant, group.id, now):
        assignment.removed_with_principal = True
        session.add(assignment)
    recycle_bin.move_in(session, tenant, group, now)


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
    return recycle_bin.take_out(session, tenant, group)
