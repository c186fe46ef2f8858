"""Users: create, read by id or UPN, list with OData options, update, the recycle bin, manager links.

Deleting a user moves it to the recycle bin (``mockidp.recycle_bin``, shared with groups); it can be restored
(unless its UPN was taken meanwhile) or deleted for good, and is purged 30 days after deletion.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlmodel import Session, col

from idcore.ids import Randomness
from mockidp import cross_tenant, recycle_bin, store
from mockidp.errors import InvalidRequest, NotFound
from mockidp.models import AppRoleAssignment, GroupMember, IndexEntry, Tenant, User
from mockidp.odata.filter import FilterCompiler
from mockidp.odata.query import QueryOptions, after, sort_key
from mockidp.properties import USER_PROPS
from mockidp.search import search_clause
from mockidp.store import SEARCHABLE_USER, db_time

__all__ = [
    "Page",
    "create_user",
    "delete_user",
    "get_user",
    "list_users",
    "purge_user",
    "restore_user",
    "run_page",
    "set_manager",
    "update_user",
]

_READ_ONLY = frozenset(
    {
        "id",
        "createdDateTime",
        "deletedDateTime",
        "creationType",
        "externalUserState",
        "externalUserStateChangeDateTime",
        "onPremisesSyncEnabled",
    }
)
#: Properties Graph lets an app change on a user synced from on-premises AD (everything else is mastered there).
_CLOUD_MASTERED = frozenset({"usagelocation", "preferredlanguage", "accountenabled"})
_REQUIRED = ("accountEnabled", "displayName", "mailNickname", "userPrincipalName")

Page = tuple[list[Any], dict[str, Any] | None, int | None]


def create_user(
    session: Session, tenant: Tenant, data: dict[str, Any], now: datetime, rng: Randomness
) -> User:
    """Create a user from a Graph body (required: accountEnabled, displayName, mailNickname, userPrincipalName)."""
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    missing = [name for name in _REQUIRED if data.get(name) in (None, "")]
    if missing:
        raise InvalidRequest(f"Invalid value specified for property '{missing[0]}' of resource 'User'.")
    user = User(
        id=store.new_object_id(session, rng),
        tenant_id=tenant.id,
        user_principal_name="",
        created_date_time=db_time(now),
    )
    store.apply_changes(user, data, USER_PROPS, "user", _READ_ONLY)
    _check_upn(session, tenant, user.user_principal_name, None)
    cross_tenant.admit_external(session, tenant, user, now)
    user.version = store.next_version(session, tenant.id)
    session.add(user)
    session.flush()
    store.reindex_user(session, user)
    return user


def _check_upn(session: Session, tenant: Tenant, upn: str, own_id: str | None) -> None:
    """Refuse a UPN outside the tenant's domains or already held by another (live) user."""
    _, at, domain = upn.rpartition("@")
    if not at or domain.lower() != tenant.domain:
        raise InvalidRequest(
            "The domain portion of the userPrincipalName property is invalid. You must use one of "
            "the verified domain names in your organization."
        )
    clash = (
        session.execute(
            select(col(User.id)).where(
                col(User.tenant_id) == tenant.id,
                func.lower(col(User.user_principal_name)) == upn.lower(),
                col(User.deleted_date_time).is_(None),
            )
        )
        .scalars()
        .first()
    )
    if clash is not None and clash != own_id:
        raise InvalidRequest(
            "Another object with the same value for property userPrincipalName already exists."
        )


def get_user(session: Session, tenant_id: str, key: str) -> User:
    """Return the live user with id or userPrincipalName ``key``, or raise Graph's 404."""
    clause = (
        (col(User.id) == key.lower())
        if "@" not in key
        else func.lower(col(User.user_principal_name)) == key.lower()
    )
    user = (
        session.execute(
            select(User).where(
                col(User.tenant_id) == tenant_id, clause, col(User.deleted_date_time).is_(None)
            )
        )
        .scalars()
        .first()
    )
    if user is None:
        raise NotFound(
            f"Resource '{key}' does not exist or one of its queried reference-property objects are not "
            f"present."
        )
    return user


def list_users(
    session: Session, tenant: Tenant, opts: QueryOptions, *, deleted: bool = False
) -> tuple[FilterCompiler, Page]:
    """Return one page of users matching the options, the next-page token and the count (if asked).

    Live users, or with ``deleted`` the recycle bin's: Graph's deletedItems lists take the user's own query
    options ("List deletedItems": the options "supported by the resource that is specified by the OData cast").
    """
    in_bin = col(User.deleted_date_time)
    conditions: list[ColumnElement[bool]] = [
        col(User.tenant_id) == tenant.id,
        in_bin.is_not(None) if deleted else in_bin.is_(None),
    ]
    compiler = FilterCompiler(User, USER_PROPS, tenant.id, "user")
    if opts.filter:
        conditions.append(compiler.compile(opts.filter))
    if opts.search:
        conditions.append(
            search_clause(
                session,
                tenant.id,
                opts.search,
                opts.search_and,
                owner=f'"{User.__tablename__}".id',
                prefix="search",
                searchable=SEARCHABLE_USER,
            )
        )
    return compiler, run_page(session, User, conditions, opts)


