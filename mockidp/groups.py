"""Groups and their direct members (users or groups); nested groups are stored, never expanded.

Member references follow Graph's ``$ref`` semantics: adding a member twice is a 400 and removing a non-member a 404.
Every add and remove is also a ``MembershipChange`` row at the change number it gave the group (``members@delta``).
A group in the recycle bin (``deletedDateTime`` set, see ``mockidp.group_bin``) is invisible here: not listed, not
found, not a member of anything, and cannot be added as a member.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, or_, select
from sqlmodel import Session, col

from idcore.ids import Randomness
from mockidp import recycle_bin, store
from mockidp.errors import InvalidRequest, NotFound
from mockidp.models import (
    AppRoleAssignment,
    Group,
    GroupMember,
    IndexEntry,
    MembershipChange,
    Tenant,
    User,
)
from mockidp.odata.filter import FilterCompiler
from mockidp.odata.query import QueryOptions
from mockidp.properties import GROUP_PROPS
from mockidp.search import search_clause
from mockidp.store import SEARCHABLE_GROUP, db_time
from mockidp.users import Page, run_page

__all__ = [
    "add_member",
    "create_group",
    "delete_group",
    "get_group",
    "list_groups",
    "member_of",
    "members",
    "remove_member",
    "remove_principal_assignments",
    "resolve_object",
    "update_group",
]

_READ_ONLY = frozenset({"id", "createdDateTime", "deletedDateTime"})


def create_group(
    session: Session, tenant: Tenant, data: dict[str, Any], now: datetime, rng: Randomness
) -> Group:
    """Create a group from a Graph body (required: displayName, mailEnabled, mailNickname, securityEnabled)."""
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    for name in ("displayName", "mailEnabled", "mailNickname", "securityEnabled"):
        if data.get(name) in (None, ""):
            raise InvalidRequest(f"Invalid value specified for property '{name}' of resource 'Group'.")
    group = Group(
        id=store.new_object_id(session, rng),
        tenant_id=tenant.id,
        display_name="",
        created_date_time=db_time(now),
    )
    store.apply_changes(group, data, GROUP_PROPS, "group", _READ_ONLY)
    group.version = store.next_version(session, tenant.id)
    session.add(group)
    session.flush()
    store.reindex_group(session, group)
    return group


def get_group(session: Session, tenant_id: str, group_id: str) -> Group:
    """Return a live group by id, or raise Graph's 404."""
    group = session.get(Group, group_id.lower())
    if group is None or group.tenant_id != tenant_id or group.deleted_date_time is not None:
        raise NotFound(
            f"Resource '{group_id}' does not exist or one of its queried reference-property objects are "
            f"not present."
        )
    return group


def list_groups(session: Session, tenant: Tenant, opts: QueryOptions, *, deleted: bool = False) -> Page:
    """Return one page of groups matching the options: live ones, or with ``deleted`` the recycle bin's."""
    in_bin = col(Group.deleted_date_time)
    conditions: list[ColumnElement[bool]] = [
        col(Group.tenant_id) == tenant.id,
        in_bin.is_not(None) if deleted else in_bin.is_(None),
    ]
    if opts.filter:
        conditions.append(FilterCompiler(Group, GROUP_PROPS, tenant.id, "group").compile(opts.filter))
    if opts.search:
        conditions.append(
            search_clause(
                session,
                tenant.id,
                opts.search,
                opts.search_and,
                owner=_GROUP_ID,
                prefix="gsearch",
                searchable=SEARCHABLE_GROUP,
            )
        )
    return run_page(session, Group, conditions, opts)


_GROUP_ID = f'"{Group.__tablename__}".id'


def update_group(session: Session, tenant: Tenant, group: Group, data: dict[str, Any]) -> Group:
    """Apply a Graph PATCH body to a group."""
    store.apply_changes(group, data, GROUP_PROPS, "group", _READ_ONLY)
    group.version = store.next_version(session, tenant.id)
    session.add(group)
    session.flush()
    store.reindex_group(session, group)
    return group


