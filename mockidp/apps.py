"""Enterprise apps (service principals), their app roles, and app role assignments with replication state.

Assignments follow Graph's appRoleAssignment resource: ``principalId``, ``resourceId``, ``appRoleId`` — the default
access role ``00000000-0000-0000-0000-000000000000`` or one of the app's roles. How the provisioning service's
replica sees an assignment is ``mockidp.replication``'s business; this module stamps the times.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlmodel import Session, col

from idcore.ids import Randomness
from mockidp import replication, store
from mockidp.errors import InvalidRequest, NotFound
from mockidp.groups import resolve_object
from mockidp.models import AppRoleAssignment, ServicePrincipal, Tenant
from mockidp.odata.filter import FilterCompiler
from mockidp.odata.query import QueryOptions
from mockidp.properties import SP_PROPS
from mockidp.store import db_time
from mockidp.users import Page, run_page

__all__ = [
    "DEFAULT_ROLE_ID",
    "app_role",
    "assign",
    "assignment_to_graph",
    "create_service_principal",
    "get_service_principal",
    "list_service_principals",
    "unassign",
]

DEFAULT_ROLE_ID = "00000000-0000-0000-0000-000000000000"


def app_role(rng: Randomness, value: str, display_name: str, description: str) -> dict[str, Any]:
    """Return an appRole definition assignable to users and groups."""
    return {
        "allowedMemberTypes": ["User"],
        "description": description,
        "displayName": display_name,
        "id": rng.uuid(),
        "isEnabled": True,
        "origin": "Application",
        "value": value,
    }


def create_service_principal(
    session: Session,
    tenant: Tenant,
    display_name: str,
    roles: list[dict[str, Any]],
    now: datetime,
    rng: Randomness,
) -> ServicePrincipal:
    """Create an enterprise app with ``roles`` (plus Graph's implicit default access role)."""
    sp = ServicePrincipal(
        id=rng.uuid(),
        tenant_id=tenant.id,
        app_id=rng.uuid(),
        display_name=display_name,
        app_roles=roles,
        tags=["WindowsAzureActiveDirectoryIntegratedApp"],
        created_date_time=db_time(now),
    )
    sp.version = store.next_version(session, tenant.id)
    session.add(sp)
    session.flush()
    return sp


def get_service_principal(session: Session, tenant_id: str, sp_id: str) -> ServicePrincipal:
    """Return an enterprise app by id, or raise Graph's 404."""
    sp = session.get(ServicePrincipal, sp_id.lower())
    if sp is None or sp.tenant_id != tenant_id:
        raise NotFound(
            f"Resource '{sp_id}' does not exist or one of its queried reference-property objects are not "
            f"present."
        )
    return sp


def list_service_principals(session: Session, tenant: Tenant, opts: QueryOptions) -> Page:
    """Return one page of enterprise apps matching the options."""
    conditions: list[ColumnElement[bool]] = [col(ServicePrincipal.tenant_id) == tenant.id]
    if opts.filter:
        compiler = FilterCompiler(ServicePrincipal, SP_PROPS, tenant.id, "servicePrincipal")
        conditions.append(compiler.compile(opts.filter))
    return run_page(session, ServicePrincipal, conditions, opts)


def assign(
    session: Session,
    tenant: Tenant,
    sp: ServicePrincipal,
    data: dict[str, Any],
    now: datetime,
    rng: Randomness,
) -> AppRoleAssignment:
    """Assign a user or group to the app with an app role; the replica sees it after the tenant's delay."""
    if not isinstance(data, dict):
        raise InvalidRequest("The request body must be a JSON object.")
    principal_id, role_id = str(data.get("principalId") or ""), str(data.get("appRoleId") or "").lower()
    if data.get("resourceId") not in (None, sp.id):
        raise InvalidRequest("resourceId must be the id of the service principal in the URL.")
    try:
        kind, principal = resolve_object(session, tenant.id, principal_id)
    except NotFound:
        principal = None
    if principal is None or not principal_id:
        raise InvalidRequest(
            "Invalid value specified for property 'principalId' of resource 'AppRoleAssignment'."
        )
    if role_id != DEFAULT_ROLE_ID and role_id not in {role["id"] for role in sp.app_roles}:
        raise InvalidRequest("Permission being assigned was not found on application")
    duplicate = session.execute(
        select(col(AppRoleAssignment.id)).where(
            col(AppRoleAssignment.resource_id) == sp.id,
            col(AppRoleAssignment.principal_id) == principal.id,
            col(AppRoleAssignment.app_role_id) == role_id,
            col(AppRoleAssignment.removed_at).is_(None),
        )
    ).first()
    if duplicate is not None:
        raise InvalidRequest("Permission being assigned already exists on the object")
    assignment = AppRoleAssignment(
        id=rng.token(43).replace("+", "-"),
        tenant_id=tenant.id,
        resource_id=sp.id,
        resource_display_name=sp.display_name,
        principal_id=principal.id,
        principal_type=kind.capitalize(),
        principal_display_name=principal.display_name,
        app_role_id=role_id,
        created_date_time=db_time(now),
    )
    replication.stamp_created(assignment, tenant, now)
    session.add(assignment)
    return assignment


def unassign(
    session: Session,
    tenant: Tenant,
    assignment_id: str,
    now: datetime,
    *,
    resource_id: str | None = None,
    principal_id: str | None = None,
) -> None:
    """Remove an assignment; the replica keeps seeing it until the delay has passed."""
    assignment = session.get(AppRoleAssignment, assignment_id)
    if (
        assignment is None
        or assignment.tenant_id != tenant.id
        or assignment.removed_at is not None
        or (resource_id and assignment.resource_id != resource_id)
        or (principal_id and assignment.principal_id != principal_id)
    ):
        raise NotFound(
            f"Resource '{assignment_id}' does not exist or one of its queried reference-property objects "
            f"are not present."
        )
    replication.stamp_removed(assignment, tenant, now)
    session.add(assignment)


def assignment_to_graph(assignment: AppRoleAssignment) -> dict[str, Any]:
    """Serialize an assignment with Graph's names."""
    from idcore.clock import isoformat

    return {
        "id": assignment.id,
        "deletedDateTime": None,
        "appRoleId": assignment.app_role_id,
        "createdDateTime": isoformat(assignment.created_date_time.replace(microsecond=0)),
        "principalDisplayName": assignment.principal_display_name,
        "principalId": assignment.principal_id,
        "principalType": assignment.principal_type,
        "resourceDisplayName": assignment.resource_display_name,
        "resourceId": assignment.resource_id,
    }