def run_page(session: Session, model: Any, conditions: list[ColumnElement[bool]], opts: QueryOptions) -> Page:
    """Run a keyset-paged list query: rows of one page, the next token (or None), and the count if asked."""
    key, descending = sort_key(model, opts.order)
    where = list(conditions)
    if opts.skiptoken is not None:
        where.append(after(model, opts.order, opts.skiptoken))
    ordering = [key.desc() if descending else key.asc(), model.id.asc()] if opts.order else [model.id.asc()]
    rows = session.execute(select(model, key).where(*where).order_by(*ordering).limit(opts.top + 1)).all()
    page = [row[0] for row in rows[: opts.top]]
    token = None
    if len(rows) > opts.top:
        last = rows[opts.top - 1]
        token = {"id": last[0].id, "k": last[1] if opts.order else None}
    count = None
    if opts.count:
        count = session.execute(select(func.count()).select_from(model).where(*conditions)).scalar_one()
    return page, token, count


def update_user(session: Session, tenant: Tenant, user: User, data: dict[str, Any]) -> User:
    """Apply a Graph PATCH body to a user (all or nothing); Source of Authority refuses what it masters elsewhere."""
    _check_source_of_authority(user, data)
    before_upn = user.user_principal_name
    store.apply_changes(user, data, USER_PROPS, "user", _READ_ONLY)
    if user.user_principal_name != before_upn:
        _check_upn(session, tenant, user.user_principal_name, user.id)
    user.version = store.next_version(session, tenant.id)
    session.add(user)
    session.flush()
    store.reindex_user(session, user)
    return user


def _check_source_of_authority(user: User, data: dict[str, Any]) -> None:
    """Refuse a change to a property mastered outside the directory, with Graph's own messages.

    An on-premises synced user (``onPremisesSyncEnabled``) keeps its attributes in AD; properties an external
    service such as Exchange originated (``externally_mastered``) stay its own (Microsoft Learn provisioning logs,
    ``AzureActiveDirectoryCannotUpdateObjectsOriginatedInExternalService`` / ``...MasteredOnPremises``).
    """
    names = {str(name).lower() for name in data if not str(name).startswith("@odata.")}
    if user.on_premises_sync_enabled and names - _CLOUD_MASTERED:
        raise InvalidRequest(
            "Unable to update the specified properties for on-premises mastered Directory Sync objects or "
            "objects currently undergoing migration."
        )
    if names & {name.lower() for name in user.externally_mastered or []}:
        raise InvalidRequest(
            "Unable to update the specified properties for objects that have originated within an external "
            "service."
        )


def delete_user(session: Session, tenant: Tenant, user: User, now: datetime) -> None:
    """Move a user to the recycle bin."""
    recycle_bin.move_in(session, tenant, user, now)


def restore_user(session: Session, tenant: Tenant, user: User) -> User:
    """Bring a user back from the recycle bin (refused if its UPN was taken meanwhile)."""
    _check_upn(session, tenant, user.user_principal_name, user.id)
    return recycle_bin.take_out(session, tenant, user)


def purge_user(session: Session, tenant: Tenant, user: User, now: datetime) -> None:
    """Delete a user for good: its index rows, memberships, manager links and assignments go too."""
    session.execute(delete(IndexEntry).where(col(IndexEntry.user_id) == user.id))
    session.execute(delete(GroupMember).where(col(GroupMember.member_id) == user.id))
    session.execute(update(User).where(col(User.manager_id) == user.id).values(manager_id=None))
    session.execute(
        update(AppRoleAssignment)
        .where(col(AppRoleAssignment.principal_id) == user.id, col(AppRoleAssignment.removed_at).is_(None))
        .values(removed_at=db_time(now), hidden_from=db_time(now))
    )
    recycle_bin.bury(session, tenant, "user", user)


def set_manager(session: Session, tenant: Tenant, user: User, manager_id: str | None) -> None:
    """Set (or clear, with None) a user's manager."""
    if manager_id is not None:
        manager = get_user(session, tenant.id, manager_id)
        if manager.id == user.id:
            raise InvalidRequest("A user cannot be their own manager.")
        manager_id = manager.id
    user.manager_id = manager_id
    user.version = store.next_version(session, tenant.id)
    session.add(user)
