"""Application permissions: what each Graph route needs in the token's ``roles``, and Graph's 403 otherwise.

Each requirement lists the alternatives Microsoft's per-API "Permissions" tables give for the Application permission
type (least privileged and higher privileged); any one alternative suffices, and an alternative of several names
(POST appRoleAssignedTo) needs all of them. Sources, learn.microsoft.com/graph/api/<page>:

- ``user-list``, ``user-get``, ``user-delta``, ``user-list-manager``: User.Read.All (higher: User.ReadWrite.All,
  Directory.Read.All, Directory.ReadWrite.All)
- ``user-post-users``, ``user-update``, ``user-post-manager``, ``user-delete-manager``: User.ReadWrite.All (higher:
  Directory.ReadWrite.All); ``user-delete``: User.ReadWrite.All only
- ``user-list-memberof``: Directory.Read.All (higher: Directory.ReadWrite.All);
  ``user-list-approleassignments`` / ``group-list-approleassignments``: Directory.Read.All (higher:
  AppRoleAssignment.ReadWrite.All)
- ``group-list``, ``group-get``, ``group-delta``, ``group-list-memberof``: GroupMember.Read.All, Group.Read.All,
  Group.ReadWrite.All, Directory.Read.All, Directory.ReadWrite.All; ``group-list-members``: the same plus
  GroupMember.ReadWrite.All
- ``group-post-groups``: Group.Create (higher: Group.ReadWrite.All, Directory.ReadWrite.All); ``group-update``:
  Group.ReadWrite.All (higher: Directory.ReadWrite.All); ``group-delete``: Group.ReadWrite.All;
  ``group-post-members``, ``group-delete-members``: GroupMember.ReadWrite.All (higher: Group.ReadWrite.All,
  Directory.ReadWrite.All)
- ``serviceprincipal-list``, ``serviceprincipal-get``, ``serviceprincipal-list-approleassignedto``:
  Application.Read.All (higher: Application.ReadWrite.OwnedBy, Application.ReadWrite.All, Directory.Read.All,
  Directory.ReadWrite.All); ``serviceprincipal-post-approleassignedto``: AppRoleAssignment.ReadWrite.All *and*
  Application.Read.All, or AppRoleAssignment.ReadWrite.All *and* Directory.Read.All;
  ``serviceprincipal-delete-approleassignedto``: AppRoleAssignment.ReadWrite.All
- ``directory-deleteditems-list`` / ``-get``: User.Read.All for users, Group.Read.All for groups (higher: their
  ReadWrite and Directory ones); ``directory-deleteditems-restore`` / ``-delete``: User.ReadWrite.All or
  Group.ReadWrite.All (mockidp accepts either for an item of either kind)
- ``crosstenantaccesspolicyconfigurationpartner-get`` / ``-list-partners``: Policy.Read.All (higher:
  Policy.ReadWrite.CrossTenantAccess); ``-update``, ``-post-partners``, ``-delete``: Policy.ReadWrite.CrossTenantAccess;
  ``-put-identitysynchronization`` / ``crosstenantidentitysyncpolicypartner-update`` / ``-delete``:
  Policy.ReadWrite.CrossTenantCapability (higher: Policy.ReadWrite.CrossTenantAccess)
- ``organization-list``: Organization.Read.All (higher: Directory.Read.All, Organization.ReadWrite.All,
  Directory.ReadWrite.All)

A token without one of them is Graph's 403 ``Authorization_RequestDenied`` "Insufficient privileges to complete the
operation." (learn.microsoft.com/graph/errors). Roles are read from the token, as Graph does: changing an app's
permissions takes effect with its next token.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from mockidp.errors import AuthorizationDenied, InvalidAuthenticationToken
from mockidp.tenants import Tenant, find_app_registration

__all__ = [
    "ADMIN_ROLES",
    "PROVISIONING_ROLES",
    "READ_USERS",
    "Requirement",
    "check",
]

#: Alternatives, any one of which grants a route; each alternative is the set of roles it needs.
Requirement = tuple[frozenset[str], ...]

_DIR_READ = ("Directory.Read.All", "Directory.ReadWrite.All")


def _any(*names: str) -> Requirement:
    return tuple(frozenset({name}) for name in names)


READ_USERS = _any("User.Read.All", "User.ReadWrite.All", *_DIR_READ)
WRITE_USERS = _any("User.ReadWrite.All", "Directory.ReadWrite.All")
DELETE_USERS = _any("User.ReadWrite.All")
READ_MEMBER_OF = _any(*_DIR_READ)
READ_ASSIGNMENTS = _any("Directory.Read.All", "AppRoleAssignment.ReadWrite.All")
READ_GROUPS = _any("GroupMember.Read.All", "Group.Read.All", "Group.ReadWrite.All", *_DIR_READ)
READ_MEMBERS = _any(*(name for alt in READ_GROUPS for name in alt), "GroupMember.ReadWrite.All")
CREATE_GROUPS = _any("Group.Create", "Group.ReadWrite.All", "Directory.ReadWrite.All")
WRITE_GROUPS = _any("Group.ReadWrite.All", "Directory.ReadWrite.All")
DELETE_GROUPS = _any("Group.ReadWrite.All")
WRITE_MEMBERS = _any("GroupMember.ReadWrite.All", "Group.ReadWrite.All", "Directory.ReadWrite.All")
READ_APPS = _any(
    "Application.Read.All", "Application.ReadWrite.OwnedBy", "Application.ReadWrite.All", *_DIR_READ
)
ASSIGN = (
    frozenset({"AppRoleAssignment.ReadWrite.All", "Application.Read.All"}),
    frozenset({"AppRoleAssignment.ReadWrite.All", "Directory.Read.All"}),
)
UNASSIGN = _any("AppRoleAssignment.ReadWrite.All")
READ_DELETED_USERS = READ_USERS
READ_DELETED_GROUPS = _any("Group.Read.All", "Group.ReadWrite.All", *_DIR_READ)
READ_DELETED = READ_DELETED_USERS + READ_DELETED_GROUPS
WRITE_DELETED = _any("User.ReadWrite.All", "Group.ReadWrite.All")
READ_POLICY = _any(
    "Policy.Read.All", "Policy.ReadWrite.CrossTenantAccess", "Policy.ReadWrite.CrossTenantCapability"
)
WRITE_POLICY = _any("Policy.ReadWrite.CrossTenantAccess")
WRITE_SYNC_POLICY = _any("Policy.ReadWrite.CrossTenantCapability", "Policy.ReadWrite.CrossTenantAccess")
READ_ORGANIZATION = _any(
    "Organization.Read.All", "Organization.ReadWrite.All", "Directory.Read.All", "Directory.ReadWrite.All"
)

#: What the provisioning service reads from the directory for an on-demand run (users, manager, memberOf,
#: assignments, groups and members, the enterprise app) — the least privileged roles of the routes above.
PROVISIONING_ROLES = [
    "User.Read.All",
    "Group.Read.All",
    "GroupMember.Read.All",
    "Application.Read.All",
    "Directory.Read.All",
    "Policy.Read.All",
]
#: What a test (as the tenant's administrator) uses to change the directory through the same app registration.
ADMIN_ROLES = [
    "User.ReadWrite.All",
    "Group.ReadWrite.All",
    "GroupMember.ReadWrite.All",
    "Directory.ReadWrite.All",
    "Application.ReadWrite.All",
    "AppRoleAssignment.ReadWrite.All",
    "Policy.ReadWrite.CrossTenantAccess",
]


def check(session: Session, tenant: Tenant, claims: dict[str, Any], need: Requirement) -> None:
    """Raise 401 for a token of no app registered in the tenant, 403 when its roles grant none of ``need``."""
    app_id = str(claims.get("appid") or claims.get("azp") or "")
    if not app_id or find_app_registration(session, tenant.id, app_id) is None:
        raise InvalidAuthenticationToken(
            "Access token validation failure: the application is not registered in the tenant."
        )
    roles = claims.get("roles")
    granted = {str(role) for role in roles} if isinstance(roles, list) else set()
    if not any(alternative <= granted for alternative in need):
        raise AuthorizationDenied("Insufficient privileges to complete the operation.")