def delete_group(session: Session, tenant: Tenant, group: Group, now: datetime) -> None:
    """Delete a group for good: its memberships, assignments, search tokens and membership history."""
    session.execute(delete(IndexEntry).where(col(IndexEntry.user_id) == group.id))
    session.execute(delete(MembershipChange).where(col(MembershipChange.group_id) == group.id))
    session.execute(
        delete(GroupMember).where(
            or_(col(GroupMember.group_id) == group.id, col(GroupMember.member_id) == group.id)
        )
    )
    remove_principal_assignments(session, tenant, group.id, now)
    recycle_bin.bury(session, tenant, "group", group)


def remove_principal_assignments(
    session: Session, tenant: Tenant, principal_id: str, now: datetime
) -> list[AppRoleAssignment]:
    """Mark a principal's live app role assignments removed now (the replica lags as usual); return them."""
    from mockidp import replication

    live = session.execute(
        select(AppRoleAssignment).where(
            col(AppRoleAssignment.principal_id) == principal_id, col(AppRoleAssignment.removed_at).is_(None)
        )
    ).scalars()
    removed = list(live)
    for assignment in removed:
        replication.stamp_removed(assignment, tenant, now)
    return removed


def resolve_object(session: Session, tenant_id: str, object_id: str) -> tuple[str, User | Group]:
    """Return ("user"|"group", row) for a directory object id, or raise Graph's 404."""
    user = session.get(User, object_id.lower())
    if user is not None and user.tenant_id == tenant_id and user.deleted_date_time is None:
        return "user", user
    group = session.get(Group, object_id.lower())
    if group is not None and group.tenant_id == tenant_id and group.deleted_date_time is None:
        return "group", group
    raise NotFound(
        f"Resource '{object_id}' does not exist or one of its queried reference-property objects are "
        f"not present."
    )


def add_member(session: Session, tenant: Tenant, group: Group, object_id: str) -> None:
    """Add a user or group as a direct member."""
    kind, obj = resolve_object(session, tenant.id, object_id)
    if obj.id == group.id:
        raise InvalidRequest("A group cannot be a member of itself.")
    if session.get(GroupMember, (group.id, obj.id)) is not None:
        raise InvalidRequest(
            "One or more added object references already exist for the following modified "
            "properties: 'members'."
        )
    session.add(GroupMember(group_id=group.id, member_id=obj.id, member_type=kind, tenant_id=tenant.id))
    _record(session, tenant, group, obj.id, kind, removed=False)


def remove_member(session: Session, tenant: Tenant, group: Group, object_id: str) -> None:
    """Remove a direct member."""
    link = session.get(GroupMember, (group.id, object_id.lower()))
    if link is None:
        raise NotFound(
            f"Resource '{object_id}' does not exist or one of its queried reference-property objects are "
            f"not present."
        )
    session.delete(link)
    _record(session, tenant, group, link.member_id, link.member_type, removed=True)


def _record(
    session: Session, tenant: Tenant, group: Group, member_id: str, kind: str, *, removed: bool
) -> None:
    """Give the group its next change number and log the membership change under it."""
    group.version = store.next_version(session, tenant.id)
    session.add(group)
    session.add(
        MembershipChange(
            tenant_id=tenant.id,
            group_id=group.id,
            member_id=member_id,
            member_type=kind,
            removed=removed,
            version=group.version,
        )
    )


def members(
    session: Session, group: Group, top: int, after_id: str | None
) -> tuple[list[User | Group], bool]:
    """Return a page of direct members (users then groups by id) and whether more follow."""
    query = select(GroupMember).where(col(GroupMember.group_id) == group.id)
    if after_id:
        query = query.where(col(GroupMember.member_id) > after_id)
    links = session.execute(query.order_by(col(GroupMember.member_id)).limit(top + 1)).scalars().all()
    rows: list[User | Group] = []
    for link in links[:top]:
        row: User | Group | None = (
            session.get(User, link.member_id)
            if link.member_type == "user"
            else session.get(Group, link.member_id)
        )
        if row is not None and getattr(row, "deleted_date_time", None) is None:
            rows.append(row)
    return rows, len(links) > top


def member_of(session: Session, object_id: str) -> list[Group]:
    """Return the groups an object is a direct member of."""
    query = (
        select(Group)
        .join(GroupMember, col(GroupMember.group_id) == col(Group.id))
        .where(col(GroupMember.member_id) == object_id, col(Group.deleted_date_time).is_(None))
        .order_by(col(Group.id))
    )
    return list(session.execute(query).scalars().all())
