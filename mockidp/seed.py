"""A realistic tenant from one seed: departments, a manager tree, groups (some nested), the enterprise app with
direct and group assignments, disabled, guest and soft-deleted users, diacritics, missing optional attributes — and
the HR workers behind them (``mockidp.hr.seed_hr``). Same seed, same clock start → byte-identical directory.
This module makes the tenant, its app and assignments and runs the seeding; the people and groups are drawn in
``mockidp.seed_directory``.

Use ``seed_tenant(app, seed, users)`` (or with a session and keyword settings, as the ``scimulator seed`` command
does); ``POST /_control/seed {"seed": N, "users": N}`` calls it.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timedelta
from typing import Any

from flask import Flask
from sqlalchemy import delete, select, text
from sqlmodel import Session, col

from idcore.clock import Clock, ManualClock
from idcore.ids import Randomness
from mockidp import apps, store
from mockidp.base import IdpModel
from mockidp.models import (
    AppRoleAssignment,
    Group,
    GroupMember,
    IndexEntry,
    MembershipChange,
    ServicePrincipal,
    Tombstone,
    User,
)
from mockidp.permissions import ADMIN_ROLES, PROVISIONING_ROLES
from mockidp.seed_bulk import bulk_insert, indexes_after
from mockidp.seed_directory import DEPARTMENTS, draw_users, insert_groups
from mockidp.store import db_time
from mockidp.tenants import Tenant, add_app_registration, create_tenant

__all__ = ["DEPARTMENTS", "GRAPH_ROLES", "bootstrap_tenant", "clear_tenant", "client_roles", "seed_tenant"]

#: The seeded app registration's application permissions: what the provisioning service reads, plus what tests
#: use to change the directory as its administrator (``CLIENT_ROLES`` replaces the list).
GRAPH_ROLES = [*PROVISIONING_ROLES, *ADMIN_ROLES]

#: The tables the seed fills in bulk (the HR ones when ``mockidp.hr`` is installed): built without their
#: secondary indexes when empty, which are then built once (``indexes_after``).
_LOADED = (
    "user",
    "indexentry",
    "group",
    "groupmember",
    "approleassignment",
    "hr_worker",
    "hr_person",
    "hr_employment",
)


def client_roles(settings: dict[str, Any]) -> list[str]:
    """Return the app registration's roles: ``CLIENT_ROLES`` (a list or space-separated text) or ``GRAPH_ROLES``."""
    roles = settings.get("CLIENT_ROLES")
    if roles is None:
        return list(GRAPH_ROLES)
    if isinstance(roles, str):
        return roles.split()
    if isinstance(roles, list) and all(isinstance(role, str) for role in roles):
        return list(roles)
    raise ValueError("CLIENT_ROLES must be a list of permission names or space-separated text")


def bootstrap_tenant(session: Session, settings: dict[str, Any], seed: int, now: datetime) -> Tenant:
    """Ensure the tenant, its app registration and its enterprise app exist (idempotent)."""
    tenant = create_tenant(
        session,
        settings["TENANT"],
        seed,
        now,
        delay=float(settings["REPLICATION_DELAY"]),
        mode=settings["REPLICATION_MODE"],
    )
    add_app_registration(
        session,
        tenant,
        settings["CLIENT_ID"],
        settings["CLIENT_SECRET"],
        "scimulator harness",
        client_roles(settings),
    )
    exists = session.execute(
        select(col(ServicePrincipal.id)).where(col(ServicePrincipal.tenant_id) == tenant.id)
    ).first()
    if exists is None:
        rng = Randomness(_stream(seed, f"app:{tenant.name}"))
        roles = [
            apps.app_role(rng, "User", "User", "Default user access"),
            apps.app_role(rng, "Admin", "Admin", "Administrators of the app"),
        ]
        apps.create_service_principal(session, tenant, settings["APP_NAME"], roles, now, rng)
    return tenant


def clear_tenant(session: Session, tenant: Tenant) -> None:
    """Delete the tenant's users, groups, assignments and index rows (the tenant and its apps stay)."""
    models: tuple[Any, ...] = (AppRoleAssignment, IndexEntry, GroupMember, MembershipChange, Tombstone)
    for model in models:
        session.execute(delete(model).where(model.tenant_id == tenant.id))
    session.execute(delete(User).where(col(User.tenant_id) == tenant.id))
    session.execute(delete(Group).where(col(Group.tenant_id) == tenant.id))
    ours = {
        "approleassignment",
        "indexentry",
        "groupmember",
        "membershipchange",
        "tombstone",
        "user",
        "group",
        "serviceprincipal",
        "tenant",
        "appregistration",
    }
    for table in reversed(IdpModel.metadata.sorted_tables):  # the HR tables (mockidp.hr), children first
        if table.name not in ours and "tenant_id" in table.c:
            session.execute(table.delete().where(table.c.tenant_id == tenant.id))


def seed_tenant(app_or_session: Flask | Session, seed: int, users: int, **settings: Any) -> dict[str, Any]:
    """Replace the tenant's directory with ``users`` seeded users; return a summary (tenant id, credentials).

    With an app, settings come from its config and clock; with a session pass ``clock=`` and any of ``TENANT``,
    ``CLIENT_ID``, ``CLIENT_SECRET``, ``APP_NAME``, ``REPLICATION_DELAY``, ``REPLICATION_MODE``.
    """
    from mockidp.config import DEFAULTS

    if isinstance(app_or_session, Flask):
        from idcore.db import get_db
        from idcore.runtime import clock as app_clock

        conf = {key: app_or_session.config[key] for key in DEFAULTS if key in app_or_session.config}
        with get_db(app_or_session).session() as session:
            return _seed(session, seed, users, {**DEFAULTS, **conf, **settings}, app_clock(app_or_session))
    the_clock = settings.pop("clock", None) or ManualClock()
    return _seed(app_or_session, seed, users, {**DEFAULTS, "SEED": seed, **settings}, the_clock)


def _seed(session: Session, seed: int, users: int, conf: dict[str, Any], the_clock: Clock) -> dict[str, Any]:
    now = the_clock.now()
    tenant = bootstrap_tenant(session, conf, int(conf.get("SEED", seed)), now)
    clear_tenant(session, tenant)
    rng = Randomness(_stream(seed, tenant.name))
    sp = (
        session.execute(
            select(ServicePrincipal)
            .where(col(ServicePrincipal.tenant_id) == tenant.id)
            .order_by(col(ServicePrincipal.created_date_time))
        )
        .scalars()
        .first()
    )
    people = draw_users(rng, tenant, users, now)
    first = store.reserve_versions(session, tenant.id, len(people) + 64)
    for offset, row in enumerate(people):
        row["version"] = first + offset
    loaded = [IdpModel.metadata.tables[name] for name in _LOADED if name in IdpModel.metadata.tables]
    with indexes_after(session, loaded):
        bulk_insert(session, User, people)
        bulk_insert(session, IndexEntry, [entry for row in people for entry in store.index_rows(row)])
        groups = insert_groups(session, rng, tenant, people, now, first + len(people))
        if sp is not None:
            _assignments(session, rng, tenant, sp, people, groups, now)
        _seed_hr(session, tenant, people, rng, the_clock)
    _analyze(session)
    return {
        "tenant": tenant.name,
        "tenantId": tenant.id,
        "domain": tenant.domain,
        "clientId": conf["CLIENT_ID"],
        "clientSecret": conf["CLIENT_SECRET"],
        "users": len(people),
        "groups": len(groups),
        "app": sp.display_name if sp else None,
        "appId": sp.id if sp else None,
    }


def _stream(seed: int, tenant_name: str) -> int:
    """Return the randomness seed of a tenant's directory: two tenants seeded alike still get distinct ids."""
    return int.from_bytes(hashlib.sha256(f"directory:{tenant_name}:{seed}".encode()).digest()[:8], "big")


def _analyze(session: Session) -> None:
    """Refresh the planner's statistics after a bulk load, else it may scan instead of using indexes.

    SQLite without statistics takes ``tenant_id = ?`` for a selective index and walks the tenant's users for
    ``upn eq 'x' or mail eq 'x'``; with them it looks each branch up in its own index. ``analysis_limit`` keeps
    SQLite's ANALYZE to a sample of each index.
    """
    session.flush()
    if session.get_bind().dialect.name == "postgresql":
        for table in IdpModel.metadata.sorted_tables:
            session.execute(text(f'ANALYZE "{table.name}"'))
    elif session.get_bind().dialect.name == "sqlite":
        session.execute(text("PRAGMA analysis_limit = 1000"))
        session.execute(text("ANALYZE"))


def _assignments(
    session: Session,
    rng: Randomness,
    tenant: Tenant,
    sp: ServicePrincipal,
    people: list[dict[str, Any]],
    groups: dict[str, dict[str, Any]],
    now: datetime,
) -> None:
    """Assign about a fifth of the users directly (some as Admin) and the pilot and Sales groups; all replicated."""
    user_role, admin_role = sp.app_roles[0]["id"], sp.app_roles[1]["id"]
    at = db_time(now - timedelta(days=1))
    rows = []

    def add(principal_id: str, kind: str, name: str, role: str) -> None:
        rows.append(
            {
                "id": rng.token(43),
                "tenant_id": tenant.id,
                "resource_id": sp.id,
                "resource_display_name": sp.display_name,
                "principal_id": principal_id,
                "principal_type": kind,
                "principal_display_name": name,
                "app_role_id": role,
                "created_date_time": at,
                "visible_from": at,
                "removed_at": None,
                "hidden_from": None,
                "delay_override": None,
            }
        )

    for index, person in enumerate(people):
        if index in (0, 1, 2, 3, 4, 5, 6) or rng.random.random() < 0.2:
            add(person["id"], "User", person["display_name"], admin_role if index == 0 else user_role)
    add(groups["Provisioning pilot"]["id"], "Group", "Provisioning pilot", apps.DEFAULT_ROLE_ID)
    add(groups["Sales"]["id"], "Group", "Sales", user_role)
    bulk_insert(session, AppRoleAssignment, rows)


def _seed_hr(
    session: Session, tenant: Tenant, people: list[dict[str, Any]], rng: Randomness, the_clock: Clock
) -> None:
    """Hand the members behind the seeded users to the HR systems (if ``mockidp.hr`` is installed)."""
    try:
        from mockidp.hr import seed_hr
    except ImportError:
        return
    by_id = {p["id"]: p for p in people}
    persons = [
        {
            "employeeId": p["employee_id"],
            "givenName": p["given_name"],
            "surname": p["surname"],
            "displayName": p["display_name"],
            "mail": p["mail"],
            "jobTitle": p["job_title"],
            "department": p["department"],
            "companyName": p["company_name"],
            "accountEnabled": p["account_enabled"],
            "managerEmployeeId": by_id[p["manager_id"]]["employee_id"] if p["manager_id"] else None,
            "mobilePhone": p["mobile_phone"],
            "city": p["city"],
            "country": p["country"],
        }
        for p in people
        if p["user_type"] == "Member"
    ]
    seed_hr(session, tenant.id, persons, rng, the_clock)
